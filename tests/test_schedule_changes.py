"""Letters follow the schedule, end to end on a real .xlsx: letters made, some sent, then the schedule edited.

`sync` flags exactly the rows that no longer say what will happen, with old -> new in the note; `letters`
makes the unsent ones again in place (same number, same row, same file), and one change or cancellation
notice per agency that was told something now wrong, numbered on from the registry; a second run of each
changes nothing.
"""

import datetime as dt

import docx
import openpyxl
import pytest

from kmsheets.config import parse_config
from kmsheets.errors import AccessError
from kmsheets.letters import issue_letters
from kmsheets.messages import message
from kmsheets.publishers.local import LocalPublisher
from kmsheets.sync import sync
from test_letters import setup
from workbooks import header, minimal_grids, write_workbook

REGISTRY = "ทะเบียนหนังสือส่ง"

TODAY = dt.date(2026, 12, 1)


def grids():
    base = minimal_grids()
    base["หน่วยงาน"].append(["AG02", "สำนักงานเกษตรอำเภอท่าศาลา", "เกษตรอำเภอท่าศาลา", "", "075-333333", ""])
    base["ทีมงาน"] += [["P03", "นางสาวสาม ใจงาม", "คุณอำนวย", "AG01", "", "", "", ""],
                       ["P04", "นายสี่ เกษตรดี", "คุณอำนวย", "AG02", "", "", "", ""]]
    base["กำหนดการ"][1:] = [
        ["A01", "เวทีแลกเปลี่ยนเรียนรู้", "27/12/2569", "09.00-12.00 น.", "ศาลาหมู่บ้าน", "ท่าศาลา", "P01, P02",
         "", "", ""],
        ["A02", "เยี่ยมบ้าน", "20/12/2569", "09.00-12.00 น.", "บ้านผู้ใหญ่บ้าน", "ท่าศาลา", "P02, P03", "", "", ""],
        ["A03", "ทำบัญชีครัวเรือน", "22/12/2569", "13.00-16.00 น.", "วัด", "ท่าศาลา", "P02, P04", "", "", ""],
        ["A04", "เวทีสรุปบทเรียน", "29/12/2569", "09.00-12.00 น.", "ศาลา", "ท่าศาลา", "P04", "", "", ""],
    ]
    return base


@pytest.fixture
def made(tmp_path):
    """The demo-like workbook after a first `letters`, with the requests of A01 and A03 marked sent."""
    path = write_workbook(tmp_path / "book.xlsx", grids())
    config = parse_config({"language": "th", "workbook": {"source": str(path)},
                           "sender": {"agency_id": "AG00", "prefix": "นศ ๐๐๑๗.๒", "signatory": "นายสมชาย ใจดี"},
                           "letters": {"folder": str(tmp_path / "letters")}}, base=tmp_path, environ={})
    first = issue_letters(config, today=TODAY)
    assert sorted(p.needed.key for p in first.planned) == ["A01/AG01", "A02/AG01", "A03/AG01", "A03/AG02",
                                                          "A04/AG02"]
    edit(path, "ทะเบียนหนังสือส่ง", {"A01/AG01": {"วันที่ส่ง": "2/12/2569"}, "A03/AG01": {"วันที่ส่ง": "2/12/2569"},
                                    "A03/AG02": {"วันที่ส่ง": "2/12/2569"}})
    return path, config, {p.needed.key: p for p in first.planned}


def edit(path, tab, changes):
    """Set cells by row id and header text, as a person would in Excel."""
    book = openpyxl.load_workbook(path)
    sheet = book[tab]
    head = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        for name, value in changes.get(row[0].value, {}).items():
            row[head.index(name)].value = value
    book.save(path)


def delete_row(path, tab, key):
    """Delete the row of `key`, as a person would in Excel."""
    book = openpyxl.load_workbook(path)
    sheet = book[tab]
    sheet.delete_rows(next(row for row in range(2, sheet.max_row + 1) if sheet.cell(row, 1).value == key))
    book.save(path)


def rows(path, tab):
    sheet = openpyxl.load_workbook(path)[tab]
    head = [c.value for c in sheet[1]]
    return {row[0]: dict(zip(head, row)) for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]}


def text_of(path):
    return "\n".join(p.text for p in docx.Document(path).paragraphs)


