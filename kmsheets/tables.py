"""The workbook as read: one Table per tab, each row keeping its sheet row number and its cells by field.

Both backends hand their raw grids to `read_table`, so a sheet read from Google and the same sheet read from
.xlsx become identical tables. Cell values are kept as typed (str, int, float, bool; dates as spreadsheet
serial numbers; None for empty): deciding what they mean is validation's job, not the reader's.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Mapping, Sequence, Union

from .errors import SheetError
from .schema import ColumnNames, Tab, header_names, normalize_header
from .thaidate import to_arabic_digits, to_serial
from .thaitext import fold

Cell = Union[str, int, float, bool, None]



def normalize_cell(value: object) -> Cell:
    """One canonical form for a cell from either backend: serials for dates, ints for whole numbers."""
    if value is None or value == "":
        return None
    kind = type(value)
    if kind is str or kind is int:  # the common cases first: this runs for every cell of every tab
        return value
    if kind is float:
        return int(value) if value.is_integer() else value
    if isinstance(value, bool):
        return value
    if isinstance(value, dt.datetime):
        seconds = value.hour * 3600 + value.minute * 60 + value.second
        return to_serial(value.date()) + seconds / 86400 if seconds else to_serial(value.date())
    if isinstance(value, dt.date):
        return to_serial(value)
    if isinstance(value, dt.time):
        return (value.hour * 3600 + value.minute * 60 + value.second) / 86400
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (int, float, str)):
        return value
    return str(value)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def text(value: Cell) -> str:
    """A cell as text, the way a person reads it: '' for empty, 12 for 12.0."""
    if value is None:
        return ""
    return str(value)


SHOWN = 80  # characters of a cell's value shown in a message or a table


_LINE_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x85\u2028\u2029]")


def shortened(value: str) -> str:
    """A value as shown to a person: a 50,000-character cell by its start, a line break as ⏎ (a row of a
    table stays one line, and the break is seen)."""
    return _LINE_BREAKS.sub("⏎", value if len(value) <= SHOWN else value[:SHOWN] + "…")


def key_text(value: Cell) -> str:
    """An id cell as text for matching: Thai text in its one form (`thaitext.fold`), Thai digits as Arabic,
    without zero-width characters anywhere or spaces around it (" A๐๑" after a zero-width space -> "A01");
    a space inside an id is kept."""
    if not isinstance(value, str):
        return text(value)
    if value.isascii():  # most ids: nothing to fold
        return value.strip()
    return to_arabic_digits(fold(_visible(value)))


_DASHES = re.compile(r"[-‐‑‒–—−]")


def letter_key_text(value: Cell) -> str:
    """A registry key folded for matching what people mistype safely: case, spaces (non-breaking too) and a
    dash for the slash. 'a12 / ag06' and 'A12-AG06' are 'A12/AG06'; '...c1/r' is '.../C1/R'."""
    return _DASHES.sub("/", "".join(key_text(value).split())).upper()


def row_key(tab: str, value: Cell) -> str:
    """A row's id as matched in its tab: registry keys folded (letter_key_text), other ids by key_text."""
    return letter_key_text(value) if tab == "letters" else key_text(value)


# Every format character (Unicode category Cf, as of Unicode 14, Python 3.11): zero-width space and joiners, byte-order
# mark, bidi marks. tests/test_tables.py checks this list against unicodedata.
FORMAT_CHARACTERS = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]")


def _visible(value: str) -> str:
    """NFC, without format characters, which nobody can see."""
    if not value.isascii():
        value = FORMAT_CHARACTERS.sub("", unicodedata.normalize("NFC", value))
    return value


@dataclass(frozen=True)
class Row:
    number: int  # the 1-based row number in the sheet
    values: Mapping[str, Cell]

    def __getitem__(self, field_name: str) -> Cell:
        return self.values.get(field_name)

    def text(self, field_name: str) -> str:
        return text(self.values.get(field_name)).strip()


@dataclass(frozen=True)
class Merged:
    """A merged range of cells: rows 1-based, columns 0-based, both ends included."""

    first_row: int
    last_row: int
    first_column: int
    last_column: int

    def __str__(self) -> str:
        return f"{column_letter(self.first_column)}{self.first_row}:{column_letter(self.last_column)}{self.last_row}"


