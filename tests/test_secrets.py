"""The credentials files' secrets never reach stdout, stderr, the log or an exception's text.

Each test plants a fake service-account key (a real RSA key, so google-auth can sign with it), an OAuth client
file or a saved login, each with recognisable secret strings, and drives the CLI against a Google Sheet key
with `[google] endpoint` on a port where nothing answers: no request leaves this machine.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import threading
import traceback
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from kmsheets.cli import cli
from kmsheets.config import load_config, readable_by_others
from kmsheets.errors import AccessError, ConfigError
from kmsheets.google_api import connect, load_credentials

pytestmark = pytest.mark.skipif(os.name == "nt", reason="file modes and a refused port 9 are POSIX matters")

NOWHERE = "http://127.0.0.1:9"  # the discard port: nothing listens, the connection is refused at once
SHEET_KEY = "1KmsheetsSecretsTestSheetKey0123456789"
KEY_ID = "KMSHEETS-TEST-PRIVATE-KEY-ID-7f3a"
CLIENT_SECRET = "GOCSPX-KMSHEETS-TEST-CLIENT-SECRET-91c2"
REFRESH_TOKEN = "1//KMSHEETS-TEST-REFRESH-TOKEN-5d8e"
ACCESS_TOKEN = "ya29.KMSHEETS-TEST-ACCESS-TOKEN-0b4f"
BROKEN_KEY = "KMSHEETS-TEST-BROKEN-KEY-MATERIAL-e6a1"


@pytest.fixture
def secrets(pem) -> list[str]:
    """What must never be seen: every base64 line of the private key, and each planted secret."""
    lines = [line for line in pem.splitlines() if "-----" not in line]
    return [*lines, KEY_ID, CLIENT_SECRET, REFRESH_TOKEN, ACCESS_TOKEN, BROKEN_KEY]


def service_account(pem: str, **changes) -> dict:
    return {"type": "service_account", "project_id": "kmsheets-test", "private_key_id": KEY_ID,
            "private_key": pem, "client_email": "kmsheets@kmsheets-test.iam.gserviceaccount.com",
            "client_id": "100000000000000000001", "token_uri": "https://oauth2.googleapis.com/token",
            "client_secret": CLIENT_SECRET, **changes}


def oauth_client() -> dict:
    return {"installed": {"client_id": "1-kmsheets.apps.googleusercontent.com", "client_secret": CLIENT_SECRET,
                          "auth_uri": "https://accounts.google.com/o/oauth2/auth",
                          "token_uri": "https://oauth2.googleapis.com/token", "redirect_uris": ["http://localhost"]}}


def saved_login(expiry: dt.datetime | str | None = None) -> dict:
    login = {"refresh_token": REFRESH_TOKEN, "client_id": "1-kmsheets.apps.googleusercontent.com",
             "client_secret": CLIENT_SECRET, "token_uri": "https://oauth2.googleapis.com/token",
             "scopes": ["https://www.googleapis.com/auth/spreadsheets"]}
    if expiry is not None:
        login.update(token=ACCESS_TOKEN, expiry=expiry if isinstance(expiry, str) else expiry.isoformat() + "Z")
    return login


def write(path: Path, content, mode: int = 0o600) -> Path:
    if isinstance(content, (dict, list)):
        content = json.dumps(content, indent=2)
    if isinstance(content, str):
        content = content.encode()
    path.write_bytes(content)
    os.chmod(path, mode)
    return path


def config_file(tmp_path: Path, credentials: str, *, endpoint: str = NOWHERE, mode: int = 0o600) -> Path:
    return write(tmp_path / "config.toml",
                 f'language = "en"\n[workbook]\nsource = "{SHEET_KEY}"\n'
                 f'[google]\nendpoint = "{endpoint}"\ncredentials = "{credentials}"\n'
                 'oauth_client = "client_secret.json"\noauth_token = "token.json"\nretries = 1\ntimeout = 2\n',
                 mode)


def exception_texts(error: BaseException | None) -> list[str]:
    """An exception's full traceback text, and the text and args of everything chained to it."""
    texts, seen = [], set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        texts += ["".join(traceback.format_exception(error)), str(error), repr(error.args)]
        error = error.__cause__ or error.__context__
    return texts


def run_cli(config: Path, caplog, *args: str):
    caplog.set_level(logging.DEBUG)
    result = CliRunner().invoke(cli, ["--config", str(config), *(args or ("validate",))])
    escaped = None if isinstance(result.exception, SystemExit) else result.exception
    seen = [result.stdout, result.stderr, caplog.text, *exception_texts(escaped)]
    seen += [record.getMessage() for record in caplog.records]
    return result, escaped, "\n".join(seen)