def test_the_schedule_changes_after_letters_went_out(made):
    path, config, first = made
    edit(path, "กำหนดการ", {
        "A01": {"วันที่": "10/1/2570", "สถานที่": "วัดกลาง"},  # sent: a change notice
        "A02": {"เวลา": "13.00-16.00 น."},                     # unsent: made again in place
        "A03": {"ผู้ร่วมทีม": "P02"},                             # sent to AG02, whose only person left
        "A04": {"สถานะ": "ยกเลิก"},                             # unsent: simply not sent
    })
    looked = sync(config, today=TODAY, dry_run=True)
    flags = {(c.tab, c.key): c.new for c in looked.changes if c.field == "flag"}
    notes = {(c.tab, c.key): c.new for c in looked.changes if c.field == "note"}
    assert {k: v for k, v in flags.items() if k[0] == "letters"} == {
        ("letters", "A01/AG01"): "CHANGED", ("letters", "A02/AG01"): "CHANGED",
        ("letters", "A03/AG01"): "WAITING", ("letters", "A03/AG02"): "CHANGED",
        ("letters", "A04/AG02"): "CANCELLED"}
    assert notes[("letters", "A01/AG01")].startswith("วันที่ ๒๗ ธ.ค. ๖๙ → ๑๐ ม.ค. ๗๐; สถานที่ ศาลาหมู่บ้าน → วัดกลาง")
    assert notes[("letters", "A02/AG01")].startswith("เวลา 09.00-12.00 น. → 13.00-16.00 น.")
    assert flags[("activities", "A01")] == flags[("activities", "A03")] == "CHANGED"

    second = issue_letters(config, today=TODAY)
    made_now = {p.needed.key: p for p in second.planned}
    assert {k: (p.needed.kind, p.needed.remake, p.number) for k, p in made_now.items()} == {
        "A02/AG01": ("request", True, first["A02/AG01"].number),
        "A01/AG01/C1": ("change", False, "นศ ๐๐๑๗.๒/๖"),
        "A03/AG02/X": ("cancel", False, "นศ ๐๐๑๗.๒/๗")}
    links = {p.key: p.link for p in second.published}
    assert links["A02/AG01"] == str(config.path("letters") / f"{_name(first['A02/AG01'])}.docx")
    assert "13.00-16.00" in text_of(links["A02/AG01"]) or "๑๓.๐๐" in text_of(links["A02/AG01"])
    registry = rows(path, "ทะเบียนหนังสือส่ง")
    assert len(registry) == 7 and registry["A02/AG01"]["เลขที่หนังสือ"] == first["A02/AG01"].number
    assert registry["A02/AG01"]["เอกสาร"] == links["A02/AG01"]
    assert "13.00-16.00 น." in registry["A02/AG01"]["ข้อมูลที่แจ้งในหนังสือ"]
    assert registry["A01/AG01/C1"]["ประเภท"] == "แจ้งเปลี่ยนแปลง" and registry["A03/AG02/X"]["ประเภท"] == "แจ้งยกเลิก"
    assert registry["A01/AG01/C1"]["เอกสาร"] == links["A01/AG01/C1"]
    assert "วัดกลาง" in registry["A01/AG01/C1"]["ข้อมูลที่แจ้งในหนังสือ"]

    synced = sync(config, today=TODAY)
    after = {(c.tab, c.key): c.new for c in synced.changes if c.field == "flag"}
    assert after[("letters", "A01/AG01")] == "SUPERSEDED" and after[("letters", "A01/AG01/C1")] == "UNSENT"
    assert after[("letters", "A03/AG02")] == "CANCELLED" and after[("letters", "A03/AG02/X")] == "UNSENT"
    assert issue_letters(config, today=TODAY).planned == []
    assert sync(config, today=TODAY).changes == []


def _name(planned):
    from kmsheets.letters import file_name

    return file_name(planned)


