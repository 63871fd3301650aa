"""Every way the command line can fail, said in one language: Thai for a Thai config, English for an English one.

Each case is run through Click's runner in both languages (the config's `language`, or $KMSHEETS_LANGUAGE where
there is no config to read) and its exit code checked; what it prints on stdout and stderr may hold no
sentence of the other language. Values are aside: paths, what was typed, the sheet's own texts, Google's
answers (tests/languages.py says what a sentence is).
"""

from __future__ import annotations

import json
import re
import os
import shutil
import threading
from dataclasses import dataclass, field, fields
from http.server import HTTPServer
from pathlib import Path
from typing import Any, Callable

import openpyxl
import pytest
from click.testing import CliRunner

from kmsheets.cli import cli
from kmsheets.config import Config, EndorsementConfig, GoogleConfig, LettersConfig, SenderConfig, WorkbookConfig
from kmsheets.schema import TABS
from languages import english_in_thai, thai_in_english
from workbooks import DEMO, SENDER, minimal_grids

BAD = Path(__file__).resolve().parent / "data" / "bad"
TODAY = "2026-12-01"


@dataclass
class Case:
    args: list[str]
    exit_code: int
    env: dict[str, str] = field(default_factory=dict)
    values: list[str] = field(default_factory=list)  # texts quoted as they are, besides the sheet's


@dataclass
class Place:
    """A case's folder, its language, and ways to write a config (in that language) or a workbook there."""

    folder: Path
    language: str
    google_fake: Any = None
    service_account_file: Path | None = None
    monkeypatch: Any = None
    cleanups: list[Callable[[], None]] = field(default_factory=list)  # run after the case

    def config(self, source: str | Path, text: str = "", **sections: dict[str, Any]) -> str:
        lines = [f'language = "{self.language}"', "[workbook]", f"source = {json.dumps(str(source))}", "[sender]",
                 *(f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in SENDER.items())]
        for name, keys in sections.items():
            lines += [f"[{name}]", *(f"{key} = {json.dumps(value)}" for key, value in keys.items())]
        path = self.folder / "config.toml"
        path.write_text(text or "\n".join(lines) + "\n", encoding="utf-8")
        os.chmod(path, 0o600)
        return str(path)

    def demo(self) -> Path:
        return Path(shutil.copy(DEMO, self.folder / "demo.xlsx"))

    def google(self, key: str) -> str:
        return self.config(key, google={"endpoint": self.google_fake.url, "credentials": str(self.service_account_file),
                                        "retries": 1})

    def env(self) -> dict[str, str]:
        """For a case with no config to read the language from."""
        return {"KMSHEETS_LANGUAGE": self.language}


def _bad(name: str, command: str = "validate") -> Callable[[Place], Case]:
    return lambda p: Case(["--config", p.config(shutil.copy(BAD / f"{name}.xlsx", p.folder)), command], 1)


def _usage(*args: str) -> Callable[[Place], Case]:
    return lambda p: Case(["--config", p.config(p.demo()), *args], 2)


def _locked(p: Place) -> Case:
    from kmsheets.backends.xlsx import XlsxBackend
    from kmsheets.lock import workbook_lock

    config = p.config(p.demo())
    lock = workbook_lock(XlsxBackend(p.folder / "demo.xlsx", WorkbookConfig()))
    lock.__enter__()
    p.cleanups.append(lambda: lock.__exit__(None, None, None))
    return Case(["--config", config, "sync", "--today", TODAY], 4)


def _no_pdf_maker(p: Place) -> Case:
    from kmsheets.publishers import pdf

    p.monkeypatch.setattr(pdf, "libreoffice", lambda platform=None: None)
    p.monkeypatch.setattr(pdf, "word_available", lambda platform=None: False)
    return Case(["--config", p.config(p.demo()), "letters", "--today", TODAY, "--pdf"], 2)


