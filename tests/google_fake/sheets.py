"""Spreadsheet state and the Sheets v4 semantics kmsheets relies on: values, and (for `kmsheets format`) the
formats, validation, conditional formats and protected ranges that spreadsheets.batchUpdate sets."""

from __future__ import annotations

import copy
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
    looks: dict[str, "Looks"] = field(default_factory=dict)  # by tab title
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


# --- what a tab shows beyond its values: formats, validation, conditional formats, protection

class Invalid(ValueError):
    """A request Google would refuse with 400 (or one this emulator does not emulate, said as such)."""


@dataclass
class Looks:
    """A tab's state that spreadsheets.batchUpdate changes and spreadsheets.get reports."""

    properties: dict = field(default_factory=dict)  # SheetProperties set by updateSheetProperties
    columns: dict[int, dict] = field(default_factory=dict)  # DimensionProperties by 0-based column
    cells: dict[tuple[int, int], dict] = field(default_factory=dict)  # CellData (format, validation), 0-based
    conditional_formats: list[dict] = field(default_factory=list)
    protected_ranges: list[dict] = field(default_factory=list)


def looks(sheet: Spreadsheet, title: str) -> Looks:
    return sheet.looks.setdefault(title, Looks())


def grid_size(sheet: Spreadsheet, title: str) -> tuple[int, int]:
    """(rowCount, columnCount) as a new Google sheet has them, grown to hold every value."""
    grid = sheet.tabs[title]
    return max(1000, len(grid)), max([26] + [len(row) for row in grid])


def sheet_properties(sheet: Spreadsheet, title: str, index: int) -> dict:
    rows, columns = grid_size(sheet, title)
    properties = {"sheetId": sheet.sheet_ids[title], "title": title, "index": index, "sheetType": "GRID",
                  "gridProperties": {"rowCount": rows, "columnCount": columns}}
    _merge(properties, looks(sheet, title).properties)
    return properties


def _merge(target: dict, source: dict) -> None:
    for name, value in source.items():
        if isinstance(value, dict) and isinstance(target.get(name), dict):
            _merge(target[name], value)
        else:
            target[name] = value


def grid_data(sheet: Spreadsheet, rng: a1.Range) -> dict[str, Any]:
    """GridData of a range: its cells (value, format, validation) up to the last that has any, and the sizes
    of its columns and rows."""
    rows, columns = grid_size(sheet, rng.title)
    top, left = (rng.first_row or 1) - 1, rng.first_col or 0
    bottom = rng.last_row if rng.last_row is not None else rows
    right = rng.last_col + 1 if rng.last_col is not None else columns
    found = looks(sheet, rng.title)
    row_data = []
    for r in range(top, bottom):
        values = [_cell_data(sheet, found, rng.title, r, c) for c in range(left, right)]
        while values and not values[-1]:
            values.pop()
        row_data.append({"values": values} if values else {})
    while row_data and not row_data[-1]:
        row_data.pop()
    data: dict[str, Any] = {"rowData": row_data,
                            "rowMetadata": [{"pixelSize": 21} for _ in range(top, bottom)],
                            "columnMetadata": [{"pixelSize": 100, **found.columns.get(c, {})}
                                               for c in range(left, right)]}
    if top:
        data["startRow"] = top
    if left:
        data["startColumn"] = left
    return data


def _cell_data(sheet: Spreadsheet, found: Looks, title: str, r: int, c: int) -> dict[str, Any]:
    grid = sheet.tabs[title]
    value = grid[r][c] if r < len(grid) and c < len(grid[r]) else None
    cell: dict[str, Any] = {}
    if value is not None and value != "":
        kind = ("formulaValue" if isinstance(value, Formula) else "boolValue" if isinstance(value, bool)
                else "stringValue" if isinstance(value, str) else "numberValue")
        cell["userEnteredValue"] = {kind: value.serial if isinstance(value, DateValue) else value}
        cell["formattedValue"] = render(value, "FORMATTED_VALUE", "FORMATTED_STRING")
    cell.update(found.cells.get((r, c), {}))
    return cell


def batch_update(sheet: Spreadsheet, requests: list[dict], schemas: dict, condition_types: dict[str, str],
                 next_id: Any) -> list[dict]:
    """Apply every request, or none: one refused request leaves the spreadsheet as it was."""
    before = copy.deepcopy(sheet.looks)
    try:
        return [_apply(sheet, request, schemas, condition_types, next_id) for request in requests]
    except Exception:
        sheet.looks = before
        raise


