"""`kmsheets doctor`: check the whole set-up, one finding per line, each failure with its fix.

What is checked, in order: the config file (readable, and the [sender] keys letters need); the Google
credentials (present, of the kind the config names, not readable by group or others), when Google is used;
the workbook (it opens); every tab and every header kmsheets reads, naming near-misses ('วันที' for 'วันที่');
the sender's own row in the agencies tab; the letters folder (local: writable; Drive: reachable and
writable); the letter templates (a made-up letter renders); the Garuda emblem (an image file, or preprinted
paper; neither set is a warning); the clock and time zone (shown, not judged).

Each check is a small function that never raises: kmsheets' errors, file errors and Google's answers become
a failed Check. Nothing here prints; every sentence comes from `messages` in the configured language.
A check that cannot run because an earlier one failed (no sheet without credentials) fails saying so.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import json
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from .config import PREPRINTED, Config, default_path, load_config, readable_by_others
from .errors import KmsheetsError
from .messages import say
from .schema import TABS, Tab, header_names, matching_title, normalize_header
from .tables import column_letter, key_text, locate_columns, normalize_cell, read_table, text
from .thaidate import format_date, to_thai_digits

log = logging.getLogger(__name__)

FOLDER_MIME = "application/vnd.google-apps.folder"
FILES = "https://www.googleapis.com/drive/v3/files"
ZONE = "Asia/Bangkok"
NEAR = 0.8  # difflib ratio above which an unknown header or tab title is taken for a typo of a known one
# [sender] keys a letter cannot do without; unit and phone fall back to the sender's row in the agencies tab
SENDER_KEYS = ("agency_id", "prefix", "signatory", "position")


@dataclass(frozen=True)
class Check:
    """One finding: `name` says what was checked, `detail` what was found, `fix` what to do (when not ok).

    `key` is a stable identifier (config, sender, credentials, workbook, tab.activities, sender_row, format,
    folder, template.request, template.reminder, template.change, template.cancel, emblem, clock) for scripts
    reading `--json`. A `warning` passed, with something to act on: it is shown with '!' and its fix.
    """

    name: str
    ok: bool
    detail: str = ""
    fix: str = ""
    key: str = ""
    warning: bool = False

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def passed(checks: Sequence[Check]) -> bool:
    return all(check.ok for check in checks)


def report_lines(checks: Sequence[Check], language: str) -> list[str]:
    """The checks as lines for people: '✓ name: detail', and under a failure (✗) or a warning (!) '    fix: ...';
    then a summary."""
    lines = []
    for check in checks:
        mark = "✗" if not check.ok else "!" if check.warning else "✓"
        lines.append(f"{mark} {check.name}: {check.detail}".rstrip(": "))
        if check.fix and (not check.ok or check.warning):
            lines.append("    " + say(language, "doctor_fix", fix=check.fix))
    good = sum(check.ok for check in checks)
    lines.append(say(language, "doctor_summary", passed=good, total=len(checks)))
    return lines


def language_of(config: Config | None, environ: Mapping[str, str] = os.environ) -> str:
    """The configured language; before a config is read, $KMSHEETS_LANGUAGE or Thai."""
    if config is not None:
        return config.language
    wanted = environ.get("KMSHEETS_LANGUAGE", "th")
    return wanted if wanted in ("th", "en") else "th"


def examine(path: str | Path | None, *, google_client: Any = None, now: dt.datetime | None = None,
            environ: Mapping[str, str] = os.environ) -> tuple[list[Check], str]:
    """`diagnose` the config file at `path` (None: the default path), and the language to report in: the
    configured one, or $KMSHEETS_LANGUAGE (else Thai) when the file cannot be read."""
    path = Path(path) if path is not None else default_path(environ)
    checks, config = _config_file(path, environ)
    if config is None:
        return [checks], language_of(None, environ)
    return [checks, *diagnose(config, google_client=google_client, now=now)[1:]], config.language


def diagnose(config: Config | str | Path | None, *, google_client: Any = None,
             now: dt.datetime | None = None, environ: Mapping[str, str] = os.environ) -> list[Check]:
    """Every check, in order. `config` is a loaded Config, or the path of a config file to load (None: the
    default path), whose loading is then the first check; `google_client` replaces the Google connection
    (tests); `now` fixes the clock shown."""
    if not isinstance(config, Config):
        return examine(config, google_client=google_client, now=now, environ=environ)[0]
    lang = config.language
    checks = [Check(say(lang, "doctor_config"), True, say(lang, "doctor_config_given", source=config.workbook.source),
                    key="config")]
    checks.append(_guard(lang, "sender", say(lang, "doctor_sender"), lambda: _sender(config)))

    client = google_client
    if config.workbook.is_google or config.letters.output == "google":
        name = say(lang, "doctor_credentials")
        checks.append(_guard(lang, "credentials", name, lambda: _credentials(config)))
        if client is None and checks[-1].ok:
            try:
                from .google_api import connect

                client = connect(config)
            except KmsheetsError as error:
                checks[-1] = _failed(lang, "credentials", name, error)
            except Exception as error:  # noqa: BLE001 - google-auth's text may quote a secret: its type only
                checks[-1] = Check(name, False, type(error).__name__, say(lang, "doctor_fix_unexpected"),
                                   "credentials")

    grids, tab_titles = _workbook_checks(config, client, checks)
    for name in TABS:
        if grids is not None:
            checks.append(_guard(lang, f"tab.{name}", say(lang, "doctor_tab", title=config.workbook.title(name)),
                                 lambda name=name: _tab(config, name, grids.get(name), tab_titles)))
    if grids is not None and config.sender.agency_id:
        row = _guard(lang, "sender_row", say(lang, "doctor_sender_row"),
                     lambda: _sender_row(config, grids.get("agencies")))
        if row is not None:
            checks.append(row)
    if grids is not None and all(c.ok for c in checks if c.key.startswith("tab.")):
        checks.append(_guard(lang, "format", say(lang, "doctor_format"), lambda: _formatting(config, client)))

    folder_name = say(lang, "doctor_folder")
    if config.letters.output == "google":
        if client is None:
            checks.append(Check(folder_name, False, say(lang, "doctor_not_checked"),
                                say(lang, "doctor_fix_credentials_first"), key="folder"))
        else:
            checks.append(_guard(lang, "folder", folder_name, lambda: _drive_folder(config, client)))
    else:
        checks.append(_guard(lang, "folder", folder_name, lambda: _local_folder(config)))

    for kind in ("request", "reminder", "change", "cancel"):
        checks.append(_guard(lang, f"template.{kind}", say(lang, "doctor_template", kind=kind),
                             lambda kind=kind: _template(config, kind, now)))
    checks.append(_guard(lang, "emblem", say(lang, "doctor_emblem"), lambda: _emblem(config)))
    checks.append(_guard(lang, "clock", say(lang, "doctor_clock"), lambda: _clock(lang, now)))
    return checks


# --- the checks: each returns a Check (or None where there is nothing to say) and may raise; _guard catches

def _guard(lang: str, key: str, name: str, check: Callable[[], Check | None]) -> Check | None:
    try:
        found = check()
    except Exception as error:  # noqa: BLE001 - a doctor reports, never crashes
        return _failed(lang, key, name, error)
    return dataclasses.replace(found, name=name, key=key) if found is not None else None


def _failed(lang: str, key: str, name: str, error: BaseException) -> Check:
    if isinstance(error, KmsheetsError):
        return Check(name, False, str(error), say(lang, "doctor_fix_as_said"), key)
    from gspread.exceptions import APIError

    if isinstance(error, APIError):
        from .google_api import access_error

        return Check(name, False, str(access_error(error, name)), say(lang, "doctor_fix_as_said"), key)
    log.debug("doctor: %s failed", key, exc_info=error)
    return Check(name, False, f"{type(error).__name__}: {error}", say(lang, "doctor_fix_unexpected"), key)


def _ok(detail: str) -> Check:
    return Check("", True, detail)


def _bad(detail: str, fix: str) -> Check:
    return Check("", False, detail, fix)


def _config_file(path: Path, environ: Mapping[str, str]) -> tuple[Check, Config | None]:
    lang = language_of(None, environ)
    try:
        config = load_config(path, environ)
    except KmsheetsError as error:
        return Check(say(lang, "doctor_config"), False, str(error), say(lang, "doctor_fix_config"), "config"), None
    lang = config.language
    return Check(say(lang, "doctor_config"), True,
                 say(lang, "doctor_config_read", path=str(path), source=config.workbook.source), key="config"), config


def _sender(config: Config) -> Check:
    lang = config.language
    missing = [key for key in SENDER_KEYS if not getattr(config.sender, key).strip()]
    if missing:
        return _bad(say(lang, "doctor_sender_missing", keys=", ".join(missing)),
                    say(lang, "doctor_fix_sender", lines="; ".join(f'{key} = "..."' for key in missing)))
    return _ok(say(lang, "doctor_sender_ok", agency=config.sender.agency_id, prefix=config.sender.prefix,
                   signatory=config.sender.signatory))


# --- credentials

def _read_json(path: Path) -> tuple[Any, str]:
    """(the parsed JSON, '') or (None, why not: 'missing', 'unreadable', 'not_json'); never the content."""
    try:
        data = _read(path)
    except FileNotFoundError:
        return None, "missing"
    except OSError:
        return None, "unreadable"
    try:
        return json.loads(data), ""
    except ValueError:
        return None, "not_json"


def _read(path: Path) -> bytes:
    return Path(path).read_bytes()


def _credentials(config: Config) -> Check:
    lang = config.language
    if config.google.credentials == "oauth":
        return _oauth_files(config)
    path = config.path(config.google.credentials)
    info, why = _read_json(path)
    if why:
        return _bad(say(lang, f"doctor_file_{why}", what=say(lang, "doctor_service_key"), path=str(path)),
                    say(lang, "doctor_fix_service_key", path=str(path)))
    problem = _service_account_problem(lang, path, info)
    if problem:
        return _bad(problem, say(lang, "doctor_fix_service_key", path=str(path)))
    if readable_by_others(path):
        return _bad(say(lang, "doctor_shared_file", path=str(path)), say(lang, "doctor_fix_chmod", path=str(path)))
    return _ok(say(lang, "doctor_service_key_ok", path=str(path), account=info.get("client_email", "")))


def _service_account_problem(lang: str, path: Path, info: Any) -> str:
    """Why `info` is not a usable service account key, or ''. Never quotes the file: it holds a private key."""
    if not isinstance(info, dict) or info.get("type") != "service_account":
        return say(lang, "doctor_wrong_kind", path=str(path), what=say(lang, "doctor_service_key"))
    from .google_api import SERVICE_ACCOUNT_FIELDS  # gspread, needed only for Google set-ups

    absent = [name for name in SERVICE_ACCOUNT_FIELDS if not isinstance(info.get(name), str) or not info[name]]
    if absent:
        return say(lang, "doctor_missing_fields", path=str(path), fields=", ".join(absent))
    from google.oauth2 import service_account

    try:
        # parses the private key; google-auth's error text may quote it, so it is dropped
        service_account.Credentials.from_service_account_info(info)
    except Exception:  # noqa: BLE001 - any failure here is the same unreadable key to the user
        return say(lang, "doctor_bad_private_key", path=str(path))
    return ""


def _oauth_files(config: Config) -> Check:
    from .google_api import LOGIN_FIELDS  # gspread, needed only for Google set-ups

    lang = config.language
    client_path = config.path(config.google.oauth_client)
    token_path = config.path(config.google.oauth_token)
    client, why = _read_json(client_path)
    if why:
        return _bad(say(lang, f"doctor_file_{why}", what=say(lang, "doctor_oauth_client"), path=str(client_path)),
                    say(lang, "doctor_fix_oauth_client", path=str(client_path)))
    if not (isinstance(client, dict) and any(isinstance(client.get(kind), dict) and client[kind].get("client_id")
                                             for kind in ("installed", "web"))):
        return _bad(say(lang, "doctor_wrong_kind", path=str(client_path), what=say(lang, "doctor_oauth_client")),
                    say(lang, "doctor_fix_oauth_client", path=str(client_path)))
    token, why = _read_json(token_path)
    if why == "missing":
        return _bad(say(lang, "doctor_no_login", path=str(token_path)), say(lang, "doctor_fix_login"))
    if why:
        return _bad(say(lang, f"doctor_file_{why}", what=say(lang, "doctor_oauth_token"), path=str(token_path)),
                    say(lang, "doctor_fix_login"))
    if not (isinstance(token, dict) and all(token.get(k) for k in LOGIN_FIELDS)):
        return _bad(say(lang, "doctor_wrong_kind", path=str(token_path), what=say(lang, "doctor_oauth_token")),
                    say(lang, "doctor_fix_login"))
    for path in (token_path, client_path):
        if readable_by_others(path):
            return _bad(say(lang, "doctor_shared_file", path=str(path)), say(lang, "doctor_fix_chmod", path=str(path)))
    return _ok(say(lang, "doctor_oauth_ok", path=str(token_path)))


def _account(config: Config) -> str:
    """The service account's e-mail address, to share things with; '' for a person's login."""
    if config.google.credentials == "oauth":
        return ""
    info, _ = _read_json(config.path(config.google.credentials))
    return str(info.get("client_email", "")) if isinstance(info, dict) else ""


# --- the workbook

def _workbook_checks(config: Config, client: Any,
                     checks: list[Check]) -> tuple[dict[str, list[list[Any]]] | None, list[str]]:
    """Open the workbook (one Check); its tabs' grids by tab name (a missing tab left out) and all its titles."""
    lang = config.language
    name = say(lang, "doctor_workbook")
    found: dict[str, Any] = {}

    def opened() -> Check:
        if config.workbook.is_google:
            check, grids, titles = _open_google(config, client)
        else:
            check, grids, titles = _open_xlsx(config)
        found.update(grids=grids, titles=titles)
        return check

    if config.workbook.is_google and client is None:
        checks.append(Check(name, False, say(lang, "doctor_not_checked"), say(lang, "doctor_fix_credentials_first"),
                            "workbook"))
        return None, []
    check = _guard(lang, "workbook", name, opened)
    checks.append(check)
    return found.get("grids"), found.get("titles", [])


