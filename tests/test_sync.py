"""`sync` end to end: flags land in .xlsx and, through the fake, in Google, each on its own row."""

import datetime as dt
import shutil

import openpyxl
import pytest

from kmsheets.backends.google import GoogleBackend
from kmsheets.sync import sync
from workbooks import DEMO, header, minimal_grids, write_workbook

TODAY = dt.date(2026, 12, 1)


def flags_of(rows, head):
    """{id: (flag, note)} from a grid whose header is `head`."""
    at = {name: head.index(text) for name, text in (("id", head[0]), ("flag", "การติดตาม"),
                                                   ("note", "หมายเหตุการติดตาม"))}
    return {row[at["id"]]: (row[at["flag"]] if len(row) > at["flag"] else None,
                            row[at["note"]] if len(row) > at["note"] else None) for row in rows[1:] if row}


def grids(n):
    """n activities each needing a letter from AG01, half of them in the registry and late."""
    base = minimal_grids()
    people = base["ทีมงาน"][:2] + [[f"P{i:05}", f"คน {i}", "คุณอำนวย", "AG01", "", "", "", ""] for i in range(n)]
    activities = [header("activities")] + [
        [f"A{i:05}", "เวที", f"{(TODAY + dt.timedelta(days=2 + i % 40)).isoformat()}", "09.00-12.00 น.", "", "",
         f"P{i:05}", "", "", ""] for i in range(n)]
    letters = [header("letters")] + [
        [f"A{i:05}/AG01", f"นศ/{i + 1}", "2026-11-20", "", f"A{i:05}", "AG01", f"P{i:05}", "", "", "2026-11-21",
         "", "", ""] for i in range(0, n, 2)]
    return {"หน่วยงาน": base["หน่วยงาน"], "ทีมงาน": people, "กำหนดการ": activities, "ทะเบียนหนังสือส่ง": letters}


def test_sync_writes_flags_to_xlsx_and_a_second_sync_writes_nothing(tmp_path, config_for):
    path = write_workbook(tmp_path / "book.xlsx", grids(10))
    config = config_for(path)
    first = sync(config, today=TODAY)
    assert first.exit_code == 0 and first.changes
    sheet = openpyxl.load_workbook(path)["กำหนดการ"]
    found = flags_of([[c.value for c in row] for row in sheet.iter_rows()], header("activities"))
    assert found["A00000"][0] == "Endorsement overdue"  # 3 Dec, due 26 Nov, letter sent, not endorsed
    assert found["A00001"][0] == "No letter yet"        # no letter in the registry
    assert sync(config, today=TODAY).changes == []


def activity_flags(path):
    sheet = openpyxl.load_workbook(path)["กำหนดการ"]
    return {key: flag for key, (flag, _) in
            flags_of([[c.value for c in row] for row in sheet.iter_rows()], header("activities")).items()}


def test_the_sheet_shows_thai_labels_with_language_th_and_json_keeps_the_codes(tmp_path, config_for):
    path = write_workbook(tmp_path / "book.xlsx", grids(4))
    result = sync(config_for(path, language="th"), today=TODAY)
    assert activity_flags(path) == {"A00000": "เลยกำหนดเกษียน", "A00001": "ยังไม่มีหนังสือ",
                                    "A00002": "เลยกำหนดเกษียน", "A00003": "ยังไม่มีหนังสือ"}
    flags = [c for c in result.as_dict()["changes"] if c["field"] == "flag"]
    assert {c["new"] for c in flags} == {"OVERDUE", "NO_LETTER"} and {c["old"] for c in flags} == {""}


def test_switching_language_rewrites_the_labels_at_the_next_sync(tmp_path, config_for):
    path = write_workbook(tmp_path / "book.xlsx", grids(4))
    sync(config_for(path, language="th"), today=TODAY)
    switched = sync(config_for(path), today=TODAY)
    flag = next(c for c in switched.changes if c.key == "A00000" and c.field == "flag")
    assert (flag.old, flag.new) == ("OVERDUE", "OVERDUE")  # the same flag, read back from its Thai label
    assert activity_flags(path)["A00000"] == "Endorsement overdue"
    assert sync(config_for(path), today=TODAY).changes == []


