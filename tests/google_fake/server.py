"""The emulator: one HTTP server on 127.0.0.1 answering Sheets v4, Drive v3 and the OAuth token endpoint.

Tests set state directly (create_spreadsheet, insert_rows, ...) and steer faults (fail_next, random_faults,
drop_after_apply, on_request); every request is logged with the discovery method it called.
"""

from __future__ import annotations

import datetime as dt
import email.parser
import email.policy
import itertools
import json
import random
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable
from urllib.parse import parse_qs, unquote, urlsplit

from . import a1, discovery, sheets

EPOCH = dt.datetime(2026, 11, 27, tzinfo=dt.timezone.utc)  # createdTime of a file made at clock() == 0
STATUS = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND",
          429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 503: "UNAVAILABLE"}


@dataclass
class LoggedRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    api: str
    kind: str  # the discovery method without its API prefix, e.g. values.batchGet, files.create
    status: int = 0


class GoogleError(Exception):
    def __init__(self, status: int, message: str, reason: str = ""):
        super().__init__(message)
        self.status = status
        self.reason = reason


@dataclass
class _Fault:
    status: int
    times: int
    retry_after: float | None
    kind: str | None
    reason: str = ""  # Drive's reason in the error body, e.g. userRateLimitExceeded with a 403


@dataclass
class GoogleFake:
    latency: float = 0.0
    require_auth: bool = False
    requests: list[LoggedRequest] = field(default_factory=list)
    # Drive's search is eventually consistent: a new file is listed only this many seconds (by `clock`) after
    # it was made; a test advances the clock from the retry policy's sleep, so no test waits for real.
    list_lag: float = 0.0
    clock: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        self.spreadsheets: dict[str, sheets.Spreadsheet] = {}
        self.files: dict[str, dict[str, Any]] = {}
        self.folders: dict[str, bool] = {}  # id -> writable
        self._faults: list[_Fault] = []
        self._drops: dict[str, int] = {}
        self._random: tuple[float, tuple[int, ...], random.Random, set[str] | None] | None = None
        self._hooks: list[Callable[[LoggedRequest], None]] = []
        self._ids = itertools.count(1)
        self._lock = threading.RLock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        # serve_forever checks for shutdown at every poll: at its default 0.5 s, each test's teardown waits that long
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.01},
                                        daemon=True)

    def start(self) -> "GoogleFake":
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- state, for tests
    def create_spreadsheet(self, title: str, tabs: dict[str, list[list[Any]]], *, spreadsheet_id: str | None = None,
                           user_entered: bool = True) -> str:
        key = spreadsheet_id or uuid.uuid4().hex + "KMfake"
        sheet = sheets.Spreadsheet(key, title)
        for index, (name, rows) in enumerate(tabs.items()):
            sheet.tabs[name] = [[sheets.user_entered(v) if user_entered else v for v in row] for row in rows]
            sheet.sheet_ids[name] = index * 1000 + 7
        self.spreadsheets[key] = sheet
        return key

    def tab_values(self, spreadsheet_id: str, title: str, *, render: str = "UNFORMATTED_VALUE") -> list[list[Any]]:
        with self._lock:
            sheet = self.spreadsheets[spreadsheet_id]
            return sheets.read(sheet, a1.Range(title, None, None, None, None), render)

    def set_values(self, spreadsheet_id: str, title: str, a1_range: str, rows: list[list[Any]], *,
                   user_entered: bool = True) -> None:
        with self._lock:
            sheet = self.spreadsheets[spreadsheet_id]
            sheets.write(sheet, a1.parse(f"{a1.quote(title)}!{a1_range}" if "!" not in a1_range else a1_range,
                                         list(sheet.tabs)), rows, raw=not user_entered)

    def merge_cells(self, spreadsheet_id: str, title: str, a1_range: str) -> None:
        """Merge a range, as Format > Merge cells does: the first cell keeps its value, the others are cleared."""
        with self._lock:
            sheet = self.spreadsheets[spreadsheet_id]
            rng = a1.parse(f"{a1.quote(title)}!{a1_range}", list(sheet.tabs))
            grid = sheet.tabs[title]
            for row in range(rng.first_row - 1, min(rng.last_row, len(grid))):
                for column in range(rng.first_col, min(rng.last_col + 1, len(grid[row]))):
                    if (row, column) != (rng.first_row - 1, rng.first_col):
                        grid[row][column] = None
            sheet.merges.setdefault(title, []).append(rng)

    def insert_rows(self, spreadsheet_id: str, title: str, index: int, rows: list[list[Any]]) -> None:
        with self._lock:
            grid = self.spreadsheets[spreadsheet_id].tabs[title]
            grid[index - 1:index - 1] = [[sheets.user_entered(v) for v in row] for row in rows]

    def delete_rows(self, spreadsheet_id: str, title: str, start: int, count: int = 1) -> None:
        with self._lock:
            del self.spreadsheets[spreadsheet_id].tabs[title][start - 1:start - 1 + count]

    def sort_rows(self, spreadsheet_id: str, title: str, column: int, *, reverse: bool = False,
                  header_rows: int = 1) -> None:
        with self._lock:
            grid = self.spreadsheets[spreadsheet_id].tabs[title]
            body = sorted(grid[header_rows:], key=lambda r: str(r[column]) if column < len(r) else "",
                          reverse=reverse)
            grid[header_rows:] = body

    def drive_folder(self, name: str, *, folder_id: str | None = None, writable: bool = True,
                     shared_drive: str = "") -> str:
        """A folder, in My Drive or (`shared_drive`: its id) in a shared drive."""
        folder_id = folder_id or f"folder{next(self._ids)}"
        self.folders[folder_id] = writable
        self.files[folder_id] = {"id": folder_id, "name": name, "mimeType": "application/vnd.google-apps.folder",
                                 "parents": [], "appProperties": {}, "trashed": False, "createdTime": self.stamp(),
                                 **({"driveId": shared_drive} if shared_drive else {})}
        return folder_id

    def stamp(self) -> str:
        """A file's createdTime: RFC 3339, in step with `clock`, a microsecond apart for files made at once."""
        made = EPOCH + dt.timedelta(seconds=self.clock(), microseconds=next(self._ids))
        return made.isoformat(timespec="microseconds").replace("+00:00", "Z")

    def drive_files(self) -> list[dict[str, Any]]:
        return [f for f in self.files.values() if f["mimeType"] != "application/vnd.google-apps.folder"]

    # --- the log and the faults
    def count(self, kind: str | None = None, *, api: str | None = None) -> int:
        return sum(1 for r in self.requests if (kind is None or r.kind == kind) and (api is None or r.api == api))

    def clear_log(self) -> None:
        self.requests.clear()

    def fail_next(self, status: int, *, times: int = 1, retry_after: float | None = None,
                  kind: str | None = None, reason: str = "") -> None:
        self._faults.append(_Fault(status, times, retry_after, kind, reason))

    def clear_faults(self) -> None:
        self._faults.clear()
        self._random = None

    def random_faults(self, rate: float, *, statuses: tuple[int | tuple[int, str], ...] = (429, 500, 503),
                      seed: int = 0, kinds: set[str] | None = None) -> None:
        """Fail `rate` of the requests (of `kinds`) at random with one of `statuses`: a code, or (code, reason)
        for Drive's reasons such as (403, "userRateLimitExceeded")."""
        self._random = (rate, statuses, random.Random(seed), kinds)

    def drop_after_apply(self, kind: str, *, times: int = 1) -> None:
        self._drops[kind] = times

    def on_request(self, callback: Callable[[LoggedRequest], None]) -> None:
        """Call `callback` with each request as it arrives, before the fake answers it."""
        self._hooks.append(callback)

    def clear_hooks(self) -> None:
        self._hooks.clear()

    def _fault_for(self, request: LoggedRequest) -> _Fault | None:
        for fault in self._faults:
            if fault.times > 0 and (fault.kind is None or fault.kind == request.kind):
                fault.times -= 1
                return fault
        if self._random:
            rate, statuses, rng, kinds = self._random
            if (kinds is None or request.kind in kinds) and rng.random() < rate:
                status, reason = (lambda c: c if isinstance(c, tuple) else (c, ""))(rng.choice(statuses))
                return _Fault(status, 1, 1.0, None, reason)
        return None

    def _should_drop(self, kind: str) -> bool:
        if self._drops.get(kind, 0) > 0:
            self._drops[kind] -= 1
            return True
        return False

    # --- request handling
    def handle(self, method: str, url: str, headers: Any, body: bytes) -> tuple[int, dict[str, str], Any, bool]:
        """(status, headers, JSON body, drop the connection)."""
        parts = urlsplit(url)
        path, query = parts.path, parse_qs(parts.query, keep_blank_values=True)
        if path == "/token":
            self.requests.append(LoggedRequest(method, path, query, body, "token", "token", 200))
            return 200, {}, {"access_token": f"fake-{uuid.uuid4().hex}", "expires_in": 3600,
                             "token_type": "Bearer"}, False
        found, why = discovery.match(method, path, set(query))
        api = "drive" if "/drive/" in path else "sheets"
        parsed = _parse_body(headers, body)
        if found is not None:
            why = discovery.refusal(found, query, parsed, check_body_too=api == "sheets")
            found = None if why else found
        # sheets.spreadsheets.values.batchGet -> values.batchGet; drive.files.create -> files.create
        kind = found.id.split(".", 1)[1].removeprefix("spreadsheets.") if found else "rejected"
        request = LoggedRequest(method, path, query, parsed, api, kind)
        self.requests.append(request)
        for hook in self._hooks:
            hook(request)
        if self.latency:
            time.sleep(self.latency)
        status, extra, answer, drop = self._answer(request, found, why)
        request.status = status
        return status, extra, answer, drop

    def _answer(self, request: LoggedRequest, found: Any, why: str) -> tuple[int, dict[str, str], Any, bool]:
        if found is None:
            return 400, {}, _error(400, why), False
        fault = self._fault_for(request)
        if fault:
            extra = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
            return fault.status, extra, _error(fault.status, FAULT_MESSAGES.get(fault.reason or fault.status,
                                                                                "The service is currently unavailable."),
                                               fault.reason), False
        try:
            with self._lock:
                answer = self._dispatch(request)
        except GoogleError as error:
            return error.status, {}, _error(error.status, str(error), error.reason), False
        except a1.RangeError as error:
            return 400, {}, _error(400, f"Unable to parse range: {error}"), False
        except (sheets.Invalid, discovery.Refused) as error:
            return 400, {}, _error(400, f"Invalid requests: {error}"), False
        return 200, {}, answer, self._should_drop(request.kind)

    def _dispatch(self, request: LoggedRequest) -> Any:
        from . import drive

        if request.api == "drive":
            return drive.handle(self, request)
        parts = request.path.split("/")
        sheet = self.spreadsheets.get(unquote(parts[3]).split(":")[0])
        if sheet is None:
            raise GoogleError(404, "Requested entity was not found.")
        q = {k: v[-1] for k, v in request.query.items()}
        titles = list(sheet.tabs)
        if request.kind == "get":
            fields = discovery.parse_fields(q.get("fields", ""))
            ranges = [a1.parse(r, titles) for r in request.query.get("ranges", [])]
            return discovery.prune(_spreadsheet(sheet, ranges, _wants_data(fields, q)), fields)
        if request.kind == "batchUpdate":
            replies = sheets.batch_update(sheet, request.body.get("requests", []), discovery.SHEETS_SCHEMAS,
                                          discovery.CONDITION_TYPES, self._ids)
            return {"spreadsheetId": sheet.id, "replies": replies}
        if request.kind == "values.batchGet":
            ranges = [a1.parse(r, titles) for r in request.query.get("ranges", [])]
            return {"spreadsheetId": sheet.id, "valueRanges": [
                _value_range(sheet, r, q) for r in ranges]}
        if request.kind == "values.get":
            return _value_range(sheet, a1.parse(unquote(parts[5]), titles), q)
        if request.kind == "values.batchUpdate":
            body = request.body
            raw = body.get("valueInputOption") == "RAW"
            responses = [sheets.write(sheet, a1.parse(d["range"], titles), d["values"], raw) for d in body["data"]]
            return {"spreadsheetId": sheet.id, "totalUpdatedRows": sum(r["updatedRows"] for r in responses),
                    "totalUpdatedColumns": max((r["updatedColumns"] for r in responses), default=0),
                    "totalUpdatedCells": sum(r["updatedCells"] for r in responses),
                    "totalUpdatedSheets": len({d["range"].split("!")[0] for d in body["data"]}),
                    "responses": responses}
        if request.kind == "values.update":
            answer = sheets.write(sheet, a1.parse(unquote(parts[5]), titles), request.body["values"],
                                  q.get("valueInputOption") == "RAW")
            return answer
        if request.kind == "values.append":
            rng = a1.parse(unquote(parts[5]).removesuffix(":append"), titles)
            grid = sheet.tabs[rng.title]
            start = sheets.last_used_row(grid) + 1
            table = f"{a1.quote(rng.title)}!A1:{a1.column_letters(max((len(r) for r in grid), default=1) - 1)}{start - 1}"
            updates = sheets.write(sheet, a1.Range(rng.title, start, rng.first_col or 0, None, None),
                                   request.body["values"], q.get("valueInputOption") == "RAW")
            return {"spreadsheetId": sheet.id, "tableRange": table, "updates": updates}
        raise GoogleError(400, f"{request.kind} is not emulated")


