"""What every backend offers, and the one rule for finding rows again at write time.

People keep editing while kmsheets runs, so a write is addressed by row id and field, never by the row
number it had when read. Just before writing, a backend reads the header and the id column again and
hands them to `locate_writes`, which says where each value goes now, or why it is not written.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Mapping, Protocol, Sequence

from ..schema import TABS
from ..tables import Cell, Workbook, key_text

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CellWrite:
    """One cell kmsheets owns (a flag or a note), by tab, row id and field."""

    tab: str
    key: str
    field: str
    value: str


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


class Backend(Protocol):
    """A workbook: read every tab at once; write owned cells and append registry rows in one go."""

    def describe(self) -> str: ...

    def read(self) -> Workbook: ...

    def probe(self) -> Probe: ...

    def write(self, cells: Sequence[CellWrite],
              appends: Mapping[str, Sequence[Mapping[str, Cell]]] | None = None) -> WriteReport: ...


def locate_writes(tab: str, columns: Mapping[str, int], keys: Sequence[tuple[int, Cell]],
                  cells: Sequence[CellWrite]) -> tuple[list[Placed], list[Skipped]]:
    """Place each write on the row that holds its id now; skip it where the id is gone or appears twice.

    `columns` is the tab's field -> column map from the header as it is now, `keys` the (row, id cell)
    pairs of the id column as it is now.
    """
    rows: dict[str, list[int]] = {}
    for row, value in keys:
        rows.setdefault(key_text(value), []).append(row)
    placed, skipped = [], []
    for cell in cells:
        found = rows.get(key_text(cell.key), [])
        if cell.field not in columns:
            skipped.append(Skipped(cell, "skip_column_gone", {"column": TABS[tab].field(cell.field).thai}))
        elif len(found) != 1:
            skipped.append(Skipped(cell, "skip_id_twice", {"rows": ", ".join(map(str, found))}) if found
                           else Skipped(cell, "skip_row_gone"))
        else:
            placed.append(Placed(cell, found[0], columns[cell.field]))
    return placed, skipped


def not_yet_there(tab: str, keys: Sequence[tuple[int, Cell]],
                  rows: Sequence[Mapping[str, Cell]]) -> list[Mapping[str, Cell]]:
    """The rows to append whose id is not in the tab now, `keys` being its id column as read just before.

    A registry row is never entered twice: another run, on another machine that this one's lock cannot see,
    may have added the same letter meanwhile.
    """
    present = {key_text(key) for _, key in keys}
    fresh = []
    for row in rows:
        if key_text(row[TABS[tab].key]) in present:
            log.warning("%s is already in the %s tab (another run added it meanwhile): not added twice",
                        row[TABS[tab].key], tab)
        else:
            fresh.append(row)
    return fresh


def registry_row(columns: Mapping[str, int], values: Mapping[str, Cell]) -> list[Cell]:
    """A row laid out for the tab's current columns; columns kmsheets does not know stay empty."""
    width = max(columns.values()) + 1
    row: list[Cell] = [None] * width
    for name, value in values.items():
        if name in columns:
            row[columns[name]] = value
    return row
