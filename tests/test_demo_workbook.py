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
    assert (len(programme.agencies), len(programme.people), len(programme.activities)) == (8, 40, 35)
    assert len(programme.letters) == 41
    assert {p.role for p in programme.people.values()} == {"sponsor", "facilitator", "practitioner", "recorder",
                                                          "coordinator", "leader"}


def test_the_demo_has_flags_to_show_today_and_a_history_worth_a_report():
    import datetime as dt

    from kmsheets.flags import Rule, compute_flags
    from kmsheets.lessons import learned_lead_days, registry_lessons

    today = dt.date(2026, 12, 1)
    programme = validate(XlsxBackend(DEMO, WorkbookConfig(source=str(DEMO))).read(), today=today).programme
    flags = {f.key: f.flag for f in compute_flags(programme, Rule(today, sender_agency="AG00"))}
    assert {"ENDORSED", "OVERDUE", "DUE_SOON", "UNSENT", "WAITING", "CANCELLED", "MISSED", "NO_LETTER"} <= set(
        flags.values())
    lessons = registry_lessons(programme, lead_days=7, today=today)
    months = lessons.months.set_index("month")
    assert len(months) >= 5 and (months["known"] > 0).sum() >= 5  # months of settled requests to compare
    agencies = lessons.agencies.set_index("agency_id")
    assert agencies["missed"].sum() == 1 and agencies["median_days"].max() >= 3 * agencies["median_days"].min()
    learned = learned_lead_days(programme, 7)
    assert learned["AG01"] == 16 and sorted(set(learned.values())) == [7, 8, 16]
    # The learned lead turns AG01's waiting letter for A12 overdue: what the README shows.
    rule = Rule(today, sender_agency="AG00", lead_days_by_agency=learned)
    assert flags["A12/AG01"] == "WAITING"
    assert {f.key: f.flag for f in compute_flags(programme, rule)}["A12/AG01"] == "OVERDUE"


def test_the_registry_ends_with_the_letter_facts_column_left_empty():
    sheet = values(DEMO)["ทะเบียนหนังสือส่ง"]
    assert sheet[0][-1] == "ข้อมูลที่แจ้งในหนังสือ"
    assert all(row[-1] is None for row in sheet[1:])
