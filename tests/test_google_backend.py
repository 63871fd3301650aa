"""The Google backend: the real gspread HTTP client against tests/google_fake, never the internet."""

import datetime as dt

import pytest

from kmsheets.backends.base import CellWrite
from kmsheets.backends.google import GoogleBackend, spreadsheet_key
from kmsheets.backends.xlsx import XlsxBackend
from kmsheets.config import WorkbookConfig, parse_config
from kmsheets.errors import AccessError, SheetError
from kmsheets.google_api import connect
from kmsheets.schema import TABS
from kmsheets.validate import validate
from workbooks import minimal_grids, write_workbook


def test_reads_every_tab_with_one_batch_get(google_fake, google_backend_of):
    backend = google_backend_of(minimal_grids())
    tables = backend.read()
    assert [r["id"] for r in tables["people"].rows] == ["P01", "P02"]
    # One spreadsheets.get for the titles and merged ranges (a values read does not say what is merged)
    assert [r.kind for r in google_fake.requests] == ["get", "values.batchGet"]


def test_merged_cells_in_the_data_area_are_read_from_the_sheet_metadata(google_fake, google_backend_of):
    grids = minimal_grids()
    grids["กำหนดการ"].append(["A02", "เยี่ยมบ้าน", "11/12/2569", "", "", "", "P02", "", "", ""])
    backend = google_backend_of(grids)
    google_fake.merge_cells(backend.key, "กำหนดการ", "G2:G3")  # the staff of two activities, merged
    google_fake.merge_cells(backend.key, "ทีมงาน", "I1:J3")  # beside the table: not kmsheets' business
    google_fake.merge_cells(backend.key, "หน่วยงาน", "E1:F1")  # in the header: no data cell
    tables = backend.read()
    assert tables["people"].merged == {} and tables["agencies"].merged == {}
    activities = tables["activities"]
    assert {row: {name: str(merged) for name, merged in cells.items()}
            for row, cells in activities.merged.items()} == {2: {"staff": "G2:G3"}, 3: {"staff": "G2:G3"}}
    assert activities.rows[1]["staff"] is None  # what the merge hides
    problems = validate(tables, "en", today=dt.date(2026, 12, 1)).problems
    assert [(p.cell, p.message.split(",")[0]) for p in problems] == [
        ("G2", "the cell is part of the merged range G2:G3"), ("G3", "the cell is part of the merged range G2:G3")]


def test_a_tab_title_typed_in_decomposed_thai_is_found_and_written_to(google_fake, google_backend_of):
    grids = minimal_grids()
    grids["ก\u0e4d\u0e32หนดการ"] = grids.pop("กำหนดการ")  # nikhahit + sara aa for sara am, as some keyboards type it
    backend = google_backend_of(grids)
    tables = backend.read()
    assert tables["activities"].title == "ก\u0e4d\u0e32หนดการ" and [r["id"] for r in tables["activities"].rows] == ["A01"]
    report = backend.write([CellWrite("activities", "A01", "flag", "NO_LETTER")])
    assert len(report.written) == 1
    assert google_fake.tab_values(backend.key, "ก\u0e4d\u0e32หนดการ")[1][8] == "NO_LETTER"


def test_google_and_xlsx_give_identical_tables(tmp_path, google_backend_of):
    grids = minimal_grids()
    grids["กำหนดการ"][1][2] = "2026-12-10"  # a real date cell in both: serial in Google, date in .xlsx
    path = write_workbook(tmp_path / "book.xlsx", grids)
    import openpyxl
    book = openpyxl.load_workbook(path)
    book["กำหนดการ"]["C2"] = dt.date(2026, 12, 10)
    book.save(path)
    from_google = google_backend_of(grids).read()
    from_xlsx = XlsxBackend(path, WorkbookConfig(source=str(path))).read()
    assert from_google == from_xlsx


def test_writes_changed_cells_in_one_request_rows_found_by_id(google_fake, google_backend_of):
    backend = google_backend_of(minimal_grids())
    backend.read()
    google_fake.clear_log()
    google_fake.insert_rows(backend.key, "กำหนดการ", 2, [["A00", "ใหม่"]])  # someone inserts a row above
    report = backend.write([CellWrite("activities", "A01", "flag", "OVERDUE"),
                            CellWrite("activities", "A01", "note", "=1+1")])
    assert [(p.row, p.column) for p in report.written] == [(3, 8), (3, 9)]
    values = google_fake.tab_values(backend.key, "กำหนดการ")
    assert values[2][8:10] == ["OVERDUE", "=1+1"]  # RAW: a note is never a formula
    assert values[1][:2] == ["A00", "ใหม่"] and len(values[1]) == 2
    assert [r.kind for r in google_fake.requests] == ["values.batchGet", "values.batchUpdate"]
    assert google_fake.requests[-1].body["valueInputOption"] == "RAW"


def test_appends_registry_rows_under_the_table(google_fake, google_backend_of):
    backend = google_backend_of(minimal_grids())
    backend.read()
    report = backend.write([], {"letters": [{"key": "A01/AG01", "number": "นศ ๐๐๑๗.๒/๑"}]})
    assert report.appended == {"letters": [2]}
    assert google_fake.tab_values(backend.key, "ทะเบียนหนังสือส่ง")[1][:2] == ["A01/AG01", "นศ ๐๐๑๗.๒/๑"]


