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
from kmsheets.letters import issue_letters
from kmsheets.sync import sync
from workbooks import header, minimal_grids, write_workbook

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
