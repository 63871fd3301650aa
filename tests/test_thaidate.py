import datetime as dt

import pytest
from hypothesis import given, strategies as st

from kmsheets.errors import DateError
from kmsheets.thaidate import format_date, parse_date, parse_time_range, to_serial

NOV_2 = dt.date(2006, 11, 2)


@pytest.mark.parametrize("typed", [
    "2/11/2549", "02/11/2549", "2/11/2006", "02/11/49", "2-11-2549", "2.11.2549", "2 พ.ย. 2549", "2 พ.ย. 49",
    "2 พย 2549", "๒ พฤศจิกายน ๒๕๔๙", "วันที่ 2 พฤศจิกายน พ.ศ. 2549", "2 Nov 2006", "2006-11-02", "2549-11-02",
    "39023", " ๐๒/๑๑/๒๕๔๙\u200b ", 39023, 39023.75, dt.date(2006, 11, 2), dt.datetime(2006, 11, 2, 9, 30),
])
def test_every_form_a_thai_team_types(typed):
    assert parse_date(typed) == NOV_2


@pytest.mark.parametrize("typed, says", [
    ("31/02/2569", "does not exist"), ("13/13/2569", "does not exist"), ("2/11/2300", "neither"),
    ("", "empty"), ("พรุ่งนี้", "cannot read"), ("2 มีนา 2569", "not a month"), (-5, "year 1899"),
    (None, "cannot read"),
])
def test_what_cannot_be_read_for_certain_is_an_error(typed, says):
    with pytest.raises(DateError, match=says):
        parse_date(typed)


def test_leap_years_in_the_buddhist_era():
    assert parse_date("29/02/2567") == dt.date(2024, 2, 29)
    with pytest.raises(DateError):
        parse_date("29/02/2569")


@pytest.mark.parametrize("typed, start, end", [
    ("09.00-12.00 น.", dt.time(9), dt.time(12)), ("9:00 - 12:00", dt.time(9), dt.time(12)),
    ("๐๙.๐๐–๑๒.๐๐ น.", dt.time(9), dt.time(12)), ("13.30 น.", dt.time(13, 30), None),
    ("9.00 ถึง 16.30 น.", dt.time(9), dt.time(16, 30)), ("ทั้งวัน", dt.time(0), dt.time(23, 59)),
    (0.375, dt.time(9), None),
])
def test_times(typed, start, end):
    assert parse_time_range(typed) == (start, end)


@pytest.mark.parametrize("typed", ["12.00-09.00", "25.00", "เช้า", "9.00-10.00-11.00"])
def test_bad_times(typed):
    with pytest.raises(DateError):
        parse_time_range(typed)


def test_writing_be_dates():
    assert format_date(NOV_2) == "๒ พฤศจิกายน ๒๕๔๙"
    assert format_date(NOV_2, short=True) == "๒ พ.ย. ๔๙"
    assert format_date(NOV_2, thai_digits=False) == "2 พฤศจิกายน 2549"
    assert format_date(dt.date(2026, 12, 31)) == "๓๑ ธันวาคม ๒๕๖๙"
    assert format_date(dt.date(2027, 1, 1)) == "๑ มกราคม ๒๕๗๐"


@given(st.dates(dt.date(1950, 1, 1), dt.date(2150, 12, 31)), st.booleans())
def test_long_form_round_trips(day, thai):
    assert parse_date(format_date(day, thai_digits=thai)) == day
    assert parse_date(to_serial(day)) == day


@given(st.dates(dt.date(1957, 1, 1), dt.date(2056, 12, 31)), st.booleans())
def test_short_form_round_trips_within_be_25xx(day, thai):
    assert parse_date(format_date(day, short=True, thai_digits=thai)) == day
