"""Spreadsheet state and the Sheets v4 values semantics kmsheets relies on."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from . import a1

EPOCH = dt.date(1899, 12, 30)


class Formula(str):
    """A cell entered as a formula (USER_ENTERED '=...'), as opposed to RAW text that starts with '='."""


@dataclass
class DateValue:
    serial: int

    def formatted(self) -> str:
        return (EPOCH + dt.timedelta(days=self.serial)).isoformat()


@dataclass
class Spreadsheet:
    id: str
    title: str
    tabs: dict[str, list[list[Any]]] = field(default_factory=dict)
    sheet_ids: dict[str, int] = field(default_factory=dict)
    merges: dict[str, list[a1.Range]] = field(default_factory=dict)  # title -> merged ranges


def grid_range(sheet_id: int, rng: a1.Range) -> dict[str, int]:
    """A bounded range as the API's GridRange: 0-based, end excluded, and, as Google's JSON does, an index
    that is 0 left out."""
    grid = {"sheetId": sheet_id, "startRowIndex": (rng.first_row or 1) - 1, "endRowIndex": rng.last_row,
            "startColumnIndex": rng.first_col or 0, "endColumnIndex": rng.last_col + 1}
    return {key: value for key, value in grid.items() if value}


def user_entered(value: Any) -> Any:
    """What Google stores for a typed value: numbers, booleans, ISO dates and formulas are parsed."""
    if not isinstance(value, str):
        return value
    if value.startswith("'"):
        return value[1:]
    if value.startswith("="):
        return Formula(value)
    if value.upper() in ("TRUE", "FALSE"):
        return value.upper() == "TRUE"
    if re.fullmatch(r"-?\d+", value):
        return int(value)
    if re.fullmatch(r"-?\d*\.\d+", value):
        return float(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return DateValue((dt.date.fromisoformat(value) - EPOCH).days)
        except ValueError:
            return value
    return value


def render(value: Any, option: str, date_option: str) -> Any:
    if value is None:
        return ""
    if isinstance(value, Formula):
        return str(value) if option == "FORMULA" else "#NAME?"
    if isinstance(value, DateValue):
        if option == "FORMATTED_VALUE" or date_option == "FORMATTED_STRING":
            return value.formatted()
        return value.serial
    if option == "FORMATTED_VALUE":
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)
    return value


def trimmed(rows: list[list[Any]]) -> list[list[Any]]:
    """Trailing empty cells of each row, and trailing empty rows, are left out, as Google does."""
    out = []
    for row in rows:
        row = list(row)
        while row and row[-1] in ("", None):
            row.pop()
        out.append(row)
    while out and not out[-1]:
        out.pop()
    return out


def read(sheet: Spreadsheet, rng: a1.Range, option: str = "FORMATTED_VALUE",
         date_option: str = "SERIAL_NUMBER") -> list[list[Any]]:
    grid = sheet.tabs[rng.title]
    first_row = (rng.first_row or 1) - 1
    last_row = rng.last_row if rng.last_row is not None else len(grid)
    first_col = rng.first_col or 0
    rows = []
    for row in grid[first_row:last_row]:
        last_col = rng.last_col + 1 if rng.last_col is not None else len(row)
        rows.append([render(v, option, date_option) for v in row[first_col:last_col]])
    return trimmed(rows)


def write(sheet: Spreadsheet, rng: a1.Range, values: list[list[Any]], raw: bool) -> dict[str, Any]:
    grid = sheet.tabs[rng.title]
    top, left = (rng.first_row or 1) - 1, rng.first_col or 0
    for r, row in enumerate(values):
        while len(grid) <= top + r:
            grid.append([])
        target = grid[top + r]
        for c, value in enumerate(row):
            if value is None:  # null leaves a cell as it is
                continue
            while len(target) <= left + c:
                target.append(None)
            target[left + c] = value if raw else user_entered(value)
    # Google counts the cells it wrote (nulls leave cells alone); the range is the block the values span.
    written = [(r, c) for r, row in enumerate(values) for c, v in enumerate(row) if v is not None]
    width = max((len(r) for r in values), default=0)
    start = f"{a1.column_letters(left)}{top + 1}"
    end = f"{a1.column_letters(left + width - 1)}{top + len(values)}"
    return {"spreadsheetId": sheet.id,
            "updatedRange": f"{a1.quote(rng.title)}!{start}" + (f":{end}" if end != start else ""),
            "updatedRows": len({r for r, _ in written}), "updatedColumns": len({c for _, c in written}),
            "updatedCells": len(written)}


def last_used_row(grid: list[list[Any]]) -> int:
    for index in range(len(grid) - 1, -1, -1):
        if any(v not in (None, "") for v in grid[index]):
            return index + 1
    return 0
