"""`letters` end to end on local files: one letter per needed key, registered once, read back with python-docx."""

import datetime as dt

import docx
import pytest
import openpyxl
from docx.oxml.ns import qn

from kmsheets.config import parse_config
from kmsheets.letters import issue_letters, urgency
from workbooks import minimal_grids, write_workbook

TODAY = dt.date(2026, 12, 1)


def setup(tmp_path, grids=None):
    path = write_workbook(tmp_path / "book.xlsx", grids or minimal_grids())
    config = parse_config({"workbook": {"source": str(path)},
                           "sender": {"agency_id": "AG00", "prefix": "นศ ๐๐๑๗.๒", "signatory": "นายสมชาย ใจดี",
                                      "position": "พัฒนาการจังหวัด", "unit": "กลุ่มงานส่งเสริม", "phone": "๐ ๗๕๓๕ ๖๑๒๓"},
                           "letters": {"folder": str(tmp_path / "letters")}}, base=tmp_path, environ={})
    return path, config


def text_of(path):
    document = docx.Document(path)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def test_a_request_letter_is_made_registered_and_never_made_twice(tmp_path):
    path, config = setup(tmp_path)
    result = issue_letters(config, today=TODAY)
    assert [(p.needed.key, p.number) for p in result.planned] == [("A01/AG01", "นศ ๐๐๑๗.๒/๑")]
    letter = text_of(result.published[0].link)
    assert "เรียน\tนายกองค์การบริหารส่วนตำบลท่าศาลา" in letter
    assert "๑ ธันวาคม ๒๕๖๙" in letter and "นายสมศักดิ์ มีสุข" in letter and "สำเนาส่ง" in letter
    assert "นางสาวสมใจ รักดี" not in letter.split("สำเนาส่ง")[1]  # the sender's own staff is not requested
    registry = openpyxl.load_workbook(path)["ทะเบียนหนังสือส่ง"]
    assert [c.value for c in registry[2]][:6] == ["A01/AG01", "นศ ๐๐๑๗.๒/๑", "๑ ธันวาคม ๒๕๖๙", "ขอความอนุเคราะห์",
                                                 "A01", "AG01"]
    again = issue_letters(config, today=TODAY)
    assert again.planned == [] and registry.max_row == 2
    assert len(list((tmp_path / "letters").glob("*.docx"))) == 1


def test_a_crash_before_the_registry_write_reuses_the_document_and_its_number(tmp_path, monkeypatch):
    path, config = setup(tmp_path)
    from kmsheets.backends.xlsx import XlsxBackend

    def crash(self, cells, appends=None):
        raise KeyboardInterrupt

    monkeypatch.setattr(XlsxBackend, "write", crash)
    with pytest.raises(KeyboardInterrupt):
        issue_letters(config, today=TODAY)
    monkeypatch.undo()
    rerun = issue_letters(config, today=TODAY)
    assert [p.number for p in rerun.planned] == ["นศ ๐๐๑๗.๒/๑"]
    assert len(list((tmp_path / "letters").glob("*.docx"))) == 1


def test_dry_run_plans_and_writes_nothing(tmp_path):
    path, config = setup(tmp_path)
    before = path.read_bytes()
    result = issue_letters(config, today=TODAY, dry_run=True)
    assert [p.needed.key for p in result.planned] == ["A01/AG01"]
    assert path.read_bytes() == before and not (tmp_path / "letters").exists()


def test_hostile_cell_text_appears_literally(tmp_path):
    grids = minimal_grids()
    grids["กำหนดการ"][1][4] = "<w:t>ศาลา & {{ 7*7 }} {% if %}"
    path, config = setup(tmp_path, grids)
    result = issue_letters(config, today=TODAY)
    letter = text_of(result.published[0].link)
    assert "<w:t>ศาลา & {{ ๗*๗ }} {% if %}" in letter  # as typed, but for its digits: a place's numbers are Thai
    assert "๔๙" not in letter and "49" not in letter


def test_the_configured_emblem_and_sender_lines_are_in_the_letter(tmp_path):
    from emblem import draw_emblem
    from kmsheets.config import parse_config

    _, plain = setup(tmp_path)
    config = parse_config({"workbook": {"source": plain.workbook.source},
                           "sender": {"agency_id": "AG00", "prefix": "นศ ๐๐๑๗.๒", "signatory": "นายสมชาย ใจดี",
                                      "position": "พัฒนาการจังหวัด", "fax": "075-111112",
                                      "address": ["ศาลากลางจังหวัด", "ถนนราชดำเนิน นศ 80000"]},
                           "letters": {"folder": "letters", "emblem": "garuda.png"}}, base=tmp_path, environ={})
    draw_emblem(tmp_path / "garuda.png")
    result = issue_letters(config, today=TODAY)
    document = docx.Document(result.published[0].link)
    assert len(list(document.sections[0].first_page_header._element.iter(qn("w:drawing")))) == 1
    letter = text_of(result.published[0].link)
    assert "ศาลากลางจังหวัด\nถนนราชดำเนิน นศ ๘๐๐๐๐" in letter
    assert "โทร. ๐๗๕-๑๑๑๑๑๑ โทรสาร ๐๗๕-๑๑๑๑๑๒" in letter  # the phone from the agencies tab
    assert "ภายในวันที่ ๓ ธันวาคม ๒๕๖๙" in letter  # the endorsement due date: 10 Dec less 7 days


