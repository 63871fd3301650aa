"""Read every date and time form a Thai team types; write Buddhist-Era dates with Thai or Arabic digits.

Numeric dates are always day first (the Thai convention). A four-digit year above 2400 is BE (CE + 543),
one from 1900 to 2200 is CE, anything between is neither for certain and so an error; a two-digit year is
BE 25yy. Months may be written in full, abbreviated (with or without dots), the way people say them
(กุมภา, ธันวา) or in English. Whatever cannot be read for certain raises DateError: never a guess.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata

from .thaitext import fold

BE_OFFSET = 543
_EPOCH = dt.date(1899, 12, 30)
# Month by month: the full name, its abbreviation, and the names people write (the spoken short form, and
# a common misspelling of July). The first two are what kmsheets writes.
_THAI_MONTHS = (
    ("มกราคม", "ม.ค.", "มกรา"),
    ("กุมภาพันธ์", "ก.พ.", "กุมภา"),
    ("มีนาคม", "มี.ค.", "มีนา"),
    ("เมษายน", "เม.ย.", "เมษา"),
    ("พฤษภาคม", "พ.ค.", "พฤษภา"),
    ("มิถุนายน", "มิ.ย.", "มิถุนา"),
    ("กรกฎาคม", "ก.ค.", "กรกฎา", "กรกฏาคม", "กรกฏา"),
    ("สิงหาคม", "ส.ค.", "สิงหา"),
    ("กันยายน", "ก.ย.", "กันยา"),
    ("ตุลาคม", "ต.ค.", "ตุลา"),
    ("พฤศจิกายน", "พ.ย.", "พฤศจิกา"),
    ("ธันวาคม", "ธ.ค.", "ธันวา"),
)
# (The two lists keep the names they had when they came from pythainlp: other modules use them.)
thai_full_months = tuple(names[0] for names in _THAI_MONTHS)
thai_abbr_months = tuple(names[1] for names in _THAI_MONTHS)
ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December")
# Every name a month is read by, dots taken out (ม.ค., มค. and ม.ค all read as January).
MONTHS = {name.replace(".", ""): number for number, names in enumerate(_THAI_MONTHS, start=1) for name in names}
MONTHS.update({name[:3].lower(): number for number, name in enumerate(ENGLISH_MONTHS, start=1)})

_NUMERIC = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})")
_YEAR_FIRST = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_WORDS = re.compile(r"(?:วันที่\s*)?(\d{1,2})\s*([^\d\s]+)\s*(?:พ\.ศ\.|ค\.ศ\.)?\s*(\d{2}|\d{4})")
# A time or a range, each time perhaps followed by น. (or น without its dot): 09.00-12.00 น., 9:00 ถึง 16.30 น
_CLOCK = r"(\d{1,2})\s*[.:]\s*(\d{2})(?:\s*น\.?)?"
_TIME = re.compile(rf"{_CLOCK}(?:\s*(?:-|–|—|ถึง)\s*{_CLOCK})?")
_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


class DateError(ValueError):
    """A value that cannot be read as a date or time for certain.

    `reason` is a message key of the catalogue (kmsheets.messages) and `params` its values: whoever tells
    a person about it (validation, the CLI) says it in the person's language.
    """

    def __init__(self, reason: str, **params: object) -> None:
        super().__init__(reason, params)
        self.reason, self.params = reason, params


def to_thai_digits(text: object) -> str:
    return str(text).translate(_THAI)


def to_arabic_digits(text: object) -> str:
    return str(text).translate(_ARABIC)


def be_year(day: dt.date) -> int:
    return day.year + BE_OFFSET


def to_serial(day: dt.date) -> int:
    return (day - _EPOCH).days


def from_serial(serial: float) -> dt.date:
    day = _EPOCH + dt.timedelta(days=int(serial))
    if not 1900 <= day.year <= 2200:
        raise DateError("date_serial_year", year=day.year)
    return day


def _clean(value: str) -> str:
    """Thai digits as Arabic, Thai text in its one form, without invisible characters or extra spaces."""
    return to_arabic_digits(fold("".join(ch for ch in value if unicodedata.category(ch) != "Cf")))


def _ce_year(year: str) -> int:
    number = int(year)
    if len(year) == 2:
        return 2500 + number - BE_OFFSET
    if number > 2400:
        return number - BE_OFFSET
    if 1900 <= number <= 2200:
        return number
    raise DateError("date_year_unsure", year=number)


def _make(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateError("date_no_such_day", day=day, month=month) from None


# A sheet types the same dates and times again and again (every row of a day, every letter's facts): each
# value is read once. typed: True, 1 and 1.0 are different cells.
@functools.lru_cache(maxsize=8192, typed=True)
def parse_date(value: object) -> dt.date:
    """A date from a cell: a date, a spreadsheet serial, or text in any form listed in the module doc."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool) or value is None:
        raise DateError("date_unreadable", typed=str(value))
    if isinstance(value, (int, float)):
        return from_serial(value)
    text = _clean(str(value))
    if not text:
        raise DateError("date_empty")
    if text.isdigit() and len(text) >= 4 and int(text) < 100000:
        return from_serial(int(text))
    if found := _YEAR_FIRST.fullmatch(text):
        year, month, day = found.groups()
        return _make(_ce_year(year), int(month), int(day))
    if found := _NUMERIC.fullmatch(text):
        day, month, year = found.groups()
        return _make(_ce_year(year), int(month), int(day))
    if found := _WORDS.fullmatch(text):
        day, month_name, year = found.groups()
        month = MONTHS.get(month_name.replace(".", "")) or MONTHS.get(month_name.lower()[:3])
        if month is None:
            raise DateError("date_not_a_month", word=month_name)
        return _make(_ce_year(year), month, int(day))
    raise DateError("date_unreadable", typed=str(value))