def test_an_append_whose_answer_was_lost_is_not_doubled(google_fake, google_backend_of):
    backend = google_backend_of(minimal_grids())
    backend.read()
    google_fake.drop_after_apply("values.append")
    backend.write([], {"letters": [{"key": "A01/AG01", "number": "นศ/๑"}, {"key": "A01/AG02", "number": "นศ/๒"}]})
    keys = [row[0] for row in google_fake.tab_values(backend.key, "ทะเบียนหนังสือส่ง")[1:]]
    assert keys == ["A01/AG01", "A01/AG02"]


def test_a_row_another_run_registered_meanwhile_is_not_entered_twice(google_fake, google_backend_of):
    backend = google_backend_of(minimal_grids())
    backend.read()
    google_fake.set_values(backend.key, "ทะเบียนหนังสือส่ง", "A2", [["A01/AG01", "นศ/๗"]])  # another machine
    report = backend.write([], {"letters": [{"key": "A01/AG01", "number": "นศ/๑"}, {"key": "A01/AG02", "number": "นศ/๒"}]})
    rows = google_fake.tab_values(backend.key, "ทะเบียนหนังสือส่ง")[1:]
    assert [row[:2] for row in rows] == [["A01/AG01", "นศ/๗"], ["A01/AG02", "นศ/๒"]]
    assert report.appended == {"letters": [3]}


def test_retries_429_with_retry_after_then_succeeds(google_fake, google_backend_of, clock):
    backend = google_backend_of(minimal_grids())
    google_fake.fail_next(429, times=2, retry_after=3)
    backend.read()
    assert clock.waits == [3.0, 3.0]


def test_gives_up_with_access_error_after_the_attempts(google_fake, google_backend_of):
    backend = google_backend_of(minimal_grids())
    google_fake.fail_next(503, times=10)
    with pytest.raises(AccessError, match="failed 4 times"):
        backend.read()


def test_missing_tab_names_the_tabs_found(google_backend_of):
    grids = minimal_grids()
    del grids["ทีมงาน"]
    with pytest.raises(SheetError, match="no tab 'ทีมงาน' \\(\\[workbook.tabs\\] people\\)"):
        google_backend_of(grids).read()


def test_a_tab_deleted_after_the_read_is_named_at_the_write(google_fake, google_backend_of):
    backend = google_backend_of(minimal_grids())
    backend.read()
    del google_fake.spreadsheets[backend.key].tabs["กำหนดการ"]
    with pytest.raises(SheetError, match=r"no tab 'กำหนดการ' \(\[workbook.tabs\] activities\); its tabs are: "
                                         "หน่วยงาน, ทีมงาน, ทะเบียน"):
        backend.write([CellWrite("activities", "A01", "flag", "NO_LETTER")])


def test_unknown_spreadsheet_is_an_access_error(google_backend):
    backend = google_backend("x" * 30)
    with pytest.raises(AccessError, match="404"):
        backend.read()


def test_key_from_url():
    assert spreadsheet_key("https://docs.google.com/spreadsheets/d/1AbC_d-E/edit#gid=0") == "1AbC_d-E"
    assert spreadsheet_key("1AbC_d-E") == "1AbC_d-E"


def test_a_service_account_key_file_works_and_never_leaks(google_fake, tmp_path, service_account_file):
    key = google_fake.create_spreadsheet("KM", minimal_grids())
    config = parse_config({"workbook": {"source": key},
                           "google": {"credentials": str(service_account_file), "endpoint": google_fake.url}},
                          base=tmp_path, environ={})
    GoogleBackend(key, config.workbook, connect(config)).read()
    assert google_fake.count(api="token") == 1


def test_both_backends_probe_a_workbook_alike_a_missing_tab_left_out(google_fake, tmp_path, google_backend_of):
    grids = minimal_grids()
    del grids["ทีมงาน"]
    grids["บันทึก"] = [["อื่น ๆ"]]  # a tab of the team's own
    path = write_workbook(tmp_path / "book.xlsx", grids)
    google_fake.clear_log()
    from_google = google_backend_of(grids).probe()
    from_xlsx = XlsxBackend(path, WorkbookConfig(source=str(path))).probe()
    assert from_google.titles == from_xlsx.titles == ("หน่วยงาน", "กำหนดการ", "ทะเบียนหนังสือส่ง", "บันทึก")
    assert set(from_google.grids) == set(from_xlsx.grids) == {"agencies", "activities", "letters"}
    for name, grid in from_xlsx.grids.items():  # the same header row and rows (empty cells differ: '' or None)
        assert from_google.grids[name][0] == grid[0] == grids[TABS[name].title][0]
        assert len(from_google.grids[name]) == len(grid) == len(grids[TABS[name].title])
    assert from_google.name == "Google Sheet 'KM'" and from_xlsx.name == str(path)
    assert [r.kind for r in google_fake.requests] == ["get", "values.batchGet"]