def _sign_in_refused(p: Place) -> Case:
    from test_secrets import _RefusingTokenEndpoint

    server = HTTPServer(("127.0.0.1", 0), _RefusingTokenEndpoint)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True).start()
    p.cleanups += [server.shutdown, server.server_close]
    key = json.loads(p.service_account_file.read_text(encoding="utf-8"))  # signing in at Google's, that is
    key_file = p.folder / "key.json"  # at the endpoint, which refuses it
    key_file.write_text(json.dumps({**key, "token_uri": "https://oauth2.googleapis.com/token"}), encoding="utf-8")
    key_file.chmod(0o600)
    return Case(["--config", p.config("1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789", google={
        "endpoint": f"http://127.0.0.1:{server.server_port}", "credentials": str(key_file), "retries": 1}),
        "validate"], 3, values=["invalid_grant: Invalid JWT Signature."])


def _google_storm(p: Place) -> Case:
    key = p.google_fake.create_spreadsheet("KM", minimal_grids())
    p.google_fake.fail_next(503, times=5)
    return Case(["--config", p.google(key), "validate"], 3, values=["The service is currently unavailable."])


CASES: dict[str, Callable[[Place], Case]] = {
    # the configuration
    "no config file": lambda p: Case(["--config", str(p.folder / "none.toml"), "validate"], 2, p.env()),
    "not TOML": lambda p: Case(["--config", p.config("x", text="language = \n"), "validate"], 2, p.env()),
    "an unknown key": lambda p: Case(["--config", p.config(
        "x", text=f'language = "{p.language}"\n[workbook]\nsauce = "book.xlsx"\n'), "validate"], 2,
        values=["sauce"]),
    "a bad number": lambda p: Case(["--config", p.config("book.xlsx", endorsement={"lead_days": "soon"}),
                                    "validate"], 2, values=["soon"]),
    "a bad language": lambda p: Case(["--config", p.config("x", text='language = "fr"\n'), "validate"], 2, p.env()),
    "no workbook named": lambda p: Case(["--config", p.config("", text=f'language = "{p.language}"\n'),
                                         "validate"], 2),
    "a bad drive scope": lambda p: Case(["--config", p.config("book.xlsx", google={"drive_scope": "all"}),
                                         "validate"], 2),
    # the command line
    "no such command": _usage("frobnicate"),
    "no such option": _usage("validate", "--jsn"),
    "an option without its value": _usage("sync", "--today"),
    "a flag given a value": _usage("validate", "--json=yes"),
    "a kind not in the list": _usage("letters", "--kind", "memo"),
    "an extra argument": _usage("validate", "now"),
    "no command": _usage("-q"),
    "a date that is none": _usage("sync", "--today", "31/02/2569"),
    "an unknown activity": _usage("letters", "--dry-run", "--today", TODAY, "--activity", "A99"),
    "report into a file": lambda p: Case(["--config", p.config(p.demo()), "report", "--out", str(p.demo())], 2),
    "init into a file": lambda p: Case(["init", str(p.demo())], 2, p.env()),
    "init for no sheet": lambda p: Case(["init", str(p.folder), "--google", "my sheet"], 2, p.env()),
    "init over a config": lambda p: Case(["init", str(Path(p.config("x")).parent)], 2, p.env()),
    # the sheet's shape
    "a tab missing": _bad("missing_tab"),
    "a column missing": _bad("missing_header"),
    "a column twice": _bad("duplicated_header", "sync"),
    "an empty tab": _bad("empty_sheet", "letters"),
    # files
    "no workbook file": lambda p: Case(["--config", p.config(p.folder / "none.xlsx"), "validate"], 2),
    "a folder for a workbook": lambda p: Case(["--config", p.config((p.folder / "book.xlsx").mkdir() or
                                                                    p.folder / "book.xlsx"), "validate"], 3),
    "a text file for a workbook": lambda p: Case(["--config", p.config(
        (p.folder / "book.xlsx").write_text("id,name\n") and p.folder / "book.xlsx"), "validate"], 2),
    "no templates": lambda p: Case(["--config", p.config(p.demo(), letters={"templates": str(p.folder)}),
                                    "letters", "--today", TODAY], 2),
    "no emblem image": lambda p: Case(["--config", p.config(p.demo(), letters={"emblem": "garuda.png"}),
                                       "letters", "--today", TODAY], 2),
    "another run holds the workbook": _locked,
    "a workbook open in Excel": lambda p: Case(["--config", p.config(
        (p.folder / "~$demo.xlsx").write_bytes(b"") or p.demo()), "sync", "--today", TODAY], 4),
    "a read-only workbook": lambda p: Case(["--config", p.config(p.demo().chmod(0o444) or p.folder / "demo.xlsx"),
                                            "sync", "--today", TODAY], 3),
    "a file for the letters folder": lambda p: Case(["--config", p.config(
        p.demo(), letters={"folder": str((p.folder / "letters").write_text("") or p.folder / "letters")}),
        "letters", "--today", TODAY], 3),
    "no program to make PDFs": _no_pdf_maker,
    # Google
    "no key file": lambda p: Case(["--config", p.config(
        "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789", google={"credentials": str(p.folder / "key.json")}),
        "validate"], 2),
    "a key file that is not JSON": lambda p: Case(["--config", p.config(
        "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789", google={"credentials": str(
            (p.folder / "key.json").write_text("{") and p.folder / "key.json")}), "validate"], 2),
    "no such sheet": lambda p: Case(["--config", p.google("1NoSuchSheet0123456789abcdefghij"), "validate"], 3,
                                    values=["1NoSuchSheet0123456789abcdefghij", "Requested entity was not found."]),
    "Google unreachable": lambda p: Case(["--config", p.config(
        "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
        google={"endpoint": "http://127.0.0.1:9", "credentials": str(p.service_account_file), "retries": 1}),
        "validate"], 3),
    "Google failing": _google_storm,
    "Google refusing the sign-in": _sign_in_refused,
}


