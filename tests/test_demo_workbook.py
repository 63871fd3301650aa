"""The shipped demo workbook is what scripts/make_demo.py makes, and a sound programme."""

import datetime as dt
import subprocess
import sys
from pathlib import Path

import openpyxl

from kmsheets.backends.xlsx import XlsxBackend
from kmsheets.config import WorkbookConfig
from kmsheets.validate import validate

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "kmsheets" / "demo" / "demo.xlsx"


def values(path):
    book = openpyxl.load_workbook(path)
    return {s.title: [[c.value for c in row] for row in s.iter_rows()] for s in book.worksheets}


def test_the_shipped_file_is_what_the_script_makes(tmp_path):
    subprocess.run([sys.executable, str(REPO / "scripts" / "make_demo.py"), str(tmp_path / "demo.xlsx")], check=True)
    assert values(tmp_path / "demo.xlsx") == values(DEMO)


def test_the_demo_is_a_sound_programme_of_the_promised_size():
    validation = validate(XlsxBackend(DEMO, WorkbookConfig(source=str(DEMO))).read(), today=dt.date(2026, 12, 1))
    assert validation.problems == ()
    programme = validation.programme
    assert (len(programme.agencies), len(programme.people), len(programme.activities)) == (8, 40, 25)
    assert len(programme.letters) == 7
    assert {p.role for p in programme.people.values()} == {"sponsor", "facilitator", "practitioner", "recorder",
                                                          "coordinator", "leader"}