def test_a_sheet_holding_the_old_codes_is_read_and_rewritten_with_labels(tmp_path, config_for):
    book = grids(4)
    book["กำหนดการ"][1][8] = "OVERDUE"   # written by a kmsheets from before labels
    book["กำหนดการ"][2][8] = " no_letter "
    path = write_workbook(tmp_path / "book.xlsx", book)
    result = sync(config_for(path, language="th"), today=TODAY)
    rewritten = {c.key: (c.old, c.new) for c in result.changes if c.tab == "activities" and c.field == "flag"}
    assert rewritten["A00000"] == ("OVERDUE", "OVERDUE") and rewritten["A00001"] == ("NO_LETTER", "NO_LETTER")
    assert activity_flags(path)["A00000"] == "เลยกำหนดเกษียน"
    assert activity_flags(path)["A00001"] == "ยังไม่มีหนังสือ"


def test_dry_run_writes_nothing(tmp_path, config_for):
    path = write_workbook(tmp_path / "book.xlsx", grids(4))
    before = path.read_bytes()
    result = sync(config_for(path), today=TODAY, dry_run=True)
    assert result.changes and path.read_bytes() == before


def test_rows_with_errors_are_skipped_and_the_rest_written(tmp_path, config_for):
    book = grids(4)
    book["กำหนดการ"][1][2] = "31/02/2569"
    path = write_workbook(tmp_path / "book.xlsx", book)
    result = sync(config_for(path), today=TODAY)
    assert result.exit_code == 1
    assert {c.key for c in result.changes if c.tab == "activities"} == {"A00001", "A00002", "A00003"}


def test_demo_workbook_flags(tmp_path, config_for):
    path = shutil.copy(DEMO, tmp_path / "demo.xlsx")
    result = sync(config_for(path), today=TODAY)
    assert result.exit_code == 0, [str(p) for p in result.problems]
    flags = {c.new for c in result.changes if c.field == "flag"}
    assert {"OVERDUE", "ENDORSED", "NO_LETTER"} <= flags
    assert sync(config_for(path), today=TODAY).changes == []


@pytest.mark.parametrize("rows", [10, pytest.param(5000, marks=pytest.mark.slow)])
def test_google_sync_costs_four_requests_whatever_the_row_count(google_fake, rows, config_for, google_backend_of):
    """The tab titles and merged ranges, every tab's values, the ids again, the write; two when nothing changed."""
    backend = google_backend_of(grids(rows))
    key = backend.key
    config = config_for(key)
    result = sync(config, today=TODAY, backend=backend)
    assert len(result.changes) >= rows
    assert [r.kind for r in google_fake.requests] == ["get", "values.batchGet", "values.batchGet",
                                                      "values.batchUpdate"]
    assert google_fake.requests[0].query["fields"] == ["sheets(properties(title),merges)"]  # no cell data
    google_fake.clear_log()
    assert sync(config, today=TODAY, backend=GoogleBackend(key, backend.config, backend.client)).changes == []
    assert [r.kind for r in google_fake.requests] == ["get", "values.batchGet"]


def edit_between_read_and_write(fake, key, edit):
    """Run `edit` once, right after sync's first read (when the id re-read arrives)."""
    state = {"reads": 0}

    def hook(request):
        if request.kind == "values.batchGet":
            state["reads"] += 1
            if state["reads"] == 2:
                edit()
    fake.on_request(hook)


@pytest.mark.parametrize("edit", ["insert above", "delete a row", "sort descending"])
def test_people_editing_during_sync_never_misplace_a_flag(google_fake, edit, config_for, google_backend_of):
    backend = google_backend_of(grids(12))
    key = backend.key
    edits = {
        "insert above": lambda: google_fake.insert_rows(key, "กำหนดการ", 2, [["A99999", "แทรก"]]),
        "delete a row": lambda: google_fake.delete_rows(key, "กำหนดการ", 3),
        "sort descending": lambda: google_fake.sort_rows(key, "กำหนดการ", 0, reverse=True),
    }
    edit_between_read_and_write(google_fake, key, edits[edit])
    config = config_for(key)
    sync(config, today=TODAY, backend=backend)
    found = flags_of(google_fake.tab_values(key, "กำหนดการ"), header("activities"))
    expected = {c.key: c.new for c in sync(config, today=TODAY, dry_run=True, backend=backend).changes}
    assert expected == {}  # everything already right: nothing landed on another row
    assert found.get("A99999", (None, None)) == (None, None)
    assert all(found[k][0] for k in found if k != "A99999")