# the config's own words: its sections and keys
CONFIG_KEYS = ["language", *(f.name for f in fields(Config) if f.name != "base"),
               *(f.name for section in (WorkbookConfig, SenderConfig, LettersConfig, EndorsementConfig, GoogleConfig)
                 for f in fields(section))]


def sheet_texts(folder: Path) -> list[str]:
    """Every text of the workbooks in `folder`: values, whichever their language."""
    texts = []
    for path in folder.glob("*.xlsx"):
        try:
            book = openpyxl.load_workbook(path, read_only=True)
        except Exception:  # noqa: BLE001 - a case's workbook may be no workbook at all
            continue
        for sheet in book.worksheets:
            texts.append(sheet.title)
            texts += [str(value) for row in sheet.iter_rows(values_only=True) for value in row if value is not None]
    return texts


def said_in(language: str, output: str, values: list[str]) -> list[str]:
    """The words of the other language in `output`."""
    return english_in_thai(output, values) if language == "th" else thai_in_english(output, values)


@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize("name", CASES)
def test_every_error_is_said_in_one_language(name, language, tmp_path, google_fake, service_account_file,
                                             monkeypatch):
    place = Place(tmp_path, language, google_fake, service_account_file, monkeypatch)
    case = CASES[name](place)
    try:
        result = CliRunner().invoke(cli, case.args, env=case.env)
    finally:
        for cleanup in place.cleanups:
            cleanup()
    output = result.stdout + result.stderr
    assert result.exit_code == case.exit_code, output
    assert "Traceback" not in output and output.strip()
    values = [*case.values, str(tmp_path), *sheet_texts(tmp_path), *SENDER.values(), *CONFIG_KEYS, *cli.commands]
    assert said_in(language, output, values) == [], output


def values_of(folder: Path, config: str) -> list[str]:
    """What the demo's or a workbook's output may quote in either language: the sheet's texts, the config's,
    the tabs' titles, and the numbers and subjects of the (Thai) letters the schedule needs."""
    answer = CliRunner().invoke(cli, ["--config", config, "letters", "--dry-run", "--json", "--today", TODAY])
    planned = json.loads(answer.stdout).get("letters", [])  # none: the sheet is at fault (an error document)
    return [str(folder), *sheet_texts(folder), *SENDER.values(), *CONFIG_KEYS, *cli.commands,
            *(tab.title for tab in TABS.values()),
            *(text for letter in planned for text in (letter["number"], letter["subject"]))]