def test_a_registry_written_before_facts_were_kept_raises_no_alarm(tmp_path):
    """A workbook without the facts column: kmsheets adds it, records what it sees, and flags nothing CHANGED."""
    base = grids()
    base["ทะเบียนหนังสือส่ง"] = [header("letters")[:-1], [
        "A01/AG01", "นศ ๐๐๑๗.๒/๓", "20/11/2569", "request", "A01", "AG01", "P02", "ขอความอนุเคราะห์", "", "21/11/2569",
        "", "", ""]]
    path = write_workbook(tmp_path / "old.xlsx", base)
    config = parse_config({"language": "en", "workbook": {"source": str(path)},
                           "sender": {"agency_id": "AG00", "prefix": "นศ ๐๐๑๗.๒"}}, base=tmp_path, environ={})
    result = sync(config, today=TODAY)
    assert "CHANGED" not in {c.new for c in result.changes}
    sheet = openpyxl.load_workbook(path)["ทะเบียนหนังสือส่ง"]
    assert sheet["N1"].value == "Letter facts" and sheet["N2"].value.startswith("Activity: เวทีแลกเปลี่ยนเรียนรู้")
    assert [c.value for c in sheet[2]][:8] == base["ทะเบียนหนังสือส่ง"][1][:8]  # people's cells as they were
    assert (sheet["J2"].value, sheet["L2"].value) == ("21/11/2569", "Awaiting endorsement")  # WAITING
    edit(path, "กำหนดการ", {"A01": {"วันที่": "3/1/2570"}})
    assert {(c.key, c.new) for c in sync(config, today=TODAY).changes if c.field == "flag"} >= {
        ("A01/AG01", "CHANGED")}


def test_dry_run_lists_what_would_be_made_again_and_what_notices_would_go(made):
    from kmsheets.report import letters_report
    from rich.console import Console

    path, config, _ = made
    edit(path, "กำหนดการ", {"A01": {"สถานที่": "วัดกลาง"}, "A02": {"เวลา": "13.00-16.00 น."}})
    before = path.read_bytes()
    looked = issue_letters(config, today=TODAY, dry_run=True)
    console = Console(width=200, record=True)
    console.print(letters_report(looked, "th"))
    shown = console.export_text()
    assert "ขอความอนุเคราะห์ (ทำใหม่ เลขที่เดิม)" in shown and "แจ้งเปลี่ยนแปลง" in shown
    assert path.read_bytes() == before

def test_facts_are_not_recorded_while_the_person_row_has_an_error(tmp_path):
    """A registry from before facts were kept; P02's row has a slip (its role) on the day of the upgrade.
    The facts recorded at first sight must not leave P02 out: once the slip is fixed, the request that asked
    for P02 is not CHANGED and no change notice 'adds' P02."""
    grids = minimal_grids()
    grids[REGISTRY].append(["A01/AG01", "นศ ๐๐๑๗.๒/๑", "1/11/2569", "request", "A01", "AG01", "P02",
                            "ขอความอนุเคราะห์", "", "2/11/2569", "", "", ""])
    grids["ทีมงาน"][2][2] = "หัวหน้า"  # P02's role: an error on the row
    path, config = setup(tmp_path, grids)
    sync(config, today=TODAY)
    edit(path, "ทีมงาน", {"P02": {"บทบาท": "คุณอำนวย"}})  # the slip fixed
    flags = {(c.key, c.new) for c in sync(config, today=TODAY, dry_run=True).changes if c.field == "flag"}
    assert ("A01/AG01", "CHANGED") not in flags
    assert "change" not in [p.needed.kind for p in issue_letters(config, today=TODAY, dry_run=True).planned]


def test_a_workbook_without_the_facts_column_keeps_what_new_letters_said(tmp_path):
    """An older workbook, its registry empty and without ข้อมูลที่แจ้งในหนังสือ: letters makes the request; the day
    then moves before the next sync. The request must be flagged CHANGED (it says 10 Dec)."""
    grids = minimal_grids()
    grids[REGISTRY] = [header("letters")[:-1]]
    path, config = setup(tmp_path, grids)
    made = issue_letters(config, today=TODAY)
    assert [p.needed.key for p in made.planned] == ["A01/AG01"]
    edit(path, "กำหนดการ", {"A01": {"วันที่": "12/12/2569"}})
    flags = {(c.key, c.new) for c in sync(config, today=TODAY).changes if c.field == "flag"}
    assert ("A01/AG01", "CHANGED") in flags


class FailingPublisher(LocalPublisher):
    def publish(self, letters, progress=None):
        raise AccessError(key="cannot_write", path=self.folder, error=message("os_read_only_file_system"))


