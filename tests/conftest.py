"""Shared fixtures: a configuration (parsed, or written as config.toml), a clock that records waits, kmsheets'
Google client and backend on the emulator, a real private key, a state folder of the session's own (where
the locks of Google Sheets go) and files of another user. The emulator's own fixture lives with it, in
tests/google_fake/fixtures.py."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Callable, Mapping

import pytest
from google.auth.credentials import AnonymousCredentials

from clock import Clock
from kmsheets.backends.google import GoogleBackend
from kmsheets.config import Config, WorkbookConfig, parse_config
from kmsheets.google_api import GoogleHTTPClient
from kmsheets.retry import RetryPolicy
from processes import OtherUser
from workbooks import ACCOUNT, SENDER

pytest_plugins = ["google_fake.fixtures"]


def config_data(source: str | Path, language: str = "en", sender: Mapping[str, str] = SENDER,
                **sections: Mapping[str, Any]) -> dict[str, Any]:
    """A config as its TOML would hold it: the workbook at `source`, the demo's sender, letters in ./letters."""
    return {"language": language, "workbook": {"source": str(source)}, "sender": dict(sender), **sections}


@pytest.fixture
def config_for(tmp_path: Path) -> Callable[..., Config]:
    """config_for(source, language="en", sender=SENDER, **sections): a Config read from tmp_path, no environment."""
    def make(source: str | Path, **options: Any) -> Config:
        return parse_config(config_data(source, **options), base=tmp_path, environ={})
    return make


@pytest.fixture
def config_file(tmp_path: Path) -> Callable[..., Path]:
    """config_file(source, language="en", sender=SENDER, **sections): the same written as tmp_path/config.toml
    (mode 600, as a config naming Google files should be); section values are text, numbers or booleans."""
    def write(source: str | Path, **options: Any) -> Path:
        lines = []
        for name, value in config_data(source, **options).items():
            if isinstance(value, Mapping):
                lines += [f"[{name}]", *(f"{key} = {json.dumps(item, ensure_ascii=False)}"
                                         for key, item in value.items())]
            else:
                lines.insert(0, f"{name} = {json.dumps(value, ensure_ascii=False)}")
        path = tmp_path / "config.toml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        os.chmod(path, 0o600)
        return path
    return write


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def google_client(google_fake, clock: Clock) -> GoogleHTTPClient:
    """kmsheets' gspread HTTP client on the emulator: 4 attempts a request, waits on `clock` (none slept)."""
    policy = RetryPolicy(attempts=4, sleep=clock.sleep, random=lambda: 0.5)
    return GoogleHTTPClient(AnonymousCredentials(), endpoint=google_fake.url, timeout=5, policy=policy)


@pytest.fixture
def google_backend(google_client: GoogleHTTPClient) -> Callable[..., GoogleBackend]:
    """google_backend(key, **workbook): the backend of the emulator's spreadsheet `key`, on `google_client`."""
    def make(key: str, **workbook: Any) -> GoogleBackend:
        return GoogleBackend(key, WorkbookConfig(source=key, **workbook), google_client)
    return make


@pytest.fixture
def google_backend_of(google_fake, google_backend: Callable[..., GoogleBackend]) -> Callable[..., GoogleBackend]:
    """google_backend_of(grids, **workbook): a new spreadsheet of these grids (title -> rows) in the emulator,
    and its backend (`.key` is the spreadsheet's)."""
    def make(grids: Mapping[str, list[list[Any]]], **workbook: Any) -> GoogleBackend:
        return google_backend(google_fake.create_spreadsheet("KM", grids), **workbook)
    return make


@pytest.fixture(scope="session")
def pem() -> str:
    """A real RSA private key in PEM, so google-auth can sign with it; made once a run (it takes a while)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


@pytest.fixture
def service_account_file(tmp_path: Path, google_fake, pem: str) -> Path:
    """A service account's JSON key (mode 600) whose tokens come from the emulator."""
    path = tmp_path / "service-account.json"
    path.write_text(json.dumps({"type": "service_account", "project_id": "km", "private_key_id": "k1",
                                "private_key": pem, "client_email": ACCOUNT, "client_id": "1",
                                "token_uri": f"{google_fake.url}/token"}), encoding="utf-8")
    os.chmod(path, 0o600)
    return path


@pytest.fixture(autouse=True)
def _state_folder(tmp_path_factory, monkeypatch):
    """The locks of Google Sheets go to this session's state folder, not to the user's own."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.getbasetemp() / "state"))


@pytest.fixture
def other_user():
    """Files of another user, and kmsheets run as a process their modes bind (see tests/processes.py)."""
    other = OtherUser()
    yield other
    other.restore()