def _open_xlsx(config: Config) -> tuple[Check, dict[str, list[list[Any]]] | None, list[str]]:
    import zipfile
    from xml.etree.ElementTree import ParseError

    from .backends.sheetxml import Package, PackageError, read_grid

    lang = config.language
    path = config.path(config.workbook.source)
    try:
        data = _read(path)
    except FileNotFoundError:
        return _bad(say(lang, "doctor_no_workbook", path=str(path)), say(lang, "doctor_fix_source")), None, []
    except OSError as error:
        return _bad(say(lang, "doctor_unreadable_workbook", path=str(path), why=error.strerror or str(error)),
                    say(lang, "doctor_fix_permissions", path=str(path))), None, []
    try:
        package = Package(data)
    except (zipfile.BadZipFile, KeyError, ParseError, PackageError):
        return _bad(say(lang, "doctor_not_xlsx", path=str(path)), say(lang, "doctor_fix_source")), None, []
    titles = list(package.sheets)
    present = {name: title for name in TABS if (title := matching_title(config.workbook.title(name), titles))}
    grids = {name: read_grid(package, package.sheets[title]) for name, title in present.items()}
    if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        return _bad(say(lang, "doctor_workbook_read_only", path=str(path)),
                    say(lang, "doctor_fix_permissions", path=str(path))), grids, titles
    return _ok(say(lang, "doctor_workbook_ok", what=str(path), tabs=len(titles))), grids, titles


