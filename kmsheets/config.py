"""config.toml (read with tomllib) plus KMSHEETS_* environment overrides, checked once into a frozen Config.

An override names a section and a key: KMSHEETS_WORKBOOK_SOURCE, KMSHEETS_LETTERS_OUTPUT, KMSHEETS_LANGUAGE.
Relative paths are taken from the config file's folder, so a cron job may run from anywhere.
"""

from __future__ import annotations

import logging
import os
import re
import shlex
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path, PureWindowsPath
from typing import Any, Mapping

from .errors import ConfigError, os_reason
from .messages import Message, message
from .schema import TABS

log = logging.getLogger(__name__)

ENV_PREFIX = "KMSHEETS_"
LANGUAGES = ("th", "en")  # of everything kmsheets says: `language` in the config
_SHEET_KEY = re.compile(r"[A-Za-z0-9_-]{25,}")


@dataclass(frozen=True)
class WorkbookConfig:
    source: str = ""
    tabs: Mapping[str, str] = field(default_factory=dict)  # tab name -> title, where it differs
    headers: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)  # tab -> field -> texts

    def title(self, tab: str) -> str:
        return self.tabs.get(tab) or TABS[tab].title

    @property
    def is_google(self) -> bool:
        """A Google Sheets URL or bare key, rather than a local .xlsx path."""
        return self.source.startswith("https://") or bool(_SHEET_KEY.fullmatch(self.source))


@dataclass(frozen=True)
class SenderConfig:
    agency_id: str = ""
    prefix: str = ""
    signatory: str = ""
    position: str = ""
    unit: str = ""
    phone: str = ""
    fax: str = ""
    email: str = ""  # "" = the e-mail in the sender's row of the agencies tab
    address: tuple[str, ...] = ()  # the address as the office writes it, line by line; () = the agencies tab's


@dataclass(frozen=True)
class LettersConfig:
    output: str = "local"
    folder: str = "letters"
    templates: str = ""
    thai_digits: bool = True
    concurrency: int = 8
    emblem: str = ""  # the Garuda image file, or PREPRINTED; "" = not set (doctor warns)


# [letters] emblem for paper that already bears the Garuda emblem: the letters keep its room and print none
PREPRINTED = "preprinted"


@dataclass(frozen=True)
class EndorsementConfig:
    lead_days: int = 7
    warn_days: int = 3
    learn: bool = False  # each agency's lead days from how fast it endorsed before (lessons.learned_lead_days)


@dataclass(frozen=True)
class GoogleConfig:
    credentials: str = "service-account.json"
    oauth_client: str = "client_secret.json"
    oauth_token: str = "~/.config/kmsheets/authorized_user.json"
    endpoint: str = ""
    drive_scope: str = "drive.file"
    timeout: float = 30.0
    retries: int = 8  # in a 30 % storm of 429s and 5xx, 5 lose 1 run in 20; 8, under 1 in 1,000


@dataclass(frozen=True)
class Config:
    language: str = "th"
    workbook: WorkbookConfig = field(default_factory=WorkbookConfig)
    sender: SenderConfig = field(default_factory=SenderConfig)
    letters: LettersConfig = field(default_factory=LettersConfig)
    endorsement: EndorsementConfig = field(default_factory=EndorsementConfig)
    google: GoogleConfig = field(default_factory=GoogleConfig)
    base: Path = field(default_factory=Path.cwd)  # where relative paths start

    def path(self, value: str) -> Path:
        """A configured path, relative to the config file's folder."""
        return (self.base / os.path.expanduser(value)).resolve()

    def emblem_image(self) -> Path | None:
        """The Garuda emblem's image file letters print, or None (not set, or the paper is preprinted)."""
        if self.letters.emblem in ("", PREPRINTED):
            return None
        return self.path(self.letters.emblem)


# How much of Drive kmsheets asks to see: only the files it made or was given ("drive.file", the default),
# or every file the account can open ("drive": for a service account, only what is shared with it).
DRIVE_SCOPES = ("drive.file", "drive")

_SECTIONS = {"workbook": WorkbookConfig, "sender": SenderConfig, "letters": LettersConfig,
             "endorsement": EndorsementConfig, "google": GoogleConfig}


def default_path(environ: Mapping[str, str] = os.environ) -> Path:
    """$KMSHEETS_CONFIG, then ./config.toml."""
    return Path(environ.get(ENV_PREFIX + "CONFIG") or "config.toml")


