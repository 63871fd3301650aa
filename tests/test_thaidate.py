import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from kmsheets import thaidate
from kmsheets.errors import KmsheetsError
from kmsheets.messages import CATALOGUE, say
from kmsheets.thaidate import (BE_OFFSET, MONTHS, DateError, be_year, format_date, format_day, parse_date,
                               parse_time_range, to_serial, to_thai_digits)
from kmsheets.thaitext import fold

NOV_2 = dt.date(2006, 11, 2)


@pytest.mark.parametrize("typed", [
    "2/11/2549", "02/11/2549", "2/11/2006", "02/11/49", "2-11-2549", "2.11.2549", "2 พ.ย. 2549", "2 พ.ย. 49",
    "2 พย 2549", "๒ พฤศจิกายน ๒๕๔๙", "วันที่ 2 พฤศจิกายน พ.ศ. 2549", "2 Nov 2006", "2006-11-02", "2549-11-02",
    "39023", " ๐๒/๑๑/๒๕๔๙\u200b ", 39023, 39023.75, dt.date(2006, 11, 2), dt.datetime(2006, 11, 2, 9, 30),
])
def test_every_form_a_thai_team_types(typed):
    assert parse_date(typed) == NOV_2


@pytest.mark.parametrize("typed, reason, params", [
    ("31/02/2569", "date_no_such_day", {"day": 31, "month": 2}),
    ("13/13/2569", "date_no_such_day", {"day": 13, "month": 13}),
    ("2/11/2300", "date_year_unsure", {"year": 2300}), ("", "date_empty", {}),
    ("พรุ่งนี้", "date_unreadable", {"typed": "พรุ่งนี้"}), ("2 มีนาโต 2569", "date_not_a_month", {"word": "มีนาโต"}),
    (-5, "date_serial_year", {"year": 1899}), (None, "date_unreadable", {"typed": "None"}),
])
def test_what_cannot_be_read_for_certain_is_an_error(typed, reason, params):
    with pytest.raises(DateError) as raised:
        parse_date(typed)
    assert (raised.value.reason, raised.value.params) == (reason, params)


def test_a_date_error_is_a_plain_value_error_whose_reason_the_catalogue_says_in_both_languages():
    """thaidate raises reasons, not sentences: whoever tells a person says them in the person's language."""
    assert issubclass(DateError, ValueError) and not issubclass(DateError, KmsheetsError)
    raised = set(re.findall(r'DateError\("(\w+)"', Path(thaidate.__file__).read_text(encoding="utf-8")))
    assert raised >= {"date_empty", "date_unreadable", "date_no_such_day", "date_year_unsure", "date_not_a_month",
                      "date_serial_year", "time_unreadable", "time_out_of_range", "time_backwards"}
    assert raised <= set(CATALOGUE)
    assert say("th", "date_no_such_day", day=31, month=2) == "เดือน ๒ ไม่มีวันที่ ๓๑"
    assert say("en", "date_no_such_day", day=31, month=2) == "day 31 of month 2 does not exist"


@pytest.mark.parametrize("typed, day", [
    ("15 กุมภา 70", dt.date(2027, 2, 15)), ("3 ธันวา 69", dt.date(2026, 12, 3)), ("1 มกรา 70", dt.date(2027, 1, 1)),
    ("2 มีนา 70", dt.date(2027, 3, 2)), ("4 เมษา 70", dt.date(2027, 4, 4)), ("5 พฤษภา 70", dt.date(2027, 5, 5)),
    ("6 มิถุนา 70", dt.date(2027, 6, 6)), ("7 กรกฎา 70", dt.date(2027, 7, 7)), ("7 กรกฏาคม 2570", dt.date(2027, 7, 7)),
    ("8 สิงหา 2570", dt.date(2027, 8, 8)), ("9 กันยา 70", dt.date(2027, 9, 9)), ("10 ตุลา 69", dt.date(2026, 10, 10)),
    ("11 พฤศจิกา 69", dt.date(2026, 11, 11)), ("๓ ธันวา ๖๙", dt.date(2026, 12, 3)), ("3 ธ.ค 69", dt.date(2026, 12, 3)),
])
def test_months_the_way_people_write_them(typed, day):
    assert parse_date(typed) == day


def test_month_names_are_read_however_their_thai_was_typed():
    assert parse_date("1 มีีนาคม 2570") == parse_date("1 มีนา 70") == dt.date(2027, 3, 1)  # sara ii typed twice
    assert all(fold(name) == name for name in MONTHS)  # the table is in the one form typed text is folded to


def test_leap_years_in_the_buddhist_era():
    assert parse_date("29/02/2567") == dt.date(2024, 2, 29)
    with pytest.raises(DateError):
        parse_date("29/02/2569")