def _open_google(config: Config, client: Any) -> tuple[Check, dict[str, list[list[Any]]] | None, list[str]]:
    from gspread.exceptions import APIError

    from .backends.google import READ_PARAMS, quote, spreadsheet_key
    from .google_api import access_error

    lang = config.language
    key = spreadsheet_key(config.workbook.source)
    try:
        metadata = client.fetch_sheet_metadata(key)
    except APIError as error:
        status = error.response.status_code
        account = _account(config)
        fix = (say(lang, "doctor_fix_share_sheet", account=account) if status in (403, 404) and account
               else say(lang, "doctor_fix_as_said"))
        return _bad(str(access_error(error, f"Google Sheet {key}")), fix), None, []
    titles = [sheet["properties"]["title"] for sheet in metadata.get("sheets", [])]
    present = {name: title for name in TABS if (title := matching_title(config.workbook.title(name), titles))}
    grids: dict[str, list[list[Any]]] = {}
    if present:
        response = client.values_batch_get(key, [quote(t) for t in present.values()], params=READ_PARAMS)
        for name, value_range in zip(present, response.get("valueRanges", [])):
            grids[name] = value_range.get("values", [])
    title = metadata.get("properties", {}).get("title", key)
    return _ok(say(lang, "doctor_workbook_ok", what=f"Google Sheet '{title}'", tabs=len(titles))), grids, titles


