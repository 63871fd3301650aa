"""`kmsheets doctor`: check the whole set-up, one finding per line, each failure with its fix.

What is checked, in order (CHECKS, at the end): the config file (readable, and the [sender] keys letters
need); the Google credentials (present, of the kind the config names, not readable by group or others),
when Google is used; the workbook (it opens); every tab and every header kmsheets reads, naming near-misses
('วันที' for 'วันที่'); the sender's own row in the agencies tab; the letters folder (local: writable;
Drive: reachable and writable); the letter templates (a made-up letter renders); the Garuda emblem (an
image file, or preprinted paper; neither set is a warning); the clock and time zone (shown, not judged).

A check is one small function of the set-up, listed once in CHECKS under its key; its name for people is
the message `doctor_<key>`. It returns a finding (`_ok`, `_bad`), or None when it has nothing to say, and
may raise: kmsheets' own errors and anything unexpected become its failed finding. Earlier checks leave
what later ones need in the SetUp (the Google connection, the workbook as found); a check that cannot run
because an earlier one failed (no sheet without credentials) fails saying so. The workbook is read through
its backend's probe. Nothing here prints; every sentence comes from `messages` in the configured language.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import logging
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Callable, Mapping, overload

from .backends import Probe, open_backend
from .config import PREPRINTED, Config, default_path, exposure, language_before_config, load_config
from .errors import KmsheetsError, SheetError
from .lock import office_lock
from .messages import message, say
from .schema import KIND_LABELS, TABS, ColumnNames, Tab, header_names, kind_label, normalize_header
from .tables import column_letter, key_text, locate_columns, normalize_cell, read_table, text
from .thaidate import format_day, to_thai_digits

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

    `key` is a stable identifier (config, sender, credentials, workbook, tab.activities, sender_row, format, folder,
    template.request, template.reminder, template.change, template.cancel, emblem, clock) for scripts reading
    `--json`. A `warning` passed, with something to act on: it is shown with '!' and its fix.
    """

    name: str
    ok: bool
    detail: str = ""
    fix: str = ""
    key: str = ""
    warning: bool = False

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Diagnosis(Sequence[Check]):
    """The checks in order, and the language they are said in: the configured one, or, when the config
    cannot be read, config.language_before_config."""

    checks: tuple[Check, ...]
    language: str

    @overload
    def __getitem__(self, index: int) -> Check: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Check]: ...

    def __getitem__(self, index: int | slice) -> Check | Sequence[Check]:
        return self.checks[index]

    def __len__(self) -> int:
        return len(self.checks)

    @property
    def ok(self) -> bool:
        return passed(self.checks)


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


@dataclass
class SetUp:
    """What the checks look at, and what earlier checks found for later ones."""

    config: Config
    now: dt.datetime | None = None  # the clock shown and the sample letters' date; None: the real clock
    google: Any = None  # the Google connection, given or made once the credentials work
    account: str = ""  # the service account's e-mail address, to share things with ('' for a person's login)
    workbook: Probe | None = None  # the workbook as found, once it opens

    @property
    def language(self) -> str:
        return self.config.language

    @property
    def uses_google(self) -> bool:
        return self.config.workbook.is_google or self.config.letters.output == "google"


def diagnose(config: Config | str | Path | None, *, google_client: Any = None, now: dt.datetime | None = None,
             environ: Mapping[str, str] = os.environ) -> Diagnosis:
    """Every check, in order. `config` is a loaded Config, or the path of a config file to load (None: the
    default path), whose loading is then the first check and, when it fails, the only one; `google_client`
    replaces the Google connection (tests); `now` fixes the clock shown."""
    first, loaded = _config(config, environ)
    if loaded is None:
        return Diagnosis((first,), language_before_config(None if isinstance(config, Config) else config, environ))
    setup = SetUp(loaded, now, google_client)
    checks = [first]
    for key, check in CHECKS:
        found = _run(setup, key, check)
        if found is not None:
            checks.append(found)
    return Diagnosis(tuple(checks), loaded.language)