@pytest.mark.parametrize("typed, start, end", [
    ("09.00-12.00 น.", dt.time(9), dt.time(12)), ("9:00 - 12:00", dt.time(9), dt.time(12)),
    ("๐๙.๐๐–๑๒.๐๐ น.", dt.time(9), dt.time(12)), ("13.30 น.", dt.time(13, 30), None),
    ("9.00 ถึง 16.30 น.", dt.time(9), dt.time(16, 30)), ("ทั้งวัน", dt.time(0), dt.time(23, 59)),
    (0.375, dt.time(9), None), ("9.00-12.00 น", dt.time(9), dt.time(12)), ("๑๓.๓๐ น", dt.time(13, 30), None),
    ("9.00 น. - 12.00 น.", dt.time(9), dt.time(12)),
])
def test_times(typed, start, end):
    assert parse_time_range(typed) == (start, end)


@pytest.mark.parametrize("typed, reason", [
    ("12.00-09.00", "time_backwards"), ("25.00", "time_out_of_range"), ("เช้า", "time_unreadable"),
    ("9.00-10.00-11.00", "time_unreadable"), ("9.00 นน", "time_unreadable"), ("น 9.00", "time_unreadable"),
])
def test_bad_times(typed, reason):
    with pytest.raises(DateError) as raised:
        parse_time_range(typed)
    assert raised.value.reason == reason


def test_a_date_in_a_message_names_its_century():
    assert format_day(dt.date(1969, 12, 15), "th") == "๑๕ ธันวาคม ๒๕๑๒"
    assert format_day(dt.date(1969, 12, 15), "en") == "15 Dec 1969"


def test_writing_be_dates():
    assert format_date(NOV_2) == "๒ พฤศจิกายน ๒๕๔๙"
    assert format_date(NOV_2, short=True) == "๒ พ.ย. ๔๙"
    assert format_date(NOV_2, thai_digits=False) == "2 พฤศจิกายน 2549"
    assert format_date(dt.date(2026, 12, 31)) == "๓๑ ธันวาคม ๒๕๖๙"
    assert format_date(dt.date(2027, 1, 1)) == "๑ มกราคม ๒๕๗๐"


# format_date writes the Buddhist Era; parse_date reads a four-digit year above 2400 as BE, so the long form
# comes back for every date whose BE year has four digits and is above 2400, and the short form (two digits,
# read as BE 25yy) for the century BE 2500-2599.
LONG_BE = st.dates(dt.date(2401 - BE_OFFSET, 1, 1), dt.date(9999 - BE_OFFSET, 12, 31))
SHORT_BE = st.dates(dt.date(2500 - BE_OFFSET, 1, 1), dt.date(2599 - BE_OFFSET, 12, 31))
CE = st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31))  # parse_date's Common-Era years


@settings(max_examples=500)
@given(LONG_BE, st.booleans())
def test_long_form_round_trips(day, thai):
    assert parse_date(format_date(day, thai_digits=thai)) == day


@given(CE)
def test_serials_round_trip(day):
    assert parse_date(to_serial(day)) == day


@settings(max_examples=500)
@given(SHORT_BE, st.booleans())
def test_short_form_round_trips_within_be_25xx(day, thai):
    assert parse_date(format_date(day, short=True, thai_digits=thai)) == day


@settings(max_examples=500)
@given(CE, st.booleans(), st.booleans(), st.sampled_from(["", "ค.ศ. "]))
def test_common_era_forms_round_trip(day, short, thai, era):
    """The same forms with the Common-Era year (four digits: two would be read as BE 25yy)."""
    be_text = format_date(day, short=short, thai_digits=thai)
    day_month = be_text.rsplit(" ", 1)[0]
    year = to_thai_digits(day.year) if thai else str(day.year)
    assert parse_date(f"{day_month} {era}{year}") == day


@given(LONG_BE, st.booleans(), st.booleans())
def test_what_is_written_is_in_the_digits_asked_for(day, short, thai):
    text = format_date(day, short=short, thai_digits=thai)
    digits = {ch for ch in text if ch.isdigit()}
    assert digits <= (set("๐๑๒๓๔๕๖๗๘๙") if thai else set("0123456789")) and digits


@given(st.dates(), st.booleans())
def test_the_long_form_never_reads_back_as_another_date(day, thai):
    """Outside its range the long form is an error, except where BE 1900-2200 is taken for CE (CE 1357-1657)."""
    if 1900 <= be_year(day) <= 2200:
        return
    try:
        assert parse_date(format_date(day, thai_digits=thai)) == day
    except DateError:
        assert not 2401 <= be_year(day) <= 9999


def test_a_month_is_named_in_the_buddhist_era_in_thai_and_plainly_in_english():
    from kmsheets.thaidate import format_month

    assert format_month("2026-11") == "พฤศจิกายน ๒๕๖๙"
    assert format_month("2026-11", short=True) == "พ.ย. ๖๙"
    assert format_month("2027-01", thai_digits=False) == "มกราคม 2570"
    assert format_month("2026-11", language="en") == "Nov 2026"


def test_figures_for_people_drop_a_whole_number_s_decimal():
    from kmsheets.thaidate import format_figure

    figures = (12, 12.0, 4.6, 4.649, None, float("nan"))
    assert [format_figure(v) for v in figures] == ["12", "12", "4.6", "4.6", "–", "–"]
    assert format_figure(15.2, thai_digits=True) == "๑๕.๒"