def run(config: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--config", config, *args])
    assert "Traceback" not in result.stdout + result.stderr and not isinstance(result.exception, KeyError)
    return result.exit_code, result.stdout + result.stderr


@pytest.mark.parametrize("language", ["th", "en"])
def test_the_demo_is_said_in_one_language(language, tmp_path):
    """Every command on the demo, from init to the report, in the configured language only."""
    init = CliRunner().invoke(cli, ["init", str(tmp_path / "new"), "--language", language])
    place = Place(tmp_path, language)
    config = place.config(place.demo())
    values = values_of(tmp_path, config)
    outputs = {"init": (init.exit_code, init.stdout + init.stderr)}
    for command in (["validate"], ["format", "--dry-run"], ["sync", "--dry-run"], ["letters", "--dry-run"],
                    ["letters"], ["sync"], ["sync"], ["report"], ["doctor"]):
        dated = [*command, "--today", TODAY] if command[0] not in ("format", "doctor") else command
        outputs[" ".join(command)] = run(config, *dated)
    for command, (exit_code, output) in outputs.items():
        assert exit_code == 0, (command, output)
        assert said_in(language, output, values) == [], (command, output)


@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize("name", sorted(path.stem for path in BAD.glob("*.xlsx")))
def test_the_bad_workbooks_are_said_in_one_language(name, language, tmp_path):
    place = Place(tmp_path, language)
    config = place.config(shutil.copy(BAD / f"{name}.xlsx", tmp_path))
    values = values_of(tmp_path, config)
    for command in (["validate"], ["sync", "--dry-run"], ["letters", "--dry-run"]):
        exit_code, output = run(config, *command, "--today", TODAY)
        assert exit_code in (0, 1), (command, output)
        assert said_in(language, output, values) == [], (command, output)


@pytest.mark.parametrize("language, says", [("en", "wrote"), ("th", "สร้าง")])
def test_init_answers_in_the_environments_language_without_a_config(language, says, tmp_path):
    result = CliRunner().invoke(cli, ["init", str(tmp_path)], env={"KMSHEETS_LANGUAGE": language})
    assert result.exit_code == 0 and result.stdout.startswith(says), result.output
    assert said_in(language, result.output, [str(tmp_path), *cli.commands]) == []


def test_log_lines_keep_their_time_and_level_and_speak_the_language(tmp_path):
    place = Place(tmp_path, "th")
    result = CliRunner().invoke(cli, ["--config", place.config(place.demo()), "sync", "--today", TODAY])
    lines = [line for line in result.stderr.splitlines() if " kmsheets INFO " in line]
    assert lines and all(re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} kmsheets INFO \S", line) for line in lines)
    assert any("กำลังอ่าน" in line for line in lines) and any("เขียนแล้ว" in line for line in lines)
    assert english_in_thai(result.stderr, [str(tmp_path)]) == []


@pytest.mark.parametrize("args, code", [(["validate", "--jsn"], "usage_no_option_near"),
                                        (["letters", "--json", "--kind", "memo"], "usage_not_a_choice"),
                                        (["letters", "--json", "--activity", "A99", "--dry-run"],
                                         "unknown_activities")])
def test_json_keeps_an_english_code_and_says_the_message_in_the_language(args, code, tmp_path):
    place = Place(tmp_path, "th")
    result = CliRunner().invoke(cli, ["--config", place.config(place.demo()), *args, "--json", "--today", TODAY])
    error = json.loads(result.stdout)["error"]
    assert error["code"] == code and error["exit_code"] == result.exit_code == 2
    assert english_in_thai(error["message"], [str(tmp_path), *cli.commands]) == [] and "ไม่" in error["message"]


def test_english_notes_on_the_demo_say_english_dates_and_plurals(tmp_path):
    place = Place(tmp_path, "en")
    result = CliRunner().invoke(cli, ["--config", place.config(place.demo()), "sync", "--json", "--today", TODAY])
    notes = [change["new"] for change in json.loads(result.stdout)["changes"] if change["field"] == "note"]
    english_date = re.compile(r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) 20\d\d\b")
    assert any(english_date.search(note) for note in notes)
    assert not any(re.search(r"\b1 days\b", note) for note in notes)
    texts = sheet_texts(tmp_path)
    assert all(thai_in_english(note, texts) == [] for note in notes)
