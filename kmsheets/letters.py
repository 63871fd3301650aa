"""`kmsheets letters`: the letters the schedule needs, numbered in the registry first, then made and linked.

The order is a Thai send register's (kmsheets.ledger): plan (pure); reserve the new rows, numbers and all, in
the registry; read it back and give way where another run took a key or a number meanwhile; only then render
and publish each document, and fill in its link. A crash at any point leaves the registry saying what is
taken and what is still to make, and the next run finishes it under the same numbers. Letters not sent yet
whose facts changed are made again in place: same number, same row, same document.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from .backends import Backend, CellWrite, open_backend
from .chains import at_first_sight, chains
from .config import Config
from .errors import AccessError, ConfigError
from .facts import difference, format_facts
from .flags import compute_flags
from .ledger import abandoned, reservation_mark, settle, taken, this_computer
from .lock import workbook_lock
from .messages import message, say
from .model import Facts, Letter, Programme, Reservation
from .plan import KINDS, Needed, assign_numbers, letter_serial, plan_letters
from .publishers import Publisher, Published, Rendered, open_publisher
from .render import render_letter
from .schema import LETTERS, kind_label
from .sync import flag_rule
from .tables import Cell, letter_key_text
from .thaidate import be_year, format_date
from .validate import Problem, exit_code, validate

log = logging.getLogger(__name__)

BUNDLED_TEMPLATES = Path(__file__).parent / "templates"  # a link to the top-level templates/, packaged
SUBJECTS = {"request": "ขอความอนุเคราะห์บุคลากรร่วมกิจกรรม{title}",
            "change": "แจ้งเปลี่ยนแปลงกำหนดการกิจกรรม{title}",
            "cancel": "แจ้งยกเลิกการขอความอนุเคราะห์บุคลากรร่วมกิจกรรม{title}"}
SETTLE_ROUNDS = 5  # read-backs before a run gives up on agreeing numbers with runs elsewhere
REGISTRY_FIELDS = [f.name for f in LETTERS.fields]  # emptied when a run gives a reservation up


@dataclass(frozen=True)
class PlannedLetter:
    needed: Needed
    number: str
    issued: dt.date
    subject: str
    to: str  # the agency's name
    addressee: str  # its head, by position
    run: str = ""  # the run whose reservation holds its registry row, while its document is not made


@dataclass
class LettersResult:
    today: dt.date
    planned: list[PlannedLetter] = field(default_factory=list)
    published: list[Published] = field(default_factory=list)
    problems: tuple[Problem, ...] = ()
    dry_run: bool = False
    given_up: list[str] = field(default_factory=list)  # keys another run reserved first: it makes them

    @property
    def exit_code(self) -> int:
        return exit_code(self.problems)

    def as_dict(self) -> dict[str, Any]:
        links = {p.key: p.link for p in self.published}
        return {"today": self.today.isoformat(), "dry_run": self.dry_run,
                "letters": [{"key": p.needed.key, "kind": p.needed.kind, "activity_id": p.needed.activity_id,
                             "agency_id": p.needed.agency_id, "people": list(p.needed.people),
                             "follows": p.needed.follows, "remake": p.needed.remake, "number": p.number,
                             "subject": p.subject, "to": p.to, "addressee": p.addressee,
                             "link": links.get(p.needed.key, "")} for p in self.planned],
                "given_up": self.given_up,
                "problems": [p.as_dict() for p in self.problems]}


@dataclass(frozen=True)
class Sender:
    """Who sends and signs: the [sender] settings and the sender's own row of the agencies tab."""

    name: str
    address: str
    phone: str
    unit: str
    signatory: str
    position: str
    fax: str = ""
    email: str = ""
    address_lines: tuple[str, ...] = ()  # as the office writes its address; () = `address` split at its line breaks
    emblem: str = ""  # the Garuda emblem's image file its letterhead prints, or ""

    @classmethod
    def of(cls, config: Config, programme: Programme) -> "Sender":
        agency = programme.agencies[config.sender.agency_id]
        return cls(agency.name, agency.address, config.sender.phone or agency.phone, config.sender.unit or agency.name,
                   config.sender.signatory, config.sender.position, config.sender.fax,
                   config.sender.email or agency.email, config.sender.address, str(config.emblem_image() or ""))