def assert_no_secret(seen: str, secrets: list[str]) -> None:
    leaked = [secret for secret in secrets if secret in seen]
    assert not leaked, f"secrets leaked: {leaked}"


SERVICE_ACCOUNT_FAILURES = {
    # name: (file content from the pem, exit code, what the message says)
    "malformed JSON": (lambda pem: json.dumps(service_account(pem))[:-60], 2, "is not valid JSON"),
    "JSON not an object": (lambda pem: [service_account(pem)], 2, "is not a JSON object"),
    "not UTF-8": (lambda pem: b"{\x80" + json.dumps(service_account(pem)).encode(), 2, "not UTF-8"),
    "an OAuth client file": (lambda pem: oauth_client(), 2, "it is an OAuth client file"),
    "a saved login": (lambda pem: {**saved_login(), "type": "authorized_user"}, 2, "saved personal Google login"),
    "no private key": (lambda pem: service_account(pem, private_key=""), 2, "it has no private_key"),
    "bad private key": (lambda pem: service_account(
        pem, private_key=f"-----BEGIN PRIVATE KEY-----\n{BROKEN_KEY}\n-----END PRIVATE KEY-----\n"),
        2, "private_key is not a readable private key"),
    "private key not PEM": (lambda pem: service_account(pem, private_key=BROKEN_KEY), 2, "not a readable"),
    "damaged private key": (lambda pem: service_account(pem, private_key=pem.replace(pem[200:240], BROKEN_KEY[:40])),
                            2, "not a readable"),
    # google-auth's to_bytes would repeat a value it cannot convert
    "private key not text": (lambda pem: service_account(pem, private_key=[BROKEN_KEY, pem]), 2, "should be text"),
    # the real token endpoint in the file goes to [google] endpoint too, where nothing answers
    "a good key, Google unreachable": (lambda pem: service_account(pem), 3, "could not reach Google's sign-in"),
}


@pytest.mark.parametrize("case", SERVICE_ACCOUNT_FAILURES)
def test_service_account_failures_never_show_the_key(tmp_path, caplog, pem, secrets, case):
    content, code, says = SERVICE_ACCOUNT_FAILURES[case]
    write(tmp_path / "key.json", content(pem))
    result, escaped, seen = run_cli(config_file(tmp_path, "key.json"), caplog)
    assert escaped is None, seen
    assert result.exit_code == code and says in result.stderr, result.stderr
    assert str(tmp_path / "key.json") in result.stderr or code == 3
    assert_no_secret(seen, secrets)


def test_a_missing_key_file_says_where_to_put_one(tmp_path, caplog, secrets):
    result, escaped, seen = run_cli(config_file(tmp_path, "nokey.json"), caplog)
    assert escaped is None and result.exit_code == 2
    assert f"{tmp_path / 'nokey.json'}: there is no such file; download" in result.stderr


@pytest.mark.parametrize("command", [["validate", "--json"], ["sync", "--dry-run", "--today", "2026-12-01"],
                                     ["letters", "--dry-run", "--today", "2026-12-01"]])
def test_every_command_fails_cleanly_with_a_good_key_and_no_google(tmp_path, caplog, pem, secrets, command):
    write(tmp_path / "key.json", service_account(pem, token_uri=NOWHERE + "/token"))
    result, escaped, seen = run_cli(config_file(tmp_path, "key.json"), caplog, *command)
    assert escaped is None and result.exit_code == 3, seen
    assert "127.0.0.1:9" in result.stderr
    assert_no_secret(seen, secrets)


OAUTH_FAILURES = {
    # name: ({file: content}, exit code, what the message says)
    "a fresh login, Google unreachable": (
        {"token.json": saved_login(dt.datetime.utcnow() + dt.timedelta(hours=1))}, 3, "failed 1 time;"),
    "an expired login, its refresh unreachable": (
        {"token.json": saved_login(dt.datetime.utcnow() - dt.timedelta(hours=1))}, 3, "sign-in service"),
    "a login never refreshed": ({"token.json": saved_login()}, 3, "sign-in service"),
    "malformed login": ({"token.json": json.dumps(saved_login())[:-30]}, 2, "not valid JSON"),
    # from_authorized_user_info's strptime error repeats the value it could not read
    "an unreadable expiry": ({"token.json": saved_login(expiry=CLIENT_SECRET)}, 2, "cannot be read (ValueError)"),
    "a login without its refresh token": ({"token.json": {**saved_login(), "refresh_token": ""}}, 2,
                                          "it has no refresh_token"),
    "a service account key as the login": ({"token.json": "SA"}, 2, "it is a service account's JSON key"),
    "an OAuth client file as the login": ({"token.json": oauth_client()}, 2, "it is an OAuth client file"),
    "malformed client file": ({"client_secret.json": json.dumps(oauth_client())[:-10]}, 2, "not valid JSON"),
    "a service account key as the client": ({"client_secret.json": "SA"}, 2,
                                            "client_secret.json: it is a service account's JSON key"),
    "no client file": ({}, 2, "client_secret.json: there is no such file"),
}


