"""Planted faults: one problem each, at the right cell; and a reshuffled sheet validates as the original."""

import datetime as dt
import random

import pytest

from kmsheets.backends.xlsx import XlsxBackend
from kmsheets.config import WorkbookConfig
from kmsheets.errors import SheetError
from kmsheets.validate import validate
from workbooks import minimal_grids, write_workbook

TODAY = dt.date(2026, 12, 1)


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
    return validate(XlsxBackend(path, WorkbookConfig(source=str(path), **config)).read(), "en", today=TODAY)


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
    assert [(p.cell, p.message) for p in result.problems] == [
        ("B3", "letter number 'นศ 0017.2/1' is also on row 2, in the same year (BE 2569)")]


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


def test_a_letter_number_repeats_only_within_its_year(tmp_path):
    """Numbers run per Buddhist-Era year: /1 of 2568 and /1 of 2569 are two letters, two /1 of 2569 are one."""
    grids = grids_with_more_rows()
    grids["ทะเบียนหนังสือส่ง"] += [
        ["A02/AG01", "นศ ๐๐๑๗.๒/๑", "28/12/2568", "", "A02", "AG01", "P04", "", "", "", "", "", ""],
        ["A03/AG01", "นศ ๐๐๑๗.๒/๑", "๕ ธ.ค. ๒๕๖๙", "", "A03", "AG01", "P04", "", "", "", "", "", ""]]
    result = run(tmp_path, grids)
    assert [(p.cell, p.message) for p in result.problems] == [
        ("B4", "letter number 'นศ ๐๐๑๗.๒/๑' is also on row 2, in the same year (BE 2569)")]
    assert "A02/AG01" in result.programme.letters


@pytest.mark.parametrize("tab, row, column, value, cell, says", [
    # a number alone in a date cell is counted in days from 1900: sent 5, endorsed 6, an activity on "2569"
    ("ทะเบียนหนังสือส่ง", 2, 9, 5, "J2", ("4 Jan 1900 is more than two years from today", "a number alone")),
    ("ทะเบียนหนังสือส่ง", 2, 10, 6, "K2", ("5 Jan 1900", "type the whole date, day/month/year, e.g. 1/12/2569")),
    ("กำหนดการ", 2, 2, 2569, "C2", ("12 Jan 1907", "a number alone")),
    ("กำหนดการ", 2, 2, "๒๕๖๙", "C2", ("12 Jan 1907", "a number alone")),  # as text, in Thai digits
    # Google Sheets reads a typed 15/12/69 as 1969
    ("กำหนดการ", 2, 2, dt.date(1969, 12, 15), "C2",
     ("15 Dec 1969", "typed as two Buddhist-Era digits? The sheet took 69 for 1969", "e.g. 15/12/2569")),
    ("กำหนดการ", 2, 2, "15/12/2669", "C2", ("15 Dec 2126", "check the year")),
    ("กำหนดการ", 2, 2, "3/12/2571", "C2", ("3 Dec 2028 is more than two years from today (1 Dec 2026)",)),
    ("ทะเบียนหนังสือส่ง", 2, 2, "29/11/2566", "C2", ("29 Nov 2023",)),
])
def test_a_date_far_from_today_is_an_error_with_a_hint_never_a_flag(tmp_path, tab, row, column, value, cell, says):
    grids = grids_with_more_rows()
    plant(grids, tab, row, column, value)
    result = run(tmp_path, grids)
    assert [(p.tab, p.cell, p.severity) for p in result.problems] == [(tab, cell, "error")], \
        [str(p) for p in result.problems]
    for words in says:
        assert words in result.problems[0].message, result.problems[0].message
    records = result.programme.letters if tab == "ทะเบียนหนังสือส่ง" else result.programme.activities
    assert ("A01/AG01" if tab == "ทะเบียนหนังสือส่ง" else "A01") not in records  # so no flag is computed for it


def test_the_window_is_two_years_each_way(tmp_path):
    grids = grids_with_more_rows()
    plant(grids, "กำหนดการ", 2, 2, "30/11/2571")  # two years ahead, less a day
    plant(grids, "ทะเบียนหนังสือส่ง", 2, 2, "1/12/2567")  # two years back
    assert run(tmp_path, grids).problems == ()