def urgency(activity_date: dt.date, today: dt.date, lead_days: int, warn_days: int) -> str:
    """ด่วนที่สุด once the endorsement is due, ด่วนมาก within the warning days of it, ด่วน within a week more."""
    left = (activity_date - today).days - lead_days
    if left <= 0:
        return "ด่วนที่สุด"
    if left <= warn_days:
        return "ด่วนมาก"
    if left <= warn_days + 7:
        return "ด่วน"
    return ""


def subject(needed: Needed, programme: Programme) -> str:
    """เรื่อง: a reminder keeps the subject of the letter it chases."""
    chased = programme.letters.get(needed.follows) if needed.kind == "reminder" else None
    if chased is not None and chased.subject:
        return chased.subject
    return SUBJECTS["request" if needed.kind == "reminder" else needed.kind].format(title=needed.facts.title)


def reply_by(needed: Needed, lead_days: int) -> dt.date | None:
    """The day the agency is asked to answer by: the endorsement's due date, where the letter asks for one."""
    asks = needed.kind in ("request", "reminder") or (
        needed.kind == "change" and (needed.before is None or difference(needed.before, needed.facts).asks_endorsement))
    return needed.facts.date - dt.timedelta(days=lead_days) if asks else None


def letter_context(letter: PlannedLetter, programme: Programme, sender: Sender, *, lead_days: int,
                   warn_days: int) -> dict[str, Any]:
    """Everything a template may print, as one `letter` object (kmsheets/render.py lists it); cell text as typed."""
    needed, facts = letter.needed, letter.needed.facts
    agency = programme.agencies[needed.agency_id]
    activity = programme.activities.get(needed.activity_id)
    reference = programme.letters.get(needed.follows) if needed.follows else None
    address = list(sender.address_lines) or [line.strip() for line in sender.address.splitlines() if line.strip()]

    def people(ids: Iterable[str]) -> list[dict[str, str]]:
        found = [programme.people.get(i) for i in ids]
        return [{"id": p.id, "name": p.name, "position": p.position, "agency_name": agency.name} if p else
                {"id": i, "name": i, "position": "", "agency_name": agency.name} for i, p in zip(ids, found)]

    change = None
    if needed.kind == "change" and needed.before is not None:
        found = difference(needed.before, facts)
        change = {"before": {"date": needed.before.date, "time": needed.before.time, "place": needed.before.place},
                  "changed": list(found.changed), "added": people(found.added),
                  "withdrawn": people(found.withdrawn), "asks_endorsement": found.asks_endorsement}
    return {
        "kind": needed.kind,
        "key": needed.key,
        "urgency": urgency(facts.date, letter.issued, lead_days, warn_days) if needed.kind != "cancel" else "",
        "number": letter.number,
        "issued": letter.issued,
        "subject": letter.subject,
        "addressee": agency.head_title,
        "reply_by": reply_by(needed, lead_days),
        "reference": {"number": reference.number, "issued": reference.issued, "subject": reference.subject}
        if reference else None,
        "enclosures": [],
        "sender": {"name": sender.name, "address": "\n".join(address), "address_lines": address,
                   "phone": sender.phone, "fax": sender.fax, "email": sender.email, "unit": sender.unit},
        "agency": {"id": agency.id, "name": agency.name, "address": agency.address, "phone": agency.phone},
        "people": people(needed.people),
        "activity": {"id": needed.activity_id, "title": facts.title, "date": facts.date, "time": facts.time,
                     "place": facts.place, "tambon": activity.tambon if activity else ""},
        "change": change,
        "cancel": {"reason": needed.reason} if needed.kind == "cancel" else None,
        "signatory": {"name": sender.signatory, "position": sender.position},
        "emblem": sender.emblem,
    }


