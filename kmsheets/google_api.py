"""How kmsheets talks to Google: credentials, and one gspread HTTP client for Sheets and Drive alike.

The client rewrites Google's API roots to `[google] endpoint` when one is set (the tests' local emulator;
patching gspread.urls does not work, its constants are copied at import), sets a timeout on every request,
and retries with our bounded policy.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, MutableMapping
from urllib.parse import urlsplit

import gspread
from gspread.exceptions import APIError
from google.auth import crypt
from google.auth.credentials import Credentials
from google.auth.exceptions import RefreshError, TransportError
from google.oauth2 import service_account
from google.oauth2.credentials import Credentials as UserCredentials
from requests import Response

from .config import Config, warn_if_readable_by_others
from .errors import AccessError, ConfigError
from .messages import Message, message
from .retry import RetryPolicy, send_with_retries


def scopes(config: Config) -> list[str]:
    """Sheets, and Drive as far as [google] drive_scope says (drive.file unless widened: README, Google set-up)."""
    return ["https://www.googleapis.com/auth/spreadsheets",
            f"https://www.googleapis.com/auth/{config.google.drive_scope}"]


GOOGLE_ROOTS = ("https://sheets.googleapis.com", "https://www.googleapis.com", "https://oauth2.googleapis.com")


class GoogleHTTPClient(gspread.HTTPClient):
    """gspread's HTTP client with a timeout, our retries, and an optional local endpoint for every API."""

    def __init__(self, auth: Credentials, session: Any = None, *, endpoint: str = "",
                 timeout: float = 30.0, policy: RetryPolicy | None = None) -> None:
        super().__init__(auth, session)
        self.endpoint = endpoint.rstrip("/")
        self.timeout = timeout
        self.policy = policy or RetryPolicy()

    def url(self, url: str) -> str:
        """Where a Google URL really goes."""
        if self.endpoint:
            for root in GOOGLE_ROOTS:
                if url.startswith(root):
                    return self.endpoint + url[len(root):]
        return url

    def request(self, method: str, endpoint: str, params: Any = None, data: Any = None,
                json: Mapping[str, Any] | None = None, files: Any = None,
                headers: MutableMapping[str, str] | None = None) -> Response:
        url = self.url(endpoint)
        what = f"{method.upper()} {url.split('?')[0].removeprefix(self.endpoint)}"
        problem: Message | None = None
        try:
            response = send_with_retries(
                lambda: self.session.request(method, url, params=params, data=data, json=json, files=files,
                                             headers=headers, timeout=self.timeout),
                self.policy, what, idempotent=not _creates(method, url))
        except RefreshError as error:
            # The sign-in itself was refused: say Google's reason, never the request (it carries the secrets).
            reason = error.args[0] if error.args and isinstance(error.args[0], str) else ""
            problem = message("sign_in_refused", reason=reason[:200] or type(error).__name__)
        except TransportError as error:
            problem = message("sign_in_unreachable", host=self._sign_in_host(),
                              error=type(error.__cause__ or error).__name__)
        if problem:
            # Raised outside the handler: the exceptions above hold the sign-in request, secrets and all.
            raise AccessError(key="google_request_failed", what=what, problem=problem)
        if response.ok:
            return response
        raise APIError(response)

    def _sign_in_host(self) -> str | Message:
        token_uri = _token_uri(self.auth)
        return urlsplit(token_uri).netloc if token_uri else message("sign_in_token_endpoint")


def _creates(method: str, url: str) -> bool:
    """Requests whose second landing is not like the first must not be resent blindly: an append and a new
    upload add something each time, and a spreadsheet batchUpdate (kmsheets format) deletes rules by their
    place, which the first landing changed. Replacing a document's content (a PATCH) may be resent."""
    path = url.split("?")[0]
    return method.upper() == "POST" and (path.endswith(":append") or "/upload/" in path
                                         or path.endswith(":batchUpdate") and "/values:" not in path)


