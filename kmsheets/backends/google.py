"""A Google Sheet, through gspread's HTTP client: one spreadsheets.get for the tab titles and merged ranges,
one values.batchGet reads every tab, one more finds the rows again by id just before writing, and one
values.batchUpdate (RAW) writes every changed cell.

Cost per job, whatever the row count: read 2, re-find 1, write 1 (new registry rows go by one
values.append instead). Never a request per row: Sheets allows about 60 reads and 60 writes a minute.
`kmsheets format` costs one spreadsheets.get and one spreadsheets.batchUpdate (see sheetsformat).
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence

from gspread.exceptions import APIError

from ..config import WorkbookConfig
from ..errors import AccessError, SheetError
from ..google_api import GoogleHTTPClient, access_error
from ..lock import lock_for_sheet
from ..messages import message
from ..retry import OutcomeUnknown, until_landed
from ..schema import TABS, matching_title
from ..tables import (Cell, Merged, Table, Workbook, column_letter, locate_columns, normalize_cell, read_table,
                      row_key)
from .base import (CellWrite, FormatState, Probe, Skipped, TabNow, WriteReport, add_columns, locate_writes, no_tab,
                   not_yet_there, registry_row)

if TYPE_CHECKING:
    from ..formatplan import FormatPlan

# Formulas come back as formulas, so a formula typed in a data cell can be reported rather than computed;
# dates as serial numbers, exactly as the .xlsx backend turns date cells into.
READ_PARAMS = {"valueRenderOption": "FORMULA", "dateTimeRenderOption": "SERIAL_NUMBER", "majorDimension": "ROWS"}
# A values read does not say which cells are merged; the spreadsheet's metadata does, with every tab's title.
SHEETS_PARAMS = {"fields": "sheets(properties(title),merges)"}
PROBE_PARAMS = {"fields": "properties(title),sheets(properties(title))"}  # the spreadsheet's title, its tabs'
_KEY = re.compile(r"/spreadsheets/d/([A-Za-z0-9_-]+)")


def spreadsheet_key(source: str) -> str:
    """The key in a Google Sheets URL, or the source itself when it is a bare key."""
    found = _KEY.search(source)
    return found.group(1) if found else source


def quote(title: str) -> str:
    """A tab title as an A1 range prefix: always quoted, inner quotes doubled (Thai titles need quoting)."""
    return "'" + title.replace("'", "''") + "'"


class GoogleBackend:
    shared = True

    def __init__(self, source: str, workbook: WorkbookConfig, client: GoogleHTTPClient, *,
                 language: str = "th") -> None:
        self.key = spreadsheet_key(source)
        self.config = workbook
        self.client = client
        self.language = language  # of the header of a column kmsheets adds
        self._columns: dict[str, Mapping[str, int]] = {}  # per tab, where the fields were when read

    def describe(self) -> str:
        return f"Google Sheet {self.key}"

    def lock_file(self) -> Path:
        return lock_for_sheet(self.key)

    def check_writable(self) -> None:
        """Nothing to look at first: Google refuses a write it does not allow, and says why."""

    def read(self, tabs: Sequence[str] | None = None) -> Workbook:
        merges: dict[str, list[Merged]] = {}
        if tabs is None or not self._columns:
            metadata = self._call(lambda: self.client.fetch_sheet_metadata(self.key, params=SHEETS_PARAMS))
            merges = {sheet["properties"]["title"]: [_merged(grid) for grid in sheet.get("merges", [])]
                      for sheet in metadata.get("sheets", [])}
            self._match_titles(list(merges))
        # A tab read again (the registry, after reserving numbers) is not checked for merged cells again.
        titles = {name: self.config.title(name) for name in tabs or TABS}
        value_ranges = self._batch_get([quote(t) for t in titles.values()])
        tables: dict[str, Table] = {}
        for (name, title), value_range in zip(titles.items(), value_ranges):
            tables[name] = read_table(TABS[name], title, value_range.get("values", []),
                                      self.config.headers.get(name), merges.get(title, []))
            self._columns[name] = tables[name].columns
        return tables

    def probe(self) -> Probe:
        metadata = self._call(lambda: self.client.fetch_sheet_metadata(self.key, params=PROBE_PARAMS))
        present = [sheet["properties"]["title"] for sheet in metadata.get("sheets", [])]
        found = {name: title for name, title in self._matching(present).items() if title is not None}
        value_ranges = self._batch_get([quote(title) for title in found.values()]) if found else []
        return Probe(f"Google Sheet '{metadata.get('properties', {}).get('title', self.key)}'", tuple(present),
                     {name: value_range.get("values", []) for name, value_range in zip(found, value_ranges)})

    def _titles(self, present: list[str]) -> dict[str, str]:
        """Each tab's title as the sheet spells it; a tab the sheet lacks is a SheetError naming the ones it has."""
        titles = self._matching(present)
        if None in titles.values():
            raise self._no_tab(titles, present)
        return {name: title for name, title in titles.items() if title is not None}

    def _matching(self, present: list[str]) -> dict[str, str | None]:
        return {name: matching_title(self.config.title(name), present) for name in TABS}

    def _no_tab(self, titles: Mapping[str, str | None], present: list[str]) -> SheetError:
        return no_tab(self.describe(), self.config, [name for name, title in titles.items() if title is None], present)

    def write(self, cells: Sequence[CellWrite],
              appends: Mapping[str, Sequence[Mapping[str, Cell]]] | None = None) -> WriteReport:
        appends = {tab: rows for tab, rows in (appends or {}).items() if rows}
        tabs = [name for name in TABS if name in appends or any(c.tab == name for c in cells)]
        report = WriteReport()
        if not tabs:
            return report
        now = self._find_again(tabs, docs={c.tab for c in cells if c.run})
        data = []
        for name in tabs:
            tab_cells = [c for c in cells if c.tab == name]
            if now[name] is None:
                report.skipped += [Skipped(c, "skip_id_moved") for c in tab_cells]
                continue
            now[name], added = add_columns(name, now[name], tab_cells, self.language, appends.get(name, ()))
            placed, skipped = locate_writes(name, now[name], tab_cells)
            report.written += placed
            report.skipped += skipped
            report.added += added
            data += [self._range(name, 1, now[name].columns[column.field], column.header) for column in added]
            data += [self._range(name, place.row, place.column, place.write.value) for place in placed]
        if data:
            self._call(lambda: self.client.values_batch_update(
                self.key, {"valueInputOption": "RAW", "data": data}))
        for name, rows in appends.items():
            if now[name] is None:
                raise AccessError(key="id_column_moved", tab=self.config.title(name))
            fresh = not_yet_there(name, now[name], rows)
            report.appended[name] = self._append(name, now[name], fresh) if fresh else []
        return report

    def _find_again(self, tabs: Sequence[str], docs: Iterable[str] = ()) -> dict[str, TabNow | None]:
        """The header row and the id column of each tab as they are now (and the document column, for the
        tabs in `docs`), in one request; None for a tab whose columns moved since it was read."""
        docs = set(docs)
        ranges = []
        for name in tabs:
            title = quote(self.config.title(name))
            ranges += [f"{title}!1:1"] + [f"{title}!{column_letter(c)}:{column_letter(c)}"
                                          for c in self._watched(name, name in docs)]
        value_ranges = iter(self._batch_get(ranges))
        found: dict[str, TabNow | None] = {}
        for name in tabs:
            header = [normalize_cell(h) for h in (next(value_ranges).get("values") or [[]])[0]]
            columns = locate_columns(TABS[name], self.config.title(name), header, self.config.headers.get(name))
            watched = self._watched(name, name in docs)
            cells = [[normalize_cell(row[0]) if row else None for row in next(value_ranges).get("values", [])]
                     for _ in watched]
            keys, doc_cells = cells[0], cells[1] if len(cells) > 1 else []
            rows = [(number, key, doc_cells[number - 1] if number - 1 < len(doc_cells) else None)
                    for number, key in enumerate(keys[1:], start=2)]
            moved = [columns.get(field) for field in self._fields(name, name in docs)] != watched
            found[name] = None if moved else TabNow(header, columns, rows)
        return found

    def _fields(self, name: str, docs: bool) -> list[str]:
        return [TABS[name].key] + (["doc"] if docs and "doc" in self._columns.get(name, {}) else [])

    def _watched(self, name: str, docs: bool) -> list[int]:
        """The columns re-read before a write: the ids (and documents), where they were when the tab was read."""
        if name not in self._columns:
            raise RuntimeError("GoogleBackend.write() follows read(): it places cells by the ids read then")
        return [self._columns[name][field] for field in self._fields(name, docs)]

    def _append(self, name: str, now: TabNow, rows: Sequence[Mapping[str, Cell]]) -> list[int]:
        """Add registry rows under the table; after a lost answer, look before sending again, so none is doubled."""
        tab, title = TABS[name], self.config.title(name)
        pending = list(rows)
        wanted = {row_key(name, row[tab.key]) for row in rows}

        def send() -> list[int]:
            response = self._call(lambda: self.client.values_append(
                self.key, f"{quote(title)}!A1", params={"valueInputOption": "RAW", "insertDataOption": "INSERT_ROWS"},
                body={"values": [registry_row(now.columns, row) for row in pending]}))
            return _appended_rows(response)

        def landed() -> list[int] | None:
            again = self._find_again([name])[name]
            there = {row_key(name, key): number for number, key, _ in (again.rows if again else [])}
            pending[:] = [row for row in pending if row_key(name, row[tab.key]) not in there]
            return None if pending else sorted(number for key, number in there.items() if key in wanted)

        return until_landed(send, landed, self.client.policy, message("what_append_rows", tab=title))

    def _range(self, name: str, row: int, column: int, value: Cell) -> dict[str, Any]:
        return {"range": f"{quote(self.config.title(name))}!{column_letter(column)}{row}", "values": [[value]]}

    def read_format(self) -> FormatState:
        """Each tab's header row and kmsheets' earlier format rules, in one spreadsheets.get; when the sheet
        spells a tab's title another way ('กําหนดการ'), Google refuses the range and two more requests find
        the titles and ask again."""
        from .sheetsformat import FIELDS, found_format

        def get() -> Mapping[str, Any]:
            header_rows = [f"{quote(self.config.title(name))}!1:1" for name in TABS]
            return self.client.fetch_sheet_metadata(self.key, params={"ranges": header_rows, "fields": FIELDS})

        try:
            answer = get()
        except APIError as error:
            if not _unparsed_range(error):
                raise access_error(error, message("what_read_sheet", source=self.describe())) from None
            self._match_titles(self._present_titles())
            answer = self._read(get)
        return found_format(answer, {name: self.config.title(name) for name in TABS})

    def write_format(self, state: FormatState, plan: FormatPlan) -> None:
        """The whole plan, kmsheets' earlier rules replaced, in one spreadsheets.batchUpdate."""
        from .sheetsformat import format_requests

        try:
            self._call(lambda: self.client.batch_update(self.key, {"requests": format_requests(state.found, plan)}))
        except OutcomeUnknown as error:  # it deletes rules by their place: never resent blindly
            raise AccessError(key="format_failed", error=error.as_message()) from None

    def _batch_get(self, ranges: Sequence[str]) -> list[dict[str, Any]]:
        response = self._read(lambda: self.client.values_batch_get(self.key, list(ranges), params=READ_PARAMS))
        return response.get("valueRanges", [])

    def _read(self, request: Callable[[], Any]) -> Any:
        """A read naming the configured tabs: a tab the sheet lacks is said by its name."""
        try:
            return request()
        except APIError as error:
            if _unparsed_range(error):
                raise self._missing_tab() from None
            raise access_error(error, message("what_read_sheet", source=self.describe())) from None

    def _missing_tab(self) -> SheetError:
        """Which tab went missing since the read (costs one request, only when one is missing)."""
        present = self._present_titles()
        return self._no_tab(self._matching(present), present)

    def _present_titles(self) -> list[str]:
        metadata = self._call(lambda: self.client.fetch_sheet_metadata(self.key, params=SHEETS_PARAMS))
        return [sheet["properties"]["title"] for sheet in metadata.get("sheets", [])]

    def _match_titles(self, present: list[str]) -> None:
        """From here on every range names each tab as the sheet spells it ('กําหนดการ' for 'กำหนดการ')."""
        self.config = dataclasses.replace(self.config, tabs=self._titles(present))

    def _call(self, request: Callable[[], Any]) -> Any:
        try:
            return request()
        except APIError as error:
            raise access_error(error, self.describe()) from None


def _unparsed_range(error: APIError) -> bool:
    """Google's 400 for a range naming a tab the sheet does not have (under that spelling)."""
    return error.response.status_code == 400 and "parse range" in str(error.error.get("message", ""))


def _merged(grid: Mapping[str, int]) -> Merged:
    """A merged GridRange (0-based, end excluded; Google leaves out an index that is 0) as a Merged."""
    return Merged(grid.get("startRowIndex", 0) + 1, grid["endRowIndex"], grid.get("startColumnIndex", 0),
                  grid["endColumnIndex"] - 1)


def _appended_rows(response: Mapping[str, Any]) -> list[int]:
    """Sheet rows of an append, from the range Google reports, e.g. 'ทะเบียน'!A12:M14."""
    found = re.search(r"![A-Z]+(\d+)(?::[A-Z]+(\d+))?$", response.get("updates", {}).get("updatedRange", ""))
    if not found:
        return []
    first = int(found.group(1))
    return list(range(first, int(found.group(2) or first) + 1))
