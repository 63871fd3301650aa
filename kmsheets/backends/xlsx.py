"""A local .xlsx workbook: the default, needing no Google account.

A read streams each tab's XML once. A write splices the changed cells into the XML of the tabs it touches
and replaces the file atomically: formatting, formulas, other tabs and other columns survive byte for
byte, and a crash never leaves half a file. See `sheetxml` for why this is not done through openpyxl.
"""

from __future__ import annotations

import os
import re
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree.ElementTree import ParseError

from ..config import WorkbookConfig
from ..errors import AccessError, ConfigError, SheetError, os_reason
from ..messages import Message, message
from ..schema import TABS, matching_title
from ..tables import Cell, Merged, Table, Workbook, read_table
from .base import (CellWrite, FormatState, Probe, TabNow, WriteReport, add_columns, locate_writes, not_yet_there,
                   registry_row)
from .sheetxml import Package, PackageError, patch_sheet, read_sheet, rebuild

if TYPE_CHECKING:
    from ..formatplan import FormatPlan


class XlsxBackend:
    shared = False

    def __init__(self, path: Path, workbook: WorkbookConfig, *, language: str = "th") -> None:
        self.path = Path(path)
        self.config = workbook
        self.language = language  # of the header of a column kmsheets adds
        # The file as last read and its parsed tabs: a write finding the file byte-identical reuses them
        # instead of parsing it again; any change in between (a person saving) means a fresh parse.
        self._seen: tuple[bytes, Package, dict[str, tuple[list[list[Cell]], Table]]] | None = None

    def describe(self) -> str:
        return str(self.path)

    def read(self, tabs: Sequence[str] | None = None) -> Workbook:
        data = self._bytes()
        package = self._open(data)
        parsed = {name: self._tab(package, name) for name in tabs or TABS}
        self._seen = (data, package, parsed)
        return {name: table for name, (_, table) in parsed.items()}

    def probe(self) -> Probe:
        package = self._open(self._bytes())
        present = [name for name in TABS if matching_title(self.config.title(name), list(package.sheets))]
        return Probe(str(self.path), tuple(package.sheets), {name: self._sheet(package, name)[0] for name in present})

    def write(self, cells: Sequence[CellWrite],
              appends: Mapping[str, Sequence[Mapping[str, Cell]]] | None = None) -> WriteReport:
        appends = {tab: rows for tab, rows in (appends or {}).items() if rows}
        report = WriteReport()
        if not cells and not appends:
            return report
        original = self._bytes()
        unchanged = self._seen is not None and self._seen[0] == original
        package, tabs = self._seen[1:] if unchanged else (self._open(original), {})
        replaced: dict[str, bytes] = {}
        drop_calc_chain = False
        for name in TABS:
            tab_cells = [c for c in cells if c.tab == name]
            if not tab_cells and name not in appends:
                continue
            part = self._part(package, name)
            grid, table = tabs.get(name) or self._tab(package, name)
            docs = "doc" in table.columns
            now, added = add_columns(name, TabNow(table.header, table.columns, [
                (row.number, row[table.tab.key], row["doc"] if docs else None) for row in table.rows]),
                tab_cells, self.language)
            placed, skipped = locate_writes(name, now, tab_cells)
            values = {(p.row, p.column): p.write.value for p in placed}
            values.update({(1, now.columns[column.field]): column.header for column in added})
            styled_like: dict[int, int] = {}
            if name in appends:
                fresh = not_yet_there(name, now, appends[name])
                above = _last_used_row(grid)
                numbers = list(range(above + 1, above + 1 + len(fresh)))
                for number, row in zip(numbers, fresh):
                    values.update({(number, column): value
                                   for column, value in enumerate(registry_row(now.columns, row))
                                   if value is not None})
                    if above > 1:
                        styled_like[number] = above
                report.appended[name] = numbers
            patched = patch_sheet(package.read(part), values, styled_like)
            replaced[part] = patched.xml
            drop_calc_chain |= patched.removed_formulas
            report.written += placed
            report.skipped += skipped
            report.added += added
        self._seen = None
        self._save(rebuild(original, replaced, drop_calc_chain=drop_calc_chain))
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
            self._save(rebuild(state.found, changed, drop_calc_chain=False))

    def _bytes(self) -> bytes:
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            raise ConfigError(key="workbook_missing", path=str(self.path)) from None
        except OSError as error:
            raise AccessError(key="workbook_unreadable", path=str(self.path), why=os_reason(error)) from None

    def _open(self, data: bytes) -> Package:
        try:
            return Package(data)
        except (zipfile.BadZipFile, KeyError, ParseError, PackageError) as error:
            raise ConfigError(key="workbook_not_xlsx", path=str(self.path), error=_why_unreadable(error)) from None

    def _title(self, package: Package, name: str) -> str:
        """The tab's title as the workbook spells it."""
        title = matching_title(self.config.title(name), list(package.sheets))
        if title is None:
            raise SheetError(key="no_tab", workbook=self.path, wanted=f"'{self.config.title(name)}' ({name})",
                             tabs=", ".join(package.sheets))
        return title

    def _part(self, package: Package, name: str) -> str:
        return package.sheets[self._title(package, name)]

    def _tab(self, package: Package, name: str) -> tuple[list[list[Cell]], Table]:
        grid, merges = self._sheet(package, name)
        return grid, read_table(TABS[name], self._title(package, name), grid, self.config.headers.get(name), merges)

    def _sheet(self, package: Package, name: str) -> tuple[list[list[Cell]], list[Merged]]:
        """The tab's cells and merged ranges."""
        title = self._title(package, name)
        part = package.sheets[title]
        try:
            return read_sheet(package, part)
        except (ParseError, IndexError, KeyError, ValueError, zipfile.BadZipFile) as error:
            raise ConfigError(key="workbook_tab_unreadable", path=str(self.path), tab=title, part=part,
                              error=_why_unreadable(error)) from None

    def _save(self, data: bytes) -> None:
        # Write beside the original and rename over it: a crash or a full disk leaves the old file whole.
        handle, temp = tempfile.mkstemp(prefix=".kmsheets-", suffix=".xlsx", dir=self.path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.chmod(temp, os.stat(self.path).st_mode & 0o777)
            os.replace(temp, self.path)
        except OSError as error:
            Path(temp).unlink(missing_ok=True)
            raise AccessError(f"cannot write {self.path}: {error.strerror}") from None


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


def _last_used_row(grid: Sequence[Sequence[Cell]]) -> int:
    for number in range(len(grid), 0, -1):
        if any(value not in (None, "") for value in grid[number - 1]):
            return number
    return 0