@functools.lru_cache(maxsize=8192, typed=True)
def parse_time_range(value: object) -> tuple[dt.time, dt.time | None]:
    """A time or a range: '09.00-12.00 น.', '9:00 - 12:00', '9.00-12.00 น', '๑๓.๓๐ น.', 'ทั้งวัน', a time cell
    or a serial fraction."""
    if isinstance(value, dt.time):
        return value, None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return dt.time(minutes // 60, minutes % 60), None
    text = _clean(str(value))
    if text.lower() in ("ทั้งวัน", "all day"):
        return dt.time(0, 0), dt.time(23, 59)
    found = _TIME.fullmatch(text)
    if found is None:
        raise DateError("time_unreadable", typed=str(value))
    hours_minutes = [part for part in found.groups() if part is not None]
    try:
        parsed = [dt.time(int(h), int(m)) for h, m in zip(hours_minutes[::2], hours_minutes[1::2])]
    except ValueError:
        raise DateError("time_out_of_range") from None
    if len(parsed) == 2 and parsed[1] <= parsed[0]:
        raise DateError("time_backwards")
    return parsed[0], parsed[1] if len(parsed) == 2 else None


def format_date(day: dt.date, *, short: bool = False, thai_digits: bool = True, language: str = "th") -> str:
    """'๒ พฤศจิกายน ๒๕๔๙', or short '๒ พ.ย. ๔๙'; Arabic digits with thai_digits=False.

    In English: '2 November 2006', or short '2 Nov 2006' (the Common Era year, as English readers count).
    """
    if language == "en":
        month = ENGLISH_MONTHS[day.month - 1]
        return f"{day.day} {month[:3] if short else month} {day.year}"
    if short:
        text = f"{day.day} {thai_abbr_months[day.month - 1]} {be_year(day) % 100:02d}"
    else:
        text = f"{day.day} {thai_full_months[day.month - 1]} {be_year(day)}"
    return to_thai_digits(text) if thai_digits else text


def format_day(day: dt.date, language: str) -> str:
    """A date for a message, never ambiguous about the century: '๑๕ ธันวาคม ๒๕๑๒' in Thai, '15 Dec 1969'."""
    return format_date(day, short=language == "en", language=language)


def format_figure(value: float | None, *, thai_digits: bool = False) -> str:
    """A count or a number of days for people: 12, 4.6 (one decimal), '–' for none; ๑๒ with thai_digits."""
    if value is None or math.isnan(value):
        return "–"
    text = str(round(float(value))) if math.isclose(value, round(value)) else f"{value:.1f}"
    return to_thai_digits(text) if thai_digits else text


def format_month(month: str, *, language: str = "th", short: bool = False, thai_digits: bool = True) -> str:
    """An ISO month ('2026-11') as people name it: 'พฤศจิกายน ๒๕๖๙' (Buddhist Era), short 'พ.ย. ๖๙'; 'Nov 2026'."""
    year, number = (int(part) for part in month.split("-"))
    if language != "th":
        return f"{ENGLISH_MONTHS[number - 1][:3]} {year}"
    be = year + BE_OFFSET
    text = f"{thai_abbr_months[number - 1]} {be % 100:02d}" if short else f"{thai_full_months[number - 1]} {be}"
    return to_thai_digits(text) if thai_digits else text
