"""The command line through Click's runner: exit codes, --json, messages without tracebacks."""

import datetime as dt
import json
import logging
import re
import shutil
from pathlib import Path

from click.testing import CliRunner

from kmsheets.backends.xlsx import XlsxBackend
from kmsheets.cli import cli
from kmsheets.config import WorkbookConfig
from kmsheets.lock import workbook_lock
from workbooks import minimal_grids, write_workbook

REPO = Path(__file__).resolve().parent.parent


def run(*args, env=None):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def test_validate_the_demo_through_the_example_config():
    result = run("--config", str(REPO / "config.example.toml"), "validate", "--today", "2026-12-01")
    assert result.exit_code == 0, result.output
    assert "ข้อผิดพลาด ๐ รายการ คำเตือน ๐ รายการ" in result.output  # the example config is in Thai


def test_validate_json_is_one_document_and_errors_exit_1(tmp_path, config_file):
    grids = minimal_grids()
    grids["กำหนดการ"][1][2] = "32/12/2569"
    config = config_file(write_workbook(tmp_path / "book.xlsx", grids))
    result = run("--config", str(config), "validate", "--json", "--today", "2026-12-01")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["errors"] == 1 and document["problems"][0]["cell"] == "C2"


def test_config_from_the_environment_and_a_clear_error_without_traceback(tmp_path):
    result = run("validate", env={"KMSHEETS_CONFIG": str(tmp_path / "missing.toml")})
    assert result.exit_code == 2
    # no config to say which language: Thai, the default, unless the environment names one
    assert "ไม่มีไฟล์ตั้งค่า" in result.output and "Traceback" not in result.output
    english = run("validate", env={"KMSHEETS_CONFIG": str(tmp_path / "missing.toml"), "KMSHEETS_LANGUAGE": "en"})
    assert english.exit_code == 2 and "no config file at" in english.output


def test_a_missing_column_exits_1_naming_it(tmp_path, config_file):
    grids = minimal_grids()
    grids["ทีมงาน"][0][2] = "หน้าที่"
    config = config_file(write_workbook(tmp_path / "book.xlsx", grids))
    result = run("--config", str(config), "validate")
    assert result.exit_code == 1 and "has no column 'บทบาท'" in result.output


