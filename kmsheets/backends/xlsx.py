"""A local .xlsx workbook: the default, needing no Google account.

A read streams each tab's XML once. A write splices the changed cells into the XML of the tabs it touches
and replaces the file atomically: formatting, formulas, other tabs and other columns survive byte for
byte, and a crash never leaves half a file. See `sheetxml` for why this is not done through openpyxl.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from xml.etree.ElementTree import ParseError

from ..config import WorkbookConfig
from ..errors import AccessError, ConfigError, SheetError
from ..schema import TABS
from ..tables import Cell, Table, Workbook, read_table
from .base import CellWrite, Probe, WriteReport, locate_writes, not_yet_there, registry_row
from .sheetxml import Package, PackageError, patch_sheet, read_grid, rebuild


class XlsxBackend:
    def __init__(self, path: Path, workbook: WorkbookConfig) -> None:
        self.path = Path(path)
        self.config = workbook
        # The file as last read and its parsed tabs: a write finding the file byte-identical reuses them
        # instead of parsing it again; any change in between (a person saving) means a fresh parse.
        self._seen: tuple[bytes, Package, dict[str, tuple[list[list[Cell]], Table]]] | None = None

    def describe(self) -> str:
        return str(self.path)

    def read(self) -> Workbook:
        data = self._bytes()
        package = self._open(data)
        tabs = {name: self._tab(package, name) for name in TABS}
        self._seen = (data, package, tabs)
        return {name: table for name, (_, table) in tabs.items()}

    def probe(self) -> Probe:
        package = self._open(self._bytes())
        present = [name for name in TABS if self.config.title(name) in package.sheets]
        return Probe(str(self.path), tuple(package.sheets), {name: self._grid(package, name) for name in present})

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
            keys = [(row.number, row[table.tab.key]) for row in table.rows]
            placed, skipped = locate_writes(name, table.columns, keys, tab_cells)
            values = {(p.row, p.column): p.write.value for p in placed}
            styled_like: dict[int, int] = {}
            if name in appends:
                fresh = not_yet_there(name, keys, appends[name])
                above = _last_used_row(grid)
                numbers = list(range(above + 1, above + 1 + len(fresh)))
                for number, row in zip(numbers, fresh):
                    values.update({(number, column): value
                                   for column, value in enumerate(registry_row(table.columns, row))
                                   if value is not None})
                    if above > 1:
                        styled_like[number] = above
                report.appended[name] = numbers
            patched = patch_sheet(package.read(part), values, styled_like)
            replaced[part] = patched.xml
            drop_calc_chain |= patched.removed_formulas
            report.written += placed
            report.skipped += skipped
        self._seen = None
        self._save(rebuild(original, replaced, drop_calc_chain=drop_calc_chain))
        return report

    def _bytes(self) -> bytes:
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            raise ConfigError(key="workbook_missing", path=str(self.path)) from None
        except OSError as error:
            raise AccessError(key="workbook_unreadable", path=str(self.path), why=error.strerror) from None

    def _open(self, data: bytes) -> Package:
        try:
            return Package(data)
        except (zipfile.BadZipFile, KeyError, ParseError, PackageError) as error:
            raise ConfigError(key="workbook_not_xlsx", path=str(self.path), error=error) from None

    def _part(self, package: Package, name: str) -> str:
        title = self.config.title(name)
        if title not in package.sheets:
            raise SheetError(key="no_tab", workbook=self.path, wanted=f"'{title}' ({name})",
                             tabs=", ".join(package.sheets))
        return package.sheets[title]

    def _tab(self, package: Package, name: str) -> tuple[list[list[Cell]], Table]:
        grid = self._grid(package, name)
        return grid, read_table(TABS[name], self.config.title(name), grid, self.config.headers.get(name))

    def _grid(self, package: Package, name: str) -> list[list[Cell]]:
        part = self._part(package, name)
        try:
            return read_grid(package, part)
        except (ParseError, IndexError, KeyError, ValueError, zipfile.BadZipFile) as error:
            raise ConfigError(f"{self.path}: the tab '{self.config.title(name)}' cannot be read ({part}: "
                              f"{error or type(error).__name__}); open the file in Excel or LibreOffice and "
                              "save it again") from None

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


def _last_used_row(grid: Sequence[Sequence[Cell]]) -> int:
    for number in range(len(grid), 0, -1):
        if any(value not in (None, "") for value in grid[number - 1]):
            return number
    return 0
