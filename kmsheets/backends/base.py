"""What every backend offers, and the one rule for finding rows again at write time.

People keep editing while kmsheets runs, so a write is addressed by row id and field, never by the row
number it had when read. Just before writing, a backend reads the header and the id column again and
hands them to `locate_writes`, which says where each value goes now, or why it is not written.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Protocol, Sequence

from ..config import WorkbookConfig
from ..errors import SheetError
from ..ledger import parse_reservation
from ..lock import Lockable
from ..messages import message
from ..schema import TABS, ColumnNames
from ..tables import Cell, Workbook, column_letter, row_key

if TYPE_CHECKING:
    from ..formatplan import FormatPlan

log = logging.getLogger(__name__)

# Columns kmsheets adds itself to a tab that lacks them, rather than asking people to: what each letter
# said, and its document (or, until it is made, the reservation of its number).
ADDED_COLUMNS = {"letters": ("facts", "doc")}


@dataclass(frozen=True)
class CellWrite:
    """One cell kmsheets owns, by tab, row id and field.

    `run` addresses a registry row this run reserved (kmsheets.ledger): among the rows with that key, the one
    whose document cell carries the run's mark. Only such writes may change rows `letters` appended.
    """

    tab: str
    key: str
    field: str
    value: str
    run: str = ""


@dataclass(frozen=True)
class Placed:
    write: CellWrite
    row: int  # 1-based sheet row
    column: int  # 0-based


@dataclass(frozen=True)
class Skipped:
    write: CellWrite
    why: str  # a message key: skip_column_gone, skip_row_gone, skip_id_twice, skip_id_moved
    params: Mapping[str, object] = field(default_factory=dict)

    def reason(self, language: str = "en") -> str:
        from ..messages import say

        return say(language, self.why, **self.params)


@dataclass(frozen=True)
class AddedColumn:
    tab: str
    field: str
    cell: str  # its header cell, e.g. N1
    header: str


@dataclass(frozen=True)
class Probe:
    """A workbook's shape as found, without reading it as tables (which stops at the first missing tab or
    column): what `kmsheets doctor` checks. `grids` holds each configured tab that is there, by tab name,
    header row first; a tab that is not there is missing from it."""

    name: str  # how people know the workbook: its path, or the Google Sheet's title
    titles: tuple[str, ...]  # every tab's title, in order
    grids: Mapping[str, list[list[Cell]]]


@dataclass
class WriteReport:
    written: list[Placed] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    appended: dict[str, list[int]] = field(default_factory=dict)  # tab -> sheet rows of appended rows
    added: list[AddedColumn] = field(default_factory=list)


@dataclass(frozen=True)
class FormatState:
    """What `kmsheets format` reads before it writes: each tab's header row, and its own earlier rules."""

    headers: Mapping[str, Sequence[Cell]]  # by tab name
    titles: Mapping[str, str]  # by tab name, as the workbook spells them
    earlier: int  # rules an earlier format made (the next write replaces them); 0: never formatted
    found: Any = field(default=None, compare=False, repr=False)  # what the backend needs to replace them


class Backend(Lockable, Protocol):
    """A workbook: read the tabs at once; write owned cells and append registry rows in one go; and format
    it (one read of its headers and kmsheets' earlier rules, one write of the whole plan). For the lock
    (`Lockable`), where its lock file lives and whether it may be written now."""

    # Whether runs on other computers may write it at the same time: a Google Sheet is, a local file (under
    # its lock) is not.
    shared: bool

    def read(self, tabs: Sequence[str] | None = None) -> Workbook:
        """Every tab, or only `tabs` (the registry read back after reserving numbers)."""

    def probe(self) -> Probe: ...

    def write(self, cells: Sequence[CellWrite],
              appends: Mapping[str, Sequence[Mapping[str, Cell]]] | None = None) -> WriteReport: ...

    def read_format(self) -> FormatState: ...

    def write_format(self, state: FormatState, plan: "FormatPlan") -> None: ...