def connect(config: Config, *, credentials: Credentials | None = None,
            policy: RetryPolicy | None = None) -> GoogleHTTPClient:
    """An authorised client for the configured account; `credentials` may be given directly (tests)."""
    google = config.google
    policy = policy or RetryPolicy(attempts=google.retries)
    return GoogleHTTPClient(credentials or load_credentials(config), endpoint=google.endpoint,
                            timeout=google.timeout, policy=policy)


def load_credentials(config: Config) -> Credentials:
    """A service account's JSON key file, or ("oauth") a person's own login, cached after the first time.

    These files hold secrets (a private key, a client secret, a refresh token): no message, log line or
    exception kmsheets raises about them quotes their content (see `read_key_file`).
    """
    setting = config.google.credentials
    if setting == "oauth":
        credentials = _person_credentials(config)
    else:
        key = _usable_key_file(config.path(setting), SERVICE_ACCOUNT, "[google] credentials")
        credentials = key.credentials.with_scopes(scopes(config))
    return _through_endpoint(credentials, config.google.endpoint)


def _person_credentials(config: Config) -> Credentials:
    token_file = config.path(config.google.oauth_token)
    if token_file.exists():
        return _usable_key_file(token_file, LOGIN, "[google] oauth_token").credentials
    client = _usable_key_file(config.path(config.google.oauth_client), OAUTH_CLIENT, "[google] oauth_client")
    credentials = gspread.auth.local_server_flow(dict(client.info), scopes(config))
    token_file.parent.mkdir(parents=True, exist_ok=True)
    gspread.auth.store_credentials(credentials, token_file)
    os.chmod(token_file, stat.S_IRUSR | stat.S_IWUSR)
    return credentials


# The kinds of key file, as the files name themselves ("type"; an OAuth client file says "installed" or "web")
SERVICE_ACCOUNT, LOGIN, OAUTH_CLIENT = "service_account", "authorized_user", "oauth_client"
# What each must hold to be used (an OAuth client: inside its "installed" or "web" object)
FIELDS = {SERVICE_ACCOUNT: ("client_email", "private_key", "token_uri"),
          LOGIN: ("refresh_token", "client_id", "client_secret"),
          OAUTH_CLIENT: ("client_id",)}
_HOLDS = {SERVICE_ACCOUNT: message("holds_service_key"), LOGIN: message("holds_login"),
          OAUTH_CLIENT: message("holds_oauth_client")}


@dataclass(frozen=True)
class KeyFile:
    """A file of secrets as read: its JSON object and the credentials it makes (none for an OAuth client file),
    or `problem`, why it cannot be used: a message key and parameters that never quote the content."""

    path: Path
    kind: str
    info: Mapping[str, Any] = field(default_factory=dict)
    credentials: Credentials | None = None
    problem: Message | None = None

    @property
    def fix(self) -> Message:
        """What to do about a problem with a file of this kind."""
        return message(f"key_file_fix_{self.kind}", path=str(self.path))