def test_urgency_grows_as_the_activity_nears():
    day = dt.date(2026, 12, 20)
    assert [urgency(day, day - dt.timedelta(days=d), 7, 3) for d in (30, 15, 9, 7, 1)] == \
           ["", "ด่วน", "ด่วนมาก", "ด่วนที่สุด", "ด่วนที่สุด"]


def test_an_unknown_activity_is_a_usage_error(tmp_path):
    import pytest
    from kmsheets.errors import ConfigError

    path, config = setup(tmp_path)
    with pytest.raises(ConfigError, match="--activity A77: no such activity"):
        issue_letters(config, today=TODAY, activity_ids=["A01", "A77"], dry_run=True)


def test_a_registry_row_with_errors_keeps_its_key_and_number(tmp_path):
    grids = minimal_grids()
    grids["กำหนดการ"].append(["A02", "เวทีสอง", "11/12/2569", "09.00-12.00 น.", "ศาลา", "ท่าศาลา", "P02", "", "", ""])
    # A01's letter is on record, but a formula in its document cell keeps the row out of the programme.
    grids["ทะเบียนหนังสือส่ง"].append(["A01/AG01", "นศ ๐๐๑๗.๒/๗", "1/12/2569", "request", "A01", "AG01", "P02",
                                       "ขอความอนุเคราะห์", '=HYPERLINK("x","y")', "", "", "", ""])
    _, config = setup(tmp_path, grids)
    result = issue_letters(config, today=TODAY)
    assert any(p.cell == "I2" for p in result.problems)
    assert [(p.needed.key, p.number) for p in result.planned] == [("A02/AG01", "นศ ๐๐๑๗.๒/๘")]


def test_an_agency_row_with_an_error_holds_back_only_its_own_letters(tmp_path):
    """Issue 12.6: a blank head's position on one agency once stopped every letter with a KeyError."""
    grids = minimal_grids()
    grids["หน่วยงาน"].append(["AG02", "สำนักงานเกษตรอำเภอ", "", "", "", ""])  # no head's position: an error
    grids["ทีมงาน"].append(["P03", "นายเกษตร ดีงาม", "คุณอำนวย", "AG02", "", "", "", ""])
    grids["กำหนดการ"][1][6] = "P01, P02, P03"
    _, config = setup(tmp_path, grids)
    looked = issue_letters(config, today=TODAY, dry_run=True)
    assert [p.needed.key for p in looked.planned] == ["A01/AG01"] and looked.exit_code == 1
    made = issue_letters(config, today=TODAY)
    assert [p.needed.key for p in made.planned] == ["A01/AG01"] and made.exit_code == 1
    assert any(p.tab == "หน่วยงาน" and p.cell == "C4" for p in made.problems)


def test_a_person_row_with_an_error_holds_back_the_letters_of_their_activity(tmp_path):
    """Issue 12.7: a reminder naming a person whose row has an error once crashed every run."""
    grids = minimal_grids()
    grids["ทะเบียนหนังสือส่ง"].append(["A01/AG01", "นศ ๐๐๑๗.๒/๑", "1/11/2569", "request", "A01", "AG01", "P02",
                                       "ขอความอนุเคราะห์", "", "2/11/2569", "", "", ""])
    grids["ทีมงาน"][2][2] = "หัวหน้า"  # P02's role is not one kmsheets knows: an error on the row
    _, config = setup(tmp_path, grids)
    result = issue_letters(config, today=dt.date(2026, 12, 8))  # the request is overdue: a reminder is due
    assert result.planned == [] and result.exit_code == 1  # held back, not a crash, and not a cancellation
    assert any(p.tab == "ทีมงาน" and p.field == "role" for p in result.problems)


def test_file_names_are_bounded_and_safe_whatever_the_key():
    from kmsheets.facts import Facts
    from kmsheets.letters import PlannedLetter, file_name
    from kmsheets.plan import Needed

    key = "ก" * 150 + "/AG\n01:*?"
    needed = Needed(key, "request", "ก" * 150, "AG01", (), Facts(TODAY))
    name = file_name(PlannedLetter(needed, "นศ ๐๐๑๗.๒/๑๒", TODAY, "", "", ""))
    assert name.startswith("2569-0012_") and len(name) <= 10 + 80
    assert not set(name) & set('/\\\n:*?"<>|')


@pytest.mark.parametrize("typed", ["a01/ag01", "A01 / AG01", "A01-AG01", "A01\u00a0/AG01", "A01–AG01"])
def test_a_mistyped_registry_key_is_read_as_its_letter_and_never_issued_again(tmp_path, typed):
    """Issue 12.1: a key typed another way, on a row whose activity and agency are right, once made a second
    request under a new number."""
    from kmsheets.sync import sync

    grids = minimal_grids()
    grids["ทะเบียนหนังสือส่ง"].append([typed, "นศ ๐๐๑๗.๒/๑", "1/11/2569", "request", "A01", "AG01", "P02",
                                       "ขอความอนุเคราะห์", "", "2/11/2569", "", "", ""])
    path, config = setup(tmp_path, grids)
    before_it_is_due = dt.date(2026, 11, 20)
    result = issue_letters(config, today=before_it_is_due)
    assert result.planned == [] and result.exit_code == 0
    warning = next(p for p in result.problems if p.field == "key")
    assert warning.severity == "warning" and warning.cell == "A2" and "A01/AG01" in warning.message
    sync(config, today=before_it_is_due)
    row = [c.value for c in openpyxl.load_workbook(path)["ทะเบียนหนังสือส่ง"][2]]
    assert row[0] == typed and row[11] == "รอเกษียน"  # WAITING: the flag found the row; the key is left as typed
