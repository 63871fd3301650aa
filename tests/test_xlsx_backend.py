import datetime as dt

import openpyxl
import pytest
from openpyxl.styles import Font, PatternFill

from kmsheets.backends.base import CellWrite
from kmsheets.backends.xlsx import XlsxBackend
from kmsheets.config import WorkbookConfig
from kmsheets.errors import ConfigError, SheetError
from workbooks import minimal_grids, write_workbook


def cells(path):
    """Every cell's value, style and number format, per tab, to compare a file before and after."""
    book = openpyxl.load_workbook(path)
    return {sheet.title: {(c.row, c.column): (c.value, c.font.b, c.fill.fgColor.rgb, c.number_format)
                          for row in sheet.iter_rows() for c in row}
            for sheet in book.worksheets}


@pytest.fixture
def book(tmp_path):
    grids = minimal_grids()
    grids["กำหนดการ"][0].append("หมายเหตุทีม")  # a column kmsheets does not know
    grids["กำหนดการ"][1] += ["โทรนัดแล้ว"]
    grids["บันทึก"] = [["ข้อความ"], ["อื่น ๆ"]]  # a tab kmsheets does not know
    path = write_workbook(tmp_path / "book.xlsx", grids)
    styled = openpyxl.load_workbook(path)
    sheet = styled["กำหนดการ"]
    sheet["A1"].font = Font(bold=True)
    sheet["A1"].fill = PatternFill("solid", fgColor="FFDDEEFF")
    sheet["L3"] = "=COUNTA(A2:A100)"
    sheet["C2"] = dt.date(2026, 12, 10)
    sheet["C2"].number_format = "d/m/yyyy"
    styled.save(path)
    return path


def test_reads_every_tab_by_header_with_dates_as_serials(book):
    tables = XlsxBackend(book, WorkbookConfig(source=str(book))).read()
    activity = tables["activities"].rows[0]
    assert activity["id"] == "A01" and activity["staff"] == "P01, P02"
    assert activity["date"] == (dt.date(2026, 12, 10) - dt.date(1899, 12, 30)).days
    assert tables["activities"].cell(activity.number, "flag") == "I2"
    assert [r["id"] for r in tables["agencies"].rows] == ["AG00", "AG01"]


def test_a_write_changes_only_its_cells(book):
    before = cells(book)
    backend = XlsxBackend(book, WorkbookConfig(source=str(book)))
    backend.read()
    report = backend.write([CellWrite("activities", "A01", "flag", "OVERDUE"),
                            CellWrite("activities", "A01", "note", "=HYPERLINK(\"x\")")])
    after = cells(book)
    assert [(p.row, p.column) for p in report.written] == [(2, 8), (2, 9)]
    changed = {(tab, at) for tab in after for at in after[tab] if before[tab].get(at) != after[tab][at]}
    assert changed == {("กำหนดการ", (2, 9)), ("กำหนดการ", (2, 10))}
    sheet = openpyxl.load_workbook(book)["กำหนดการ"]
    assert sheet["J2"].data_type == "s"  # written as text: never a formula
    assert sheet["L3"].value == "=COUNTA(A2:A100)"


def test_rows_are_found_by_id_at_write_time(book):
    backend = XlsxBackend(book, WorkbookConfig(source=str(book)))
    backend.read()
    edited = openpyxl.load_workbook(book)  # someone inserts a row above while kmsheets runs
    edited["กำหนดการ"].insert_rows(2)
    edited["กำหนดการ"]["A2"] = "A00"
    edited.save(book)
    report = backend.write([CellWrite("activities", "A01", "flag", "OVERDUE"),
                            CellWrite("activities", "A99", "flag", "WAITING")])
    assert openpyxl.load_workbook(book)["กำหนดการ"]["I3"].value == "OVERDUE"
    assert [(s.write.key, s.reason()) for s in report.skipped] == [("A99", "the row is gone")]


def test_appended_rows_follow_the_header_and_the_style_above(book):
    backend = XlsxBackend(book, WorkbookConfig(source=str(book)))
    report = backend.write([], {"letters": [{"key": "A01/AG01", "number": "นศ ๐๐๑๗.๒/๑", "issued": "=1+1"}]})
    assert report.appended == {"letters": [2]}
    sheet = openpyxl.load_workbook(book)["ทะเบียนหนังสือส่ง"]
    assert [sheet.cell(2, c).value for c in (1, 2, 3)] == ["A01/AG01", "นศ ๐๐๑๗.๒/๑", "=1+1"]
    assert sheet.cell(2, 3).data_type == "s"