def _run(setup: SetUp, key: str, check: Callable[[SetUp], Check | None]) -> Check | None:
    """One check, named for people and keyed; whatever it raises is its failed finding, never a crash."""
    lang = setup.language
    base, _, part = key.partition(".")
    name = say(lang, f"doctor_{base}", kind=kind_label(part, lang) if part in KIND_LABELS else part,
               title=setup.config.workbook.title(part) if part in TABS else part)
    try:
        found = check(setup)
    except KmsheetsError as error:
        return Check(name, False, error.in_language(lang), say(lang, "doctor_fix_as_said"), key)
    except Exception as error:  # noqa: BLE001 - a doctor reports, never crashes
        log.debug("doctor: %s failed", key, exc_info=error)
        return Check(name, False, f"{type(error).__name__}: {error}", say(lang, "doctor_fix_unexpected"), key)
    return dataclasses.replace(found, name=name, key=key) if found is not None else None


def _ok(detail: str) -> Check:
    return Check("", True, detail)


def _bad(detail: str, fix: str) -> Check:
    return Check("", False, detail, fix)


def _config(config: Config | str | Path | None, environ: Mapping[str, str]) -> tuple[Check, Config | None]:
    if isinstance(config, Config):
        return Check(say(config.language, "doctor_config"), True,
                     say(config.language, "doctor_config_given", source=config.workbook.source), key="config"), config
    path = Path(config) if config is not None else default_path(environ)
    lang = language_before_config(path, environ)
    try:
        loaded = load_config(path, environ)
    except KmsheetsError as error:
        return Check(say(lang, "doctor_config"), False, error.in_language(lang), say(lang, "doctor_fix_config"),
                     "config"), None
    lang = loaded.language
    return Check(say(lang, "doctor_config"), True,
                 say(lang, "doctor_config_read", path=str(path), source=loaded.workbook.source), key="config"), loaded


# --- the checks

def _sender(s: SetUp) -> Check:
    lang, sender = s.language, s.config.sender
    missing = [key for key in SENDER_KEYS if not getattr(sender, key).strip()]
    if missing:
        return _bad(say(lang, "doctor_sender_missing", keys=", ".join(missing)),
                    say(lang, "doctor_fix_sender", lines="; ".join(f'{key} = "..."' for key in missing)))
    return _ok(say(lang, "doctor_sender_ok", agency=sender.agency_id, prefix=sender.prefix,
                   signatory=sender.signatory))


def _credentials(s: SetUp) -> Check | None:
    """The key files the configured kind of login needs (google_api.read_key_file), kept to their owner;
    then the connection later checks use."""
    if not s.uses_google:
        return None
    from .google_api import LOGIN, OAUTH_CLIENT, SERVICE_ACCOUNT, connect, read_key_file  # gspread: Google only

    lang, google = s.language, s.config.google
    if google.credentials == "oauth":
        client = read_key_file(s.config.path(google.oauth_client), OAUTH_CLIENT)
        if client.problem is not None:
            return _bad(client.problem.say(lang), client.fix.say(lang))
        token_path = s.config.path(google.oauth_token)
        if not token_path.exists():
            return _bad(say(lang, "doctor_no_login", path=str(token_path)), say(lang, "doctor_fix_login"))
        key = read_key_file(token_path, LOGIN)
        files, found = (key.path, client.path), say(lang, "doctor_oauth_ok", path=str(token_path))
    else:
        key = read_key_file(s.config.path(google.credentials), SERVICE_ACCOUNT)
        s.account = str(key.info.get("client_email", ""))
        files, found = (key.path,), say(lang, "doctor_service_key_ok", path=str(key.path), account=s.account)
    if key.problem is not None:
        return _bad(key.problem.say(lang), key.fix.say(lang))
    for path in files:
        if exposure(path):
            return _exposed(lang, path)
    if s.google is None:
        try:
            s.google = connect(s.config)
        except KmsheetsError:
            raise
        except Exception as error:  # noqa: BLE001 - google-auth's text may quote a secret: its type only
            return _bad(type(error).__name__, say(lang, "doctor_fix_unexpected"))
    return _ok(found)


def _exposed(lang: str, path: Path) -> Check:
    """A secret file others may read: on Unix by its mode (chmod fixes it), on Windows by its folder."""
    if exposure(path) == "in_shared_folder":
        return _bad(say(lang, "doctor_in_shared_folder", path=str(path)), say(lang, "doctor_fix_move_secret"))
    return _bad(say(lang, "doctor_shared_file", path=str(path)), say(lang, "doctor_fix_chmod", path=str(path)))


