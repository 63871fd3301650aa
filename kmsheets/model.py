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
class Letter:
    key: str
    number: str
    serial: int  # the running number after the last '/'
    issued: dt.date
    activity_id: str
    agency_id: str
    kind: str = "request"  # request or reminder
    people: tuple[str, ...] = ()
    subject: str = ""
    doc: str = ""
    sent: dt.date | None = None
    endorsed: dt.date | None = None
    flag: str = ""
    note: str = ""


@dataclass(frozen=True)
class Programme:
    """Every row that validated; rows with errors are left out and reported instead."""

    agencies: Mapping[str, Agency] = field(default_factory=dict)
    people: Mapping[str, Person] = field(default_factory=dict)
    activities: Mapping[str, Activity] = field(default_factory=dict)
    letters: Mapping[str, Letter] = field(default_factory=dict)  # by key, in sheet order
    # Registry rows that did not validate, by key: (running number, issued date), each where it can be read.
    # A letter is still on record there, so its key and number are not issued again while the row is wrong.
    faulty_letters: Mapping[str, tuple[int | None, dt.date | None]] = field(default_factory=dict)
