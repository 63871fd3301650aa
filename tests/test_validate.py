"""Planted faults: one problem each, at the right cell; and a reshuffled sheet validates as the original."""

import random

import pytest

from kmsheets.backends.xlsx import XlsxBackend
from kmsheets.config import WorkbookConfig
from kmsheets.errors import SheetError
from kmsheets.validate import validate
from workbooks import minimal_grids, write_workbook


def grids_with_more_rows():
    grids = minimal_grids()
    grids["ทีมงาน"] += [["P03", "นางมาลี ศรีสุข", "แกนนำ", "", "", "ท่าศาลา", "", ""],
                       ["P04", "นายเกษตร ดีงาม", "facilitator", "AG01", "นักวิชาการเกษตร", "กลาย", "", ""]]
    grids["กำหนดการ"] += [["A02", "เยี่ยมครัวเรือน", "๑๒ ธ.ค. ๒๕๖๙", "13.00-16.00 น.", "บ้านนา", "กลาย", "P03, P04",
                          "", "", ""],
                         ["A03", "จัดทำบัญชีครัวเรือน", "2026-12-20", "", "วัด", "ไทยบุรี", "P04", "ยกเลิก", "", ""]]
    grids["ทะเบียนหนังสือส่ง"] += [
        ["A01/AG01", "นศ ๐๐๑๗.๒/๑", "1/12/2569", "request", "A01", "AG01", "P02", "ขอความอนุเคราะห์", "",
         "2/12/2569", "", "", ""]]
    return grids


def run(tmp_path, grids, **config):
    path = write_workbook(tmp_path / "book.xlsx", grids)
    return validate(XlsxBackend(path, WorkbookConfig(source=str(path), **config)).read(), "en")


def test_a_sound_workbook_has_no_problem(tmp_path):
    result = run(tmp_path, grids_with_more_rows())
    assert result.problems == ()
    assert sorted(result.programme.activities) == ["A01", "A02", "A03"]
    assert result.programme.activities["A03"].status == "cancelled"


def plant(grids, tab, row, column, value):
    grids[tab][row - 1][column] = value


@pytest.mark.parametrize("tab, row, column, value, cell, says", [
    ("กำหนดการ", 2, 2, "31/02/2569", "C2", "not a date"),
    ("กำหนดการ", 3, 2, "2/11/2300", "C3", "not a date"),
    ("กำหนดการ", 2, 3, "เก้าโมง", "D2", "not a time"),
    ("กำหนดการ", 2, 6, "P01, P09", "G2", "'P09' is not in the ทีมงาน tab"),
    ("กำหนดการ", 3, 0, "A01", "A3", "also on row 2"),
    ("กำหนดการ", 2, 7, "postponed", "H2", "is not one of"),
    ("กำหนดการ", 2, 1, "", "B2", "is required"),
    ("ทีมงาน", 3, 2, "boss", "C3", "is not one of"),
    ("ทีมงาน", 2, 3, "AG77", "D2", "'AG77' is not in the หน่วยงาน tab"),
    ("หน่วยงาน", 3, 2, "", "C3", "is required"),
    ("ทะเบียนหนังสือส่ง", 2, 6, "P02, P99", "G2", "'P99' is not in the ทีมงาน tab"),
    ("ทะเบียนหนังสือส่ง", 2, 0, "A01/AG02", "A2", "it should be A01/AG01"),
    ("ทะเบียนหนังสือส่ง", 2, 1, "นศ ๐๐๑๗.๒", "B2", "must end in /N"),
    ("ทะเบียนหนังสือส่ง", 2, 9, "2/13/2569", "J2", "not a date"),
    ("ทะเบียนหนังสือส่ง", 2, 2, "=TODAY()", "C2", "holds a formula"),
])
def test_each_planted_fault_is_one_problem_at_its_cell(tmp_path, tab, row, column, value, cell, says):
    grids = grids_with_more_rows()
    plant(grids, tab, row, column, value)
    result = run(tmp_path, grids)
    assert [(p.tab, p.cell) for p in result.problems] == [(tab, cell)], [str(p) for p in result.problems]
    problem = result.problems[0]
    assert says in problem.message
    assert problem.value == str(value) and problem.row == row and problem.severity == "error"


def test_double_booking_is_reported_on_the_later_activity(tmp_path):
    grids = grids_with_more_rows()
    grids["กำหนดการ"].append(["A04", "ประชุมทีม", "10/12/2569", "11.00-12.00 น.", "อำเภอ", "ท่าศาลา", "P02",
                              "", "", ""])
    grids["กำหนดการ"].append(["A05", "ประชุมเย็น", "10/12/2569", "13.00-14.00 น.", "อำเภอ", "ท่าศาลา", "P02",
                              "", "", ""])
    result = run(tmp_path, grids)
    assert [(p.cell, p.field) for p in result.problems] == [("G5", "staff")]
    assert "นายสมศักดิ์ มีสุข" in result.problems[0].message and "A01" in result.problems[0].message
    assert "A04" not in result.programme.activities and "A05" in result.programme.activities


def test_duplicate_letter_numbers(tmp_path):
    grids = grids_with_more_rows()
    grids["ทะเบียนหนังสือส่ง"].append(["A02/AG01", "นศ 0017.2/1", "1/12/2569", "", "A02", "AG01", "P04", "", "",
                                        "", "", "", ""])
    result = run(tmp_path, grids)
    assert [(p.cell, p.message) for p in result.problems] == [("B3", "letter number 'นศ 0017.2/1' is also on row 2")]


def test_rows_with_errors_are_left_out_and_the_rest_kept(tmp_path):
    grids = grids_with_more_rows()
    plant(grids, "กำหนดการ", 3, 2, "ไม่ทราบ")
    result = run(tmp_path, grids)
    assert sorted(result.programme.activities) == ["A01", "A03"]


def test_missing_required_column_is_one_clear_error(tmp_path):
    grids = grids_with_more_rows()
    for row in grids["กำหนดการ"]:
        del row[2]
    with pytest.raises(SheetError, match="tab 'กำหนดการ' has no column 'วันที่' \\(Date\\)"):
        run(tmp_path, grids)


def shuffled(grids, seed):
    """Columns in another order, an extra column, blank rows, and the date header renamed."""
    rng = random.Random(seed)
    out = {}
    for title, rows in grids.items():
        width = len(rows[0])
        order = list(range(width))
        rng.shuffle(order)
        new = [[row[i] if i < len(row) else "" for i in order] + ["ทีมเขียนเอง"] for row in rows]
        new[0] = [h if h != "วันที่" else "วันจัดกิจกรรม" for h in new[0]]
        new.insert(2, [""] * (width + 1))
        new.append([None] * (width + 1))
        out[title] = new
    return out


def test_shuffled_renamed_and_padded_validates_as_the_original(tmp_path):
    grids = grids_with_more_rows()
    plant(grids, "กำหนดการ", 2, 6, "P01, P09")  # one fault, to compare problems as well
    original = run(tmp_path, grids)
    (tmp_path / "b").mkdir()
    moved = run(tmp_path / "b", shuffled(grids, 7), headers={"activities": {"date": ("วันจัดกิจกรรม",)}})
    assert moved.programme == original.programme
    assert [(p.tab, p.field, p.value, p.message) for p in moved.problems] == \
           [(p.tab, p.field, p.value, p.message) for p in original.problems]
