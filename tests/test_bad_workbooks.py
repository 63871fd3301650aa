"""The corpus of bad workbooks in tests/data/bad (built by tests/data/make_bad_workbooks.py).

Each file gets a specific answer, through the library the CLI uses and through `kmsheets validate` itself:
the tab, the A1 cell, the value as typed and a message that says what would be right, or, for a workbook
whose shape is wrong, one SheetError naming the tab and the header; exit 1 either way (README: "the sheet
has errors"), 0 where the oddity is one kmsheets reads correctly; and never a traceback.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from kmsheets.backends import open_backend
from kmsheets.cli import cli
from kmsheets.errors import SheetError
from kmsheets.schema import TABS
from kmsheets.sync import sync
from kmsheets.tables import key_text, read_table
from kmsheets.validate import MAX_CHARS, validate

DATA = Path(__file__).resolve().parent / "data"
BAD = DATA / "bad"
_spec = importlib.util.spec_from_file_location("make_bad_workbooks", DATA / "make_bad_workbooks.py")
corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(corpus)

AGENCIES, PEOPLE, ACTIVITIES, LETTERS = "หน่วยงาน", "ทีมงาน", "กำหนดการ", "ทะเบียนหนังสือส่ง"
FORMS = "write it as 2/11/2569, 2 Nov 2026, 2 November 2026 or 2026-11-02"
NUMBER = "the cell holds a number alone, which a spreadsheet counts as a date: type the whole date"
TODAY = dt.date(2026, 12, 1)


@dataclass(frozen=True)
class Found:
    """One problem: where it is, the value shown, and words its message must have."""

    tab: str
    cell: str
    value: str
    says: tuple[str, ...]
    severity: str = "error"


@dataclass(frozen=True)
class Expected:
    problems: tuple[Found, ...] = ()
    sheet_error: tuple[str, ...] = ()  # words of the one SheetError, when the workbook's shape is wrong
    exit_code: int = 1
    extra: dict = field(default_factory=dict)


EXPECTED = {
    "missing_tab": Expected(sheet_error=("no tab 'ทะเบียนหนังสือส่ง'", "หน่วยงาน, ทีมงาน, กำหนดการ")),
    "missing_header": Expected(sheet_error=("tab 'กำหนดการ' has no column 'วันที่' (Date)", "C1 'วันจัด'")),
    "duplicated_header": Expected(sheet_error=(
        "tab 'ทีมงาน'", "A1 'รหัส' and I1 'รหัส'", "the column 'รหัส' (ID)", "rename or delete one of them")),
    "merged_header": Expected(sheet_error=(
        "tab 'ทีมงาน' has no column 'บทบาท' (Role)", "B1 'ชื่อ-สกุล', D1 'รหัสหน่วยงาน'", "blank in row 1: C1",
        "unmerge them")),
    "empty_sheet": Expected(sheet_error=(
        "tab 'ทะเบียนหนังสือส่ง' is empty", "row 1 must be the header row", "'รหัสอ้างอิง' (Key)",
        "'หมายเหตุการติดตาม' (Flag note)")),
    "blank_rows": Expected(exit_code=0),
    "bad_dates": Expected(tuple(
        Found(ACTIVITIES, f"C{row}", str(value), (reason, FORMS))
        for row, (value, reason) in enumerate(corpus.BAD_DATES, start=3))),
    "thai_digit_ids": Expected((Found(PEOPLE, "A4", "P๐๒", ("the id 'P๐๒' is also on row 3",)),)),
    "stray_spaces": Expected((Found(PEOPLE, "D4", "AG 01", ("'AG 01' is not in the หน่วยงาน tab",)),)),
    "long_cell": Expected((Found(PEOPLE, "B3", corpus.LONG_NAME[:80] + "…", (
        "'ชื่อ-สกุล' is 50000 characters long", f"a cell may hold at most {MAX_CHARS} characters",
        "shorten it")),)),
    "formulas": Expected((
        Found(PEOPLE, "B3", '=IMPORTXML("http://x","//a")', ("holds a formula", "type the value itself")),
        Found(ACTIVITIES, "B2", '=HYPERLINK("http://x","y")', ("holds a formula", "type the value itself")))),
    "injection": Expected((Found(PEOPLE, "C3", "{{ 7*7 }}", ("'บทบาท' '{{ 7*7 }}' is not one of", "facilitator")),)),
    "numbers_in_date_cells": Expected((
        Found(ACTIVITIES, "C3", "2569", ("12 Jan 1907 is more than two years from today (1 Dec 2026)", NUMBER)),
        Found(LETTERS, "J2", "5", ("4 Jan 1900", NUMBER)),
        Found(LETTERS, "K2", "6", ("5 Jan 1900", NUMBER)))),
    "far_dates": Expected((
        Found(ACTIVITIES, "C3", "25552", ("15 Dec 1969", "was the year typed as two Buddhist-Era digits?",
                                          "took 69 for 1969", "e.g. 15/12/2569")),
        Found(ACTIVITIES, "C4", "15/12/2669", ("15 Dec 2126", "check the year")))),
    "future_dates": Expected((
        Found(ACTIVITIES, "H2", "เสร็จสิ้น", ("its date, 10 Dec 2026, is after today (1 Dec 2026)",), "warning"),
        Found(LETTERS, "K2", "8/12/2569", ("endorsed on 8 Dec 2026, which is after today",), "warning")),
        exit_code=0),
    "year_boundary": Expected((
        Found(LETTERS, "B4", "นศ ๐๐๑๗.๒/๖", ("also on row 3, in the same year (BE 2569)",)),)),
    "merged_cells": Expected(tuple(
        Found(ACTIVITIES, cell, value, (f"part of the merged range {merged}", "unmerge it and fill in each cell"))
        for cell, value, merged in (("G2", "P01, P02", "G2:G3"), ("G3", "", "G2:G3"), ("I4", "", "I4:J4"),
                                    ("J4", "", "I4:J4")))),
    "unfit_ids": Expected((
        Found(AGENCIES, "A4", "AG⏎02", ("may not hold /, \\ or a line break",)),
        Found(ACTIVITIES, "A3", corpus.LONG_ID[:80] + "…", ("the id is 150 characters long, more than 32",)),
        Found(ACTIVITIES, "A4", "A/03", ("may not hold /",)))),
    "decomposed_thai": Expected((
        Found(PEOPLE, "C5", "คุณอ\u0e4d\u0e32นวบ", ("is not one of", "(typed in another form: ◌ํ+า → ำ)")),)),
    "colloquial_dates": Expected(exit_code=0),
}


def test_every_case_is_built_committed_and_expected():
    assert set(corpus.CASES) == set(EXPECTED)
    assert {path.stem for path in BAD.glob("*.xlsx")} == set(EXPECTED)


@pytest.mark.parametrize("name", EXPECTED)
def test_the_library_gives_each_problem_at_its_cell(name, config_for):
    expected = EXPECTED[name]
    backend = open_backend(config_for(BAD / f"{name}.xlsx"))
    if expected.sheet_error:
        with pytest.raises(SheetError) as raised:
            backend.read()
        for words in expected.sheet_error:
            assert words in str(raised.value)
        return
    workbook = backend.read()
    result = validate(workbook, "en", today=TODAY)
    assert [(p.tab, p.cell, p.value) for p in result.problems] == \
           [(f.tab, f.cell, f.value) for f in expected.problems], [str(p) for p in result.problems]
    for problem, found in zip(result.problems, expected.problems):
        assert problem.severity == found.severity
        for words in found.says:
            assert words in problem.message, problem.message
    thai = validate(workbook, "th", today=TODAY)  # the Thai catalogue formats every one of them too
    assert [(p.tab, p.cell, p.value) for p in thai.problems] == [(p.tab, p.cell, p.value) for p in result.problems]
    assert all(p.message and p.message != q.message for p, q in zip(thai.problems, result.problems))


@pytest.mark.parametrize("name", EXPECTED)
def test_the_cli_says_it_and_exits_as_documented(name, config_file):
    expected = EXPECTED[name]
    config = config_file(BAD / f"{name}.xlsx")
    result = CliRunner().invoke(cli, ["--config", str(config), "validate", "--today", TODAY.isoformat()])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    assert result.exit_code == expected.exit_code, result.output
    if expected.sheet_error:
        assert result.output.startswith("kmsheets: ")
        for words in expected.sheet_error:
            assert words in result.output
        return
    # The table folds long text over lines: compare with the spaces and box lines taken out.
    shown = "".join(ch for ch in result.output if not ch.isspace() and ch not in "│┃━─┏┓┗┛┡┩└┘┳┻╇┴┬╋┼")
    errors = sum(found.severity == "error" for found in expected.problems)
    assert result.output.rstrip().splitlines()[-1] == f"{errors} errors, {len(expected.problems) - errors} warnings"
    for found in expected.problems:
        assert f"{found.tab}!{found.cell}" in shown
        assert "".join(found.value[:30].split()) in shown  # a longer value is folded beside its message
        assert all("".join(words.split()) in shown for words in found.says)
    assert len(result.output) < 20000  # a 50,000-character cell is shown by its start, not whole


def test_the_cli_json_has_each_cell(config_file):
    config = config_file(BAD / "bad_dates.xlsx")
    result = CliRunner().invoke(cli, ["--config", str(config), "validate", "--json", "--today", TODAY.isoformat()])
    assert result.exit_code == 1 and "Traceback" not in result.output
    document = json.loads(result.stdout)
    assert [p["cell"] for p in document["problems"]] == [f.cell for f in EXPECTED["bad_dates"].problems]


def read(name, config_for):
    return validate(open_backend(config_for(BAD / f"{name}.xlsx")).read(), "en", today=TODAY).programme


def test_blank_and_formatted_rows_are_no_rows(config_for):
    assert list(read("blank_rows", config_for).activities) == ["A01"]


def test_thai_digits_in_ids_match_their_arabic_form(config_for):
    programme = read("thai_digit_ids", config_for)
    assert programme.activities["A01"].staff == ("P01", "P02")
    letter = programme.letters["A01/AG01"]
    assert (letter.activity_id, letter.agency_id, letter.people) == ("A01", "AG01", ("P02",))
    assert programme.people["P02"].name == "นายสมศักดิ์ มีสุข"  # the first P02 wins; the second is the error


def test_spaces_and_zero_width_characters_around_ids_are_ignored(config_for):
    programme = read("stray_spaces", config_for)
    assert sorted(programme.agencies) == ["AG00", "AG01"]
    assert sorted(programme.people) == ["P01", "P02"] and programme.people["P02"].agency_id == "AG01"
    assert programme.activities["A01"].staff == ("P01", "P02")
    letter = programme.letters["A01/AG01"]
    assert (letter.activity_id, letter.agency_id, letter.people) == ("A01", "AG01", ("P02",))


def test_markup_and_template_tags_are_kept_as_typed(config_for):
    programme = read("injection", config_for)
    assert programme.agencies["AG01"].name == "<script>alert(1)</script>"
    assert programme.activities["A01"].title == "{{ 7*7 }}"
    assert programme.people["P01"].position == "{field} {value} %s {0}"


def test_key_text_folds_thai_digits_and_invisible_characters():
    assert key_text("\u200bA๐๑\u00a0") == key_text("A01") == "A01"
    assert key_text("P\u200b0\ufeff2") == "P02"
    assert key_text("AG 01") == "AG 01"  # a space inside an id is a different id


@pytest.mark.parametrize("value", [10 ** 12, -1e9, 2.5e6, float("inf"), float("nan")])
def test_a_number_no_date_can_be_is_a_problem_not_a_crash(value):
    """Google hands numbers over as typed; a serial far outside 1900-2200 must not overflow."""
    grid = [[f.thai for f in TABS["activities"].fields], ["A01", "เวที", value, "", "", "", "", "", "", ""]]
    tables = {name: read_table(tab, tab.title, [[f.thai for f in tab.fields]]) for name, tab in TABS.items()}
    tables["activities"] = read_table(TABS["activities"], ACTIVITIES, grid)
    problems = validate(tables, "en", today=TODAY).problems
    assert [(p.cell, p.field) for p in problems] == [("C2", "date")]
    assert "is not a date" in problems[0].message and FORMS in problems[0].message


def test_a_number_in_a_date_cell_is_never_a_flag(tmp_path, config_for):
    """sent 5, endorsed 6 read as January 1900 made an overdue letter ENDORSED; now the row is an error, its
    letter stays on record (never issued again), and sync writes no flag on it."""
    programme = read("numbers_in_date_cells", config_for)
    assert "A01/AG01" not in programme.letters
    assert [(f.key, f.serial, f.activity_id, f.agency_id) for f in programme.faulty_letters] == [
        ("A01/AG01", 1, "A01", "AG01")]
    path = shutil.copy(BAD / "numbers_in_date_cells.xlsx", tmp_path / "book.xlsx")
    result = sync(config_for(path), today=TODAY)
    assert result.exit_code == 1 and not [c for c in result.changes if c.tab == "letters"]


def test_every_cell_of_a_merged_range_keeps_its_row_out(config_for):
    assert read("merged_cells", config_for).activities == {}


def test_decomposed_thai_reads_as_its_standard_form(config_for):
    programme = read("decomposed_thai", config_for)
    assert sorted(programme.activities) == ["A01", "A02"] and programme.activities["A02"].status == "done"
    people = programme.people
    assert (people["P01"].role, people["P01"].tambon) == ("facilitator", "ท่าศาลา")
    assert (people["P03"].role, people["P03"].agency_id) == ("sponsor", "AG-ลำ") and "AG-ลำ" in programme.agencies
    assert "P04" not in people


def test_colloquial_months_and_a_time_without_its_dot_are_read(config_for):
    programme = read("colloquial_dates", config_for)
    activities = programme.activities
    assert (activities["A01"].start, activities["A01"].end) == (dt.time(9), dt.time(12))
    assert (activities["A02"].date, activities["A02"].start) == (dt.date(2027, 2, 15), dt.time(13, 30))
    assert activities["A03"].date == dt.date(2026, 12, 3)
    letter = programme.letters["A01/AG01"]
    assert (letter.issued, letter.sent) == (dt.date(2026, 12, 1), dt.date(2026, 12, 2))