_UNSAFE = re.compile(r"[^\w.-]+")
NAME_LIMIT = 80  # characters of a key kept in a file name: Windows paths stop at 260


def file_name(letter: PlannedLetter) -> str:
    """2569-0012_A03-AG02: the BE year and running number first, so the folder sorts as the registry does.

    The key is made safe for every file system: no separators or line breaks, and no longer than NAME_LIMIT.
    """
    safe = _UNSAFE.sub("-", letter.needed.key).strip("-.")[:NAME_LIMIT]
    return f"{be_year(letter.issued)}-{letter_serial(letter.number) or 0:04d}_{safe}"


def registry_values(letter: PlannedLetter, doc: str, language: str, thai_digits: bool) -> dict[str, Cell]:
    """A new registry row; `doc` is the reservation mark until the document is made."""
    needed = letter.needed
    return {"key": needed.key, "number": letter.number, "issued": format_date(letter.issued, thai_digits=thai_digits),
            "kind": kind_label(needed.kind, language), "activity_id": needed.activity_id,
            "agency_id": needed.agency_id, "people": ", ".join(needed.people), "subject": letter.subject,
            "facts": format_facts(needed.facts, language, thai_digits), "doc": doc}


def issue_letters(config: Config, *, today: dt.date, kinds: Sequence[str] = KINDS,
                  activity_ids: Iterable[str] | None = None, dry_run: bool = False,
                  backend: Backend | None = None, publisher: Publisher | None = None,
                  progress: Callable[[Published, int], None] | None = None,
                  clock: Callable[[], dt.datetime] | None = None) -> LettersResult:
    """Plan, reserve, render, publish and link the letters needed as of `today`.

    `progress(letter, total)` is called as each letter is made, `total` being how many this run makes;
    `clock` gives the time a reservation is marked with (UTC; the computer's clock by default).

    When Google or the disk fails past its retries, the AccessError says how far the run got and to run
    `kmsheets letters` again: the rerun makes what is reserved and not made yet, under the same numbers.
    """
    backend = backend or open_backend(config)
    run = _Run(Reservation(secrets.token_hex(4), this_computer(), (clock or _utc_now)()))
    with contextlib.nullcontext() if dry_run else workbook_lock(backend):
        try:
            return _issue(config, today, kinds, activity_ids, dry_run, backend, publisher, progress, run)
        except AccessError as error:
            raise run.failed(error) from error


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass
class _Run:
    """This run: its token in reservation marks, and how far it got, for the message when it fails part way."""

    reservation: Reservation  # its token, computer and start, as its reservation marks say them
    planned: int = 0
    reserved: bool = False
    made: list[Published] = field(default_factory=list)
    linking: bool = False

    def failed(self, error: AccessError) -> AccessError:
        said = error.as_message()
        if not self.reserved:
            return AccessError(key="letters_failed_early", error=said)
        if not self.linking:
            return AccessError(key="letters_failed_making", error=said, made=len(self.made), planned=self.planned)
        return AccessError(key="letters_failed_registering", error=said, planned=self.planned)