def _tab(config: Config, name: str, grid: list[list[Any]] | None, titles: Sequence[str]) -> Check:
    lang = config.language
    tab, title = TABS[name], config.workbook.title(name)
    if grid is None:
        near = _closest(title, titles)
        detail = say(lang, "doctor_no_tab", title=title, tabs=", ".join(f"'{t}'" for t in titles))
        if near:
            return _bad(detail + say(lang, "doctor_near_tab", near=near),
                        say(lang, "doctor_fix_rename_tab", near=near, title=title, name=name))
        return _bad(detail, say(lang, "doctor_fix_add_tab", title=title, name=name))
    header = [normalize_cell(cell) for cell in (grid[0] if grid else [])]
    extra = {f: list(texts) for f, texts in config.workbook.headers.get(name, {}).items()}
    names = header_names(tab, extra)
    located = {names[normalize_header(cell)] for cell in header if normalize_header(cell) in names}
    unknown = [(index, text(cell)) for index, cell in enumerate(header)
               if text(cell).strip() and normalize_header(cell) not in names]
    problems, fixes = [], []
    for field in tab.fields:
        if field.name in located:
            continue
        near = _near_header(tab, field.name, extra, unknown)
        if near is not None:
            index, typed = near
            cell = f"{column_letter(index)}1"
            problems.append(say(lang, "doctor_near_header", cell=cell, typed=typed, label=field.label))
            fixes.append(say(lang, "doctor_fix_rename_header", cell=cell, typed=typed, wanted=field.thai,
                             tab=name, field=field.name))
        elif field.required:
            problems.append(say(lang, "doctor_no_header", label=field.label))
            fixes.append(say(lang, "doctor_fix_add_header", wanted=field.thai))
    if problems:
        return _bad("; ".join(problems), "; ".join(fixes))
    locate_columns(tab, title, header, extra)  # a column named twice is a SheetError, which _guard reports
    return _ok(say(lang, "doctor_tab_ok", found=len(located), rows=max(len(grid) - 1, 0)))


