"""A local .xlsx workbook: the default, needing no Google account.

A read streams each tab's XML once. A write splices the changed cells into the XML of the tabs it touches
and replaces the file atomically: formatting, formulas, other tabs and other columns survive byte for
byte, and a crash never leaves half a file. See `sheetxml` for why this is not done through openpyxl.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree.ElementTree import ParseError

from ..bulk import without_cycle_collection
from ..config import WorkbookConfig
from ..errors import AccessError, ConfigError, LockedError, os_reason
from ..files import check_replaceable, write_atomically
from ..lock import lock_beside, office_lock
from ..messages import Message, message
from ..schema import TABS, matching_title
from ..tables import Cell, Merged, Table, Workbook, read_table
from .base import (CellWrite, FormatState, Probe, TabNow, WriteReport, add_columns, locate_writes, no_tab,
                   not_yet_there, registry_row)
from .sheetxml import Package, PackageError, Patch, Write, patch_into, read_sheet, rebuild

if TYPE_CHECKING:
    from ..formatplan import FormatPlan


class XlsxBackend:
    shared = False

    def __init__(self, path: Path, workbook: WorkbookConfig, *, language: str = "th") -> None:
        self.path = Path(path)
        self.config = workbook
        self.language = language  # of the header of a column kmsheets adds
        # The file as last read, and what a write needs of each tab read: a write finding the file byte-identical
        # uses them instead of parsing it again; any change in between (a person saving) means a fresh parse.
        # Only this is kept, not the tabs' cells, which the caller drops once it has validated them.
        self._seen: tuple[bytes, Package, dict[str, _Layout]] | None = None

    def describe(self) -> str:
        return str(self.path)

    def lock_file(self) -> Path:
        if not self.path.exists():
            raise self._missing()
        return lock_beside(self.path)

    def check_writable(self) -> None:
        """Raise unless the workbook may be replaced now: LockedError while Excel or LibreOffice has it open
        (a person's next save there would throw away what kmsheets wrote), AccessError when it is read-only."""
        office = office_lock(self.path)
        if office:
            raise LockedError(key="open_in_office", path=self.path, program=office[0], lock=office[1].name)
        check_replaceable(self.path)

    def read(self, tabs: Sequence[str] | None = None) -> Workbook:
        with without_cycle_collection():
            data = self._bytes()
            package = self._open(data)
            tables, layouts, texts = {}, {}, {}
            for name in tabs or TABS:
                grid, tables[name] = self._tab(package, name, texts)
                layouts[name] = _Layout.of(grid, tables[name])
            self._seen = (data, package, layouts)
            return tables

    def probe(self) -> Probe:
        package = self._open(self._bytes())
        present = [name for name in TABS if matching_title(self.config.title(name), list(package.sheets))]
        return Probe(str(self.path), tuple(package.sheets), {name: self._sheet(package, name)[0] for name in present})

    def write(self, cells: Sequence[CellWrite],
              appends: Mapping[str, Sequence[Mapping[str, Cell]]] | None = None) -> WriteReport:
        appends = {tab: rows for tab, rows in (appends or {}).items() if rows}
        if not cells and not appends:
            return WriteReport()
        with without_cycle_collection():
            return self._write(cells, appends)

    def _write(self, cells: Sequence[CellWrite], appends: Mapping[str, Sequence[Mapping[str, Cell]]]) -> WriteReport:
        report = WriteReport()
        original = self._bytes()
        unchanged = self._seen is not None and self._seen[0] == original
        package, layouts = self._seen[1:] if unchanged else (self._open(original), {})
        self._seen = None
        patches: dict[str, Patch] = {}
        for name in TABS:
            tab_cells = [c for c in cells if c.tab == name]
            if not tab_cells and name not in appends:
                continue
            part = self._part(package, name)
            layout = layouts.get(name) or _Layout.of(*self._tab(package, name))
            now, added = add_columns(name, layout.now, tab_cells, self.language, appends.get(name, ()))
            placed, skipped = locate_writes(name, now, tab_cells)
            values = {(p.row, p.column): p.write.value for p in placed}
            values.update({(1, now.columns[column.field]): column.header for column in added})
            styled_like: dict[int, int] = {}
            if name in appends:
                fresh = not_yet_there(name, now, appends[name])
                above = layout.last_used_row
                numbers = list(range(above + 1, above + 1 + len(fresh)))
                for number, row in zip(numbers, fresh):
                    values.update({(number, column): value
                                   for column, value in enumerate(registry_row(now.columns, row))
                                   if value is not None})
                    if above > 1:
                        styled_like[number] = above
                report.appended[name] = numbers
            # patched as it goes into the new file (see rebuild): never two patched sheets in memory at once
            patches[part] = partial(_patch, package, part, values, styled_like)
            report.written += placed
            report.skipped += skipped
            report.added += added
        self._replace(rebuild(original, patches))
        return report

    def read_format(self) -> FormatState:
        """Each tab's header row and kmsheets' earlier format rules; `found` keeps the file as read."""
        from .formatxml import earlier_rules, header_row

        data = self._bytes()
        package = self._open(data)
        titles = {name: self._title(package, name) for name in TABS}
        parts = {name: package.sheets[title] for name, title in titles.items()}
        return FormatState({name: header_row(package, part) for name, part in parts.items()}, titles,
                           sum(earlier_rules(package, part) for part in parts.values()), data)

    def write_format(self, state: FormatState, plan: FormatPlan) -> None:
        """The plan spliced into the file as read, replaced atomically; nothing written when nothing changes."""
        from .formatxml import formatted_parts

        if self._bytes() != state.found:
            raise AccessError(key="format_file_changed", path=self.path)
        package = self._open(state.found)
        changed = formatted_parts(package, {name: self._part(package, name) for name in TABS}, plan)
        if changed:
            self._seen = None
            self._replace(rebuild(state.found, changed, drop_calc_chain=False))

    def _bytes(self) -> bytes:
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            raise self._missing() from None
        except OSError as error:
            raise AccessError(key="workbook_unreadable", path=str(self.path), why=os_reason(error)) from None

    def _missing(self) -> ConfigError:
        return ConfigError(key="workbook_missing", path=str(self.path))

    def _replace(self, data: bytes) -> None:
        self.check_writable()  # a person may have opened it while this run worked
        write_atomically(self.path, data)

    def _open(self, data: bytes) -> Package:
        try:
            return Package(data)
        except (zipfile.BadZipFile, KeyError, ParseError, PackageError) as error:
            raise ConfigError(key="workbook_not_xlsx", path=str(self.path), error=_why_unreadable(error)) from None

    def _title(self, package: Package, name: str) -> str:
        """The tab's title as the workbook spells it."""
        title = matching_title(self.config.title(name), list(package.sheets))
        if title is None:
            raise no_tab(str(self.path), self.config, [name], package.sheets)
        return title

    def _part(self, package: Package, name: str) -> str:
        return package.sheets[self._title(package, name)]

    def _tab(self, package: Package, name: str, texts: dict[str, str] | None = None) -> tuple[list[list[Cell]], Table]:
        grid, merges = self._sheet(package, name, texts)
        return grid, read_table(TABS[name], self._title(package, name), grid, self.config.headers.get(name), merges)

    def _sheet(self, package: Package, name: str,
               texts: dict[str, str] | None = None) -> tuple[list[list[Cell]], list[Merged]]:
        """The tab's cells and merged ranges (cells of one text hold one str: see `read_sheet`)."""
        title = self._title(package, name)
        part = package.sheets[title]
        try:
            return read_sheet(package, part, texts)
        except (ParseError, IndexError, KeyError, ValueError, zipfile.BadZipFile) as error:
            raise ConfigError(key="workbook_tab_unreadable", path=str(self.path), tab=title, part=part,
                              error=_why_unreadable(error)) from None


def _patch(package: Package, part: str, values: Mapping[tuple[int, int], Cell], styled_like: Mapping[int, int],
           write: Write) -> bool:
    return patch_into(write, package.read(part), values, styled_like)


@dataclass(frozen=True)
class _Layout:
    """What a write needs of a tab as read: its header, columns and (row, id, document) rows, and its last
    used row."""

    now: TabNow
    last_used_row: int

    @classmethod
    def of(cls, grid: Sequence[Sequence[Cell]], table: Table) -> _Layout:
        docs = "doc" in table.columns
        rows = [(row.number, row[table.tab.key], row["doc"] if docs else None) for row in table.rows]
        last = next((number for number in range(len(grid), 0, -1)
                     if any(value not in (None, "") for value in grid[number - 1])), 0)
        return cls(TabNow(table.header, table.columns, rows), last)


def _why_unreadable(error: Exception) -> Message:
    """Why the package cannot be read, in the catalogue's words (the libraries' own are English only)."""
    if isinstance(error, zipfile.BadZipFile):
        return message("xlsx_not_zip")
    if isinstance(error, ParseError):
        line, column = error.position
        return message("xlsx_bad_xml", line=line, column=column)
    if isinstance(error, PackageError):
        return message(str(error))
    if isinstance(error, KeyError):  # zipfile: "There is no item named 'xl/workbook.xml' in the archive"
        named = re.search(r"'([^']+)'", str(error))
        return message("xlsx_part_missing", part=named[1] if named else str(error))
    return message("xlsx_malformed")
