"""The letter plan (pure): which letters the programme needs, and the numbers they get.

For every activity that is not cancelled and not past, and for every agency other than the sender's own
among its staff, one request letter keyed ACTIVITY/AGENCY. A reminder follows a request whose endorsement
is late or nearly so. Numbers are {prefix}/{n}, n running per Buddhist-Era calendar year.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from .model import Activity, Letter, Programme
from .thaidate import be_year, to_arabic_digits, to_thai_digits

REMINDER_FLAGS = ("OVERDUE", "DUE_SOON")
_NUMBER_TAIL = re.compile(r"/\s*([0-9๐-๙]+)\s*$")


@dataclass(frozen=True)
class Needed:
    """A letter the programme needs: to one agency, about one activity, requesting some of its staff."""

    key: str
    kind: str  # request or reminder
    activity_id: str
    agency_id: str
    people: tuple[str, ...]
    follows: str = ""  # a reminder: the key of the request it follows


def request_key(activity_id: str, agency_id: str) -> str:
    return f"{activity_id}/{agency_id}"


def reminder_key(request: str) -> str:
    return f"{request}/R"


def letter_serial(number: str) -> int | None:
    """The running number after the last '/', in either digit set: 'นศ ๐๐๑๗.๒/๑๒' -> 12."""
    found = _NUMBER_TAIL.search(number)
    return int(to_arabic_digits(found.group(1))) if found else None


def needed_requests(programme: Programme, sender_agency: str, today: dt.date,
                    activity_ids: Iterable[str] | None = None) -> list[Needed]:
    """One request per (activity, other agency of its staff), for activities not cancelled and not past."""
    wanted = set(activity_ids) if activity_ids is not None else None
    needed = []
    for activity in programme.activities.values():
        if activity.status == "cancelled" or activity.date < today:
            continue
        if wanted is not None and activity.id not in wanted:
            continue
        for agency_id, people in _staff_by_agency(programme, activity).items():
            if agency_id != sender_agency:
                needed.append(Needed(request_key(activity.id, agency_id), "request", activity.id,
                                     agency_id, people))
    return needed


def _staff_by_agency(programme: Programme, activity: Activity) -> dict[str, tuple[str, ...]]:
    groups: dict[str, list[str]] = {}
    for person_id in activity.staff:
        person = programme.people.get(person_id)
        if person is not None and person.agency_id:
            groups.setdefault(person.agency_id, []).append(person_id)
    return {agency: tuple(people) for agency, people in groups.items()}


def plan_letters(programme: Programme, *, sender_agency: str, today: dt.date, flags: Mapping[str, str],
                 kinds: Sequence[str] = ("request", "reminder"),
                 activity_ids: Iterable[str] | None = None) -> list[Needed]:
    """The letters to issue now: needed requests not yet in the registry, and reminders for late ones.

    `flags` maps registry keys to their current flag (flags.letter_flags); a request flagged OVERDUE or
    DUE_SOON, and already sent, gets one reminder (keyed REQUEST/R), once: a key in the registry is never issued again.
    """
    wanted = list(activity_ids) if activity_ids is not None else None
    plan: list[Needed] = []
    if "request" in kinds:
        plan += [n for n in needed_requests(programme, sender_agency, today, wanted)
                 if n.key not in programme.letters and n.key not in programme.faulty_letters]
    if "reminder" in kinds:
        plan += _reminders(programme, flags, wanted)
    return plan


def _reminders(programme: Programme, flags: Mapping[str, str], wanted: list[str] | None) -> list[Needed]:
    reminders = []
    for letter in programme.letters.values():
        # Only a letter that went out can be chased; an unsent one is simply sent.
        if letter.kind != "request" or letter.sent is None or flags.get(letter.key) not in REMINDER_FLAGS:
            continue
        key = reminder_key(letter.key)
        if key in programme.letters or key in programme.faulty_letters or (
                wanted is not None and letter.activity_id not in wanted):
            continue
        reminders.append(Needed(key, "reminder", letter.activity_id, letter.agency_id, letter.people,
                                follows=letter.key))
    return reminders


def assign_numbers(plan: Sequence[Needed], letters: Iterable[Letter], issued: dt.date, prefix: str,
                   thai_digits: bool = True, reserved: Mapping[str, str] | None = None,
                   faulty: Iterable[tuple[int | None, dt.date | None]] = ()) -> dict[str, str]:
    """The number of each planned letter: continuing from the registry's highest of the same BE year.

    `reserved` maps keys to numbers already given to documents that were made but never registered (a run
    interrupted before its registry write): those keys get their number back, and no other key gets it,
    whether or not that key is in this plan. New numbers take the lowest free ones above the registry's
    highest, so a number planned for a letter that was never made is given again rather than left as a gap.
    `faulty` are the (number, issued date) of registry rows that did not validate: their numbers count as
    the registry's, in their year or, where the date cannot be read, in any.
    """
    year = be_year(issued)
    reserved = dict(reserved or {})
    held = {letter_serial(number) for number in reserved.values()}
    numbers = {}
    n = max([letter.serial for letter in letters if be_year(letter.issued) == year]
            + [serial for serial, day in faulty if serial and (day is None or be_year(day) == year)], default=0)
    for needed in plan:
        if needed.key in reserved:
            numbers[needed.key] = reserved[needed.key]
            continue
        n += 1
        while n in held:
            n += 1
        numbers[needed.key] = format_number(prefix, n, thai_digits)
    return numbers


def format_number(prefix: str, n: int, thai_digits: bool = True) -> str:
    number = f"{prefix}/{n}"
    return to_thai_digits(number) if thai_digits else number
