"""The command line through Click's runner: exit codes, --json, messages without tracebacks."""

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from kmsheets.cli import cli
from kmsheets.lock import workbook_lock
from workbooks import minimal_grids, write_workbook

REPO = Path(__file__).resolve().parent.parent


def run(*args, env=None):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def config_file(tmp_path, source, language="en"):
    path = tmp_path / "config.toml"
    path.write_text(f'language = "{language}"\n[workbook]\nsource = "{source}"\n'
                    '[sender]\nagency_id = "AG00"\nprefix = "นศ ๐๐๑๗.๒"\nsignatory = "นายสมชาย ใจดี"\n'
                    f'[letters]\nfolder = "{tmp_path / "letters"}"\n', encoding="utf-8")
    return path


def test_validate_the_demo_through_the_example_config():
    result = run("--config", str(REPO / "config.example.toml"), "validate")
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output


def test_validate_json_is_one_document_and_errors_exit_1(tmp_path):
    grids = minimal_grids()
    grids["กำหนดการ"][1][2] = "32/12/2569"
    config = config_file(tmp_path, write_workbook(tmp_path / "book.xlsx", grids))
    result = run("--config", str(config), "validate", "--json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["errors"] == 1 and document["problems"][0]["cell"] == "C2"


def test_config_from_the_environment_and_a_clear_error_without_traceback(tmp_path):
    result = run("validate", env={"KMSHEETS_CONFIG": str(tmp_path / "missing.toml")})
    assert result.exit_code == 2
    assert "no config file at" in result.output and "Traceback" not in result.output


def test_a_missing_column_exits_1_naming_it(tmp_path):
    grids = minimal_grids()
    grids["ทีมงาน"][0][2] = "หน้าที่"
    config = config_file(tmp_path, write_workbook(tmp_path / "book.xlsx", grids))
    result = run("--config", str(config), "validate")
    assert result.exit_code == 1 and "has no column 'บทบาท'" in result.output


def test_sync_json_and_dry_run(tmp_path):
    path = write_workbook(tmp_path / "book.xlsx", minimal_grids())
    config = config_file(tmp_path, path)
    before = path.read_bytes()
    result = run("--config", str(config), "sync", "--today", "1/12/2569", "--dry-run", "--json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["today"] == "2026-12-01" and document["dry_run"] is True
    assert {c["new"] for c in document["changes"] if c["field"] == "flag"} == {"NO_LETTER"}
    assert path.read_bytes() == before


def test_a_bad_today_is_a_usage_error(tmp_path):
    config = config_file(tmp_path, write_workbook(tmp_path / "book.xlsx", minimal_grids()))
    result = run("--config", str(config), "sync", "--today", "31/02/2569")
    assert result.exit_code == 2 and "31/02/2569" in result.output


def test_a_second_run_while_the_first_holds_the_lock_exits_4(tmp_path):
    path = write_workbook(tmp_path / "book.xlsx", minimal_grids())
    config = config_file(tmp_path, path)
    with workbook_lock(str(path)):
        result = run("--config", str(config), "sync", "--today", "2026-12-01")
    assert result.exit_code == 4 and "wrote nothing" in result.output


def test_letters_then_again_makes_nothing_new(tmp_path):
    path = shutil.copy(REPO / "kmsheets" / "demo" / "demo.xlsx", tmp_path / "demo.xlsx")
    config = config_file(tmp_path, path)
    first = run("--config", str(config), "letters", "--today", "2026-12-01", "--json")
    assert first.exit_code == 0, first.output
    made = json.loads(first.stdout)["letters"]
    assert made and all(Path(letter["link"]).exists() for letter in made)
    second = run("--config", str(config), "letters", "--today", "2026-12-01", "--json")
    assert json.loads(second.stdout)["letters"] == []
