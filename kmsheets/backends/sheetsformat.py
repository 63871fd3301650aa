"""`kmsheets format` on a Google Sheet, as Sheets API requests: what one spreadsheets.get asks for, what it
says about kmsheets' earlier rules, and the one spreadsheets.batchUpdate that sets the whole plan.

kmsheets' own rules are the conditional formats whose formula carries format.MARK and the protected
ranges whose description starts with it. The batchUpdate deletes those (conditional formats by index,
the highest first) and adds the plan's rules after the team's own, which keep their order; Sheets applies
a batchUpdate whole or not at all, so the sheet is never half-formatted. Data validation cannot carry a
mark in the API, and needs none while its column is there: Sheets keeps one rule per cell, so setting
kmsheets' rule on its columns replaces an earlier one (a column renamed to something kmsheets does not
read keeps its drop-down until a person clears it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from ..formatplan import COLOUR_RGB, MARK, OWNED_RGB, FormatPlan, TabPlan, colour_formula, is_ours, reference
from ..tables import column_letter
from .base import FormatState

# Only what format needs: sheet ids, row 1 of each tab (the request's ranges), the rules already there
FIELDS = ("sheets(properties(sheetId,title),data(rowData(values(formattedValue))),conditionalFormats,"
          "protectedRanges(protectedRangeId,description))")


@dataclass(frozen=True)
class Found:
    sheet_ids: Mapping[str, int]  # by tab name
    ours: Mapping[str, Sequence[int]]  # by tab name: the indexes of kmsheets' conditional formats
    team: Mapping[str, int]  # by tab name: how many conditional formats are the team's own
    protected: Sequence[int]  # kmsheets' protected range ids


def found_format(spreadsheet: Mapping[str, Any], titles: Mapping[str, str]) -> FormatState:
    """The spreadsheets.get answer (FIELDS, each tab's row 1 as its ranges) as a FormatState."""
    sheets = {sheet["properties"]["title"]: sheet for sheet in spreadsheet.get("sheets", [])}
    headers, sheet_ids, ours, team, protected = {}, {}, {}, {}, []
    for name, title in titles.items():
        sheet = sheets[title]
        sheet_ids[name] = sheet["properties"].get("sheetId", 0)  # Google leaves out a zero
        rows = (sheet.get("data") or [{}])[0].get("rowData") or [{}]
        headers[name] = [cell.get("formattedValue") for cell in rows[0].get("values", [])]
        formats = sheet.get("conditionalFormats", [])
        ours[name] = [index for index, rule in enumerate(formats) if _is_ours(rule)]
        team[name] = len(formats) - len(ours[name])
        protected += [p["protectedRangeId"] for p in sheet.get("protectedRanges", [])
                      if p.get("description", "").startswith(MARK)]
    earlier = sum(len(indexes) for indexes in ours.values()) + len(protected)
    return FormatState(headers, titles, earlier, Found(sheet_ids, ours, team, protected))


def _is_ours(rule: Mapping[str, Any]) -> bool:
    values = rule.get("booleanRule", {}).get("condition", {}).get("values", [])
    return any(is_ours(value.get("userEnteredValue", "")) for value in values)


def format_requests(found: Found, plan: FormatPlan) -> list[dict[str, Any]]:
    """Every request of the one batchUpdate: kmsheets' earlier rules out, the plan's in."""
    requests: list[dict[str, Any]] = [
        {"deleteConditionalFormatRule": {"sheetId": found.sheet_ids[name], "index": index}}
        for name, indexes in found.ours.items() for index in sorted(indexes, reverse=True)]
    requests += [{"deleteProtectedRange": {"protectedRangeId": id_}} for id_ in found.protected]
    for tab in plan.tabs:
        requests += _tab_requests(tab, found.sheet_ids[tab.name], found.team[tab.name], plan)
    return requests


def _tab_requests(tab: TabPlan, sheet_id: int, team_rules: int, plan: FormatPlan) -> list[dict]:
    def column(index: int, *, from_row: int = 0) -> dict[str, int]:
        return {"sheetId": sheet_id, "startRowIndex": from_row, "startColumnIndex": index,
                "endColumnIndex": index + 1}

    requests: list[dict[str, Any]] = [
        {"updateSheetProperties": {"properties": {"sheetId": sheet_id, "gridProperties": {"frozenRowCount": 1}},
                                   "fields": "gridProperties.frozenRowCount"}},
        {"repeatCell": {"range": {"sheetId": sheet_id, "startRowIndex": 0, "endRowIndex": 1,
                                  "startColumnIndex": 0, "endColumnIndex": max(len(tab.header), 1)},
                        "cell": {"userEnteredFormat": {"textFormat": {"bold": True}}},
                        "fields": "userEnteredFormat.textFormat.bold"}}]
    requests += [{"repeatCell": {"range": {**column(c), "endRowIndex": 1},
                                 "cell": {"userEnteredFormat": {"backgroundColor": _rgb(OWNED_RGB)}},
                                 "fields": "userEnteredFormat.backgroundColor"}} for c in tab.owned]
    requests += [{"updateDimensionProperties": {
        "range": {"sheetId": sheet_id, "dimension": "COLUMNS", "startIndex": c, "endIndex": c + 1},
        "properties": {"pixelSize": pixels}, "fields": "pixelSize"}} for c, pixels in tab.widths]
    for choice in tab.choices:
        if choice.source is None:
            condition = {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": v} for v in choice.values]}
        else:
            condition = {"type": "ONE_OF_RANGE", "values": [{"userEnteredValue": "=" + reference(choice.source)}]}
        requests.append({"setDataValidation": {"range": column(choice.column, from_row=1), "rule": {
            "condition": condition, "strict": True, "showCustomUi": True}}})
    requests += [{"setDataValidation": {"range": column(c, from_row=1), "rule": {
        "condition": {"type": "DATE_IS_VALID"}, "strict": False}}} for c in tab.dates]
    requests += [{"addConditionalFormatRule": {"index": team_rules + number, "rule": {
        "ranges": [column(c.column, from_row=1)],
        "booleanRule": {"condition": {"type": "CUSTOM_FORMULA", "values": [
            {"userEnteredValue": "=" + colour_formula(f"{column_letter(c.column)}2", c.texts)}]},
            "format": {"backgroundColor": _rgb(COLOUR_RGB[c.colour])}}}}}
        for number, c in enumerate(tab.colours)]
    requests += [{"addProtectedRange": {"protectedRange": {"range": column(c), "description": plan.texts.owned,
                                                           "warningOnly": True}}} for c in tab.owned]
    return requests


def _rgb(hex_colour: str) -> dict[str, float]:
    red, green, blue = (int(hex_colour[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return {"red": round(red, 4), "green": round(green, 4), "blue": round(blue, 4)}