def test_a_reserved_change_notice_the_schedule_went_back_on(made, tmp_path):
    """letters reserved C1 for a new date and stopped before making it; the coordinator then put the date back.
    The rerun must not crash (and must not make a notice announcing no change)."""
    path, config, _ = made
    edit(path, "กำหนดการ", {"A01": {"วันที่": "10/1/2570"}})
    with pytest.raises(AccessError):
        issue_letters(config, today=TODAY, publisher=FailingPublisher(tmp_path / "letters"))
    assert rows(path, REGISTRY)["A01/AG01/C1"]["เอกสาร"].startswith("⏳")
    edit(path, "กำหนดการ", {"A01": {"วันที่": "27/12/2569"}})  # back to what the request said
    again = issue_letters(config, today=TODAY)  # once a ValueError in chains.Chain.before
    assert "A01/AG01/C1" not in [p.key for p in again.published]


def test_a_deleted_activity_row_gets_its_cancellation_notice(made):
    """README: 'the activity cancelled, or its row deleted' -> a cancellation notice for a sent request."""
    path, config, _ = made
    delete_row(path, "กำหนดการ", "A01")
    result = issue_letters(config, today=TODAY)
    assert [(p.needed.key, p.needed.kind) for p in result.planned] == [("A01/AG01/X", "cancel")]
    assert [p.severity for p in result.problems] == ["warning"]  # 'A01' is no longer in the schedule


def test_a_person_who_left_is_withdrawn_not_an_error(made):
    """P03 left AG01: the coordinator takes P03 off A02's staff and deletes P03's row. The request to AG01 that
    named P03 (unsent) should be made again without P03, not held as an error for ever."""
    path, config, _ = made
    edit(path, "กำหนดการ", {"A02": {"ผู้ร่วมทีม": "P02"}})
    delete_row(path, "ทีมงาน", "P03")
    result = issue_letters(config, today=TODAY)
    assert [(p.needed.key, p.needed.remake) for p in result.planned] == [("A02/AG01", True)]


def test_a_hand_typed_row_whose_activity_cell_is_mistyped_skips_no_number(tmp_path):
    """The office typed A01's request by hand with a slip in its activity cell ('A1'): an error on the row, but
    the key A01/AG01 is on record. letters must not plan A01/AG01 again, and the year's numbers must run on
    without a gap."""
    grids = minimal_grids()
    grids["กำหนดการ"].append(["A02", "เวทีสอง", "11/12/2569", "09.00-12.00 น.", "ศาลา", "ท่าศาลา", "P02", "", "", ""])
    grids[REGISTRY].append(["A01/AG01", "นศ ๐๐๑๗.๒/๑", "1/12/2569", "request", "A1", "AG01", "P02",
                            "ขอความอนุเคราะห์", "", "", "", "", ""])
    path, config = setup(tmp_path, grids)
    looked = issue_letters(config, today=TODAY, dry_run=True)
    result = issue_letters(config, today=TODAY)
    assert [p.needed.key for p in looked.planned] == ["A02/AG01"]
    assert [(p.needed.key, p.number) for p in result.planned] == [("A02/AG01", "นศ ๐๐๑๗.๒/๒")]


def test_a_registry_without_the_document_column_still_gets_its_letters(tmp_path):
    """เอกสาร is an optional column: a team that files paper copies may have deleted it."""
    grids = minimal_grids()
    head = header("letters")
    grids[REGISTRY] = [[h for h in head if h != "เอกสาร"]]
    path, config = setup(tmp_path, grids)
    result = issue_letters(config, today=TODAY)
    assert rows(path, REGISTRY)["A01/AG01"]["เอกสาร"].endswith(".docx")  # kmsheets added the column
    assert [p.needed.key for p in result.planned] == ["A01/AG01"] and result.given_up == []
    assert len(list((tmp_path / "letters").glob("*.docx"))) == 1


def test_a_date_typed_without_separators_in_the_registry_does_not_crash_letters(tmp_path):
    """ลงวันที่ typed as 25691201 (a number): an error on that row, but letters must still make the others."""
    grids = minimal_grids()
    grids["กำหนดการ"].append(["A02", "เวทีสอง", "11/12/2569", "09.00-12.00 น.", "ศาลา", "ท่าศาลา", "P02", "", "", ""])
    grids[REGISTRY].append(["A01/AG01", "นศ ๐๐๑๗.๒/๑", 25691201, "request", "A01", "AG01", "P02",
                            "ขอความอนุเคราะห์", "", "", "", "", ""])
    path, config = setup(tmp_path, grids)
    result = issue_letters(config, today=TODAY)  # once an OverflowError in ledger.taken
    assert [p.needed.key for p in result.planned] == ["A02/AG01"] and result.exit_code == 1