def test_sync_json_and_dry_run(tmp_path, config_file):
    path = write_workbook(tmp_path / "book.xlsx", minimal_grids())
    config = config_file(path)
    before = path.read_bytes()
    result = run("--config", str(config), "sync", "--today", "1/12/2569", "--dry-run", "--json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["today"] == "2026-12-01" and document["dry_run"] is True
    assert {c["new"] for c in document["changes"] if c["field"] == "flag"} == {"NO_LETTER"}
    assert path.read_bytes() == before


def test_a_bad_today_is_a_usage_error(tmp_path, config_file):
    config = config_file(write_workbook(tmp_path / "book.xlsx", minimal_grids()))
    result = run("--config", str(config), "sync", "--today", "31/02/2569")
    assert result.exit_code == 2 and "31/02/2569" in result.output
    assert "day 31 of month 2 does not exist" in result.output and "Traceback" not in result.output


def test_a_bad_today_is_said_in_the_config_language_with_its_reason(tmp_path, config_file):
    """Issue 14: the reason came from thaidate in English, in the middle of a Thai sentence."""
    config = config_file(write_workbook(tmp_path / "book.xlsx", minimal_grids()), language="th")
    for command in ("validate", "sync", "letters"):
        result = run("--config", str(config), command, "--today", "31/02/2569")
        assert result.exit_code == 2, result.output
        assert result.output.startswith("kmsheets: --today '31/02/2569' อ่านเป็นวันที่ไม่ได้: เดือน ๒ ไม่มีวันที่ ๓๑; กรอกเป็น")
        assert "does not exist" not in result.output and "write it as" not in result.output


def test_a_second_run_while_the_first_holds_the_lock_exits_4(tmp_path, config_file):
    path = write_workbook(tmp_path / "book.xlsx", minimal_grids())
    config = config_file(path)
    with workbook_lock(XlsxBackend(path, WorkbookConfig())):
        result = run("--config", str(config), "sync", "--today", "2026-12-01")
    assert result.exit_code == 4 and "wrote nothing" in result.output


def test_letters_then_again_makes_nothing_new(tmp_path, config_file):
    path = shutil.copy(REPO / "kmsheets" / "demo" / "demo.xlsx", tmp_path / "demo.xlsx")
    config = config_file(path)
    first = run("--config", str(config), "letters", "--today", "2026-12-01", "--json")
    assert first.exit_code == 0, first.output
    made = json.loads(first.stdout)["letters"]
    assert made and all(Path(letter["link"]).exists() for letter in made)
    second = run("--config", str(config), "letters", "--today", "2026-12-01", "--json")
    assert json.loads(second.stdout)["letters"] == []


def test_init_writes_a_working_folder_and_refuses_to_overwrite(tmp_path):
    folder = tmp_path / "office"
    first = run("init", str(folder), "--language", "en")
    assert first.exit_code == 0, first.output
    assert (folder / "config.toml").exists() and (folder / "demo.xlsx").exists()
    assert "kmsheets --config" in first.output and "letters --dry-run" in first.output
    assert (folder / "config.toml").stat().st_mode & 0o077 == 0
    config = str(folder / "config.toml")
    checked = run("--config", config, "validate", "--json", "--today", "2026-12-01")
    assert checked.exit_code == 0 and json.loads(checked.stdout)["errors"] == 0
    made = run("--config", config, "letters", "--today", "2026-12-01", "--json")
    assert made.exit_code == 0 and json.loads(made.stdout)["letters"]
    assert (folder / "letters").is_dir()  # relative to the config, not to where kmsheets ran
    synced = run("--config", config, "sync", "--today", "2026-12-01", "--json")
    assert synced.exit_code == 0 and json.loads(synced.stdout)["changes"]
    again = run("init", str(folder))
    assert again.exit_code == 2 and "--force" in again.output and "Traceback" not in again.output
    assert run("init", str(folder), "--force").exit_code == 0


def test_init_for_a_google_sheet_writes_only_the_config(tmp_path):
    key = "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-"
    made = run("init", str(tmp_path), "--google", f"https://docs.google.com/spreadsheets/d/{key}/edit")
    assert made.exit_code == 0, made.output
    assert not (tmp_path / "demo.xlsx").exists() and "doctor" in made.output
    assert f"/spreadsheets/d/{key}/edit" in (tmp_path / "config.toml").read_text(encoding="utf-8")
    bad = run("init", str(tmp_path / "x"), "--google", "my sheet")
    assert bad.exit_code == 2 and "ไม่ใช่ URL หรือรหัสของ Google Sheet" in bad.output
    bad = run("init", str(tmp_path / "x"), "--google", "my sheet", "--language", "en")
    assert bad.exit_code == 2 and "not a Google Sheets URL or key" in bad.output


def test_the_example_config_is_what_init_writes_but_for_the_workbook(tmp_path):
    run("init", str(tmp_path))
    written = (tmp_path / "config.toml").read_text(encoding="utf-8")
    example = (REPO / "config.example.toml").read_text(encoding="utf-8")
    assert written == example.replace('source = "kmsheets/demo/demo.xlsx"', 'source = "demo.xlsx"')


def test_letters_open_launches_the_folder_and_quiet_prints_nothing_when_all_is_well(tmp_path, monkeypatch, config_file):
    launched = []
    monkeypatch.setattr("click.launch", lambda place, **kw: launched.append(place) or 0)
    path = shutil.copy(REPO / "kmsheets" / "demo" / "demo.xlsx", tmp_path / "demo.xlsx")
    config = config_file(path)
    result = run("--quiet", "--config", str(config), "letters", "--today", "2026-12-01", "--open")
    assert result.exit_code == 0 and result.stdout == ""
    assert launched == [str(tmp_path / "letters")]


def test_quiet_shows_only_the_rows_with_errors(tmp_path, config_file):
    grids = minimal_grids()
    grids["กำหนดการ"][1][2] = "32/12/2569"
    config = config_file(write_workbook(tmp_path / "book.xlsx", grids))
    result = run("--quiet", "--config", str(config), "sync", "--today", "2026-12-01")
    assert result.exit_code == 1
    assert "C2" in result.stdout and "32/12/2569" in result.stdout and "changed" not in result.stdout


def test_colour_only_on_a_terminal(tmp_path, config_file):
    config = config_file(write_workbook(tmp_path / "book.xlsx", minimal_grids()))
    plain = run("--config", str(config), "sync", "--today", "2026-12-01", "--dry-run")
    assert plain.exit_code == 0 and "\x1b[" not in plain.stdout and "No letter yet" in plain.stdout
    forced = run("--config", str(config), "sync", "--today", "2026-12-01", "--dry-run", env={"FORCE_COLOR": "1"})
    assert "\x1b[" in forced.stdout


def test_letters_log_each_letter_made_when_not_on_a_terminal(tmp_path, caplog, config_file):
    path = shutil.copy(REPO / "kmsheets" / "demo" / "demo.xlsx", tmp_path / "demo.xlsx")
    caplog.set_level(logging.INFO)
    result = run("--config", str(config_file(path)), "letters", "--today", "2026-12-01")
    assert result.exit_code == 0
    made = [r.getMessage() for r in caplog.records if r.getMessage().startswith("made ")]
    assert len(made) == len(list((tmp_path / "letters").glob("*.docx"))) > 0


def test_errors_about_the_sheet_are_said_in_the_config_language(tmp_path, config_file):
    grids = minimal_grids()
    grids["ทีมงาน"][0][2] = "หน้าที่"
    path = write_workbook(tmp_path / "book.xlsx", grids)
    result = run("--config", str(config_file(path, language="th")), "validate")
    assert result.exit_code == 1
    assert "แท็บ 'ทีมงาน' ไม่มีคอลัมน์ 'บทบาท';" in result.output and "Traceback" not in result.output
    with workbook_lock(XlsxBackend(path, WorkbookConfig())):
        locked = run("--config", str(config_file(path, language="th")), "sync")
    assert locked.exit_code == 4 and "รอบนี้จึงไม่ได้เขียนอะไร" in locked.output


def test_text_people_typed_is_shown_as_typed_not_as_markup(tmp_path, config_file):
    grids = minimal_grids()
    grids["กำหนดการ"][1][2] = "[/b] [online] 32/12/2569"
    config = config_file(write_workbook(tmp_path / "book.xlsx", grids))
    for quiet in ([], ["--quiet"]):
        result = run(*quiet, "--config", str(config), "sync", "--today", "2026-12-01")
        assert result.exit_code == 1 and "[/b] [online]" in result.output


def test_json_on_an_error_is_one_error_document_on_stdout(tmp_path, config_file):
    path = write_workbook(tmp_path / "book.xlsx", minimal_grids())
    config = config_file(path)
    with workbook_lock(XlsxBackend(path, WorkbookConfig())):
        locked = run("--config", str(config), "sync", "--today", "2026-12-01", "--json")
    assert locked.exit_code == 4
    error = json.loads(locked.stdout)["error"]
    assert error["code"] == "locked" and error["exit_code"] == 4 and "wrote nothing" in error["message"]
    assert locked.stderr.startswith("kmsheets: another kmsheets run")
    missing = run("--config", str(tmp_path / "nowhere.toml"), "validate", "--json")
    assert missing.exit_code == 2
    assert json.loads(missing.stdout)["error"]["code"] == "config_missing"
    bad_day = run("--config", str(config), "sync", "--today", "31/02/2569", "--json")
    assert bad_day.exit_code == 2
    assert json.loads(bad_day.stdout)["error"]["code"] == "bad_date_option" and "31/02/2569" in bad_day.stderr
    bad_kind = run("--config", str(config), "letters", "--kind", "memo", "--json")
    assert bad_kind.exit_code == 2
    assert json.loads(bad_kind.stdout)["error"]["code"] == "usage_not_a_choice" and "'memo'" in bad_kind.stderr
    no_json = run("--config", str(tmp_path / "nowhere.toml"), "validate")
    assert no_json.stdout == ""


def test_a_long_table_is_summarised_on_the_terminal_and_whole_in_json(tmp_path, config_file):
    grids = minimal_grids()
    first = dt.date(2026, 12, 10)
    for n in range(2, 61):  # 60 activities: 120 flag and note cells to change
        day = first + dt.timedelta(days=n)
        grids["กำหนดการ"].append([f"A{n:02}", "เวทีแลกเปลี่ยนเรียนรู้", f"{day.day}/{day.month}/{day.year + 543}",
                                  "09.00-12.00 น.", "ศาลา", "ท่าศาลา", "P01, P02", "planned", "", ""])
    config = config_file(write_workbook(tmp_path / "book.xlsx", grids))
    shown = run("--config", str(config), "sync", "--today", "2026-12-01", "--dry-run")
    assert shown.exit_code == 0
    lines = shown.stdout.splitlines()
    assert any(re.match(r"│ กำหนดการ +│ Flag +│ No letter yet +│ 60 +│", line) for line in lines)
    assert any(re.match(r"│ กำหนดการ +│ Flag note +│ +│ 60 +│", line) for line in lines)
    assert sum(" │ A" in line for line in lines) == 50  # the first 50 changed cells, no more
    assert "the first 50 of 120 rows are shown; --json gives them all" in shown.stdout
    whole = run("--config", str(config), "sync", "--today", "2026-12-01", "--dry-run", "--json")
    assert len(json.loads(whole.stdout)["changes"]) == 120