def load_config(path: Path | None = None, environ: Mapping[str, str] = os.environ) -> Config:
    """Read and check the configuration; every mistake is a ConfigError saying which key and what is allowed."""
    path = Path(path) if path is not None else default_path(environ)
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(key="config_missing", path=str(path)) from None
    except tomllib.TOMLDecodeError as error:
        raise _not_toml(path, error) from None
    except OSError as error:
        raise ConfigError(key="config_unreadable", path=str(path), why=os_reason(error)) from None
    config = parse_config(data, base=path.resolve().parent, environ=environ, origin=str(path))
    if config.workbook.is_google or config.letters.output == "google":
        # It names the sheet, the Drive folder and the key file: worth keeping to ourselves. A config for a
        # local workbook holds nothing of the kind, so the demo's does not warn on every run.
        warn_if_readable_by_others(path, message("holds_config"))
    return config


def _not_toml(path: Path, error: tomllib.TOMLDecodeError) -> ConfigError:
    """Where the TOML is wrong (tomllib's reason itself is English only)."""
    at = _TOML_POSITION.search(str(error))
    if at is None:
        return ConfigError(key="config_not_toml_end", path=str(path))
    return ConfigError(key="config_not_toml", path=str(path), line=int(at[1]), column=int(at[2]))


_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def language_before_config(path: str | os.PathLike[str] | None = None, environ: Mapping[str, str] = os.environ) -> str:
    """The language to speak in before the configuration is loaded, or when it cannot be: $KMSHEETS_LANGUAGE,
    else the config file's `language` where the file can be read, else Thai."""
    wanted = environ.get(ENV_PREFIX + "LANGUAGE")
    if wanted not in LANGUAGES:
        try:
            with open(Path(path) if path is not None else default_path(environ), "rb") as handle:
                wanted = tomllib.load(handle).get("language")
        except (OSError, tomllib.TOMLDecodeError):
            pass
    return wanted if wanted in LANGUAGES else "th"


WINDOWS = os.name == "nt"  # where file modes say nothing of who may read a file
_SYNCED = ("onedrive", "dropbox", "google drive", "googledrive", "icloud")


def readable_by_others(path: str | os.PathLike[str]) -> bool:
    """Whether a file's mode opens it to its group or to others at all (mode & 0o077).

    False for a file that is missing or cannot be examined, and on Windows, whose modes say nothing of this.
    """
    if WINDOWS:
        return False
    try:
        return bool(os.stat(path).st_mode & 0o077)
    except OSError:
        return False


def exposure(path: str | os.PathLike[str], environ: Mapping[str, str] = os.environ) -> str:
    """Why other people may read a secret file, as a message key, or '' when nothing says they may.

    On Unix, 'readable_by_others': its mode opens it to its group or others. On Windows, whose modes say
    nothing of this, 'in_shared_folder': it lies outside the user's own folder (%USERPROFILE%, which Windows
    keeps from other users; elsewhere every user of the computer may read by default), on a network share,
    or in a folder synced to other computers (OneDrive, Dropbox, Google Drive, iCloud).
    """
    if not WINDOWS:
        return "readable_by_others" if readable_by_others(path) else ""
    file, home = PureWindowsPath(os.path.abspath(path)), PureWindowsPath(environ.get("USERPROFILE", ""))
    try:
        inside = file.relative_to(home) if home.drive or home.root else None
    except ValueError:
        inside = None
    if inside is None or any(part.casefold().startswith(_SYNCED) for part in inside.parts):
        return "in_shared_folder"
    return ""


def warn_if_readable_by_others(path: str | os.PathLike[str], holds: Message) -> bool:
    """Log a warning naming the file, what it holds and the fix when other users may read it; say whether it did."""
    if not readable_by_others(path):
        return False
    log.warning(message("log_readable_by_others", path=str(path), holds=holds,
                        command=f"chmod 600 {shlex.quote(str(path))}"))
    return True


def parse_config(data: Mapping[str, Any], *, base: Path, environ: Mapping[str, str] = os.environ,
                 origin: str = "config") -> Config:
    data = _apply_environment(dict(data), environ)
    unknown = set(data) - {"language", *_SECTIONS}
    if unknown:
        raise ConfigError(key="config_unknown_keys", origin=origin, keys=", ".join(sorted(unknown)),
                          allowed=", ".join(["language", *(f"[{s}]" for s in _SECTIONS)]))
    language = data.get("language", "th")
    if language not in LANGUAGES:
        raise ConfigError(key="config_bad_language", origin=origin, value=repr(language))
    sections = {name: _section(cls, name, data.get(name, {}), origin) for name, cls in _SECTIONS.items()}
    config = Config(language=language, base=base, **sections)
    _check(config, origin)
    return config