def _closest(wanted: str, candidates: Sequence[str]) -> str:
    folded = {normalize_header(c): c for c in candidates}
    found = difflib.get_close_matches(normalize_header(wanted), list(folded), n=1, cutoff=NEAR)
    return folded[found[0]] if found else ""


def _near_header(tab: Tab, field_name: str, extra: Mapping[str, list[str]],
                 unknown: Sequence[tuple[int, str]]) -> tuple[int, str] | None:
    """The header cell, among those matching no field, that looks most like a text naming this field."""
    field = tab.field(field_name)
    texts = [normalize_header(t) for t in (field.thai, field.english, *extra.get(field_name, []))]
    best: tuple[float, int, str] | None = None
    for index, typed in unknown:
        folded = normalize_header(typed)
        for wanted in texts:
            ratio = difflib.SequenceMatcher(None, folded, wanted).ratio()
            if ratio >= NEAR and (best is None or ratio > best[0]):
                best = (ratio, index, typed)
    return (best[1], best[2]) if best else None


def _sender_row(config: Config, grid: list[list[Any]] | None) -> Check | None:
    if grid is None:
        return None
    lang = config.language
    try:
        table = read_table(TABS["agencies"], config.workbook.title("agencies"), grid,
                           {f: list(t) for f, t in config.workbook.headers.get("agencies", {}).items()})
    except KmsheetsError:
        return None  # the tab's own check says what is wrong with it
    rows = table.by_key()
    wanted = key_text(config.sender.agency_id)
    if wanted in rows:
        return _ok(say(lang, "doctor_sender_row_ok", id=config.sender.agency_id, row=rows[wanted].number,
                       name=rows[wanted].text("name")))
    ids = ", ".join(list(rows)[:10])
    return _bad(say(lang, "doctor_no_sender_row", id=config.sender.agency_id, title=table.title, ids=ids),
                say(lang, "doctor_fix_sender_row", title=table.title))


