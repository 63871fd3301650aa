"""`kmsheets sync`: compute every flag and note, and write back only the cells whose value changed.

A flag is a code (MISSED, OVERDUE, ...) everywhere but in the sheet, which shows its label in the configured
language: the conversion happens here, where the cells are compared and written, so a sheet holding the
other language's labels, or the codes of an older kmsheets, is rewritten with the right labels.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from dataclasses import asdict, dataclass, field
from typing import Mapping

from .backends import Backend, CellWrite, open_backend
from .backends.base import Skipped
from .bulk import without_cycle_collection
from .config import Config
from .chains import at_first_sight
from .errors import AccessError
from .facts import format_facts
from .flaglabels import code_of, label
from .flags import Flag, Rule, compute_flags
from .lock import workbook_lock
from .messages import message
from .model import Programme
from .validate import Problem, exit_code, validate

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Change:
    """One flag or note cell to write; a flag's `old` and `new` are codes where the text is one."""

    tab: str
    key: str
    field: str
    old: str
    new: str

    def text(self, language: str) -> str:
        """What the cell holds once written: a flag as its label in `language`."""
        return label(self.new, language) if self.field == "flag" else self.new


@dataclass
class SyncResult:
    today: dt.date
    changes: list[Change] = field(default_factory=list)
    problems: tuple[Problem, ...] = ()
    skipped: list[Skipped] = field(default_factory=list)
    dry_run: bool = False

    @property
    def exit_code(self) -> int:
        """1 when the sheet has errors (their rows were skipped, the rest was written), else 0."""
        return exit_code(self.problems)

    def as_dict(self) -> dict[str, object]:
        return {"today": self.today.isoformat(), "dry_run": self.dry_run,
                "changes": [asdict(c) for c in self.changes],
                "skipped": [{**asdict(s.write), "value": _as_code(s.write), "reason": s.reason()}
                            for s in self.skipped],
                "problems": [p.as_dict() for p in self.problems]}


def flag_rule(config: Config, today: dt.date, programme: Programme) -> Rule:
    """The configured rule; with [endorsement] learn, each agency's lead days learned from `programme`."""
    learned: Mapping[str, int] = {}
    if config.endorsement.learn:
        from .lessons import learned_lead_days  # pandas: loaded only when learning is on

        learned = learned_lead_days(programme, config.endorsement.lead_days)
    return Rule(today, config.endorsement.lead_days, config.endorsement.warn_days, config.sender.agency_id, learned)


def flag_changes(programme: Programme, flags: list[Flag], language: str) -> list[Change]:
    """The flag and note cells whose text in `language` differs from what the sheet holds now."""
    rows: Mapping[str, Mapping] = {"letters": programme.letters, "activities": programme.activities}
    changes = []
    for flag in flags:  # 100,000 at 50,000 rows: a Change is made only for a cell that changes
        record = rows[flag.tab][flag.key]
        if record.flag.strip() != label(flag.flag, language):
            changes.append(Change(flag.tab, flag.key, "flag", code_of(record.flag), flag.flag))
        note = flag.said(language)
        if record.note.strip() != note:
            changes.append(Change(flag.tab, flag.key, "note", record.note, note))
    return changes


def facts_changes(programme: Programme, language: str, thai_digits: bool) -> list[Change]:
    """The registry's facts cells to write: facts seen for the first time, and facts worded in another
    language (or digits) than the configured ones. `programme` has every row's facts (at_first_sight)."""
    changes = []
    for letter in programme.letters.values():
        if letter.facts is not None:
            new = format_facts(letter.facts, language, thai_digits)
            if letter.facts_text.strip() != new:
                changes.append(Change("letters", letter.key, "facts", letter.facts_text, new))
    return changes


def sync(config: Config, *, today: dt.date, dry_run: bool = False, backend: Backend | None = None) -> SyncResult:
    """Validate, compute the flags, and write the changed flag, note and facts cells in one batched write."""
    backend = backend or open_backend(config)
    # A dry run writes nothing, so it needs no lock and may run beside the cron job.
    with contextlib.nullcontext() if dry_run else workbook_lock(backend), without_cycle_collection():
        try:
            return _sync(config, today, dry_run, backend)
        except AccessError as error:
            # Every cell goes in one request (Google) or one atomic file replace (.xlsx): none is half-written.
            raise AccessError(key="sync_failed", error=error.as_message()) from error


def _computed(config: Config, today: dt.date, dry_run: bool, backend: Backend) -> SyncResult:
    """The changes, from a read of the workbook. Its own function so that the programme and the flags are
    let go before the write, which at 50,000 rows needs their room."""
    log.info(message("log_reading", source=backend.describe()))
    validation = validate(backend.read(), config.language, today=today)
    programme, _ = at_first_sight(validation.programme)
    flags = compute_flags(programme, flag_rule(config, today, programme))
    changes = (flag_changes(programme, flags, config.language)
               + facts_changes(programme, config.language, config.letters.thai_digits))
    log.info(message("log_flags_computed", flags=len(flags), cells=len(changes), problems=len(validation.problems)))
    return SyncResult(today, changes, validation.problems, dry_run=dry_run)


def _as_code(write: CellWrite) -> str:
    """A skipped cell's value as --json shows it: a flag by its code, like every change."""
    return code_of(write.value) if write.field == "flag" else write.value


def _sync(config: Config, today: dt.date, dry_run: bool, backend: Backend) -> SyncResult:
    result = _computed(config, today, dry_run, backend)
    if result.changes and not dry_run:
        report = backend.write([CellWrite(c.tab, c.key, c.field, c.text(config.language)) for c in result.changes])
        result.skipped = report.skipped
        log.info(message("log_wrote_cells", cells=len(report.written), skipped=len(report.skipped)))
    return result
