"""Small workbooks made in tests: one grid per tab, Thai headers first, written as a real .xlsx."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Mapping, Sequence

import openpyxl

from kmsheets.schema import TABS


# The [sender] of these workbooks' letters: AG00 is the sender's own row in minimal_grids and the demo.
SENDER = {"agency_id": "AG00", "prefix": "นศ ๐๐๑๗.๒", "signatory": "นายสมชาย ใจดี",
          "position": "พัฒนาการจังหวัดนครศรีธรรมราช"}
ACCOUNT = "kmsheets@km.iam.gserviceaccount.com"  # the service account whose key conftest writes


def header(tab: str) -> list[str]:
    return [f.thai for f in TABS[tab].fields]


def minimal_grids() -> dict[str, list[list[object]]]:
    """A tiny valid programme: the sender AG00, one other agency, two facilitators, one activity."""
    return {
        "หน่วยงาน": [header("agencies"),
                     ["AG00", "สำนักงานพัฒนาชุมชนจังหวัด", "พัฒนาการจังหวัด", "ถนนราชดำเนิน", "075-111111", ""],
                     ["AG01", "องค์การบริหารส่วนตำบลท่าศาลา", "นายกองค์การบริหารส่วนตำบลท่าศาลา", "", "075-222222", ""]],
        "ทีมงาน": [header("people"),
                   ["P01", "นางสาวสมใจ รักดี", "คุณอำนวย", "AG00", "นักพัฒนาชุมชน", "ท่าศาลา", "", ""],
                   ["P02", "นายสมศักดิ์ มีสุข", "คุณอำนวย", "AG01", "นักวิชาการ", "ท่าศาลา", "", ""]],
        "กำหนดการ": [header("activities"),
                     ["A01", "เวทีแลกเปลี่ยนเรียนรู้", "10/12/2569", "09.00-12.00 น.", "ศาลา", "ท่าศาลา", "P01, P02",
                      "planned", "", ""]],
        "ทะเบียนหนังสือส่ง": [header("letters")],
    }


def book_of(grids: Mapping[str, Sequence[Sequence[object]]]) -> openpyxl.Workbook:
    """An openpyxl workbook with one tab per grid, in order."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in grids.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    return book


DEMO = Path(__file__).resolve().parent.parent / "kmsheets" / "demo" / "demo.xlsx"


def demo_grids() -> dict[str, list[list[object]]]:
    """The bundled demo workbook as grids for the Google emulator; a date cell is typed into Sheets as an
    ISO date, which Sheets stores as a date."""
    book = openpyxl.load_workbook(DEMO)

    def typed(value: object) -> object:
        return value.date().isoformat() if isinstance(value, dt.datetime) else value

    return {s.title: [[typed(c.value) for c in row] for row in s.iter_rows()] for s in book.worksheets}


def demo_registry_rows() -> int:
    """How many registry rows the demo ships with."""
    return len(demo_grids()["ทะเบียนหนังสือส่ง"]) - 1


def write_workbook(path: Path, grids: Mapping[str, Sequence[Sequence[object]]]) -> Path:
    book_of(grids).save(path)
    return path


# A programme with a known history, as of HISTORY_TODAY (lead_days 7): AG01 endorses in 2-5 days, AG02 in 8-16
# and missed one activity, AG03 endorsed only twice. (activity, date, status, [(agency, sent, endorsed)])
HISTORY_TODAY = dt.date(2026, 12, 1)
HISTORY = [
    ("H01", "2026-09-15", "done", [("AG01", "2026-09-01", "2026-09-03"), ("AG02", "2026-09-01", "2026-09-09")]),
    ("H02", "2026-09-25", "done", [("AG01", "2026-09-10", "2026-09-13"), ("AG03", "2026-09-10", "2026-09-16")]),
    ("H03", "2026-10-10", "done", [("AG01", "2026-09-28", "2026-10-03"), ("AG02", "2026-09-20", "2026-10-02")]),
    ("H04", "2026-10-20", "done", [("AG02", "2026-10-01", "2026-10-17"), ("AG03", "2026-10-01", "2026-10-10")]),
    ("H05", "2026-10-28", "done", [("AG02", "2026-10-10", "")]),
    ("H06", "2026-11-12", "done", [("AG01", "2026-11-01", "2026-11-05"), ("AG02", "2026-10-25", "2026-11-04")]),
    ("H07", "2026-11-26", "done", [("AG01", "2026-11-15", "2026-11-17"), ("AG02", "2026-11-10", "2026-11-24")]),
    ("C01", "2026-11-20", "cancelled", [("AG03", "2026-11-10", "")]),
    # Both sent on HISTORY_TODAY, 12 days before the activity.
    ("F01", "2026-12-13", "planned", [("AG01", "2026-12-01", ""), ("AG02", "2026-12-01", "")]),
    ("F02", "2026-12-20", "planned", [("AG03", "", "")]),
]


def history_grids() -> dict[str, list[list[object]]]:
    """HISTORY as a workbook: one facilitator per agency, every request registered, and a reminder (not a
    request: the lessons leave it out) that followed H05's."""
    grids = minimal_grids()
    grids["หน่วยงาน"] += [["AG02", "สำนักงานเกษตรอำเภอท่าศาลา", "เกษตรอำเภอท่าศาลา", "", "075-333333", ""],
                          ["AG03", "โรงพยาบาลส่งเสริมสุขภาพตำบลกลาย", "ผู้อำนวยการโรงพยาบาลส่งเสริมสุขภาพตำบลกลาย", "",
                           "075-444444", ""]]
    grids["ทีมงาน"] += [["P03", "นายวิชัย ศรีสุข", "คุณอำนวย", "AG02", "นักวิชาการเกษตร", "กลาย", "", ""],
                        ["P04", "นางมาลี ทองคำ", "คุณอำนวย", "AG03", "พยาบาลวิชาชีพ", "กลาย", "", ""]]
    person = {"AG01": "P02", "AG02": "P03", "AG03": "P04"}
    grids["กำหนดการ"] = [header("activities")]
    grids["ทะเบียนหนังสือส่ง"] = [header("letters")]
    number = 0
    for activity, date, status, requests in HISTORY:
        staff = ", ".join(["P01"] + [person[agency] for agency, _, _ in requests])
        grids["กำหนดการ"].append([activity, "เวทีแลกเปลี่ยนเรียนรู้", date, "09.00-12.00 น.", "ศาลา", "ท่าศาลา", staff,
                                   status, "", ""])
        for agency, sent, endorsed in requests:
            number += 1
            grids["ทะเบียนหนังสือส่ง"].append(
                [f"{activity}/{agency}", f"นศ ๐๐๑๗.๒/{number}", sent or "2026-12-01", "request", activity, agency,
                 person[agency], "ขอความอนุเคราะห์บุคลากร", "", sent, endorsed, "", ""])
    grids["ทะเบียนหนังสือส่ง"].append(["H05/AG02/R", f"นศ ๐๐๑๗.๒/{number + 1}", "2026-10-22", "reminder", "H05",
                                       "AG02", "P03", "ติดตามหนังสือ", "", "2026-10-22", "", "", ""])
    return grids