def _workbook(s: SetUp) -> Check:
    """The workbook opens (its backend's probe: tab titles and rows); a local one may also be written."""
    lang = s.language
    if s.config.workbook.is_google and s.google is None:
        return _bad(say(lang, "doctor_not_checked"), say(lang, "doctor_fix_credentials_first"))
    try:
        s.workbook = open_backend(s.config, google_client=s.google).probe()
    except KmsheetsError as error:
        return _bad(error.in_language(lang), _workbook_fix(s, error))
    if not s.config.workbook.is_google:
        path = s.config.path(s.config.workbook.source)
        if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
            return _bad(say(lang, "doctor_workbook_read_only", path=str(path)),
                        say(lang, "doctor_fix_permissions", path=str(path)))
    return _ok(say(lang, "doctor_workbook_ok", what=s.workbook.name, tabs=len(s.workbook.titles)))


def _workbook_open(s: SetUp) -> Check | None:
    """A local workbook open in Excel or LibreOffice (its lock file beside it), which kmsheets will not write;
    nothing to say otherwise."""
    if s.config.workbook.is_google:
        return None
    path = s.config.path(s.config.workbook.source)
    found = office_lock(path)
    if found is None:
        return None
    lang, program, lock = s.language, found[0], found[1].name
    return _bad(say(lang, "doctor_open_in_office", path=str(path), program=program, lock=lock),
                say(lang, "doctor_fix_close_workbook", program=program, lock=lock))


def _workbook_fix(s: SetUp, error: KmsheetsError) -> str:
    lang = s.language
    if error.key in ("workbook_missing", "workbook_not_xlsx"):
        return say(lang, "doctor_fix_source")
    if error.key == "workbook_unreadable":
        return say(lang, "doctor_fix_permissions", path=error.params["path"])
    if error.params.get("status") in ("403", "404") and s.account:
        return say(lang, "doctor_fix_share_sheet", account=s.account)
    return say(lang, "doctor_fix_as_said")


def _tab(name: str, s: SetUp) -> Check | None:
    """The tab is there, and its header row names every column kmsheets needs (a near-miss is named)."""
    if s.workbook is None:
        return None
    lang, config = s.language, s.config
    tab, title, grid = TABS[name], config.workbook.title(name), s.workbook.grids.get(name)
    if grid is None:
        titles = s.workbook.titles
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
            problems.append(say(lang, "doctor_near_header", cell=cell, typed=typed, label=ColumnNames((field,))))
            fixes.append(say(lang, "doctor_fix_rename_header", cell=cell, typed=typed, wanted=field.thai,
                             tab=name, field=field.name))
        elif field.required:
            problems.append(say(lang, "doctor_no_header", label=ColumnNames((field,))))
            fixes.append(say(lang, "doctor_fix_add_header", wanted=field.thai))
    if problems:
        return _bad("; ".join(problems), "; ".join(fixes))
    locate_columns(tab, title, header, extra)  # a column named twice is a SheetError, reported as this check's
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


def _sender_row(s: SetUp) -> Check | None:
    """[sender] agency_id is a row of the agencies tab (whose own check says what else is wrong with it)."""
    config = s.config
    grid = s.workbook.grids.get("agencies") if s.workbook is not None else None
    if grid is None or not config.sender.agency_id:
        return None
    lang = s.language
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


def _format(s: SetUp) -> Check | None:
    """Whether `kmsheets format` has prepared the sheet: a warning when not, never a failure (one more read)."""
    if s.workbook is None or any(name not in s.workbook.grids for name in TABS):
        return None
    try:
        formatted = open_backend(s.config, google_client=s.google).read_format().earlier
    except SheetError:  # a header the tab checks already name
        return None
    if formatted:
        return _ok(say(s.language, "doctor_formatted"))
    return Check("", True, say(s.language, "doctor_not_formatted"), say(s.language, "doctor_fix_format"), warning=True)


def _folder(s: SetUp) -> Check:
    """Where letters go can be written to: a local folder, or a Drive folder."""
    if s.config.letters.output != "google":
        return _local_folder(s)
    if s.google is None:
        return _bad(say(s.language, "doctor_not_checked"), say(s.language, "doctor_fix_credentials_first"))
    return _drive_folder(s)


def _local_folder(s: SetUp) -> Check:
    lang = s.language
    folder = s.config.path(s.config.letters.folder)
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


