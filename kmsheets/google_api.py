"""How kmsheets talks to Google: credentials, and one gspread HTTP client for Sheets and Drive alike.

The client rewrites Google's API roots to `[google] endpoint` when one is set (the tests' local emulator;
patching gspread.urls does not work, its constants are copied at import), sets a timeout on every request,
and retries with our bounded policy.
"""

from __future__ import annotations

import json
import os
import stat
from typing import Any, Mapping, MutableMapping

import gspread
from gspread.exceptions import APIError
from google.auth.credentials import Credentials
from requests import Response

from .config import Config
from .errors import AccessError, ConfigError
from .retry import RetryPolicy, send_with_retries

# drive.file, not drive: kmsheets sees only the documents it made, and the folders shared with it.
SCOPES = ("https://www.googleapis.com/auth/spreadsheets", "https://www.googleapis.com/auth/drive.file")
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
        response = send_with_retries(
            lambda: self.session.request(method, url, params=params, data=data, json=json, files=files,
                                         headers=headers, timeout=self.timeout),
            self.policy, what, idempotent=not _creates(url))
        if response.ok:
            return response
        raise APIError(response)


def _creates(url: str) -> bool:
    """Requests that add something each time they land (an append, an upload) must not be resent blindly."""
    path = url.split("?")[0]
    return path.endswith(":append") or "/upload/" in path


def connect(config: Config, *, credentials: Credentials | None = None,
            policy: RetryPolicy | None = None) -> GoogleHTTPClient:
    """An authorised client for the configured account; `credentials` may be given directly (tests)."""
    google = config.google
    policy = policy or RetryPolicy(attempts=google.retries)
    return GoogleHTTPClient(credentials or load_credentials(config), endpoint=google.endpoint,
                            timeout=google.timeout, policy=policy)


def load_credentials(config: Config) -> Credentials:
    """A service account's JSON key file, or ("oauth") a person's own login, cached after the first time."""
    setting = config.google.credentials
    if setting == "oauth":
        return _person_credentials(config)
    path = config.path(setting)
    from google.oauth2 import service_account

    try:
        credentials = service_account.Credentials.from_service_account_file(str(path), scopes=SCOPES)
    except FileNotFoundError:
        raise ConfigError(f"[google] credentials: no file {path}; download the service account's JSON key "
                          "there (README: Google set-up), or write credentials = \"oauth\"") from None
    except (ValueError, KeyError):
        # The message of a failed parse may quote the key's content: say only what is wrong and where.
        raise ConfigError(f"[google] credentials: {path} is not a service account's JSON key file") from None
    return credentials


def _person_credentials(config: Config) -> Credentials:
    client_file = config.path(config.google.oauth_client)
    token_file = config.path(config.google.oauth_token)
    if token_file.exists():
        credentials = gspread.auth.load_credentials(token_file)
        if credentials is not None:
            return credentials
    if not client_file.exists():
        raise ConfigError(f"[google] oauth_client: no OAuth client file at {client_file} (README: Google set-up)")
    try:
        client_config = json.loads(client_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ConfigError(f"[google] oauth_client: {client_file} is not an OAuth client JSON file") from None
    credentials = gspread.auth.local_server_flow(client_config, list(SCOPES))
    token_file.parent.mkdir(parents=True, exist_ok=True)
    gspread.auth.store_credentials(credentials, token_file)
    os.chmod(token_file, stat.S_IRUSR | stat.S_IWUSR)
    return credentials


def access_error(error: APIError, what: str) -> AccessError:
    """A Google error as something a person can act on."""
    status = error.response.status_code
    hints = {
        401: "the credentials were refused; check [google] credentials",
        403: "the account may not see it; share it with the service account's e-mail address (Editor)",
        404: "no such spreadsheet, file or folder; check the key or id in the config",
    }
    message = str(error.error.get("message", ""))
    return AccessError(f"{what}: Google answered {status} {message}".strip() + "; " +
                       hints.get(status, "try again later"))
