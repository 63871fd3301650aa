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


def write_workbook(path: Path, grids: Mapping[str, Sequence[Sequence[object]]]) -> Path:
    book_of(grids).save(path)
    return path
