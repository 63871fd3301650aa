"""The programme as typed records, built by validation from the tables: what the pure decisions work on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Mapping


@dataclass(frozen=True)
class Agency:
    id: str
    name: str
    head_title: str
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    role: str  # canonical English: facilitator, sponsor, practitioner, recorder, coordinator, leader
    agency_id: str = ""
    position: str = ""
    tambon: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Activity:
    id: str
    title: str
    date: dt.date
    time: str = ""  # as typed, for the letter
    start: dt.time | None = None
    end: dt.time | None = None
    place: str = ""
    tambon: str = ""
    staff: tuple[str, ...] = ()
    status: str = "planned"  # planned, cancelled, done
    flag: str = ""
    note: str = ""


@dataclass(frozen=True)
class Facts:
    """What a letter told its agency about the activity: the day, the time, the place, and whom it asked for."""

    date: dt.date
    time: str = ""
    place: str = ""
    people: tuple[str, ...] = ()
    title: str = ""


@dataclass(frozen=True)
class Reservation:
    """A registry row whose number a run of `kmsheets letters` took before making its document."""

    run: str  # the run's token
    place: str  # the computer and user it ran as (ledger.this_computer)
    at: dt.datetime  # when, in UTC


@dataclass(frozen=True)
class Letter:
    key: str
    number: str
    serial: int  # the running number after the last '/'
    issued: dt.date
    activity_id: str
    agency_id: str
    kind: str = "request"  # request, reminder, change or cancel
    people: tuple[str, ...] = ()
    subject: str = ""
    doc: str = ""
    sent: dt.date | None = None
    endorsed: dt.date | None = None
    flag: str = ""
    note: str = ""
    facts: Facts | None = None  # None: not recorded yet (a row from before kmsheets kept them, or typed by hand)
    facts_text: str = ""  # the cell as it is, so a change of wording alone is written back
    reserved: Reservation | None = None  # the number is taken, the document not made yet (kmsheets.ledger)


@dataclass(frozen=True)
class FaultyLetter:
    """A registry row that did not validate, with whatever of it can still be read.

    A letter is on record there, so its number is not given again, and no other letter is made for its
    activity and agency, while the row is wrong.
    """

    key: str
    serial: int | None
    issued: dt.date | None
    activity_id: str
    agency_id: str


@dataclass(frozen=True)
class Programme:
    """Every row that validated; rows with errors are left out and reported instead."""

    agencies: Mapping[str, Agency] = field(default_factory=dict)
    people: Mapping[str, Person] = field(default_factory=dict)
    activities: Mapping[str, Activity] = field(default_factory=dict)
    letters: Mapping[str, Letter] = field(default_factory=dict)  # by key, in sheet order
    faulty_letters: tuple[FaultyLetter, ...] = ()
    # Ids typed in the sheet on rows that did not validate, per tab: such a row is still there, so kmsheets
    # decides nothing about it (an activity with an error is not "gone", a person with one not "withdrawn").
    faulty: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def is_faulty(self, tab: str, key: str) -> bool:
        return key in self.faulty.get(tab, frozenset())