def _wants_data(fields: discovery.FieldTree, q: dict[str, str]) -> bool:
    """Grid data comes with a field mask selecting it, or without a mask when includeGridData=true."""
    if not fields:
        return q.get("includeGridData") == "true"
    selected = fields.get("sheets")
    return "*" in fields or selected is not None and (not selected or "data" in selected or "*" in selected)


def _spreadsheet(sheet: sheets.Spreadsheet, ranges: list[a1.Range], with_data: bool) -> dict[str, Any]:
    """The Spreadsheet resource: with `ranges`, only their tabs, each with a GridData per range."""
    titles = list(sheet.tabs)
    shown = list(dict.fromkeys(r.title for r in ranges)) if ranges else titles
    tabs = []
    for title in shown:
        found = sheets.looks(sheet, title)
        tab: dict[str, Any] = {"properties": sheets.sheet_properties(sheet, title, titles.index(title))}
        if sheet.merges.get(title):
            tab["merges"] = [sheets.grid_range(sheet.sheet_ids[title], merged) for merged in sheet.merges[title]]
        if found.conditional_formats:
            tab["conditionalFormats"] = found.conditional_formats
        if found.protected_ranges:
            tab["protectedRanges"] = found.protected_ranges
        if with_data:
            spans = [r for r in ranges if r.title == title] or [a1.Range(title, None, None, None, None)]
            tab["data"] = [sheets.grid_data(sheet, span) for span in spans]
        tabs.append(tab)
    return {"spreadsheetId": sheet.id,
            "properties": {"title": sheet.title, "locale": "th_TH", "timeZone": "Asia/Bangkok"},
            "sheets": tabs, "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{sheet.id}/edit"}


