"""Thai text folded for matching, and pythainlp imported safely where HOME cannot be written."""

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kmsheets.thaitext import fold, what_differs

REPO = Path(__file__).resolve().parent.parent
AM = "\u0e4d\u0e32"  # nikhahit + sara aa


@pytest.mark.parametrize("typed, standard", [
    (f"ก{AM}หนดการ", "กำหนดการ"),  # sara am in two pieces
    ("เเผนงาน", "แผนงาน"),  # sara e twice for sara ae
    ("คุณเอ\u0e49\u0e37อ", "คุณเอื้อ"),  # the tone mark typed before the vowel
    ("น\u0e4d\u0e49\u0e32", "น้ำ"),  # nikhahit, tone mark, sara aa
    ("ดีี", "ดี"),  # a vowel typed twice
    ("  ตำบล\u200b  ท่าศาลา ", "ตำบล ท่าศาลา"),
    ("A01", "A01"),
])
def test_what_looks_the_same_folds_to_one_form(typed, standard):
    assert fold(typed) == standard == fold(standard)


def test_what_differs_is_said_so_a_person_can_see_it():
    assert what_differs(f"คุณอ{AM}นวย") == "◌ํ+า → ำ"
    assert what_differs("คุณเอ\u0e49\u0e37อ") == "◌้+◌ื → ◌ื+◌้"
    assert what_differs("เเผน และ ก" + AM) == "เ+เ → แ, ◌ํ+า → ำ"
    assert what_differs(" ตำบล\u200b ") == ""  # spaces and invisible characters: nothing a reader could see
    assert what_differs("คุณอำนวย") == ""


def unwritable_home(tmp_path: Path) -> Path:
    """A HOME nothing can be made in: a read-only folder; for root, whom no mode bit stops, a folder whose
    path runs through a file."""
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(stat.S_IRUSR | stat.S_IXUSR)
    if os.access(home, os.W_OK):
        (tmp_path / "file").write_text("", encoding="utf-8")
        home = tmp_path / "file" / "home"
    return home


def test_sync_dry_run_runs_where_home_cannot_be_written(tmp_path):
    """pythainlp makes ~/pythainlp-data when imported: a cron user without a writable HOME got a traceback."""
    workbook = shutil.copy(REPO / "kmsheets" / "demo" / "demo.xlsx", tmp_path / "demo.xlsx")
    config = tmp_path / "config.toml"
    config.write_text(f"[workbook]\nsource = '{workbook}'\n[sender]\nagency_id = \"AG00\"\n", encoding="utf-8")
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHAINLP_")}
    env.update(HOME=str(unwritable_home(tmp_path)), TMPDIR=str(temp))
    result = subprocess.run([sys.executable, "-m", "kmsheets", "--quiet", "--config", str(config), "sync",
                             "--dry-run", "--today", "2026-12-01"], env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert list(temp.iterdir()) == []  # the temporary data folder went at exit


def test_a_pythainlp_data_folder_the_user_chose_is_left_alone(tmp_path):
    chosen = tmp_path / "mine"
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHAINLP_")}
    env.update(HOME=str(unwritable_home(tmp_path)), PYTHAINLP_DATA=str(chosen))
    result = subprocess.run([sys.executable, "-c", "import os, kmsheets.thaitext; print(os.environ['PYTHAINLP_DATA'])"],
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(chosen) and chosen.is_dir()  # pythainlp made it, as it does
