"""A local .xlsx workbook, through openpyxl: the default, needing no Google account.

A write loads the file whole, changes only the cells it targets, and replaces the file atomically, so
formatting, formulas, other tabs and other columns survive, and a crash never leaves half a file.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from copy import copy
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from ..config import WorkbookConfig
from ..errors import AccessError, ConfigError, SheetError
from ..schema import TABS
from ..tables import Cell, Table, Workbook, locate_columns, normalize_cell, read_table
from .base import CellWrite, WriteReport, locate_writes, registry_row


class XlsxBackend:
    def __init__(self, path: Path, workbook: WorkbookConfig) -> None:
        self.path = Path(path)
        self.config = workbook

    def describe(self) -> str:
        return str(self.path)

    def read(self) -> Workbook:
        book = self._open(read_only=True)
        try:
            return {name: self._read_tab(book, name) for name in TABS}
        finally:
            book.close()

    def write(self, cells: Sequence[CellWrite],
              appends: Mapping[str, Sequence[Mapping[str, Cell]]] | None = None) -> WriteReport:
        appends = {tab: rows for tab, rows in (appends or {}).items() if rows}
        report = WriteReport()
        if not cells and not appends:
            return report
        book = self._open(read_only=False)
        for name in TABS:
            tab_cells = [c for c in cells if c.tab == name]
            if not tab_cells and name not in appends:
                continue
            sheet = self._sheet(book, name)
            columns = self._columns(sheet, name)
            placed, skipped = locate_writes(name, columns, _keys(sheet, columns[TABS[name].key]), tab_cells)
            for place in placed:
                _set_text(sheet.cell(place.row, place.column + 1), place.write.value)
            report.written += placed
            report.skipped += skipped
            if name in appends:
                report.appended[name] = _append(sheet, columns, appends[name])
        self._save(book)
        return report

    def _open(self, *, read_only: bool) -> openpyxl.Workbook:
        try:
            return openpyxl.load_workbook(self.path, read_only=read_only, data_only=False)
        except FileNotFoundError:
            raise ConfigError(f"[workbook] source: there is no file {self.path}") from None
        except (zipfile.BadZipFile, KeyError, ValueError) as error:
            raise ConfigError(f"{self.path} is not an .xlsx workbook ({error})") from None
        except OSError as error:
            raise AccessError(f"cannot read {self.path}: {error.strerror}") from None

    def _sheet(self, book: openpyxl.Workbook, name: str) -> Worksheet:
        title = self.config.title(name)
        if title not in book.sheetnames:
            raise SheetError(f"{self.path} has no tab '{title}' (the {name} tab); "
                             f"its tabs are: {', '.join(book.sheetnames)}")
        return book[title]

    def _columns(self, sheet: Worksheet, name: str) -> dict[str, int]:
        header = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
        return locate_columns(TABS[name], sheet.title, [normalize_cell(h) for h in header],
                              self.config.headers.get(name))

    def _read_tab(self, book: openpyxl.Workbook, name: str) -> Table:
        sheet = self._sheet(book, name)
        grid = [list(row) for row in sheet.iter_rows(values_only=True)]
        return read_table(TABS[name], sheet.title, grid, self.config.headers.get(name))

    def _save(self, book: openpyxl.Workbook) -> None:
        # Save beside the original and rename over it: a crash or a full disk leaves the old file whole.
        handle, temp = tempfile.mkstemp(prefix=".kmsheets-", suffix=".xlsx", dir=self.path.parent)
        os.close(handle)
        try:
            book.save(temp)
            os.chmod(temp, os.stat(self.path).st_mode & 0o777)
            os.replace(temp, self.path)
        except OSError as error:
            Path(temp).unlink(missing_ok=True)
            raise AccessError(f"cannot write {self.path}: {error.strerror}") from None


def _keys(sheet: Worksheet, column: int) -> list[tuple[int, Cell]]:
    return [(row[0].row, normalize_cell(row[0].value))
            for row in sheet.iter_rows(min_row=2, min_col=column + 1, max_col=column + 1)]


def _set_text(cell, value: Cell) -> None:
    # Always text: what a person typed must never turn into a formula, whatever it starts with.
    cell.value = None if value is None else str(value)
    if value is not None:
        cell.data_type = "s"


def _last_used_row(sheet: Worksheet) -> int:
    for row in range(sheet.max_row, 0, -1):
        if any(cell.value not in (None, "") for cell in sheet[row]):
            return row
    return 0


def _append(sheet: Worksheet, columns: Mapping[str, int], rows: Iterable[Mapping[str, Cell]]) -> list[int]:
    """Add rows under the last used one, styled like the row above them."""
    above = _last_used_row(sheet)
    numbers = []
    for offset, values in enumerate(rows, start=1):
        number = above + offset
        for index, value in enumerate(registry_row(columns, values)):
            cell = sheet.cell(number, index + 1)
            if above > 1:
                cell._style = copy(sheet.cell(above, index + 1)._style)
            _set_text(cell, value)
        numbers.append(number)
    return numbers