def _value_range(sheet: sheets.Spreadsheet, rng: a1.Range, q: dict[str, str]) -> dict[str, Any]:
    values = sheets.read(sheet, rng, q.get("valueRenderOption", "FORMATTED_VALUE"),
                         q.get("dateTimeRenderOption", "SERIAL_NUMBER"))
    last_row = rng.last_row or max(1000, len(sheet.tabs[rng.title]))
    first_col, last_col = rng.first_col or 0, rng.last_col if rng.last_col is not None else 25
    answer: dict[str, Any] = {"range": f"{a1.quote(rng.title)}!{a1.column_letters(first_col)}{rng.first_row or 1}:"
                                       f"{a1.column_letters(last_col)}{last_row}",
                              "majorDimension": q.get("majorDimension", "ROWS")}
    if values:
        answer["values"] = values
    return answer


FAULT_MESSAGES = {429: "Quota exceeded",
                  "userRateLimitExceeded": "User Rate Limit Exceeded. Rate of requests for user exceed configured "
                                           "project quota.",
                  "rateLimitExceeded": "Rate Limit Exceeded"}


def _error(status: int, message: str, reason: str = "") -> dict[str, Any]:
    """Google's error body; Drive adds the v2-style `errors` list, whose `reason` tells a rate limit (403) from
    a refusal (https://developers.google.com/drive/api/guides/handle-errors)."""
    error: dict[str, Any] = {"code": status, "message": message, "status": STATUS.get(status, "UNKNOWN")}
    if reason:
        error["errors"] = [{"domain": "usageLimits", "reason": reason, "message": message}]
    return {"error": error}


def _parse_body(headers: Any, body: bytes) -> Any:
    content_type = headers.get("Content-Type", "") or ""
    if not body:
        return None
    if content_type.startswith("multipart/related"):
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
        parts = list(message.iter_parts())
        return {"metadata": json.loads(parts[0].get_content()), "media": parts[1].get_payload(decode=True),
                "media_type": parts[1].get_content_type()}
    try:
        return json.loads(body)
    except ValueError:
        return body


def _handler(fake: GoogleFake) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out as two writes; with Nagle's algorithm the body waits for the client's
        # delayed ACK, 40 ms per request on Linux, which would swamp every timing taken through the fake.
        disable_nagle_algorithm = True

        def log_message(self, *args: Any) -> None:
            pass

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if fake.require_auth and self.path != "/token" and not (
                    self.headers.get("Authorization", "").startswith("Bearer ")):
                status, extra, answer, drop = 401, {}, _error(401, "Request is missing required authentication "
                                                                   "credential."), False
            else:
                status, extra, answer, drop = fake.handle(self.command, self.path, self.headers, body)
            if drop:
                self.close_connection = True
                self.connection.shutdown(2)
                return
            data = json.dumps(answer, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=UTF-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in extra.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve

    return Handler
