"""`kmsheets letters`: the letters the schedule needs, numbered once, rendered, published, registered.

The order makes a crash harmless: plan (pure), number, make the documents, and only then append them to the
registry in one write. A rerun after a crash finds the documents already made, by key, and gives them their
number back instead of making second copies.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from .backends import Backend, open_backend
from .config import Config
from .errors import AccessError, ConfigError
from .flags import Rule, compute_flags
from .lock import workbook_lock
from .model import Programme
from .plan import Needed, assign_numbers, plan_letters
from .publishers import Publisher, Published, Rendered, open_publisher
from .render import render_letter
from .tables import Cell
from .thaidate import be_year, format_date, to_arabic_digits
from .validate import Problem, validate

log = logging.getLogger(__name__)

BUNDLED_TEMPLATES = Path(__file__).parent / "templates"  # a link to the top-level templates/, packaged
SUBJECTS = {"request": "ขอความอนุเคราะห์บุคลากรร่วมกิจกรรม{title}",
            "reminder": "ขอความอนุเคราะห์บุคลากรร่วมกิจกรรม{title}"}  # a reminder keeps the original เรื่อง


@dataclass(frozen=True)
class PlannedLetter:
    needed: Needed
    number: str
    subject: str
    to: str  # the agency's name
    addressee: str  # its head, by position


@dataclass
class LettersResult:
    today: dt.date
    planned: list[PlannedLetter] = field(default_factory=list)
    published: list[Published] = field(default_factory=list)
    problems: tuple[Problem, ...] = ()
    dry_run: bool = False

    @property
    def exit_code(self) -> int:
        return 1 if any(p.severity == "error" for p in self.problems) else 0

    def as_dict(self) -> dict[str, Any]:
        links = {p.key: p.link for p in self.published}
        return {"today": self.today.isoformat(), "dry_run": self.dry_run,
                "letters": [{**asdict(p.needed), "number": p.number, "subject": p.subject, "to": p.to,
                             "addressee": p.addressee, "link": links.get(p.needed.key, "")}
                            for p in self.planned],
                "problems": [p.as_dict() for p in self.problems]}


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
    return SUBJECTS[needed.kind].format(title=programme.activities[needed.activity_id].title)


def letter_context(programme: Programme, letter: PlannedLetter, issued: dt.date, config: Config) -> dict[str, Any]:
    """Everything a template may print, as one `letter` object; cell text exactly as typed."""
    needed = letter.needed
    activity = programme.activities[needed.activity_id]
    agency = programme.agencies[needed.agency_id]
    sender = programme.agencies[config.sender.agency_id]
    reference = programme.letters.get(needed.follows) if needed.follows else None
    address = list(config.sender.address) or [line.strip() for line in sender.address.splitlines() if line.strip()]
    return {
        "kind": needed.kind,
        "key": needed.key,
        "urgency": urgency(activity.date, issued, config.endorsement.lead_days, config.endorsement.warn_days),
        "number": letter.number,
        "issued": issued,
        "subject": letter.subject,
        "addressee": agency.head_title,
        "reply_by": activity.date - dt.timedelta(days=config.endorsement.lead_days),
        "reference": {"number": reference.number, "issued": reference.issued, "subject": reference.subject}
        if reference else None,
        "enclosures": [],
        "sender": {"name": sender.name, "address": "\n".join(address), "address_lines": address,
                   "phone": config.sender.phone or sender.phone, "fax": config.sender.fax,
                   "email": config.sender.email or sender.email, "unit": config.sender.unit or sender.name},
        "agency": {"id": agency.id, "name": agency.name, "address": agency.address, "phone": agency.phone},
        "people": [{"id": p.id, "name": p.name, "position": p.position, "agency_name": agency.name}
                   for p in (programme.people[i] for i in needed.people)],
        "activity": {"id": activity.id, "title": activity.title, "date": activity.date, "time": activity.time,
                     "place": activity.place, "tambon": activity.tambon},
        "change": None,
        "cancel": None,
        "signatory": {"name": config.sender.signatory, "position": config.sender.position},
        "emblem": str(config.emblem_image() or ""),
    }


def file_name(letter: PlannedLetter, issued: dt.date) -> str:
    """2569-0012_A03-AG02: the BE year and running number first, so the folder sorts as the registry does."""
    serial = to_arabic_digits(letter.number.rsplit("/", 1)[-1]).strip()
    return f"{be_year(issued)}-{int(serial):04d}_{letter.needed.key.replace('/', '-')}"


def registry_values(letter: PlannedLetter, link: str, issued: dt.date, thai_digits: bool) -> dict[str, Cell]:
    needed = letter.needed
    return {"key": needed.key, "number": letter.number, "issued": format_date(issued, thai_digits=thai_digits),
            "kind": needed.kind, "activity_id": needed.activity_id, "agency_id": needed.agency_id,
            "people": ", ".join(needed.people), "subject": letter.subject, "doc": link}


def issue_letters(config: Config, *, today: dt.date, kinds: Sequence[str] = ("request", "reminder"),
                  activity_ids: Iterable[str] | None = None, dry_run: bool = False,
                  backend: Backend | None = None, publisher: Publisher | None = None,
                  progress: Callable[[Published, int], None] | None = None) -> LettersResult:
    """Plan, number, render, publish and register the letters needed as of `today`.

    `progress(letter, total)` is called as each letter is made, `total` being how many this run makes.

    When Google or the disk fails past its retries, the AccessError says how far the run got and to run
    `kmsheets letters` again: the rerun registers the letters already made under the numbers they carry.
    """
    backend = backend or open_backend(config)
    run = _Run()
    with contextlib.nullcontext() if dry_run else workbook_lock(backend.describe()):
        try:
            return _issue(config, today, kinds, activity_ids, dry_run, backend, publisher, progress, run)
        except AccessError as error:
            raise run.failed(error) from error


@dataclass
class _Run:
    """How far a run got, for the message when Google or the disk fails part way."""

    planned: int = 0
    found: int = 0  # made by an earlier run
    made: list[str] = field(default_factory=list)  # made by this one
    registering: bool = False

    def failed(self, error: AccessError) -> AccessError:
        """The error, with how far the run got and what to rerun."""
        if not self.planned:
            return AccessError(key="letters_failed_early", error=str(error).rstrip("."))
        if not self.registering:
            return AccessError(key="letters_failed_making", error=str(error).rstrip("."),
                               made=self.found + len(self.made), planned=self.planned)
        return AccessError(key="letters_failed_registering", error=str(error).rstrip("."), planned=self.planned)


def _issue(config: Config, today: dt.date, kinds: Sequence[str], activity_ids: Iterable[str] | None,
           dry_run: bool, backend: Backend, publisher: Publisher | None,
           progress: Callable[[Published, int], None] | None, run: _Run) -> LettersResult:
    validation = validate(backend.read(), config.language)
    programme = validation.programme
    if config.sender.agency_id not in programme.agencies:
        raise ConfigError(f"[sender] agency_id = {config.sender.agency_id!r} is not a valid row of the "
                          f"agencies tab; write the id of your own office there")
    unknown = sorted(set(activity_ids or ()) - set(programme.activities))
    if unknown:
        raise ConfigError(f"--activity {', '.join(unknown)}: no such activity in the schedule, "
                          "or its row has errors (kmsheets validate says which)")
    flags = {f.key: f.flag for f in compute_flags(programme, Rule.from_config(config, today))
             if f.tab == "letters"}

    plan = plan_letters(programme, sender_agency=config.sender.agency_id, today=today, flags=flags, kinds=kinds,
                        activity_ids=activity_ids)
    result = LettersResult(today, problems=validation.problems, dry_run=dry_run)
    if not plan:
        return result
    if dry_run:
        result.planned = _number(plan, programme, today, config, reserved={})
        return result
    publisher = publisher or open_publisher(config, backend)
    # Documents an earlier run made and never registered, whether this run's letters (--kind, --activity)
    # or not, and even for a letter no longer needed: each keeps its number, which no other letter may take.
    unregistered = {key: doc for key, doc in publisher.existing().items() if key not in programme.letters}
    made = {n.key: unregistered[n.key] for n in plan if n.key in unregistered}
    result.planned = _number(plan, programme, today, config, {k: p.number for k, p in unregistered.items()})
    run.planned, run.found = len(plan), len(made)
    to_make = [p for p in result.planned if p.needed.key not in made]
    log.info("%d letters planned; %d already made by an earlier run", len(plan), len(made))

    def done(letter: Published) -> None:
        run.made.append(letter.key)  # from the publisher's threads: a list append is atomic
        if progress:
            progress(letter, len(to_make))

    rendered = (_render(programme, letter, today, config) for letter in to_make)
    published = {p.key: p for p in [*made.values(), *publisher.publish(rendered, done)]}
    result.published = [published[p.needed.key] for p in result.planned]
    run.registering = True
    backend.write([], {"letters": [registry_values(p, published[p.needed.key].link, today,
                                                   config.letters.thai_digits) for p in result.planned]})
    return result


def _number(plan: Sequence[Needed], programme: Programme, today: dt.date, config: Config,
            reserved: dict[str, str]) -> list[PlannedLetter]:
    numbers = assign_numbers(plan, programme.letters.values(), today, config.sender.prefix,
                             config.letters.thai_digits, reserved, faulty=programme.faulty_letters.values())
    return [PlannedLetter(n, numbers[n.key], subject(n, programme), programme.agencies[n.agency_id].name,
                          programme.agencies[n.agency_id].head_title) for n in plan]


def _render(programme: Programme, letter: PlannedLetter, issued: dt.date, config: Config) -> Rendered:
    folder = config.path(config.letters.templates) if config.letters.templates else BUNDLED_TEMPLATES
    docx = render_letter(folder / f"{letter.needed.kind}.docx", letter_context(programme, letter, issued, config),
                         thai_digits=config.letters.thai_digits)
    return Rendered(letter.needed.key, letter.number, file_name(letter, issued), docx)