@dataclass(frozen=True)
class TabNow:
    """A tab as found again just before writing."""

    header: Sequence[Cell]
    columns: Mapping[str, int]  # field -> 0-based column, from the header as it is now
    rows: Sequence[tuple[int, Cell, Cell]]  # (sheet row, id, document cell: read only where reservations matter)


def add_columns(tab: str, now: TabNow, cells: Sequence[CellWrite], language: str,
                appends: Sequence[Mapping[str, Cell]] = ()) -> tuple[TabNow, list[AddedColumn]]:
    """The tab with the columns kmsheets adds itself (ADDED_COLUMNS) that `cells` or the rows to append need
    and the header lacks, each placed after the last header cell in use; and those columns, whose header
    cells the backend writes."""
    wanted = [name for name in ADDED_COLUMNS.get(tab, ()) if name not in now.columns and (
        any(cell.field == name for cell in cells) or any(row.get(name) not in (None, "") for row in appends))]
    if not wanted:
        return now, []
    columns = dict(now.columns)
    width = max([i + 1 for i, cell in enumerate(now.header) if cell not in (None, "")], default=0)
    added = []
    for offset, name in enumerate(wanted):
        columns[name] = width + offset
        header = TABS[tab].field(name).header(language)
        added.append(AddedColumn(tab, name, f"{column_letter(width + offset)}1", header))
        log.info(message("log_added_column", header=added[-1].header, tab=TABS[tab].title, cell=added[-1].cell))
    return TabNow(now.header, columns, now.rows), added


def locate_writes(tab: str, now: TabNow, cells: Sequence[CellWrite]) -> tuple[list[Placed], list[Skipped]]:
    """Place each write on the row that holds its id now; skip it where the id is gone or appears twice.

    A write with a `run` goes to the row of that id whose document cell bears the run's reservation.
    """
    rows: dict[str, list[tuple[int, Cell]]] = {}
    for row, value, doc in now.rows:
        rows.setdefault(row_key(tab, value), []).append((row, doc))
    placed, skipped = [], []
    for cell in cells:
        found = [row for row, doc in rows.get(row_key(tab, cell.key), [])
                 if not cell.run or _reserved_by(doc, cell.run)]
        if cell.field not in now.columns:
            skipped.append(Skipped(cell, "skip_column_gone", {"column": ColumnNames((TABS[tab].field(cell.field),))}))
        elif len(found) != 1:
            skipped.append(Skipped(cell, "skip_id_twice", {"rows": ", ".join(map(str, found))}) if found
                           else Skipped(cell, "skip_row_gone"))
        else:
            placed.append(Placed(cell, found[0], now.columns[cell.field]))
    return placed, skipped


def _reserved_by(doc: Cell, run: str) -> bool:
    reservation = parse_reservation(str(doc or ""))
    return reservation is not None and reservation.run == run


def not_yet_there(tab: str, now: TabNow, rows: Sequence[Mapping[str, Cell]]) -> list[Mapping[str, Cell]]:
    """The rows to append whose id is not in the tab now, `now` being the tab as read just before.

    A registry row is never entered twice: another run, on another machine that this one's lock cannot see,
    may have added the same letter meanwhile.
    """
    present = {row_key(tab, key) for _, key, _ in now.rows}
    fresh = []
    for row in rows:
        if row_key(tab, row[TABS[tab].key]) in present:
            log.warning(message("log_already_there", key=row[TABS[tab].key], tab=TABS[tab].title))
        else:
            fresh.append(row)
    return fresh


def no_tab(workbook: str, config: WorkbookConfig, missing: Iterable[str], present: Iterable[str]) -> SheetError:
    """The error for tabs the workbook lacks: each by its title and the key that names it otherwise."""
    wanted = ", ".join(f"'{config.title(name)}' ([workbook.tabs] {name})" for name in missing)
    return SheetError(key="no_tab", workbook=workbook, wanted=wanted, tabs=", ".join(present))


def registry_row(columns: Mapping[str, int], values: Mapping[str, Cell]) -> list[Cell]:
    """A row laid out for the tab's current columns; columns kmsheets does not know stay empty."""
    width = max(columns.values()) + 1
    row: list[Cell] = [None] * width
    for name, value in values.items():
        if name in columns:
            row[columns[name]] = value
    return row
