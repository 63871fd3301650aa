"""A Google Sheet, through gspread's HTTP client: one values.batchGet reads every tab, one more finds the
rows again by id just before writing, and one values.batchUpdate (RAW) writes every changed cell.

Cost per job, whatever the row count: read 1, re-find 1, write 1 (new registry rows go by one
values.append instead). Never a request per row: Sheets allows about 60 reads and 60 writes a minute.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

from gspread.exceptions import APIError

from ..config import WorkbookConfig
from ..errors import AccessError, SheetError
from ..google_api import GoogleHTTPClient, access_error
from ..retry import OutcomeUnknown
from ..schema import TABS
from ..tables import Cell, Table, Workbook, column_letter, key_text, locate_columns, normalize_cell, read_table
from .base import CellWrite, Placed, Probe, Skipped, WriteReport, locate_writes, not_yet_there, registry_row

# Formulas come back as formulas, so a formula typed in a data cell can be reported rather than computed;
# dates as serial numbers, exactly as the .xlsx backend turns date cells into.
READ_PARAMS = {"valueRenderOption": "FORMULA", "dateTimeRenderOption": "SERIAL_NUMBER", "majorDimension": "ROWS"}
_KEY = re.compile(r"/spreadsheets/d/([A-Za-z0-9_-]+)")


def spreadsheet_key(source: str) -> str:
    """The key in a Google Sheets URL, or the source itself when it is a bare key."""
    found = _KEY.search(source)
    return found.group(1) if found else source


def quote(title: str) -> str:
    """A tab title as an A1 range prefix: always quoted, inner quotes doubled (Thai titles need quoting)."""
    return "'" + title.replace("'", "''") + "'"


@dataclass(frozen=True)
class _TabNow:
    """A tab as found again just before writing."""

    columns: Mapping[str, int] | None  # None: the id column moved, so the column fetched is not the ids
    keys: list[tuple[int, Cell]]  # (sheet row, id) below the header


class GoogleBackend:
    def __init__(self, source: str, workbook: WorkbookConfig, client: GoogleHTTPClient) -> None:
        self.key = spreadsheet_key(source)
        self.config = workbook
        self.client = client
        self._id_columns: dict[str, int] = {}

    def describe(self) -> str:
        return f"Google Sheet {self.key}"

    def read(self) -> Workbook:
        titles = {name: self.config.title(name) for name in TABS}
        value_ranges = self._batch_get([quote(t) for t in titles.values()])
        tables: dict[str, Table] = {}
        for (name, title), value_range in zip(titles.items(), value_ranges):
            tables[name] = read_table(TABS[name], title, value_range.get("values", []),
                                      self.config.headers.get(name))
            self._id_columns[name] = tables[name].columns[TABS[name].key]
        return tables

    def probe(self) -> Probe:
        name, titles = self._titles()
        present = [tab for tab in TABS if self.config.title(tab) in titles]
        value_ranges = self._batch_get([quote(self.config.title(tab)) for tab in present]) if present else []
        return Probe(f"Google Sheet '{name}'", tuple(titles),
                     {tab: value_range.get("values", []) for tab, value_range in zip(present, value_ranges)})

    def write(self, cells: Sequence[CellWrite],
              appends: Mapping[str, Sequence[Mapping[str, Cell]]] | None = None) -> WriteReport:
        appends = {tab: rows for tab, rows in (appends or {}).items() if rows}
        tabs = [name for name in TABS if name in appends or any(c.tab == name for c in cells)]
        report = WriteReport()
        if not tabs:
            return report
        now = self._find_again(tabs)
        data = []
        for name in tabs:
            tab_cells = [c for c in cells if c.tab == name]
            columns = now[name].columns
            if columns is None:
                report.skipped += [Skipped(c, "skip_id_moved") for c in tab_cells]
                continue
            placed, skipped = locate_writes(name, columns, now[name].keys, tab_cells)
            report.written += placed
            report.skipped += skipped
            data += [self._cell(place) for place in placed]
        if data:
            self._call(lambda: self.client.values_batch_update(
                self.key, {"valueInputOption": "RAW", "data": data}))
        for name, rows in appends.items():
            if now[name].columns is None:
                raise AccessError(f"the id column of '{self.config.title(name)}' moved while kmsheets ran, "
                                  "so nothing was added to it")
            fresh = not_yet_there(name, now[name].keys, rows)
            report.appended[name] = self._append(name, now[name], fresh) if fresh else []
        return report

    def _find_again(self, tabs: Sequence[str]) -> dict[str, _TabNow]:
        """The header row and the id column of each tab as they are now, in one request."""
        ranges = []
        for name in tabs:
            title, letter = quote(self.config.title(name)), column_letter(self._id_column(name))
            ranges += [f"{title}!1:1", f"{title}!{letter}:{letter}"]
        value_ranges = self._batch_get(ranges)
        found = {}
        for name, header_range, id_range in zip(tabs, value_ranges[::2], value_ranges[1::2]):
            header = [normalize_cell(h) for h in (header_range.get("values") or [[]])[0]]
            columns = locate_columns(TABS[name], self.config.title(name), header, self.config.headers.get(name))
            keys = [(number, normalize_cell(row[0]) if row else None)
                    for number, row in enumerate(id_range.get("values", [])[1:], start=2)]
            moved = columns[TABS[name].key] != self._id_column(name)
            found[name] = _TabNow(None if moved else columns, keys)
        return found

    def _append(self, name: str, now: _TabNow, rows: Sequence[Mapping[str, Cell]]) -> list[int]:
        """Add registry rows under the table; after a lost answer, look before sending again, so none is doubled."""
        tab, title = TABS[name], self.config.title(name)
        pending, policy, last = list(rows), self.client.policy, ""
        for attempt in range(policy.attempts):
            try:
                response = self._call(lambda: self.client.values_append(
                    self.key, f"{quote(title)}!A1",
                    params={"valueInputOption": "RAW", "insertDataOption": "INSERT_ROWS"},
                    body={"values": [registry_row(now.columns, row) for row in pending]}))
                return _appended_rows(response)
            except OutcomeUnknown as error:
                last = str(error)
                now = self._find_again([name])[name]
                landed = {key_text(key) for _, key in now.keys}
                pending = [row for row in pending if key_text(row[tab.key]) not in landed]
                if not pending:
                    return [number for number, key in now.keys if key_text(key) in
                            {key_text(row[tab.key]) for row in rows}]
                if attempt + 1 < policy.attempts:  # a 5xx says Google is struggling: back off as for any
                    policy.sleep(policy.delay(attempt))
        raise AccessError(f"adding rows to '{title}' failed {policy.attempts} times, and they are not there "
                          f"(last: {last})")

    def _id_column(self, name: str) -> int:
        """Where the tab's ids were when it was read: a write checks they have not moved since."""
        if name not in self._id_columns:
            raise RuntimeError("GoogleBackend.write() follows read(): it places cells by the ids read then")
        return self._id_columns[name]

    def _cell(self, place: Placed) -> dict[str, Any]:
        title = quote(self.config.title(place.write.tab))
        return {"range": f"{title}!{column_letter(place.column)}{place.row}", "values": [[place.write.value]]}

    def _batch_get(self, ranges: Sequence[str]) -> list[dict[str, Any]]:
        try:
            response = self.client.values_batch_get(self.key, list(ranges), params=READ_PARAMS)
        except APIError as error:
            if error.response.status_code == 400 and "parse range" in str(error.error.get("message", "")):
                raise self._missing_tab() from None
            raise access_error(error, f"reading {self.describe()}") from None
        return response.get("valueRanges", [])

    def _titles(self) -> tuple[str, list[str]]:
        """The spreadsheet's title and its tabs' titles, in order (one request)."""
        metadata = self._call(lambda: self.client.fetch_sheet_metadata(self.key))
        return (metadata.get("properties", {}).get("title", self.key),
                [sheet["properties"]["title"] for sheet in metadata.get("sheets", [])])

    def _missing_tab(self) -> SheetError:
        """Which configured tab is not in the sheet (costs one request, only when one is missing)."""
        _, titles = self._titles()
        missing = [(name, self.config.title(name)) for name in TABS if self.config.title(name) not in titles]
        wanted = ", ".join(f"'{title}' ({name})" for name, title in missing)
        return SheetError(key="no_tab", workbook=self.describe(), wanted=wanted, tabs=", ".join(titles))

    def _call(self, request: Callable[[], Any]) -> Any:
        try:
            return request()
        except APIError as error:
            raise access_error(error, self.describe()) from None


def _appended_rows(response: Mapping[str, Any]) -> list[int]:
    """Sheet rows of an append, from the range Google reports, e.g. 'ทะเบียน'!A12:M14."""
    found = re.search(r"![A-Z]+(\d+)(?::[A-Z]+(\d+))?$", response.get("updates", {}).get("updatedRange", ""))
    if not found:
        return []
    first = int(found.group(1))
    return list(range(first, int(found.group(2) or first) + 1))