@pytest.mark.parametrize("case", OAUTH_FAILURES)
def test_oauth_failures_never_show_the_login_or_the_client_secret(tmp_path, caplog, pem, secrets, case):
    files, code, says = OAUTH_FAILURES[case]
    for name, content in files.items():
        write(tmp_path / name, service_account(pem) if content == "SA" else content)
    result, escaped, seen = run_cli(config_file(tmp_path, "oauth"), caplog)
    assert escaped is None, seen
    assert result.exit_code == code and says in result.stderr, result.stderr
    assert_no_secret(seen, secrets)


def test_the_errors_carry_no_chained_exception(tmp_path, pem):
    """A chained google-auth or JSON error would hold the file's text (JSONDecodeError keeps the document)."""
    for content in (json.dumps(service_account(pem))[:-60], service_account(pem, private_key=[BROKEN_KEY]),
                    service_account(pem, private_key=BROKEN_KEY)):
        write(tmp_path / "key.json", content)
        with pytest.raises(ConfigError) as raised:
            load_credentials(load_config(config_file(tmp_path, "key.json"), environ={}))
        assert raised.value.__cause__ is None and raised.value.__context__ is None


class _RefusingTokenEndpoint(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - http.server's name
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = json.dumps({"error": "invalid_grant", "error_description": "Invalid JWT Signature."}).encode()
        self.send_response(400)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_a_refused_sign_in_gives_googles_reason_and_no_secret(tmp_path, caplog, pem, secrets):
    server = HTTPServer(("127.0.0.1", 0), _RefusingTokenEndpoint)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True).start()
    try:
        endpoint = f"http://127.0.0.1:{server.server_port}"
        write(tmp_path / "key.json", service_account(pem))
        result, escaped, seen = run_cli(config_file(tmp_path, "key.json", endpoint=endpoint), caplog)
    finally:
        server.shutdown()
        server.server_close()
    assert escaped is None and result.exit_code == 3, seen
    assert "Google refused the sign-in: invalid_grant: Invalid JWT Signature." in result.stderr
    assert_no_secret(seen, secrets)


def test_the_token_endpoint_follows_the_configured_endpoint(tmp_path, pem):
    write(tmp_path / "key.json", service_account(pem))
    client = connect(load_config(config_file(tmp_path, "key.json"), environ={}))
    assert client.auth._token_uri == NOWHERE + "/token"
    write(tmp_path / "token.json", saved_login())
    client = connect(load_config(config_file(tmp_path, "oauth"), environ={}))
    assert client.auth.token_uri == NOWHERE + "/token"


def test_files_others_can_read_are_named_with_the_fix(tmp_path, caplog, pem):
    key = write(tmp_path / "key.json", service_account(pem, token_uri=NOWHERE + "/token"), mode=0o644)
    config = config_file(tmp_path, "key.json", mode=0o640)
    caplog.set_level(logging.WARNING)
    result = CliRunner().invoke(cli, ["--config", str(config), "validate"])
    assert result.exit_code == 3
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(str(key) in w and f"chmod 600 {key}" in w for w in warnings), warnings
    assert any(str(config) in w and f"chmod 600 {config}" in w for w in warnings), warnings
    assert readable_by_others(key) and readable_by_others(config)


def test_private_files_get_no_warning(tmp_path, caplog, pem):
    write(tmp_path / "token.json", saved_login(dt.datetime.utcnow() + dt.timedelta(hours=1)))
    config = config_file(tmp_path, "oauth")
    caplog.set_level(logging.WARNING)
    result = CliRunner().invoke(cli, ["--config", str(config), "validate"])
    assert result.exit_code == 3
    assert not [r for r in caplog.records if "chmod" in r.getMessage()]
    with pytest.raises(AccessError):
        connect(load_config(config, environ={})).request("get", "https://sheets.googleapis.com/v4/spreadsheets/x")