def _apply(sheet: Spreadsheet, request: dict, schemas: dict, condition_types: dict[str, str],
           next_id: Any) -> dict:
    if len(request) != 1:
        raise Invalid(f"Each request must set exactly one kind; this one sets {sorted(request)}")
    (kind, body), = request.items()
    if kind == "updateSheetProperties":
        mask = _mask(body, "SheetProperties", schemas, allowed={"gridProperties", "tabColor", "tabColorStyle"})
        _set_masked(looks(sheet, _title(sheet, body["properties"].get("sheetId"))).properties,
                    body["properties"], mask)
        return {}
    if kind == "repeatCell":
        mask = _mask(body, "CellData", schemas, allowed={"userEnteredFormat"})
        title, rows, columns = _grid_range(sheet, body.get("range", {}))
        for r in rows:
            for c in columns:
                _set_masked(looks(sheet, title).cells.setdefault((r, c), {}), body.get("cell", {}), mask)
        return {}
    if kind == "updateDimensionProperties":
        mask = _mask(body, "DimensionProperties", schemas, allowed={"pixelSize", "hiddenByUser"})
        span = body.get("range", {})
        if span.get("dimension") != "COLUMNS":
            raise Invalid("updateDimensionProperties of rows is not emulated")
        title = _title(sheet, span.get("sheetId"))
        for c in range(span.get("startIndex", 0), span.get("endIndex", grid_size(sheet, title)[1])):
            _set_masked(looks(sheet, title).columns.setdefault(c, {}), body.get("properties", {}), mask)
        return {}
    if kind == "setDataValidation":
        rule = body.get("rule")
        if rule:
            _check_condition(rule.get("condition", {}), "data validation", condition_types)
        title, rows, columns = _grid_range(sheet, body.get("range", {}))
        for r in rows:
            for c in columns:
                cell = looks(sheet, title).cells.setdefault((r, c), {})
                if rule:
                    cell["dataValidation"] = copy.deepcopy(rule)
                else:
                    cell.pop("dataValidation", None)
        return {}
    if kind == "addConditionalFormatRule":
        rule = body.get("rule", {})
        titles = {_title(sheet, span.get("sheetId")) for span in rule.get("ranges", [])}
        if len(titles) != 1 or ("booleanRule" in rule) == ("gradientRule" in rule):
            raise Invalid("A conditional format rule needs ranges on one sheet and one of booleanRule or gradientRule")
        if "booleanRule" in rule:
            _check_condition(rule["booleanRule"].get("condition", {}), "conditional formatting", condition_types)
        rules = looks(sheet, titles.pop()).conditional_formats
        index = body.get("index", 0)
        if not 0 <= index <= len(rules):
            raise Invalid(f"Invalid index {index}: the sheet has {len(rules)} conditional format rules")
        rules.insert(index, copy.deepcopy(rule))
        return {}
    if kind == "deleteConditionalFormatRule":
        rules = looks(sheet, _title(sheet, body.get("sheetId"))).conditional_formats
        index = body.get("index", 0)
        if not 0 <= index < len(rules):
            raise Invalid(f"No conditional format on sheet {body.get('sheetId')} at index {index}")
        return {"deleteConditionalFormatRule": {"rule": rules.pop(index)}}
    if kind == "addProtectedRange":
        protected = copy.deepcopy(body.get("protectedRange", {}))
        if protected.get("warningOnly") and protected.get("editors"):
            raise Invalid("Editors are not supported with warning-only protection")
        protected.update(protectedRangeId=next(next_id), requestingUserCanEdit=True)
        looks(sheet, _title(sheet, protected.get("range", {}).get("sheetId"))).protected_ranges.append(protected)
        return {"addProtectedRange": {"protectedRange": protected}}
    if kind == "deleteProtectedRange":
        wanted = body.get("protectedRangeId")
        for found in sheet.looks.values():
            for protected in found.protected_ranges:
                if protected["protectedRangeId"] == wanted:
                    found.protected_ranges.remove(protected)
                    return {}
        raise Invalid(f"No protected range with id: {wanted}")
    raise Invalid(f"{kind} is not emulated")


def _title(sheet: Spreadsheet, sheet_id: Any) -> str:
    for title, known in sheet.sheet_ids.items():
        if known == (sheet_id or 0):
            return title
    raise Invalid(f"No grid with id: {sheet_id}")


def _grid_range(sheet: Spreadsheet, span: dict) -> tuple[str, range, range]:
    title = _title(sheet, span.get("sheetId"))
    rows, columns = grid_size(sheet, title)
    return (title, range(span.get("startRowIndex", 0), span.get("endRowIndex", rows)),
            range(span.get("startColumnIndex", 0), span.get("endColumnIndex", columns)))


def _mask(body: dict, schema: str, schemas: dict, *, allowed: set[str]) -> dict:
    """A request's `fields`, checked against its schema (as Google does) and against what is emulated."""
    from .discovery import check_fields, parse_fields

    mask = parse_fields(body.get("fields", ""))
    if not mask:
        raise Invalid("At least one field must be specified in 'fields'")
    check_fields(schemas, {"$ref": schema}, mask, "fields: ")
    if set(mask) - allowed:
        raise Invalid(f"fields {sorted(set(mask) - allowed)} are not emulated")
    return mask


def _set_masked(target: dict, source: dict, mask: dict) -> None:
    """Set each masked field of `target` to its value in `source`, or clear it where `source` has none."""
    for name, below in mask.items():
        if below:
            inner = target.setdefault(name, {})
            _set_masked(inner, source.get(name) or {}, below)
            if not inner:
                del target[name]
        elif name in source:
            target[name] = copy.deepcopy(source[name])
        else:
            target.pop(name, None)


def _check_condition(condition: dict, use: str, condition_types: dict[str, str]) -> None:
    """Google refuses a condition type in a place its description does not name ('Supported by data validation')."""
    kind = condition.get("type", "CONDITION_TYPE_UNSPECIFIED")
    if use not in condition_types.get(kind, ""):
        raise Invalid(f"Invalid condition type {kind} for {use}")
