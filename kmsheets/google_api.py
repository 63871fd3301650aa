"""How kmsheets talks to Google: credentials, and one gspread HTTP client for Sheets and Drive alike.

The client rewrites Google's API roots to `[google] endpoint` when one is set (the tests' local emulator;
patching gspread.urls does not work, its constants are copied at import), sets a timeout on every request,
and retries with our bounded policy.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any, Mapping, MutableMapping
from urllib.parse import urlsplit

import gspread
from gspread.exceptions import APIError
from google.auth.credentials import Credentials
from google.auth.exceptions import RefreshError, TransportError
from requests import Response

from .config import Config, warn_if_readable_by_others
from .errors import AccessError, ConfigError
from .messages import message
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
        what = f"{method} {url.split('?')[0].removeprefix(self.endpoint)}"
        problem = ""
        try:
            response = send_with_retries(
                lambda: self.session.request(method, url, params=params, data=data, json=json, files=files,
                                             headers=headers, timeout=self.timeout),
                self.policy, what, idempotent=not _creates(method, url))
        except RefreshError as error:
            # The sign-in itself was refused: say Google's reason, never the request (it carries the secrets).
            reason = error.args[0] if error.args and isinstance(error.args[0], str) else ""
            problem = f"Google refused the sign-in: {reason[:200] or type(error).__name__}; check [google] credentials"
        except TransportError as error:
            problem = (f"could not reach Google's sign-in service at {self._sign_in_host()} "
                       f"({type(error.__cause__ or error).__name__}); try again later")
        if problem:
            # Raised outside the handler: the exceptions above hold the sign-in request, secrets and all.
            raise AccessError(f"{what}: {problem}")
        if response.ok:
            return response
        raise APIError(response)

    def _sign_in_host(self) -> str:
        token_uri = _token_uri(self.auth)
        return urlsplit(token_uri).netloc if token_uri else "its token endpoint"


def _creates(method: str, url: str) -> bool:
    """Requests that add something each time they land (an append, a new upload) must not be resent blindly;
    replacing a document's content (a PATCH) may be."""
    path = url.split("?")[0]
    return method.upper() == "POST" and (path.endswith(":append") or "/upload/" in path)


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
    exception kmsheets raises about them quotes their content, and google-auth's own errors, which can echo
    the values they could not use, are replaced, never chained.
    """
    setting = config.google.credentials
    if setting == "oauth":
        credentials = _person_credentials(config)
    else:
        credentials = _service_account(config.path(setting), scopes(config))
    return _through_endpoint(credentials, config.google.endpoint)


# What a key file must hold to be used (doctor checks the same)
SERVICE_ACCOUNT_FIELDS = ("client_email", "private_key", "token_uri")
LOGIN_FIELDS = ("refresh_token", "client_id", "client_secret")


def _service_account(path: Path, scopes: list[str]) -> Credentials:
    from google.auth import crypt
    from google.oauth2 import service_account

    setting = "[google] credentials"
    info = _secret_json(path, setting, "the service account's private key", missing=(
        "download the service account's JSON key there (README: Google set-up), or write credentials = \"oauth\""))
    problem = _wrong_kind(info, "service_account") or _missing_fields(info, SERVICE_ACCOUNT_FIELDS)
    if not problem:
        # google-auth's errors here may quote the key or other fields (to_bytes repeats a value it cannot
        # convert), so they are not kept: the message says what is wrong and where, nothing more.
        try:
            crypt.RSASigner.from_service_account_info(info)
        except Exception:  # noqa: BLE001 - any failure to read the key is the same problem for the user
            problem = "its private_key is not a readable private key; download a new JSON key"
    if not problem:
        try:
            return service_account.Credentials.from_service_account_info(info, scopes=scopes)
        except Exception as error:  # noqa: BLE001 - see above; only the error's type is safe to repeat
            problem = f"it cannot be used as a service account's key ({type(error).__name__})"
    raise ConfigError(f"{setting}: {path} is not a usable service account JSON key file: {problem}")


def _person_credentials(config: Config) -> Credentials:
    from google.oauth2.credentials import Credentials as UserCredentials

    client_file = config.path(config.google.oauth_client)
    token_file = config.path(config.google.oauth_token)
    if token_file.exists():
        info = _secret_json(token_file, "[google] oauth_token", "your Google login")
        problem = _wrong_kind(info, "authorized_user") or _missing_fields(info, LOGIN_FIELDS)
        if not problem:
            try:
                return UserCredentials.from_authorized_user_info(info)
            except Exception as error:  # noqa: BLE001 - its errors may repeat a field's value
                problem = f"it cannot be read ({type(error).__name__})"
        raise ConfigError(f"[google] oauth_token: {token_file} is not a saved Google login: {problem}; "
                          "delete it and run again to sign in afresh")
    client_config = _secret_json(client_file, "[google] oauth_client", "the OAuth client's secret",
                                 missing="download it from the Google Cloud console (README: Google set-up)")
    problem = _wrong_kind(client_config, "oauth_client")
    if problem:
        raise ConfigError(f"[google] oauth_client: {client_file} is not an OAuth client JSON file: {problem}")
    credentials = gspread.auth.local_server_flow(client_config, scopes(config))
    token_file.parent.mkdir(parents=True, exist_ok=True)
    gspread.auth.store_credentials(credentials, token_file)
    os.chmod(token_file, stat.S_IRUSR | stat.S_IWUSR)
    return credentials


def _secret_json(path: Path, setting: str, holds: str, *, missing: str = "") -> dict[str, Any]:
    """The JSON object in a file of secrets, with a warning if others may read it.

    Every failure is a ConfigError raised outside the handler, so no exception holding the text (a
    JSONDecodeError keeps the whole document) stays attached to it.
    """
    warn_if_readable_by_others(path, holds)
    problem = ""
    try:
        data = json.loads(path.read_bytes())
    except FileNotFoundError:
        problem = "there is no such file" + (f"; {missing}" if missing else "")
    except OSError as error:
        problem = f"it cannot be read ({error.strerror})"
    except json.JSONDecodeError as error:
        # Only the position and the parser's own words: the document itself stays out.
        problem = f"it is not valid JSON ({error.msg} at line {error.lineno} column {error.colno})"
    except ValueError:
        problem = "it is not valid JSON (not UTF-8 text)"
    else:
        if not isinstance(data, dict):
            problem = "it is not a JSON object"
    if problem:
        raise ConfigError(f"{setting}: {path}: {problem}")
    return data


def _kind(info: Mapping[str, Any]) -> str:
    if "installed" in info or "web" in info:
        return "oauth_client"
    kind = info.get("type")
    return kind if isinstance(kind, str) else ""


_KINDS = {"service_account": "a service account's JSON key",
          "authorized_user": "a saved personal Google login (the oauth_token file)",
          "oauth_client": "an OAuth client file (for credentials = \"oauth\", as oauth_client)"}


def _wrong_kind(info: Mapping[str, Any], wanted: str) -> str:
    kind = _kind(info)
    if kind == wanted or (not kind and wanted != "oauth_client"):
        return ""
    return f"it is {_KINDS.get(kind, 'a JSON file of another kind')}, not {_KINDS[wanted]}"


def _missing_fields(info: Mapping[str, Any], needed: tuple[str, ...]) -> str:
    absent = [name for name in needed if not info.get(name)]
    if absent:
        return f"it has no {', '.join(absent)}"
    not_text = [name for name in needed if not isinstance(info[name], str)]
    return f"its {', '.join(not_text)} should be text" if not_text else ""


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


def access_error(error: APIError, what: str, *, folder: bool = False) -> AccessError:
    """A Google error as something a person can act on; `folder`: the request was about the letters folder."""
    status = error.response.status_code
    hint = {401: "hint_credentials", 403: "hint_share", 404: "hint_folder_not_found" if folder else "hint_not_found"}
    return AccessError(key="google_refused", what=what, status=status,
                       answer=str(error.error.get("message", "")), hint=message(hint.get(status, "hint_later")))