def test_the_far_date_hint_is_said_in_thai(tmp_path):
    grids = grids_with_more_rows()
    plant(grids, "กำหนดการ", 2, 2, dt.date(1969, 12, 15))
    path = write_workbook(tmp_path / "book.xlsx", grids)
    problem, = validate(XlsxBackend(path, WorkbookConfig(source=str(path))).read(), "th", today=TODAY).problems
    assert problem.message == ("๑๕ ธันวาคม ๒๕๑๒ ห่างจากวันนี้ (๑ ธันวาคม ๒๕๖๙) เกินสองปี: พิมพ์ปีเป็น พ.ศ. สองหลักหรือเปล่า? "
                               "ชีตอ่านปี 69 เป็น ค.ศ. ๑๙๖๙ ให้พิมพ์ปี พ.ศ. ครบสี่หลัก เช่น 15/12/2569")


def test_an_endorsement_in_the_future_and_a_future_activity_marked_done_are_warnings(tmp_path):
    grids = grids_with_more_rows()
    plant(grids, "ทะเบียนหนังสือส่ง", 2, 10, "5/12/2569")  # endorsed four days after today
    plant(grids, "กำหนดการ", 3, 7, "เสร็จสิ้น")  # A02 on 12 Dec, marked done on 1 Dec
    result = run(tmp_path, grids)
    assert [(p.cell, p.severity, p.message) for p in result.problems] == [
        ("H3", "warning", "marked 'เสร็จสิ้น', but its date, 12 Dec 2026, is after today (1 Dec 2026)"),
        ("K2", "warning", "endorsed on 5 Dec 2026, which is after today (1 Dec 2026)")]
    assert "A02" in result.programme.activities and "A01/AG01" in result.programme.letters  # warnings keep rows


@pytest.mark.parametrize("tab, row, value, says", [
    ("กำหนดการ", 2, "ก" * 150, "the id is 150 characters long, more than 32"),
    ("กำหนดการ", 2, "A" * 33, "the id is 33 characters long, more than 32"),
    ("กำหนดการ", 2, "A01/2", "may not hold /"),
    ("หน่วยงาน", 3, "AG\\01", "may not hold /, \\"),
    ("ทีมงาน", 2, "P0\n1", "a line break"),
])
def test_an_id_unfit_for_a_file_name_is_an_error_at_its_cell(tmp_path, tab, row, value, says):
    """Ids name letter files and registry keys: 150 Thai letters made a name too long for the disk."""
    grids = grids_with_more_rows()
    plant(grids, tab, row, 0, value)
    result = run(tmp_path, grids)
    problems = [p for p in result.problems if p.cell == f"A{row}"]
    assert [(p.tab, p.severity) for p in problems] == [(tab, "error")], [str(p) for p in result.problems]
    assert says in problems[0].message


def test_an_id_of_32_characters_is_sound(tmp_path):
    grids = grids_with_more_rows()
    plant(grids, "กำหนดการ", 3, 0, "ท" * 32)
    assert run(tmp_path, grids).problems == ()


AM = "\u0e4d\u0e32"  # nikhahit + sara aa: sara am (ำ) as some keyboards and PDFs type it


def test_decomposed_thai_in_headers_roles_statuses_and_ids_matches_its_standard_form(tmp_path):
    grids = grids_with_more_rows()
    grids["ทีมงาน"][0][4] = f"ต{AM}แหน่ง"  # the position header
    plant(grids, "ทีมงาน", 2, 2, f"คุณอ{AM}นวย")
    plant(grids, "ทีมงาน", 3, 2, "คุณเอ\u0e49\u0e37อ")  # คุณเอื้อ with its tone mark typed before the vowel
    plant(grids, "กำหนดการ", 4, 7, f"ด{AM}เนินการแล้ว")  # A03, 20 Dec, done: a warning, so it was read
    grids["หน่วยงาน"].append(["AG-ล" + AM, "กลุ่มออมทรัพย์", "ประธานกลุ่ม", "", "", ""])
    grids["ทีมงาน"].append(["P05", "นางสาวน้ำฝน ใจดี", "คุณอำนวย", "AG-ลำ", "", "", "", ""])
    result = run(tmp_path, grids)
    assert [(p.cell, p.message.split(",")[0]) for p in result.problems] == [("H4", "marked 'ดําเนินการแล้ว'")]
    people = result.programme.people
    assert people["P01"].role == "facilitator" and people["P01"].position == "นักพัฒนาชุมชน"
    assert people["P02"].role == "sponsor"
    assert people["P05"].agency_id == "AG-ลำ" and "AG-ลำ" in result.programme.agencies


def test_a_message_quoting_decomposed_thai_says_what_differs(tmp_path):
    """'คุณอํานวบ' looks like 'คุณอำนวบ': the message says which characters were typed otherwise."""
    grids = grids_with_more_rows()
    plant(grids, "ทีมงาน", 2, 2, f"คุณอ{AM}นวบ")
    problem, = run(tmp_path, grids).problems
    assert problem.message.endswith("(typed in another form: ◌ํ+า → ำ)"), problem.message
