"""What each command shows a person: a summary table, in Thai or English, coloured only on a terminal.

The library returns results; this module only draws them, so the CLI stays a thin face and `--json`
shows the same results untouched.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Callable, Iterable, Mapping, Sequence, TypeVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from .messages import say
from .schema import TABS
from .tables import shortened
from .thaidate import to_thai_digits

if TYPE_CHECKING:  # sync's summary should not load letters' renderer (python-docx, lxml) to be drawn
    from .backends.base import Skipped
    from .letters import LettersResult, PlannedLetter
    from .sync import Change, SyncResult
    from .validate import Problem

STYLE = {"error": "bold red", "warning": "yellow"}
FLAG_STYLE = {"MISSED": "bold red", "OVERDUE": "bold red", "NO_LETTER": "yellow", "DUE_SOON": "yellow",
              "UNSENT": "yellow", "WAITING": "cyan", "ENDORSED": "green", "CANCELLED": "dim"}
LIMIT = 50  # rows a table shows; beyond, counts and the first rows (a 200,000-row table took a minute to print)
Row = TypeVar("Row")


def problems_table(problems: Sequence[Problem], language: str) -> RenderableType:
    """Every problem; beyond LIMIT, their counts by severity, tab and field, then the first LIMIT."""
    def rows(table: Table, shown: Sequence[Problem]) -> None:
        for p in shown:
            _add(table, Text(say(language, f"severity_{p.severity}"), style=STYLE.get(p.severity, "")),
                 f"{p.tab}!{p.cell}", p.field, shortened(p.value), p.message)
    return _limited(problems, language, ("col_severity", "col_cell", "col_field", "col_value", "col_problem"), rows,
                    ("col_severity", "col_tab", "col_field"),
                    lambda p: (say(language, f"severity_{p.severity}"), p.tab, p.field))


def errors_report(problems: Sequence[Problem], language: str) -> RenderableType | None:
    """Only the rows with errors, or None when there are none: what --quiet shows."""
    errors, parts = _errors_first(problems, language)
    return parts[0] if parts else None


def validation_report(problems: Sequence[Problem], language: str) -> RenderableType:
    errors = sum(p.severity == "error" for p in problems)
    summary = say(language, "summary_validate", errors=errors, warnings=len(problems) - errors)
    return _with_summary([problems_table(problems, language)] if problems else [], summary, errors)


def sync_report(result: SyncResult, language: str, titles: Mapping[str, str]) -> RenderableType:
    """The changed and skipped cells, by tab title (`titles` maps tab names to the workbook's titles)."""
    errors, parts = _errors_first(result.problems, language)
    if result.changes:
        def changes(table: Table, shown: Sequence[Change]) -> None:
            for c in shown:
                _add(table, titles[c.tab], c.key, _column(c.tab, c.field, language), shortened(c.old),
                     Text(shortened(c.new), style=FLAG_STYLE.get(c.new, "")))
        parts.append(_limited(result.changes, language, ("col_tab", "col_id", "col_field", "col_old", "col_new"),
                              changes, ("col_tab", "col_field", "col_new"),
                              lambda c: (titles[c.tab], _column(c.tab, c.field, language),
                                         c.new if c.field == "flag" else "")))
    if result.skipped:
        def skipped(table: Table, shown: Sequence[Skipped]) -> None:
            for s in shown:
                _add(table, titles[s.write.tab], s.write.key, s.write.field, s.reason(language))
        parts.append(_limited(result.skipped, language, ("col_tab", "col_id", "col_field", "col_reason"), skipped,
                              ("col_tab", "col_reason"), lambda s: (titles[s.write.tab], s.reason(language))))
    summary = say(language, "summary_sync_dry" if result.dry_run else "summary_sync", cells=len(result.changes),
                  skipped=len(result.skipped), errors=len(errors))
    return _with_summary(parts, summary, len(errors))


def letters_report(result: LettersResult, language: str) -> RenderableType:
    errors, parts = _errors_first(result.problems, language)
    if result.planned:
        links = {p.key: p.link for p in result.published}

        def letters(table: Table, shown: Sequence[PlannedLetter]) -> None:
            for p in shown:
                _add(table, p.number, say(language, f"kind_{p.needed.kind}"), p.to, p.subject,
                     links.get(p.needed.key) or say(language, "dry_run_mark"))
        parts.append(_limited(result.planned, language, ("col_number", "col_kind", "col_to", "col_subject",
                                                         "col_document"), letters,
                              ("col_kind",), lambda p: (say(language, f"kind_{p.needed.kind}"),)))
    summary = say(language, "summary_letters_dry" if result.dry_run else "summary_letters",
                  letters=len(result.planned), errors=len(errors))
    return _with_summary(parts, summary, len(errors))


def _limited(rows: Sequence[Row], language: str, columns: Sequence[str], fill: Callable[[Table, Sequence[Row]], None],
             count_columns: Sequence[str], count_by: Callable[[Row], tuple[str, ...]]) -> RenderableType:
    """A table of `rows` (`fill` adds them). Beyond LIMIT rows: how many there are of each `count_by`, the
    first LIMIT rows, and a line saying that --json gives them all."""
    table = _table(language, *columns)
    if len(rows) <= LIMIT:
        fill(table, rows)
        return table
    counts = _table(language, *count_columns, "col_count")
    for key, count in sorted(Counter(map(count_by, rows)).items(), key=lambda item: (-item[1], item[0])):
        _add(counts, *key, to_thai_digits(f"{count:,}") if language == "th" else f"{count:,}")
    fill(table, rows[:LIMIT])
    return Group(counts, table, Text(say(language, "rows_shown", shown=LIMIT, total=len(rows)), style="dim"))


def _errors_first(problems: Sequence[Problem], language: str) -> tuple[list[Problem], list[RenderableType]]:
    """The rows with errors (left as they were by the command), as the first table of its report."""
    errors = [p for p in problems if p.severity == "error"]
    return errors, [problems_table(errors, language)] if errors else []


def _column(tab: str, field: str, language: str) -> str:
    """A column as the workbook's header names it, in the language: การติดตาม, not 'flag'."""
    found = TABS[tab].field(field)
    return found.thai if language == "th" else found.english


def _add(table: Table, *cells: str | Text) -> None:
    """A row of plain text: what people typed is shown as typed, never read as rich markup ('[b]...')."""
    table.add_row(*(cell if isinstance(cell, Text) else Text(cell) for cell in cells))


def _table(language: str, *columns: str) -> Table:
    table = Table(show_lines=False, header_style="bold", expand=False)
    for column in columns:
        table.add_column(say(language, column), overflow="fold")
    return table


def _with_summary(parts: Iterable[RenderableType], summary: str, errors: int) -> RenderableType:
    return Group(*parts, Text(summary, style="bold red" if errors else "bold green"))
