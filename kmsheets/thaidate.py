"""Read every date and time form a Thai team types; write Buddhist-Era dates with Thai or Arabic digits.

Numeric dates are always day first (the Thai convention). A four-digit year above 2400 is BE (CE + 543),
one from 1900 to 2200 is CE, anything between is neither for certain and so an error; a two-digit year is
BE 25yy. Whatever cannot be read for certain raises DateError: never a guess.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from pythainlp.util import arabic_digit_to_thai_digit, thai_digit_to_arabic_digit
from pythainlp.util.date import thai_abbr_months, thai_full_months

from .errors import DateError

BE_OFFSET = 543
_EPOCH = dt.date(1899, 12, 30)
DATE_FORMS = "write it as 2/11/2569, 2 พ.ย. 2569, ๒ พฤศจิกายน ๒๕๖๙ or 2026-11-02"
ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December")


def _month_names() -> dict[str, int]:
    names: dict[str, int] = {}
    for number, (full, abbr) in enumerate(zip(thai_full_months, thai_abbr_months), start=1):
        names[full] = names[abbr] = names[abbr.replace(".", "")] = number
    for number, name in enumerate(ENGLISH_MONTHS, start=1):
        names[name[:3].lower()] = number
    return names


MONTHS = _month_names()
# pythainlp's thai_strptime raises IndexError on '02/11/2549' and on Thai digits, so dates are read by
# these patterns instead; pythainlp supplies the month names and the digit conversion.
_NUMERIC = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})")
_YEAR_FIRST = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_WORDS = re.compile(r"(?:วันที่\s*)?(\d{1,2})\s*([^\d\s]+)\s*(?:พ\.ศ\.|ค\.ศ\.)?\s*(\d{2}|\d{4})")
_TIME = re.compile(r"(\d{1,2})\s*[.:]\s*(\d{2})")


def to_thai_digits(text: object) -> str:
    return arabic_digit_to_thai_digit(str(text)) if str(text) else ""


def to_arabic_digits(text: object) -> str:
    return thai_digit_to_arabic_digit(str(text)) if str(text) else ""


def be_year(day: dt.date) -> int:
    return day.year + BE_OFFSET


def to_serial(day: dt.date) -> int:
    return (day - _EPOCH).days


def from_serial(serial: float) -> dt.date:
    day = _EPOCH + dt.timedelta(days=int(serial))
    if not 1900 <= day.year <= 2200:
        raise DateError(f"cannot read {serial!r} as a date: as a spreadsheet serial it is the year {day.year}")
    return day


def _clean(value: str) -> str:
    text = "".join(ch for ch in unicodedata.normalize("NFC", value) if unicodedata.category(ch) != "Cf")
    return " ".join(to_arabic_digits(text.replace("\u00a0", " ")).split())


def _ce_year(year: str, typed: str) -> int:
    number = int(year)
    if len(year) == 2:
        return 2500 + number - BE_OFFSET
    if number > 2400:
        return number - BE_OFFSET
    if 1900 <= number <= 2200:
        return number
    raise DateError(f"cannot read {typed!r} as a date: the year {number} is neither Buddhist Era nor "
                    "Common Era for certain", forms=DATE_FORMS)


def _make(year: int, month: int, day: int, typed: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateError(f"cannot read {typed!r} as a date: day {day} of month {month} does not exist") from None


def parse_date(value: object) -> dt.date:
    """A date from a cell: a date, a spreadsheet serial, or text in any form listed in the module doc."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool) or value is None:
        raise DateError(f"cannot read {value!r} as a date", forms=DATE_FORMS)
    if isinstance(value, (int, float)):
        return from_serial(value)
    typed = str(value)
    text = _clean(typed)
    if not text:
        raise DateError("the date is empty", forms=DATE_FORMS)
    if text.isdigit() and len(text) >= 4 and int(text) < 100000:
        return from_serial(int(text))
    if found := _YEAR_FIRST.fullmatch(text):
        year, month, day = found.groups()
        return _make(_ce_year(year, typed), int(month), int(day), typed)
    if found := _NUMERIC.fullmatch(text):
        day, month, year = found.groups()
        return _make(_ce_year(year, typed), int(month), int(day), typed)
    if found := _WORDS.fullmatch(text):
        day, month_name, year = found.groups()
        month = MONTHS.get(month_name) or MONTHS.get(month_name.replace(".", "")) or \
            MONTHS.get(month_name.lower()[:3])
        if month is None:
            raise DateError(f"cannot read {typed!r} as a date: '{month_name}' is not a month",
                            forms=DATE_FORMS)
        return _make(_ce_year(year, typed), month, int(day), typed)
    raise DateError(f"cannot read {typed!r} as a date", forms=DATE_FORMS)


def parse_time_range(value: object) -> tuple[dt.time, dt.time | None]:
    """A time or a range: '09.00-12.00 น.', '9:00 - 12:00', '๑๓.๓๐ น.', 'ทั้งวัน', a time cell or a serial fraction."""
    if isinstance(value, dt.time):
        return value, None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return dt.time(minutes // 60, minutes % 60), None
    typed = str(value)
    text = _clean(typed)
    if text.lower() in ("ทั้งวัน", "all day"):
        return dt.time(0, 0), dt.time(23, 59)
    times = _TIME.findall(text)
    rest = _TIME.sub("", text).replace("น.", "").replace("ถึง", "").strip(" -–—")
    if not times or len(times) > 2 or rest:
        raise DateError(f"cannot read {typed!r} as a time; write it as 09.00-12.00 น. or 13.30 น.")
    try:
        parsed = [dt.time(int(h), int(m)) for h, m in times]
    except ValueError:
        raise DateError(f"cannot read {typed!r} as a time: hours run 0-23 and minutes 0-59") from None
    if len(parsed) == 2 and parsed[1] <= parsed[0]:
        raise DateError(f"cannot read {typed!r} as a time: it ends before it starts")
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