def _issue(config: Config, today: dt.date, kinds: Sequence[str], activity_ids: Iterable[str] | None,
           dry_run: bool, backend: Backend, publisher: Publisher | None,
           progress: Callable[[Published, int], None] | None, run: _Run) -> LettersResult:
    validation = validate(backend.read(), config.language, today=today)
    if config.sender.agency_id not in validation.programme.agencies:
        raise ConfigError(key="sender_not_an_agency", id=config.sender.agency_id)
    unknown = sorted(set(activity_ids or ()) - set(validation.programme.activities))
    if unknown:
        raise ConfigError(key="unknown_activities", ids=", ".join(unknown))
    programme, recorded = at_first_sight(validation.programme)
    rule = flag_rule(config, today, programme)
    flags = {f.key: f.flag for f in compute_flags(programme, rule) if f.tab == "letters"}
    finish, busy = _reserved(programme, run, exclusive=not backend.shared)
    # Cells of rows already there: facts seen for the first time, numbers given back. They go in the first write.
    writes = _facts_writes(recorded, config) + _given_back(programme, finish, config.language)
    plan = plan_letters(programme, sender_agency=config.sender.agency_id, today=today, flags=flags, kinds=kinds,
                        activity_ids=activity_ids, finish=finish, busy=busy)
    result = LettersResult(today, problems=validation.problems, dry_run=dry_run)
    result.planned = _numbered(plan, programme, today, config)
    if dry_run or not result.planned:
        if writes and not dry_run:
            backend.write(writes)
        return result
    publisher = publisher or open_publisher(config, backend)
    run.planned = len(result.planned)
    result.planned, result.given_up = _reserve(backend, result.planned, writes, config, run)
    run.reserved = True
    publisher.prepare({key: letter.doc for key, letter in programme.letters.items()})
    log.info(message("log_letters_to_make", letters=len(result.planned),
                     remade=sum(p.needed.remake for p in result.planned)))

    def done(letter: Published) -> None:
        run.made.append(letter)  # from the publisher's threads: a list append is atomic
        if progress:
            progress(letter, len(result.planned))

    sender = Sender.of(config, programme)
    rendered = (_render(letter, programme, sender, config, rule.lead_days_for(letter.needed.agency_id))
                for letter in result.planned)
    try:
        published = {p.key: p for p in publisher.publish(rendered, done)}
    except AccessError:
        # Link what was made before the failure, so the rerun has only the rest to make.
        made = {p.key: p for p in run.made}
        with contextlib.suppress(AccessError):
            backend.write(_link_writes([p for p in result.planned if p.needed.key in made], made, programme, config))
        raise
    result.published = [published[p.needed.key] for p in result.planned]
    run.linking = True
    backend.write(_link_writes(result.planned, published, programme, config))
    return result


def _reserved(programme: Programme, run: _Run, *, exclusive: bool) -> tuple[set[str], set[str]]:
    """The registry rows reserved and not made: those a run that stopped left (to finish now), and those a
    run still at work elsewhere holds (to leave to it)."""
    reserved = {key: letter.reserved for key, letter in programme.letters.items() if letter.reserved is not None}
    finish = {key for key, reservation in reserved.items()
              if abandoned(reservation, run.reservation, exclusive=exclusive)}
    return finish, set(reserved) - finish


def _given_back(programme: Programme, finish: set[str], language: str) -> list[CellWrite]:
    """A reservation left by a run that stopped, of a notice the schedule has since gone back on (chains.Chain.
    void): its number stays on record, marked as never made, as a register marks a number given back."""
    void = {key for chain in chains(programme).values() for key in chain.void}
    return [CellWrite("letters", key, "doc", say(language, "reservation_given_back"),
                      programme.letters[key].reserved.run) for key in sorted(finish & void)]


def _numbered(plan: Sequence[Needed], programme: Programme, today: dt.date, config: Config) -> list[PlannedLetter]:
    numbers = assign_numbers(plan, programme.letters.values(), today, config.sender.prefix,
                             config.letters.thai_digits, faulty=programme.faulty_letters)
    planned = []
    for needed in plan:
        agency = programme.agencies[needed.agency_id]
        existing = programme.letters.get(needed.key)
        number = existing.number if existing is not None else numbers[needed.key]
        issued = existing.issued if existing is not None else today
        run = existing.reserved.run if existing is not None and existing.reserved else ""
        planned.append(PlannedLetter(needed, number, issued, subject(needed, programme), agency.name,
                                     agency.head_title, run))
    return sorted(planned, key=lambda letter: (letter.issued, letter_serial(letter.number) or 0))