def test_a_row_another_run_registered_meanwhile_is_not_entered_twice(book):
    backend = XlsxBackend(book, WorkbookConfig(source=str(book)))
    backend.read()
    other = XlsxBackend(book, WorkbookConfig(source=str(book)))  # another run, on another machine
    other.write([], {"letters": [{"key": "A01/AG01", "number": "นศ/๗"}]})
    report = backend.write([], {"letters": [{"key": "A01/AG01", "number": "นศ/๑"}, {"key": "A01/AG02", "number": "นศ/๒"}]})
    sheet = openpyxl.load_workbook(book)["ทะเบียนหนังสือส่ง"]
    assert [[c.value for c in row][:2] for row in sheet.iter_rows(min_row=2)] == [["A01/AG01", "นศ/๗"],
                                                                                  ["A01/AG02", "นศ/๒"]]
    assert report.appended == {"letters": [3]}


def test_missing_tab_names_the_tabs_found(tmp_path):
    grids = minimal_grids()
    del grids["ทีมงาน"]
    path = write_workbook(tmp_path / "book.xlsx", grids)
    with pytest.raises(SheetError, match="no tab 'ทีมงาน' .*its tabs are: หน่วยงาน, กำหนดการ"):
        XlsxBackend(path, WorkbookConfig(source=str(path))).read()


def test_missing_column_names_the_headers_found(tmp_path):
    grids = minimal_grids()
    grids["หน่วยงาน"][0][2] = "หัวหน้า"
    path = write_workbook(tmp_path / "book.xlsx", grids)
    with pytest.raises(SheetError) as raised:
        XlsxBackend(path, WorkbookConfig(source=str(path))).read()
    assert "'ตำแหน่งหัวหน้าหน่วยงาน'" in str(raised.value) and "'หัวหน้า'" in str(raised.value)


def test_not_a_workbook(tmp_path):
    (tmp_path / "book.xlsx").write_text("hello")
    with pytest.raises(ConfigError, match="not an .xlsx workbook"):
        XlsxBackend(tmp_path / "book.xlsx", WorkbookConfig(source="book.xlsx")).read()
    with pytest.raises(ConfigError, match="there is no file"):
        XlsxBackend(tmp_path / "none.xlsx", WorkbookConfig(source="none.xlsx")).read()


def test_merged_cells_in_the_data_area_are_read_and_a_merged_header_still_reads(tmp_path):
    grids = minimal_grids()
    grids["กำหนดการ"].append(["A02", "เยี่ยมบ้าน", "11/12/2569", "", "", "", "P02", "", "", ""])
    path = write_workbook(tmp_path / "book.xlsx", grids)
    book = openpyxl.load_workbook(path)
    book["กำหนดการ"].merge_cells("G2:G3")  # the staff of two activities, merged: G3 reads empty
    book["กำหนดการ"].merge_cells("I2:J2")  # kmsheets' own flag and note: a flag written there is invisible
    book["กำหนดการ"].merge_cells("L2:M5")  # beside the table: not kmsheets' business
    book["หน่วยงาน"].merge_cells("E1:F1")  # in the header row
    book.save(path)
    tables = XlsxBackend(path, WorkbookConfig(source=str(path))).read()
    assert {row: {name: str(m) for name, m in cells.items()} for row, cells in tables["activities"].merged.items()} \
        == {2: {"staff": "G2:G3", "flag": "I2:J2", "note": "I2:J2"}, 3: {"staff": "G2:G3"}}
    assert tables["agencies"].merged == {}


def test_a_tab_title_typed_in_decomposed_thai_is_found_and_written_to(tmp_path):
    grids = minimal_grids()
    decomposed = "ก\u0e4d\u0e32หนดการ"  # nikhahit + sara aa for sara am
    grids[decomposed] = grids.pop("กำหนดการ")
    path = write_workbook(tmp_path / "book.xlsx", grids)
    backend = XlsxBackend(path, WorkbookConfig(source=str(path)))
    assert backend.read()["activities"].title == decomposed
    assert len(backend.write([CellWrite("activities", "A01", "flag", "NO_LETTER")]).written) == 1
    assert openpyxl.load_workbook(path)[decomposed]["I2"].value == "NO_LETTER"
