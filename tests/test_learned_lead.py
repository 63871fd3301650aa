"""Lead days learned per agency ([endorsement] learn): the flag rule asks a slow agency earlier, and says why.

On HISTORY (tests/workbooks.py) AG02 endorses in up to ~16 days (p90 15.2) and AG01 within 5; F01 is on
13 December, and both its requests went out on 1 December, 12 days before.
"""

import datetime as dt

import pytest

from kmsheets.backends.xlsx import XlsxBackend
from kmsheets.config import WorkbookConfig, parse_config
from kmsheets.flags import compute_flags
from kmsheets.sync import flag_rule
from kmsheets.validate import validate
from workbooks import HISTORY_TODAY, history_grids, write_workbook


@pytest.fixture
def book(tmp_path):
    return write_workbook(tmp_path / "history.xlsx", history_grids())


def config_for(book, *, learn, language="th"):
    return parse_config({"language": language, "workbook": {"source": str(book)},
                         "sender": {"agency_id": "AG00"}, "endorsement": {"learn": learn}},
                        base=book.parent, environ={})


def programme_of(book):
    return validate(XlsxBackend(book, WorkbookConfig(source=str(book))).read(), today=HISTORY_TODAY).programme


def letter_flags(book, *, learn, today=HISTORY_TODAY, language="th"):
    programme = programme_of(book)
    rule = flag_rule(config_for(book, learn=learn, language=language), today, programme)
    return {f.key: (f.flag, f.said(language)) for f in compute_flags(programme, rule) if f.tab == "letters"}


def test_with_learning_the_slow_agency_is_overdue_and_the_fast_one_waiting(book):
    flags = letter_flags(book, learn=True)
    assert flags["F01/AG02"] == ("OVERDUE", "เลยกำหนดเกษียน ๔ วัน: โทรติดตาม เกษตรอำเภอท่าศาลา 075-333333 "
                                            "(หน่วยงานนี้เกษียนภายใน ~๑๖ วัน จึงต้องส่งก่อน ๒๗ พ.ย. ๖๙)")
    assert flags["F01/AG01"] == ("WAITING", "รอเกษียน ภายใน ๖ ธ.ค. ๖๙")


def test_without_learning_both_wait(book):
    flags = letter_flags(book, learn=False)
    assert flags["F01/AG02"] == flags["F01/AG01"] == ("WAITING", "รอเกษียน ภายใน ๖ ธ.ค. ๖๙")


def test_a_due_soon_note_says_why_in_english_too(book):
    flags = letter_flags(book, learn=True, today=dt.date(2026, 11, 25), language="en")
    flag, note = flags["F01/AG02"]
    assert flag == "DUE_SOON" and note.startswith("endorsement due by ")
    assert note.endswith(" (this agency endorses within ~16 days, so letters to it must go out by 27 Nov 2026)")
    assert flags["F01/AG01"][0] == "WAITING"


def test_an_agency_at_the_configured_lead_gets_the_plain_note(book):
    flags = letter_flags(book, learn=True, today=dt.date(2026, 12, 4))
    assert flags["F01/AG01"] == ("DUE_SOON", "ต้องเกษียนภายใน ๖ ธ.ค. ๖๙ (อีก ๒ วัน): โทรติดตาม "
                                             "นายกองค์การบริหารส่วนตำบลท่าศาลา 075-222222")


def test_the_rule_looks_each_agency_up_and_falls_back_to_lead_days(book):
    rule = flag_rule(config_for(book, learn=True), HISTORY_TODAY, programme_of(book))
    assert (rule.lead_days_for("AG01"), rule.lead_days_for("AG02"), rule.lead_days_for("AG99")) == (7, 16, 7)
    activity = programme_of(book).activities["F01"]
    assert rule.due_by(activity, "AG02") == dt.date(2026, 11, 27)
    assert rule.due_by(activity, "AG01") == dt.date(2026, 12, 6)
    assert flag_rule(config_for(book, learn=False), HISTORY_TODAY, programme_of(book)).lead_days_by_agency == {}


@pytest.mark.parametrize("learn", [True, False])
def test_sync_writes_the_learned_flags_into_the_workbook(book, learn):
    import openpyxl

    from kmsheets.sync import sync

    sync(config_for(book, learn=learn), today=HISTORY_TODAY)
    sheet = openpyxl.load_workbook(book)["ทะเบียนหนังสือส่ง"]
    written = {row[0]: (row[11], row[12]) for row in sheet.iter_rows(min_row=2, values_only=True)}
    (slow, slow_note), (fast, fast_note) = written["F01/AG02"], written["F01/AG01"]
    # Compared with each other, not with flag codes: the sheet may show them as labels.
    assert (slow != fast) is learn and ("หน่วยงานนี้เกษียนภายใน ~๑๖ วัน" in slow_note) is learn
    assert fast_note == "รอเกษียน ภายใน ๖ ธ.ค. ๖๙"