def _formatting(config: Config, client: Any) -> Check:
    """Whether `kmsheets format` has prepared the sheet: a warning when not, never a failure (one more read)."""
    from .backends import open_backend

    lang = config.language
    if open_backend(config, google_client=client).read_format().earlier:
        return _ok(say(lang, "doctor_formatted"))
    return Check("", True, say(lang, "doctor_not_formatted"), say(lang, "doctor_fix_format"), warning=True)


# --- where letters go

def _local_folder(config: Config) -> Check:
    lang = config.language
    folder = config.path(config.letters.folder)
    if folder.exists():
        if not folder.is_dir():
            return _bad(say(lang, "doctor_folder_not_dir", path=str(folder)), say(lang, "doctor_fix_folder"))
        if not os.access(folder, os.W_OK | os.X_OK):
            return _bad(say(lang, "doctor_folder_read_only", path=str(folder)),
                        say(lang, "doctor_fix_permissions", path=str(folder)))
        return _ok(say(lang, "doctor_folder_ok", path=str(folder)))
    parent = folder.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not os.access(parent, os.W_OK | os.X_OK):
        return _bad(say(lang, "doctor_folder_read_only", path=str(parent)),
                    say(lang, "doctor_fix_permissions", path=str(parent)))
    return _ok(say(lang, "doctor_folder_will_make", path=str(folder)))


def _drive_folder(config: Config, client: Any) -> Check:
    from gspread.exceptions import APIError

    lang = config.language
    folder = config.letters.folder
    account = _account(config)
    share = (say(lang, "doctor_fix_share_folder", account=account) if account
             else say(lang, "doctor_fix_share_folder_person"))
    try:
        item = client.request("GET", f"{FILES}/{folder}", params={
            "fields": "id,name,mimeType,capabilities(canAddChildren)", "supportsAllDrives": "true"}).json()
    except APIError as error:
        status = error.response.status_code
        if status in (403, 404):
            if config.google.drive_scope == "drive.file":  # the folder may be shared, yet hidden by the scope
                share = f"{share}; {say(lang, 'doctor_fix_drive_scope')}"
            return _bad(say(lang, "doctor_no_drive_folder", id=folder, status=status), share)
        from .google_api import access_error

        return _bad(str(access_error(error, f"Drive folder {folder}")), say(lang, "doctor_fix_as_said"))
    if item.get("mimeType") != FOLDER_MIME:
        return _bad(say(lang, "doctor_not_a_folder", id=folder, name=item.get("name", "")),
                    say(lang, "doctor_fix_folder_id"))
    if not item.get("capabilities", {}).get("canAddChildren"):
        return _bad(say(lang, "doctor_drive_read_only", id=folder, name=item.get("name", "")), share)
    return _ok(say(lang, "doctor_drive_ok", id=folder, name=item.get("name", "")))


# --- templates and clock

