"""The letter plan (pure): which letters the programme needs now, and the numbers new ones get.

For every activity that is not cancelled and not past, and for every agency other than the sender's own
among its staff, one request letter keyed ACTIVITY/AGENCY. Then, for every chain of letters already
registered (kmsheets.chains): a letter not sent yet whose facts changed is made again under its own number;
one that went out gets a change notice (/C1, /C2, ...), or a cancellation notice (/X) when the activity was
cancelled or removed or the agency's people were all withdrawn; and the letter that asks for consent, sent and
late or nearly so, gets one reminder (/R). Numbers are {prefix}/{n}, n running per Buddhist-Era year.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Collection, Iterable, Mapping, Sequence

from .chains import Chain, Held, chains, reminder_key, request_key
from .facts import difference, facts_now, staff_by_agency
from .model import Activity, FaultyLetter, Facts, Letter, Programme
from .thaidate import be_year, to_arabic_digits, to_thai_digits

KINDS = ("request", "reminder", "change", "cancel")
REMINDER_FLAGS = ("OVERDUE", "DUE_SOON")
_NUMBER_TAIL = re.compile(r"/\s*([0-9๐-๙]+)\s*$")


@dataclass(frozen=True)
class Needed:
    """A letter the programme needs: to one agency, about one activity, saying `facts`."""

    key: str
    kind: str  # request, reminder, change or cancel
    activity_id: str
    agency_id: str
    people: tuple[str, ...]  # whom it names: asked for, or (a cancellation) no longer asked for
    facts: Facts
    follows: str = ""  # the letter it refers to (อ้างถึง): the one a reminder chases, or a notice corrects
    before: Facts | None = None  # a change notice: what the agency had been told
    remake: bool = False  # a registered letter not sent yet, made again under its own number
    reason: str = ""  # a cancellation notice: "cancelled" (the activity) or "withdrawn" (its people)


def letter_serial(number: str) -> int | None:
    """The running number after the last '/', in either digit set: 'นศ ๐๐๑๗.๒/๑๒' -> 12."""
    found = _NUMBER_TAIL.search(number)
    return int(to_arabic_digits(found.group(1))) if found else None


def needed_requests(programme: Programme, sender_agency: str, today: dt.date,
                    activity_ids: Iterable[str] | None = None) -> list[Needed]:
    """One request per (activity, other agency of its staff), for activities not cancelled and not past.

    An activity held today still needs its request: a letter must follow even a phone call made that morning.
    """
    wanted = set(activity_ids) if activity_ids is not None else None
    needed = []
    for activity in programme.activities.values():
        if activity.status == "cancelled" or activity.date < today:
            continue
        if wanted is not None and activity.id not in wanted:
            continue
        for agency_id in staff_by_agency(programme, activity.staff):
            if agency_id != sender_agency:
                facts = facts_now(programme, activity, agency_id)
                needed.append(Needed(request_key(activity.id, agency_id), "request", activity.id, agency_id,
                                     facts.people, facts))
    return needed


def plan_letters(programme: Programme, *, sender_agency: str, today: dt.date, flags: Mapping[str, str],
                 kinds: Sequence[str] = KINDS, activity_ids: Iterable[str] | None = None,
                 finish: Collection[str] = (), busy: Collection[str] = ()) -> list[Needed]:
    """The letters to make now: new requests, then what each registered chain needs, of the `kinds` asked.

    `programme` has every registry row's facts (chains.at_first_sight); `flags` maps registry keys to their
    current flag (flags.compute_flags). `finish` are the keys of rows reserved by a run that stopped (kmsheets.
    ledger): their documents are made now; `busy` those reserved by a run still at work elsewhere: left to it.
    Nothing is planned for what depends on a row with errors.
    """
    wanted = set(activity_ids) if activity_ids is not None else None
    held = Held.of(programme)
    plan = [needed for needed in needed_requests(programme, sender_agency, today, wanted)
            if needed.key not in programme.letters and (needed.activity_id, needed.agency_id) not in held]
    for pair, chain in chains(programme).items():
        if pair not in held and (wanted is None or pair[0] in wanted):
            plan += chain_plan(programme, chain, today, flags, finish=finish, busy=busy)
    return [needed for needed in plan if needed.kind in kinds]


def chain_plan(programme: Programme, chain: Chain, today: dt.date, flags: Mapping[str, str], *,
               finish: Collection[str] = (), busy: Collection[str] = ()) -> list[Needed]:
    """What one chain needs now; see the module's docstring."""
    activity = programme.activities.get(chain.activity_id)
    now = facts_now(programme, activity, chain.agency_id) if activity is not None else None
    plan = [needed for needed in _told(chain, activity, now, today, flags) if needed.key not in busy]
    planned = {needed.key for needed in plan}
    plan += [remake(chain, letter, now) for letter in chain.letters
             if letter.key in finish and letter.key not in planned and letter.key not in chain.void]
    return plan


