"""The send registry as a ledger (pure): numbers are taken from it before any letter is written.

A Thai office takes a letter's number from the send register first, then writes the letter. kmsheets does the
same: a run appends its new rows with their numbers and, in the document column, a mark saying the number is
reserved and by which run; it reads the registry back, and where another run (on another machine) took the
same key or number meanwhile, it gives way before any document exists. Only then does it make the documents,
and it replaces each mark by the document's link. The registry alone thus says which numbers are taken, which
letters are made, and what an interrupted run left to finish.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import itertools
import re
import socket
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from .model import Reservation
from .plan import format_number, letter_serial
from .tables import Row, letter_key_text
from .thaidate import be_year, parse_date

MARK = "⏳"
_RESERVED = re.compile(MARK + r".*\((?P<run>[0-9a-f]{8})@(?P<place>[0-9a-f]{4}) "
                       r"(?P<at>\d{4}-\d\d-\d\dT\d\d:\d\d)Z\)\s*$")
# A run on another computer may still be making the documents of numbers it reserved this recently: only
# older reservations of other computers are taken over.
STALE_AFTER = dt.timedelta(minutes=15)


def this_computer() -> str:
    """Four hex digits naming this computer and user: runs of the same user here are kept apart by the lock,
    so a reservation of theirs that is not this run's was left by a run that stopped."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no login name in the environment or the password database
        user = ""
    return hashlib.sha256(f"{socket.gethostname()}/{user}".encode("utf-8")).hexdigest()[:4]


def reservation_mark(reservation: Reservation, words: str) -> str:
    """The document cell of a reserved row: '⏳ <words> (<run>@<computer> 2026-11-27T08:30Z)'."""
    at = reservation.at.astimezone(dt.timezone.utc)
    return f"{MARK} {words} ({reservation.run}@{reservation.place} {at:%Y-%m-%dT%H:%M}Z)"


def parse_reservation(doc: str) -> Reservation | None:
    found = _RESERVED.fullmatch(doc.strip())
    if found is None:
        return None
    at = dt.datetime.strptime(found.group("at"), "%Y-%m-%dT%H:%M").replace(tzinfo=dt.timezone.utc)
    return Reservation(found.group("run"), found.group("place"), at)


def abandoned(reservation: Reservation, this: Reservation, *, exclusive: bool) -> bool:
    """Whether the run `this` finishes a row another run reserved: always when it holds the workbook alone
    (`exclusive`: a local file under its lock), and for a reservation made from this computer (its lock keeps
    such runs apart, so that one stopped); else once the reservation is stale."""
    return reservation.run != this.run and (exclusive or reservation.place == this.place
                                            or this.at - reservation.at >= STALE_AFTER)


@dataclass(frozen=True)
class Taken:
    """A registry row as read back after reserving: what it holds and whose reservation it is."""

    row: int
    key: str  # folded (letter_key_text)
    serial: int | None
    year: int | None  # BE year of its issued date
    run: str  # the reserving run's token, or ""


def taken(rows: Iterable[Row]) -> list[Taken]:
    """The registry's rows as the ledger sees them."""
    found = []
    for row in rows:
        reservation = parse_reservation(row.text("doc"))
        try:
            year = be_year(parse_date(row["issued"])) if row["issued"] is not None else None
        except ValueError:  # a DateError: validation reports the cell
            year = None
        found.append(Taken(row.number, letter_key_text(row["key"]), letter_serial(row.text("number")), year,
                           reservation.run if reservation else ""))
    return found


@dataclass(frozen=True)
class Settlement:
    """What a run must do about its reserved rows once it has read the registry back."""

    lost: list[str]  # keys another run reserved first: this run's rows for them are withdrawn, not made
    renumbered: dict[str, str]  # key -> a new number, where another row of the year took this run's first


def settle(rows: Sequence[Taken], run: str, keys: Iterable[str], year: int, prefix: str,
           thai_digits: bool = True, first: int = 1) -> Settlement:
    """Settle this run's reservations (`keys`, for letters of BE `year`) against the registry as read back.

    The row higher up the registry wins both a key and a number: every run reading the same registry comes to
    the same answer without asking the others, and since each run's rows went in as one block, one of two
    runs wins all they both wanted. A run that lost a key gives the letter up (the other run makes it); one
    that lost anything numbers its remaining rows again, in registry order, with the lowest numbers from
    `first` (the lowest it planned) that no winning row holds: so the year's numbers stay unique and without a
    gap, even where a letter it planned was never appended (another run's row had its key already).
    """
    ours = {letter_key_text(key): key for key in keys}
    first_with_key: dict[str, Taken] = {}
    first_with_number: dict[int, Taken] = {}
    for row in rows:
        first_with_key.setdefault(row.key, row)
        if row.serial is not None and row.year in (year, None):
            first_with_number.setdefault(row.serial, row)
    lost = [ours[key] for key, holder in first_with_key.items() if key in ours and holder.run != run]
    mine = [row for row in rows if row.run == run and row.key in ours and row.serial is not None]
    kept = [row for row in mine if ours[row.key] not in lost]
    taken_by_others = {n for n, holder in first_with_number.items() if holder.run != run}
    if not kept or not lost and not any(row.serial in taken_by_others for row in kept):
        return Settlement(lost, {})
    free = (n for n in itertools.count(first) if n not in taken_by_others)
    renumbered = {}
    for row in kept:
        number = next(free)
        if number != row.serial:
            renumbered[ours[row.key]] = format_number(prefix, number, thai_digits)
    return Settlement(lost, renumbered)


def links(registry: Mapping[str, str]) -> dict[str, str]:
    """Registry keys to their document links, leaving out rows whose document is not made yet."""
    return {key: doc for key, doc in registry.items() if doc and parse_reservation(doc) is None}