def _template(config: Config, kind: str, now: dt.datetime | None) -> Check:
    from .letters import BUNDLED_TEMPLATES, PlannedLetter, Sender, letter_context, subject
    from .model import Activity, Agency, Facts, Letter, Person, Programme
    from .plan import Needed
    from .chains import reminder_key, request_key
    from .render import render_letter

    lang = config.language
    folder = config.path(config.letters.templates) if config.letters.templates else BUNDLED_TEMPLATES
    template = folder / f"{kind}.docx"
    today = (now or dt.datetime.now()).date()
    prefix = config.sender.prefix or "ที่ ตัวอย่าง"

    def number(n: int) -> str:
        return f"{prefix}/{to_thai_digits(n) if config.letters.thai_digits else n}"

    request = request_key("A-DOCTOR", "AG-DOCTOR")
    facts = Facts(today + dt.timedelta(days=14), "09.00-12.00 น.", "ศาลาประชาคม", ("P-DOCTOR",),
                  "เวทีแลกเปลี่ยนเรียนรู้ (ตัวอย่าง)")
    programme = Programme(
        agencies={"AG-DOCTOR": Agency("AG-DOCTOR", "องค์การบริหารส่วนตำบลตัวอย่าง",
                                      "นายกองค์การบริหารส่วนตำบลตัวอย่าง", "หมู่ที่ ๑", "0 7500 0001")},
        people={"P-DOCTOR": Person("P-DOCTOR", "นางสาวตัวอย่าง ทดสอบระบบ", "facilitator", "AG-DOCTOR",
                                   "นักวิชาการ")},
        activities={"A-DOCTOR": Activity("A-DOCTOR", facts.title, facts.date, facts.time, place=facts.place,
                                         tambon="ตัวอย่าง", staff=("P-DOCTOR",))},
        letters={request: Letter(request, number(1), 1, today, "A-DOCTOR", "AG-DOCTOR", people=("P-DOCTOR",),
                                 facts=facts, sent=today)})
    key = {"request": request, "reminder": reminder_key(request)}.get(kind, f"{request}/C1")
    needed = Needed(key, kind, "A-DOCTOR", "AG-DOCTOR", ("P-DOCTOR",), facts,
                    follows="" if kind == "request" else request,
                    before=Facts(facts.date - dt.timedelta(days=2), facts.time, facts.place, ("P-DOCTOR",), facts.title)
                    if kind == "change" else None, reason="cancelled" if kind == "cancel" else "")
    agency = programme.agencies["AG-DOCTOR"]
    planned = PlannedLetter(needed, number(2), today, subject(needed, programme), agency.name, agency.head_title)
    sender = Sender("สำนักงานตัวอย่าง", "ถนนตัวอย่าง ตำบลตัวอย่าง", config.sender.phone or "0 7500 0000",
                    config.sender.unit or "สำนักงานตัวอย่าง", config.sender.signatory, config.sender.position,
                    emblem=str(config.emblem_image() or ""))
    started = time.perf_counter()
    docx = render_letter(template, letter_context(planned, programme, sender, lead_days=config.endorsement.lead_days,
                                                  warn_days=config.endorsement.warn_days),
                         thai_digits=config.letters.thai_digits)
    took = round((time.perf_counter() - started) * 1000)
    return _ok(say(lang, "doctor_template_ok", path=str(template), size=max(len(docx) // 1024, 1), ms=took))


def _emblem(config: Config) -> Check:
    lang = config.language
    image = config.emblem_image()
    if image is not None:
        if not image.is_file():
            return _bad(say(lang, "emblem_missing", path=str(image)), say(lang, "doctor_fix_emblem"))
        return _ok(say(lang, "doctor_emblem_ok", path=str(image)))
    if config.letters.emblem == PREPRINTED:
        return _ok(say(lang, "doctor_emblem_preprinted"))
    return Check("", True, say(lang, "doctor_emblem_unset"), say(lang, "doctor_fix_emblem"), warning=True)


def _clock(lang: str, now: dt.datetime | None) -> Check:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        zone = ZoneInfo(ZONE)
    except ZoneInfoNotFoundError:
        return _bad(say(lang, "doctor_no_zone", zone=ZONE), say(lang, "doctor_fix_zone"))
    here = (now or dt.datetime.now(dt.timezone.utc)).astimezone(zone)
    local = dt.datetime.now().astimezone()
    offset = local.strftime("%z")
    thai = lang == "th"
    clock = here.strftime("%H:%M")
    return _ok(say(lang, "doctor_clock_ok", date=format_date(here.date(), thai_digits=thai),
                   iso=here.date().isoformat(), time=to_thai_digits(clock) if thai else clock, zone=ZONE,
                   local=f"{local.tzname()} (UTC{offset[:3]}:{offset[3:]})"))
