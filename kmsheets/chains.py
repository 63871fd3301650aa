"""The letters to one agency about one activity, read as one correspondence: what is in force, what was replaced.

A request asks an agency's head to release some of their people for an activity. When the schedule changes
after it went out, a change notice (/C1, /C2, ...) says so, and a cancellation notice (/X) withdraws the
request; a reminder (/R) chases whichever letter asks for consent. Each letter's facts say what it told the
agency, so the chain knows what the agency was last told, and which letter's endorsement counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .facts import Difference, difference, facts_now
from .model import Facts, Letter, Programme
from .tables import letter_key_text

STATEMENTS = ("request", "change", "cancel")  # the kinds that tell the agency something new
_CHANGE_NUMBER = re.compile(r"/C(\d+)$")
_CANCEL_NUMBER = re.compile(r"/X(\d*)$")


def request_key(activity_id: str, agency_id: str) -> str:
    return f"{activity_id}/{agency_id}"


def reminder_key(chased: str) -> str:
    return f"{chased}/R"


def change_key(activity_id: str, agency_id: str, n: int) -> str:
    return f"{request_key(activity_id, agency_id)}/C{n}"


def cancel_key(activity_id: str, agency_id: str, n: int = 1) -> str:
    """/X, then /X2 for a second cancellation (after the people were asked for again)."""
    return f"{request_key(activity_id, agency_id)}/X{n if n > 1 else ''}"


@dataclass(frozen=True)
class Chain:
    """Every registered letter to one agency about one activity, in the order they were issued."""

    activity_id: str
    agency_id: str
    letters: tuple[Letter, ...]
    # An unsent notice the schedule has since gone back on (a change to what the agency had been told, or a
    # cancellation of people needed again): it counts for nothing, and is not to be sent, unless the schedule
    # changes again.
    void: frozenset[str] = frozenset()

    @property
    def statements(self) -> list[Letter]:
        return [letter for letter in self.letters if letter.kind in STATEMENTS and letter.key not in self.void]

    @property
    def latest(self) -> Letter | None:
        """The last statement: what the agency was last told (or will be, once it is sent)."""
        statements = self.statements
        return statements[-1] if statements else None

    @property
    def latest_sent(self) -> Letter | None:
        """The last statement that went out."""
        sent = [letter for letter in self.statements if letter.sent is not None]
        return sent[-1] if sent else None

    @property
    def closed(self) -> bool:
        """The last statement withdrew the request: the agency was told it is no longer needed."""
        return self.latest is not None and self.latest.kind == "cancel"

    def told(self, letter: Letter) -> Facts | None:
        """What `letter` told the agency; a cancellation notice asks for no one."""
        if letter.facts is None or letter.kind != "cancel":
            return letter.facts
        return replace(letter.facts, people=())

    def earlier(self, letter: Letter) -> list[Letter]:
        """The statements issued before `letter` (void ones aside)."""
        statements = self.statements
        return [s for s in self.letters[:self.letters.index(letter)] if s in statements]

    def before(self, letter: Letter) -> Facts | None:
        """What the agency had been told before `letter`; None before the first statement."""
        earlier = self.earlier(letter)
        return self.told(earlier[-1]) if earlier else None

    def change(self, letter: Letter) -> Difference | None:
        """What a change notice changed, from the statement before it."""
        before, after = self.before(letter), self.told(letter)
        return difference(before, after) if before is not None and after is not None else None

    def asks(self, letter: Letter) -> bool:
        """Whether a statement asks for the head's consent: a request, or a change of day, time or people."""
        if letter.kind == "request":
            return True
        if letter.kind != "change":
            return False
        found = self.change(letter)
        return found is None or found.asks_endorsement

    @property
    def ask(self) -> Letter | None:
        """The letter whose endorsement releases the people: the last request or change that asked for it."""
        asking = [letter for letter in self.statements if self.asks(letter)]
        if not asking or self.closed:
            return None
        return asking[-1]

    def chased(self, reminder: Letter) -> Letter | None:
        """The letter a reminder follows up."""
        return next((letter for letter in self.letters if reminder_key(letter.key) == reminder.key), None)

    def endorsement(self, letter: Letter) -> Letter | None:
        """The letter whose endorsement settles `letter`: itself when it asks, else the ask in force when it was
        issued (a reminder: the letter it chases; a notice of a new place: the request, which still holds)."""
        if letter.kind == "reminder":
            return self.chased(letter)
        if self.asks(letter):
            return letter
        earlier = [s for s in self.earlier(letter) if self.asks(s)]
        return earlier[-1] if earlier else None

    def superseded_by(self, letter: Letter) -> Letter | None:
        """The later ask that replaced the one `letter` stands for, if any."""
        stands_for = self.endorsement(letter) if letter.kind != "cancel" else letter
        ask = self.ask
        if stands_for is None or ask is None or stands_for is ask:
            return None
        return ask if self.letters.index(ask) > self.letters.index(stands_for) else None

    def next_change_key(self) -> str:
        return change_key(self.activity_id, self.agency_id, self._next(_CHANGE_NUMBER))

    def next_cancel_key(self) -> str:
        return cancel_key(self.activity_id, self.agency_id, self._next(_CANCEL_NUMBER))

    def _next(self, numbered: re.Pattern[str]) -> int:
        return max((int(found.group(1) or 1) for letter in self.letters if (found := numbered.search(letter.key))),
                   default=0) + 1

    def has(self, key: str) -> bool:
        return any(letter.key == key for letter in self.letters)


