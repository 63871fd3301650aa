"""What a letter told its agency, kept in the registry beside it, and how that compares with the schedule now.

Each registry row keeps, in its own column, the facts its letter stated: the activity, its date, time and
place, and the people of that agency it asked for. It is plain text a person can read, one item a line:

    กิจกรรม: เวทีแลกเปลี่ยนเรียนรู้
    วันที่: ๒๗ ธ.ค. ๖๙
    เวลา: 09.00-12.00 น.
    สถานที่: ศาลาหมู่บ้าน
    บุคลากร: P02, P03

written in the configured language and read back in either. Comparing those facts with the schedule now is
how kmsheets notices that a letter no longer says what will happen.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Mapping

from .model import Activity, Facts, Programme
from .thaidate import DateError, format_date, parse_date, parse_time_range

# One label per item and language, in the order they are written; either language's label is read.
LABELS = {"title": ("กิจกรรม", "Activity"), "date": ("วันที่", "Date"), "time": ("เวลา", "Time"),
          "place": ("สถานที่", "Place"), "people": ("บุคลากร", "People")}
_FIELD_OF = {label.casefold(): name for name, labels in LABELS.items() for label in labels}
_PEOPLE = re.compile(r"[,;\s]+")
# What a change notice compares, in the order a letter states them.
COMPARED = ("date", "time", "place", "people")


def format_facts(facts: Facts, language: str = "th", thai_digits: bool = True) -> str:
    """The registry cell's text; see the module's docstring."""
    index = 0 if language == "th" else 1
    day = format_date(facts.date, short=True, thai_digits=thai_digits, language=language)
    values = {"title": facts.title, "date": day, "time": facts.time, "place": facts.place,
              "people": ", ".join(facts.people)}
    return "\n".join(f"{LABELS[name][index]}: {_one_line(value)}" for name, value in values.items())


def parse_facts(text: str) -> Facts | None:
    """The facts in a registry cell, or None when it holds none (or nothing kmsheets can read for certain)."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        label, colon, value = line.partition(":")
        name = _FIELD_OF.get(label.strip().casefold())
        if not colon or name is None:
            if line.strip():
                return None
            continue
        values[name] = value.strip()
    try:
        day = parse_date(values.get("date", ""))
    except DateError:
        return None
    return Facts(day, values.get("time", ""), values.get("place", ""),
                 tuple(p for p in _PEOPLE.split(values.get("people", "")) if p), values.get("title", ""))


def _one_line(value: str) -> str:
    """A cell's text on one line: a place typed over two lines would otherwise end the item early."""
    return " ".join(value.split())


def staff_by_agency(programme: Programme, activity_staff: Iterable[str]) -> Mapping[str, tuple[str, ...]]:
    """The activity's people grouped by their agency, in the order the staff cell names them."""
    groups: dict[str, list[str]] = {}
    for person_id in activity_staff:
        person = programme.people.get(person_id)
        if person is not None and person.agency_id:
            groups.setdefault(person.agency_id, []).append(person_id)
    return {agency: tuple(people) for agency, people in groups.items()}


def facts_now(programme: Programme, activity: Activity, agency_id: str) -> Facts:
    """What a letter about `activity` to `agency_id` would say today; no people when none of theirs is on it."""
    people = staff_by_agency(programme, activity.staff).get(agency_id, ())
    return Facts(activity.date, _one_line(activity.time), _one_line(activity.place), people, activity.title)


@dataclass(frozen=True)
class Difference:
    """How the schedule now differs from what a letter said."""

    before: Facts
    after: Facts
    changed: tuple[str, ...]  # of COMPARED, in that order
    added: tuple[str, ...] = ()  # people ids
    withdrawn: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.changed)

    @property
    def asks_endorsement(self) -> bool:
        """A new day, a new time or more people needs the head's consent again; a new place is news only."""
        return "date" in self.changed or "time" in self.changed or bool(self.added)


def difference(before: Facts, after: Facts) -> Difference:
    """What changed from `before` to `after`: the title is not compared (a corrected typo is no news)."""
    added = tuple(p for p in after.people if p not in before.people)
    withdrawn = tuple(p for p in before.people if p not in after.people)
    changed = tuple(name for name, differs in (
        ("date", before.date != after.date),
        ("time", not _same_time(before.time, after.time)),
        ("place", _folded(before.place) != _folded(after.place)),
        ("people", bool(added or withdrawn))) if differs)
    return Difference(before, after, changed, added, withdrawn)


def _same_time(one: str, other: str) -> bool:
    """'09.00-12.00 น.' and '9:00 - 12:00' are the same time; text that is no time is compared as text."""
    try:
        return parse_time_range(one) == parse_time_range(other)
    except DateError:
        return _folded(one) == _folded(other)


def _folded(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()