@dataclass(frozen=True)
class Table:
    tab: Tab
    title: str
    header: tuple[str, ...]
    columns: Mapping[str, int]  # field name -> 0-based column
    rows: tuple[Row, ...] = field(default=())
    # The cells of the data area (below the header, in a column kmsheets reads) that are part of a merged
    # range: row -> field -> the range. Only a merged range's first cell holds a value; the others read empty.
    merged: Mapping[int, Mapping[str, Merged]] = field(default_factory=dict)

    def cell(self, row_number: int, field_name: str) -> str:
        """The A1 address of a field in a sheet row."""
        return f"{column_letter(self.columns[field_name])}{row_number}"

    def by_key(self) -> dict[str, Row]:
        """Rows by their id as matched (row_key); where an id repeats, the first row wins (validation reports
        the rest)."""
        rows: dict[str, Row] = {}
        for row in self.rows:
            rows.setdefault(row_key(self.tab.name, row[self.tab.key]), row)
        return rows


Workbook = Mapping[str, Table]


def locate_columns(tab: Tab, title: str, header: Sequence[object],
                   extra_headers: Mapping[str, list[str]] | None = None) -> dict[str, int]:
    """Find each field's column by its header text; a missing required column or a field named twice is an error."""
    names = header_names(tab, dict(extra_headers or {}))
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        field_name = names.get(normalize_header(cell))
        if field_name is None:
            continue
        if field_name in columns:
            first = columns[field_name]
            raise SheetError(key="header_twice", tab=title, first=f"{column_letter(first)}1",
                             first_text=text(header[first]), second=f"{column_letter(index)}1",
                             second_text=text(cell), column=ColumnNames((tab.field(field_name),)))
        columns[field_name] = index
    missing = [f for f in tab.fields if f.required and f.name not in columns]
    if not missing:
        return columns
    wanted = ColumnNames(tuple(missing))
    used = [index for index, cell in enumerate(header) if not _blank(normalize_cell(cell))]
    if not used:
        raise SheetError(key="tab_empty", tab=title, wanted=wanted)
    found = ", ".join(f"{column_letter(i)}1 '{text(header[i])}'" for i in used)
    gaps = [column_letter(i) + "1" for i in range(used[-1]) if i not in used]
    if gaps:
        raise SheetError(key="no_column_merged", tab=title, wanted=wanted, found=found, gaps=", ".join(gaps))
    raise SheetError(key="no_column", tab=title, wanted=wanted, found=found)


def read_table(tab: Tab, title: str, grid: Sequence[Sequence[object]],
               extra_headers: Mapping[str, list[str]] | None = None, merges: Sequence[Merged] = ()) -> Table:
    """Turn a tab's raw grid (header row first) into a Table; blank rows are left out. `merges` are the
    tab's merged ranges."""
    header = [normalize_cell(cell) for cell in (grid[0] if grid else [])]
    columns = locate_columns(tab, title, header, extra_headers)
    rows = []
    for offset, raw in enumerate(grid[1:], start=2):
        values = {name: normalize_cell(raw[index]) if index < len(raw) else None
                  for name, index in columns.items()}
        if not all(_blank(v) for v in values.values()):
            rows.append(Row(offset, values))
    return Table(tab, title, tuple(text(h) for h in header), columns, tuple(rows),
                 _merged_cells(columns, merges, last_row=len(grid)))


def _merged_cells(columns: Mapping[str, int], merges: Sequence[Merged],
                  last_row: int) -> dict[int, dict[str, Merged]]:
    """Each data cell of a field's column inside a merged range (a merged header is reported by
    `locate_columns`, and columns kmsheets does not read are the team's business)."""
    fields = {column: name for name, column in columns.items()}
    cells: dict[int, dict[str, Merged]] = {}
    for merged in merges:
        for row in range(max(merged.first_row, 2), min(merged.last_row, last_row) + 1):
            for column in range(merged.first_column, merged.last_column + 1):
                if column in fields:
                    cells.setdefault(row, {})[fields[column]] = merged
    return cells


def _blank(value: Cell) -> bool:
    """Empty, or text nobody can see: spaces, non-breaking spaces, zero-width characters."""
    return value is None or (isinstance(value, str) and not _visible(value).strip())