def _told(chain: Chain, activity: Activity | None, now: Facts | None, today: dt.date,
          flags: Mapping[str, str]) -> list[Needed]:
    """What the agency must be told now, from what it was last told."""
    latest = chain.latest
    if latest is None or latest.facts is None:
        return []
    day = activity.date if activity is not None else latest.facts.date
    if day < today:
        return []  # the day has passed: there is nothing left to tell the agency
    if now is None or activity.status == "cancelled" or not now.people:
        return _cancellation(chain, "cancelled" if now is None or activity.status == "cancelled" else "withdrawn")
    plan = _statement(chain, latest, now)
    if any(needed.kind == "change" and not needed.remake and difference(needed.before, needed.facts).asks_endorsement
           for needed in plan):
        return plan  # a new ask replaces the one reminders chase
    plan += [remake(chain, letter, now) for letter in chain.letters
             if letter.kind == "reminder" and letter.sent is None and letter.facts is not None
             and difference(letter.facts, now) and chain.superseded_by(letter) is None]
    ask = chain.ask
    if (ask is not None and ask.sent is not None and flags.get(ask.key) in REMINDER_FLAGS
            and not chain.has(reminder_key(ask.key))):
        plan.append(Needed(reminder_key(ask.key), "reminder", chain.activity_id, chain.agency_id, now.people, now,
                           follows=ask.key))
    return plan


def _statement(chain: Chain, latest: Letter, now: Facts) -> list[Needed]:
    """A new or re-made statement when the agency was told something the schedule no longer says."""
    told = chain.told(latest)
    if told is None or not difference(told, now):
        return []
    if latest.sent is None and latest.kind != "cancel":
        return [remake(chain, latest, now)]
    return [Needed(chain.next_change_key(), "change", chain.activity_id, chain.agency_id, now.people, now,
                   follows=latest.key, before=told)]


def remake(chain: Chain, letter: Letter, now: Facts | None) -> Needed:
    """A registered letter, not sent yet, made (again) under its own number: with the schedule as it is now,
    or, for a cancellation notice or an activity no longer in the schedule, with what it was made to say."""
    facts = now if now is not None and letter.kind != "cancel" else letter.facts or Facts(letter.issued)
    if letter.kind == "reminder":
        follows = chain.chased(letter)
    else:
        sent = [s for s in chain.earlier(letter) if s.sent is not None]
        follows = sent[-1] if sent else None
    before = chain.before(letter) if letter.kind == "change" else None
    reason = "" if letter.kind != "cancel" else "withdrawn" if now is not None and not now.people else "cancelled"
    return Needed(letter.key, letter.kind, chain.activity_id, chain.agency_id, facts.people, facts,
                  follows=follows.key if follows is not None else "", before=before, remake=True, reason=reason)


def _cancellation(chain: Chain, reason: str) -> list[Needed]:
    """One cancellation notice, when a letter went out and none has withdrawn it since."""
    sent = chain.latest_sent
    if sent is None or chain.closed:
        return []
    told = chain.told(sent)
    return [Needed(chain.next_cancel_key(), "cancel", chain.activity_id, chain.agency_id, told.people, told,
                   follows=sent.key, reason=reason)]


def assign_numbers(plan: Sequence[Needed], letters: Iterable[Letter], issued: dt.date, prefix: str,
                   thai_digits: bool = True, faulty: Iterable[FaultyLetter] = ()) -> dict[str, str]:
    """The number of each new letter of the plan, continuing from the registry's highest of the same BE year.

    Letters made again keep their own number. The registry is the only memory of what was taken: rows
    with errors count too (in their year or, where their date cannot be read, in every year).
    """
    year = be_year(issued)
    n = max([letter.serial for letter in letters if be_year(letter.issued) == year]
            + [f.serial for f in faulty if f.serial and (f.issued is None or be_year(f.issued) == year)],
            default=0)
    numbers = {}
    for needed in plan:
        if not needed.remake:
            n += 1
            numbers[needed.key] = format_number(prefix, n, thai_digits)
    return numbers


def format_number(prefix: str, n: int, thai_digits: bool = True) -> str:
    number = f"{prefix}/{n}"
    return to_thai_digits(number) if thai_digits else number
