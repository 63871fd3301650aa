"""`letters` end to end on local files: one letter per needed key, registered once, read back with python-docx."""

import datetime as dt

import docx
import openpyxl
import pytest

from kmsheets.config import parse_config
from kmsheets.letters import issue_letters, urgency
from kmsheets.publishers.base import Rendered
from kmsheets.publishers.local import LocalPublisher
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
    assert [c.value for c in registry[2]][:6] == ["A01/AG01", "นศ ๐๐๑๗.๒/๑", "๑ ธันวาคม ๒๕๖๙", "request", "A01",
                                                 "AG01"]
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
    assert "<w:t>ศาลา & {{ 7*7 }} {% if %}" in text_of(result.published[0].link)


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


def test_a_document_made_for_a_letter_no_longer_needed_keeps_its_number(tmp_path):
    grids = minimal_grids()
    grids["กำหนดการ"].append(["A02", "เวทีสอง", "11/12/2569", "09.00-12.00 น.", "ศาลา", "ท่าศาลา", "P02", "", "", ""])
    path, config = setup(tmp_path, grids)
    # A run made A01's letter (number /1) and stopped before the registry; then A01 was cancelled.
    publisher = LocalPublisher(tmp_path / "letters")
    publisher.publish([Rendered("A01/AG01", "นศ ๐๐๑๗.๒/๑", "2569-0001_A01-AG01", b"docx")])
    book = openpyxl.load_workbook(path)
    book["กำหนดการ"]["H2"] = "ยกเลิก"
    book.save(path)
    result = issue_letters(config, today=TODAY, publisher=publisher)
    assert [(p.needed.key, p.number) for p in result.planned] == [("A02/AG01", "นศ ๐๐๑๗.๒/๒")]