def issue_order(letter: Letter) -> tuple:
    """Letters in the order they were issued: by date, then running number."""
    return letter.issued, letter.serial


def chains(programme: Programme) -> dict[tuple[str, str], Chain]:
    """Every (activity, agency) the registry has letters for, with its chain."""
    grouped: dict[tuple[str, str], list[Letter]] = {}
    for letter in programme.letters.values():
        grouped.setdefault((letter.activity_id, letter.agency_id), []).append(letter)
    found = {}
    for pair, letters in grouped.items():
        chain = Chain(*pair, tuple(sorted(letters, key=issue_order)))
        found[pair] = replace(chain, void=_void(programme, chain))
    return found


def _void(programme: Programme, chain: Chain) -> frozenset[str]:
    """The chain's last statement, when it is not sent and the schedule went back on it (Chain.void)."""
    latest, activity = chain.latest, programme.activities.get(chain.activity_id)
    if latest is None or latest.sent is not None or activity is None or activity.status == "cancelled":
        return frozenset()
    now = facts_now(programme, activity, chain.agency_id)
    if latest.kind == "cancel":
        return frozenset({latest.key}) if now.people else frozenset()
    before = chain.before(latest)
    if latest.kind != "change" or before is None or difference(before, now):
        return frozenset()
    return frozenset({latest.key})


def at_first_sight(programme: Programme) -> tuple[Programme, dict[str, Facts]]:
    """The programme with every registry row's facts known, and the facts that were not recorded yet.

    A row from before kmsheets kept facts, or one typed by hand, takes the schedule as it is now as what its
    letter said: so a first look raises no false alarm, and from then on a change is noticed. Not while a row
    it depends on has an error (Held): what it would record could be wrong.
    """
    recorded: dict[str, Facts] = {}
    held = Held.of(programme)  # a person row with an error would be missing from what is recorded
    for letter in programme.letters.values():
        activity = programme.activities.get(letter.activity_id)
        if letter.facts is None and activity is not None and (letter.activity_id, letter.agency_id) not in held:
            recorded[letter.key] = facts_now(programme, activity, letter.agency_id)
    if not recorded:
        return programme, recorded
    letters = {key: replace(letter, facts=recorded[key]) if key in recorded else letter
               for key, letter in programme.letters.items()}
    return replace(programme, letters=letters), recorded


@dataclass(frozen=True)
class Held:
    """What nothing may be decided for while a row it depends on has an error: the letters of a pair with a
    faulty registry row (the pair its activity and agency cells name, and the one its key names), of a faulty
    agency or activity, and every letter of an activity whose staff names a person whose row is faulty (whose
    agency, then, cannot be known)."""

    pairs: frozenset[tuple[str, str]]  # folded (letter_key_text) activity and agency ids
    activities: frozenset[str]
    agencies: frozenset[str]

    @classmethod
    def of(cls, programme: Programme) -> "Held":
        activities = {activity.id for activity in programme.activities.values()
                      if any(programme.is_faulty("people", person) for person in activity.staff)}
        pairs = set()
        for faulty in programme.faulty_letters:
            pairs.add(_folded_pair(faulty.activity_id, faulty.agency_id))
            parts = letter_key_text(faulty.key).split("/")
            if len(parts) >= 2:
                pairs.add((parts[0], parts[1]))
        return cls(frozenset(pairs), frozenset(activities | programme.faulty.get("activities", frozenset())),
                   frozenset(programme.faulty.get("agencies", frozenset())))

    def __contains__(self, pair: tuple[str, str]) -> bool:
        return _folded_pair(*pair) in self.pairs or pair[0] in self.activities or pair[1] in self.agencies


def _folded_pair(activity_id: str, agency_id: str) -> tuple[str, str]:
    return letter_key_text(activity_id), letter_key_text(agency_id)