def _apply_environment(data: dict[str, Any], environ: Mapping[str, str]) -> dict[str, Any]:
    if ENV_PREFIX + "LANGUAGE" in environ:
        data["language"] = environ[ENV_PREFIX + "LANGUAGE"]
    for section, cls in _SECTIONS.items():
        for item in fields(cls):
            name = f"{ENV_PREFIX}{section.upper()}_{item.name.upper()}"
            if name in environ and item.name not in ("tabs", "headers"):
                data[section] = {**data.get(section, {}), item.name: environ[name]}
    return data


def _section(cls: type, name: str, raw: Any, origin: str) -> Any:
    if not isinstance(raw, Mapping):
        raise ConfigError(key="config_not_a_table", origin=origin, section=name)
    known = {f.name: f for f in fields(cls)}
    unknown = set(raw) - set(known)
    if unknown:
        raise ConfigError(key="config_unknown_section_keys", origin=origin, section=name,
                          keys=", ".join(sorted(unknown)), allowed=", ".join(known))
    values = {}
    for key, value in raw.items():
        default = getattr(cls(), key)
        values[key] = _coerce(value, default, f"{origin}: [{name}] {key}")
    if name == "workbook":
        values["tabs"] = _tab_titles(values.get("tabs", {}), origin)
        values["headers"] = _header_texts(values.get("headers", {}), origin)
    return cls(**values)


def _coerce(value: Any, default: Any, where: str) -> Any:
    """Environment values arrive as text: turn them into the type of the key's default."""
    if isinstance(default, bool):
        if isinstance(value, str) and value.lower() in ("true", "1", "yes", "false", "0", "no"):
            return value.lower() in ("true", "1", "yes")
        if isinstance(value, bool):
            return value
        raise ConfigError(key="config_not_boolean", where=where, value=repr(value))
    if isinstance(default, (int, float)):
        try:
            number = type(default)(value)
        except (TypeError, ValueError):
            raise ConfigError(key="config_not_number", where=where, value=repr(value)) from None
        if number < 0:
            raise ConfigError(key="config_negative", where=where, value=repr(value))
        return number
    if isinstance(default, str):
        if not isinstance(value, str):
            raise ConfigError(key="config_not_text", where=where, value=repr(value))
        return value
    if isinstance(default, tuple):  # lines: a list of texts, or one text whose line breaks part them
        lines = value.splitlines() if isinstance(value, str) else value
        if not isinstance(lines, list | tuple) or not all(isinstance(line, str) for line in lines):
            raise ConfigError(key="config_not_lines", where=where, value=repr(value))
        return tuple(line.strip() for line in lines if line.strip())
    return value


def _tab_titles(raw: Mapping[str, Any], origin: str) -> dict[str, str]:
    unknown = set(raw) - set(TABS)
    if unknown:
        raise ConfigError(key="config_unknown_tabs", origin=origin, tabs=", ".join(TABS),
                          unknown=", ".join(sorted(unknown)))
    return {tab: str(title) for tab, title in raw.items()}


def _header_texts(raw: Mapping[str, Any], origin: str) -> dict[str, dict[str, tuple[str, ...]]]:
    """[workbook.headers] activities.date = "วันจัดกิจกรรม" (or a list of texts) -> {"activities": {"date": (...)}}."""
    headers: dict[str, dict[str, tuple[str, ...]]] = {}
    for tab, per_field in raw.items():
        if tab not in TABS or not isinstance(per_field, Mapping):
            raise ConfigError(key="config_bad_header_tab", origin=origin, tab=repr(tab))
        known = {f.name for f in TABS[tab].fields}
        for field_name, texts in per_field.items():
            if field_name not in known:
                raise ConfigError(key="config_unknown_field", origin=origin, tab=tab, field=repr(field_name),
                                  fields=", ".join(sorted(known)))
            texts = [texts] if isinstance(texts, str) else texts
            headers.setdefault(tab, {})[field_name] = tuple(str(t) for t in texts)
    return headers


def _check(config: Config, origin: str) -> None:
    if not config.workbook.source:
        raise ConfigError(key="config_no_source", origin=origin)
    if config.letters.output not in ("local", "google"):
        raise ConfigError(key="config_bad_output", origin=origin, value=repr(config.letters.output))
    if config.letters.concurrency < 1:
        raise ConfigError(key="config_concurrency", origin=origin)
    if config.google.drive_scope not in DRIVE_SCOPES:
        raise ConfigError(key="config_bad_drive_scope", origin=origin, value=repr(config.google.drive_scope),
                          allowed=message("or", first=repr(DRIVE_SCOPES[0]), second=repr(DRIVE_SCOPES[1])))
    if config.google.retries < 1:
        raise ConfigError(key="config_retries", origin=origin)
