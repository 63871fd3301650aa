"""A local .xlsx workbook: the default, needing no Google account.

A read streams each tab's XML once. A write splices the changed cells into the XML of the tabs it touches
and replaces the file atomically: formatting, formulas, other tabs and other columns survive byte for
byte, and a crash never leaves half a file. See `sheetxml` for why this is not done through openpyxl.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import ParseError

from ..bulk import without_cycle_collection
from ..config import WorkbookConfig
from ..errors import AccessError, ConfigError, LockedError, SheetError
from ..files import check_replaceable, write_atomically
from ..lock import lock_beside, office_lock
from ..schema import TABS
from ..tables import Cell, Table, Workbook, read_table
from .base import CellWrite, WriteReport, locate_writes, not_yet_there, registry_row
from .sheetxml import Deflated, Package, PackageError, patch_sheet, read_grid, rebuild


class XlsxBackend:
    def __init__(self, path: Path, workbook: WorkbookConfig) -> None:
        self.path = Path(path)
        self.config = workbook
        # The file as last read, and what a write needs of each tab: a write finding the file byte-identical
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

    def read(self) -> Workbook:
        with without_cycle_collection():
            data = self._bytes()
            package = self._open(data)
            tables, layouts, texts = {}, {}, {}
            for name in TABS:
                grid, tables[name] = self._tab(package, name, texts)
                layouts[name] = _Layout.of(grid, tables[name])
            self._seen = (data, package, layouts)
            return tables

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
        replaced: dict[str, Deflated] = {}
        drop_calc_chain = False
        for name in TABS:
            tab_cells = [c for c in cells if c.tab == name]
            if not tab_cells and name not in appends:
                continue
            part = self._part(package, name)
            layout = layouts.get(name) or _Layout.of(*self._tab(package, name))
            placed, skipped = locate_writes(name, layout.columns, layout.keys, tab_cells)
            values = {(p.row, p.column): p.write.value for p in placed}
            styled_like: dict[int, int] = {}
            if name in appends:
                fresh = not_yet_there(name, layout.keys, appends[name])
                above = layout.last_used_row
                numbers = list(range(above + 1, above + 1 + len(fresh)))
                for number, row in zip(numbers, fresh):
                    values.update({(number, column): value
                                   for column, value in enumerate(registry_row(layout.columns, row))
                                   if value is not None})
                    if above > 1:
                        styled_like[number] = above
                report.appended[name] = numbers
            patched = patch_sheet(package.read(part), values, styled_like)
            replaced[part] = Deflated(patched.xml)
            drop_calc_chain |= patched.removed_formulas
            del patched  # the next tab's patch needs the room
            report.written += placed
            report.skipped += skipped
        data = rebuild(original, replaced, drop_calc_chain=drop_calc_chain)
        self.check_writable()  # a person may have opened it while this run worked
        write_atomically(self.path, data)
        return report

    def _bytes(self) -> bytes:
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            raise self._missing() from None
        except OSError as error:
            raise AccessError(key="cannot_read", path=self.path, error=error.strerror or error) from None

    def _missing(self) -> ConfigError:
        return ConfigError(f"[workbook] source: there is no file {self.path}")

    def _open(self, data: bytes) -> Package:
        try:
            return Package(data)
        except (zipfile.BadZipFile, KeyError, ParseError, PackageError) as error:
            raise ConfigError(f"{self.path} is not an .xlsx workbook ({error})") from None

    def _part(self, package: Package, name: str) -> str:
        title = self.config.title(name)
        if title not in package.sheets:
            raise SheetError(key="no_tab", workbook=self.path, wanted=f"'{title}' ({name})",
                             tabs=", ".join(package.sheets))
        return package.sheets[title]

    def _tab(self, package: Package, name: str, texts: dict[str, str] | None = None) -> tuple[list[list[Cell]], Table]:
        part = self._part(package, name)
        try:
            grid = read_grid(package, part, texts)
        except (ParseError, IndexError, KeyError, ValueError, zipfile.BadZipFile) as error:
            raise ConfigError(f"{self.path}: the tab '{self.config.title(name)}' cannot be read ({part}: "
                              f"{error or type(error).__name__}); open the file in Excel or LibreOffice and "
                              "save it again") from None
        return grid, read_table(TABS[name], self.config.title(name), grid, self.config.headers.get(name))


@dataclass(frozen=True)
class _Layout:
    """What a write needs of a tab: its columns by field, its (sheet row, id) pairs, its last used row."""

    columns: Mapping[str, int]
    keys: list[tuple[int, Cell]]
    last_used_row: int

    @classmethod
    def of(cls, grid: Sequence[Sequence[Cell]], table: Table) -> _Layout:
        last = next((number for number in range(len(grid), 0, -1)
                     if any(value not in (None, "") for value in grid[number - 1])), 0)
        return cls(table.columns, [(row.number, row[table.tab.key]) for row in table.rows], last)