def read_key_file(path: Path, kind: str) -> KeyFile:
    """The one check of a key file (`kind`: SERVICE_ACCOUNT, LOGIN or OAUTH_CLIENT), for the credentials
    loader and `kmsheets doctor` alike: it can be read, is a JSON object of this kind holding the fields it
    needs, and google-auth makes credentials of it. Never raises.

    google-auth's errors, and Python's JSON and encoding errors, may repeat the values they could not use
    (a JSONDecodeError keeps the whole document): only their type, or a position, goes into the problem,
    and nothing of them is kept.
    """
    def problem(key: str, **params: Any) -> KeyFile:
        return KeyFile(path, kind, problem=message(key, path=str(path), **params))

    try:
        data = json.loads(Path(path).read_bytes())
    except FileNotFoundError:
        return problem("key_file_missing")
    except PermissionError:
        return problem("key_file_no_permission")
    except OSError as error:
        return problem("key_file_unreadable", error=type(error).__name__)
    except json.JSONDecodeError as error:
        return problem("key_file_not_json", line=error.lineno, column=error.colno)
    except ValueError:
        return problem("key_file_not_utf8")
    if not isinstance(data, dict):
        return problem("key_file_not_object")
    found = _kind(data)
    if found != kind and (found or kind == OAUTH_CLIENT):  # a file naming no kind is taken for the one wanted
        return problem(f"key_file_is_{found if found in FIELDS else 'other'}")
    fields = (data.get("installed") or data.get("web")) if kind == OAUTH_CLIENT else data
    fields = fields if isinstance(fields, dict) else {}
    absent = [name for name in FIELDS[kind] if not fields.get(name)]
    if absent:
        return problem("key_file_missing_fields", fields=", ".join(absent))
    not_text = [name for name in FIELDS[kind] if not isinstance(fields[name], str)]
    if not_text:
        return problem("key_file_not_text", fields=", ".join(not_text))
    if kind == OAUTH_CLIENT:
        return KeyFile(path, kind, data)
    if kind == SERVICE_ACCOUNT:
        try:
            crypt.RSASigner.from_service_account_info(data)
        except Exception:  # noqa: BLE001 - any failure to read the key is the same problem for the user
            return problem("key_file_bad_private_key")
    make = (service_account.Credentials.from_service_account_info if kind == SERVICE_ACCOUNT
            else UserCredentials.from_authorized_user_info)
    try:
        return KeyFile(path, kind, data, make(data))
    except Exception as error:  # noqa: BLE001 - only the error's type is safe to repeat
        return problem("key_file_unreadable", error=type(error).__name__)


def _usable_key_file(path: Path, kind: str, setting: str) -> KeyFile:
    """The key file the loader needs, with a warning in the log if others may read it; a ConfigError naming
    `setting`, the problem and its fix when it cannot be used (raised outside any handler: nothing chained)."""
    warn_if_readable_by_others(path, _HOLDS[kind])
    key = read_key_file(path, kind)
    if key.problem is not None:
        raise ConfigError(key="key_file_unusable", setting=setting, problem=key.problem, fix=key.fix)
    return key


def _kind(info: Mapping[str, Any]) -> str:
    if "installed" in info or "web" in info:
        return OAUTH_CLIENT
    kind = info.get("type")
    return kind if isinstance(kind, str) else ""


def _token_uri(credentials: Credentials) -> str:
    """Where the credentials fetch access tokens ('' when they do not say): a service account's public
    `token_uri`, a person's login's private `_token_uri`."""
    uri = getattr(credentials, "token_uri", None) or getattr(credentials, "_token_uri", None)
    return uri if isinstance(uri, str) else ""


def _through_endpoint(credentials: Credentials, endpoint: str) -> Credentials:
    """Credentials that fetch their access tokens from `[google] endpoint` too, when one is set."""
    token_uri = _token_uri(credentials)
    with_token_uri = getattr(credentials, "with_token_uri", None)
    if not endpoint or not token_uri or with_token_uri is None:
        return credentials
    for root in GOOGLE_ROOTS:
        if token_uri.startswith(root):
            moved = with_token_uri(endpoint.rstrip("/") + token_uri[len(root):])
            moved.expiry = credentials.expiry  # google-auth's copy drops it, and an expired token would pass
            return moved
    return credentials


def access_error(error: APIError, what: str | Message, *, folder: bool = False) -> AccessError:
    """A Google error as something a person can act on; `folder`: the request was about the letters folder."""
    status = error.response.status_code
    hint = {401: "hint_credentials", 403: "hint_share", 404: "hint_folder_not_found" if folder else "hint_not_found"}
    return AccessError(key="google_refused", what=what, status=str(status),
                       answer=str(error.error.get("message", "")), hint=message(hint.get(status, "hint_later")))