def _reserve(backend: Backend, planned: list[PlannedLetter], writes: list[CellWrite], config: Config,
             run: _Run) -> tuple[list[PlannedLetter], list[str]]:
    """Take the new letters' numbers in the registry (with `writes` to its other rows, in the same write), and
    settle them with whatever other runs took meanwhile.

    Returns the letters this run makes, with the numbers they ended up with, and the keys it gave up."""
    mark = reservation_mark(run.reservation, say(config.language, "reserved_words"))
    new = [p for p in planned if not p.needed.remake]
    rows = [registry_values(p, mark, config.language, config.letters.thai_digits) for p in new]
    backend.write(writes, {"letters": rows} if rows else None)
    numbers = {p.needed.key: p.number for p in new}
    token = run.reservation.run
    given_up = _settle(backend, numbers, token, be_year(new[0].issued), config) if new else []
    return [replace(p, number=numbers[p.needed.key], run=token) if not p.needed.remake else p
            for p in planned if p.needed.key not in given_up], given_up


def _settle(backend: Backend, numbers: dict[str, str], run: str, year: int, config: Config) -> list[str]:
    """Read the registry back until this run's reservations (of BE `year`) hold; `numbers` is updated where
    one had to move. Returns the keys another run reserved first, whose rows this run has emptied again."""
    given_up: list[str] = []
    first = min(letter_serial(number) or 1 for number in numbers.values())
    for _ in range(SETTLE_ROUNDS):
        registry = taken(backend.read(["letters"])["letters"].rows)
        ours = {row.key for row in registry if row.run == run}
        mine = [key for key in numbers if key not in given_up]
        settlement = settle(registry, run, mine, year, config.sender.prefix, config.letters.thai_digits, first)
        if not settlement.lost and not settlement.renumbered:
            return given_up
        log.warning(message("log_taken_meanwhile", letters=len(settlement.lost), numbers=len(settlement.renumbered),
                            which="; ".join([*settlement.lost,
                                             *(f"{k} -> {n}" for k, n in settlement.renumbered.items())])))
        writes = [CellWrite("letters", key, name, "", run) for key in settlement.lost
                  if letter_key_text(key) in ours for name in REGISTRY_FIELDS]
        writes += [CellWrite("letters", key, "number", number, run) for key, number in settlement.renumbered.items()]
        given_up += settlement.lost
        numbers.update(settlement.renumbered)
        backend.write(writes)
    raise AccessError(key="ledger_unsettled", rounds=SETTLE_ROUNDS)


def _facts_writes(recorded: dict[str, Facts], config: Config) -> list[CellWrite]:
    """The facts of rows seen for the first time (kmsheets.chains.at_first_sight), to keep from now on."""
    return [CellWrite("letters", key, "facts", format_facts(facts, config.language, config.letters.thai_digits))
            for key, facts in recorded.items()]


def _link_writes(planned: Sequence[PlannedLetter], published: dict[str, Published], programme: Programme,
                 config: Config) -> list[CellWrite]:
    """Each letter's link in place of its reservation, and the new facts, subject and people of a letter made
    again (written only where they differ from the registry's)."""
    writes = []
    for letter in planned:
        needed = letter.needed
        values = {"doc": published[needed.key].link}
        if needed.remake:
            values.update(facts=format_facts(needed.facts, config.language, config.letters.thai_digits),
                          subject=letter.subject, people=", ".join(needed.people))
        registered = programme.letters.get(needed.key)
        writes += [CellWrite("letters", needed.key, name, value, letter.run) for name, value in values.items()
                   if registered is None or registered.reserved or value != _registered(registered, name)]
    return writes


def _registered(letter: Letter, name: str) -> str:
    return {"doc": letter.doc, "facts": letter.facts_text, "subject": letter.subject,
            "people": ", ".join(letter.people)}[name]


def _render(letter: PlannedLetter, programme: Programme, sender: Sender, config: Config, lead_days: int) -> Rendered:
    """The letter's document; `lead_days` are its agency's (learned, with [endorsement] learn)."""
    folder = config.path(config.letters.templates) if config.letters.templates else BUNDLED_TEMPLATES
    context = letter_context(letter, programme, sender, lead_days=lead_days, warn_days=config.endorsement.warn_days)
    docx = render_letter(folder / f"{letter.needed.kind}.docx", context, thai_digits=config.letters.thai_digits)
    return Rendered(letter.needed.key, letter.number, be_year(letter.issued), file_name(letter), docx)