def _drive_folder(s: SetUp) -> Check:
    from gspread.exceptions import APIError

    from .google_api import access_error

    lang, config = s.language, s.config
    folder = config.letters.folder
    share = (say(lang, "doctor_fix_share_folder", account=s.account) if s.account
             else say(lang, "doctor_fix_share_folder_person"))
    try:
        item = s.google.request("GET", f"{FILES}/{folder}", params={
            "fields": "id,name,mimeType,capabilities(canAddChildren)", "supportsAllDrives": "true"}).json()
    except APIError as error:
        status = error.response.status_code
        if status in (403, 404):
            if config.google.drive_scope == "drive.file":  # the folder may be shared, yet hidden by the scope
                share = f"{share}; {say(lang, 'doctor_fix_drive_scope')}"
            return _bad(say(lang, "doctor_no_drive_folder", id=folder, status=str(status)), share)
        return _bad(access_error(error, message("what_drive_folder", folder=folder)).in_language(lang),
                    say(lang, "doctor_fix_as_said"))
    if item.get("mimeType") != FOLDER_MIME:
        return _bad(say(lang, "doctor_not_a_folder", id=folder, name=item.get("name", "")),
                    say(lang, "doctor_fix_folder_id"))
    if not item.get("capabilities", {}).get("canAddChildren"):
        return _bad(say(lang, "doctor_drive_read_only", id=folder, name=item.get("name", "")), share)
    return _ok(say(lang, "doctor_drive_ok", id=folder, name=item.get("name", "")))


def _template(kind: str, s: SetUp) -> Check:
    """The letter template of this kind renders a made-up letter (sample_letter), with the configured emblem."""
    from .letters import BUNDLED_TEMPLATES
    from .render import render_letter
    from .sample_letter import sample_context

    config = s.config
    folder = config.path(config.letters.templates) if config.letters.templates else BUNDLED_TEMPLATES
    template = folder / f"{kind}.docx"
    today = (s.now or dt.datetime.now()).date()
    started = time.perf_counter()
    docx = render_letter(template, sample_context(config, kind, today), thai_digits=config.letters.thai_digits)
    took = round((time.perf_counter() - started) * 1000)
    return _ok(say(s.language, "doctor_template_ok", path=str(template), size=max(len(docx) // 1024, 1), ms=took))


def _emblem(s: SetUp) -> Check:
    """The Garuda emblem letters print: an image file that is there, or preprinted paper; neither is a warning."""
    lang, config = s.language, s.config
    image = config.emblem_image()
    if image is not None:
        if not image.is_file():
            return _bad(say(lang, "emblem_missing", path=str(image)), say(lang, "doctor_fix_emblem"))
        return _ok(say(lang, "doctor_emblem_ok", path=str(image)))
    if config.letters.emblem == PREPRINTED:
        return _ok(say(lang, "doctor_emblem_preprinted"))
    return Check("", True, say(lang, "doctor_emblem_unset"), say(lang, "doctor_fix_emblem"), warning=True)


def _clock(s: SetUp) -> Check:
    """Today and the time in Bangkok, and this computer's zone: shown, since no offline check can judge it."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    lang = s.language
    try:
        zone = ZoneInfo(ZONE)
    except ZoneInfoNotFoundError:
        return _bad(say(lang, "doctor_no_zone", zone=ZONE), say(lang, "doctor_fix_zone"))
    here = (s.now or dt.datetime.now(dt.timezone.utc)).astimezone(zone)
    local = dt.datetime.now().astimezone()
    offset = local.strftime("%z")
    thai = lang == "th"
    clock = here.strftime("%H:%M")
    return _ok(say(lang, "doctor_clock_ok", date=format_day(here.date(), lang),
                   time=to_thai_digits(clock) if thai else clock, zone=ZONE,
                   local=f"{local.tzname()} (UTC{offset[:3]}:{offset[3:]})"))


# Every check, in order, by key (its name is the message doctor_<key>, `kind` and `title` filled in from
# the part after the dot). A new check is one function above and one line here.
CHECKS: tuple[tuple[str, Callable[[SetUp], Check | None]], ...] = (
    ("sender", _sender),
    ("credentials", _credentials),
    ("workbook", _workbook),
    ("workbook_open", _workbook_open),
    *((f"tab.{name}", partial(_tab, name)) for name in TABS),
    ("sender_row", _sender_row),
    ("format", _format),
    ("folder", _folder),
    *((f"template.{kind}", partial(_template, kind)) for kind in ("request", "reminder", "change", "cancel")),
    ("emblem", _emblem),
    ("clock", _clock),
)
