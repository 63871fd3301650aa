"""Build the corpus of bad workbooks in tests/data/bad/: one fault (or one family of faults) per file.

Every file starts from tests/workbooks.minimal_grids(), the tiny valid programme, and breaks one thing the
way a team really does. tests/test_bad_workbooks.py says what kmsheets must answer for each. The .xlsx
files are committed; run this again after changing a case:

    python tests/data/make_bad_workbooks.py
"""

from __future__ import annotations

import datetime as dt
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
from openpyxl.styles import Border, PatternFill, Side

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from workbooks import book_of, header, minimal_grids  # after sys.path

OUT = HERE / "bad"
ZWSP, NBSP, BOM = "\u200b", "\u00a0", "\ufeff"
LONG_NAME = ("นายสมศักดิ์ มีสุข " * 3000)[:50_000]
LONG_MARK = "LONG-CELL-50000"  # openpyxl cuts text at Excel's 32,767; the saved file gets the whole name
AGENCIES, PEOPLE, ACTIVITIES, LETTERS = "หน่วยงาน", "ทีมงาน", "กำหนดการ", "ทะเบียนหนังสือส่ง"

Grids = dict[str, list[list[object]]]


def missing_tab() -> openpyxl.Workbook:
    grids = minimal_grids()
    del grids[LETTERS]
    return book_of(grids)


def missing_header() -> openpyxl.Workbook:
    grids = minimal_grids()
    grids[ACTIVITIES][0][2] = "วันจัด"  # the date column, renamed to something kmsheets does not know
    return book_of(grids)


def duplicated_header() -> openpyxl.Workbook:
    grids = minimal_grids()
    grids[PEOPLE][0].append("รหัส")  # a second id column, I, after someone copied the first
    for row in grids[PEOPLE][1:]:
        row.append(row[0])
    return book_of(grids)


def merged_header() -> openpyxl.Workbook:
    book = book_of(minimal_grids())
    book[PEOPLE].merge_cells("B1:C1")  # the name header stretched over the role column: C1 is gone
    return book


def empty_sheet() -> openpyxl.Workbook:
    grids = minimal_grids()
    grids[LETTERS] = []  # the tab is there, with nothing in it, not even its header
    return book_of(grids)


def blank_rows() -> openpyxl.Workbook:
    book = book_of(minimal_grids())
    sheet = book[ACTIVITIES]
    width = len(header("activities"))
    fill = PatternFill("solid", fgColor="FFF2CC")
    line = Side(style="thin")
    # 10,000 rows of cleared cells: a space, an empty string, a non-breaking or a zero-width space
    for number in range(3, 10_003):
        sheet.cell(number, 1 + number % width, (" ", "", NBSP, ZWSP, " \t ")[number % 5])
    # then formatted rows with no value at all, as after a colour was painted down the sheet
    for number in range(10_003, 10_103):
        for column in range(1, width + 1):
            cell = sheet.cell(number, column)
            cell.fill = fill
            cell.border = Border(top=line, bottom=line, left=line, right=line)
    return book


BAD_DATES = [
    ("31/02/2569", "day 31 of month 2 does not exist"),
    ("2026-13-01", "month 13"),
    ("พรุ่งนี้", "write it as"),
    (0, "write it as"),
    (-3, "write it as"),
    ("๓๑/๐๔/๒๕๖๙", "day 31 of month 4 does not exist"),
    ("1/1/2400", "the year 2400 is neither Buddhist Era nor Common Era"),
    ("๑ มกราคม ๒๔๐๐", "the year 2400 is neither Buddhist Era nor Common Era"),
]


def bad_dates() -> openpyxl.Workbook:
    grids = minimal_grids()
    for number, (date, _) in enumerate(BAD_DATES, start=11):
        grids[ACTIVITIES].append([f"A{number}", "เวทีย่อย", date, "", "", "", "P01", "", "", ""])
    return book_of(grids)


def thai_digit_ids() -> openpyxl.Workbook:
    grids = minimal_grids()
    grids[ACTIVITIES][1][6] = "P๐๑, P02"
    grids[LETTERS].append(["A๐๑/AG๐๑", "นศ ๐๐๑๗.๒/๑", "1/12/2569", "", "A๐๑", "AG๐๑", "P๐๒", "", "", "",
                           "", "", ""])
    grids[PEOPLE].append(["P๐๒", "นายสมหมาย ใจงาม", "คุณกิจ", "AG01", "", "", "", ""])  # P02 again
    return book_of(grids)


def stray_spaces() -> openpyxl.Workbook:
    grids = minimal_grids()
    grids[AGENCIES][2][0] = f" AG01{NBSP}"
    grids[PEOPLE][1][0] = f"{ZWSP}P01 "
    grids[PEOPLE][2][0] = f"P0{ZWSP}2"
    grids[PEOPLE][2][3] = f"AG01{ZWSP}"
    grids[ACTIVITIES][1][0] = f"A01{ZWSP}"
    grids[ACTIVITIES][1][6] = f" P01{ZWSP},{NBSP}P02{BOM} "
    grids[LETTERS].append([" A01/AG01 ", "นศ ๐๐๑๗.๒/๑", "1/12/2569", "", f"{BOM}A01", f"AG01{ZWSP}",
                           f"P02{NBSP}", "", "", "", "", "", ""])
    grids[PEOPLE].append(["P03", "นางมาลี ศรีสุข", "แกนนำ", "AG 01", "", "", "", ""])  # a space inside an id
    return book_of(grids)


def long_cell() -> openpyxl.Workbook:
    grids = minimal_grids()
    grids[PEOPLE][2][1] = LONG_MARK  # replaced by LONG_NAME in the saved file: see put_long_name
    return book_of(grids)


def put_long_name(path: Path) -> None:
    """Swap LONG_MARK for the 50,000-character LONG_NAME in the saved file, as Google Sheets (whose cells
    hold up to 50,000 characters) or another tool may export it."""
    with zipfile.ZipFile(path) as source:
        parts = {info: source.read(info) for info in source.infolist()}
    marked = [info for info, data in parts.items() if LONG_MARK.encode() in data]
    assert len(marked) == 1, [info.filename for info in marked]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts.items():
            if info in marked:
                data = data.replace(LONG_MARK.encode(), escape(LONG_NAME).encode("utf-8"))
            target.writestr(info, data)


def formulas() -> openpyxl.Workbook:
    grids = minimal_grids()
    grids[ACTIVITIES][1][1] = '=HYPERLINK("http://x","y")'
    grids[PEOPLE][2][1] = '=IMPORTXML("http://x","//a")'
    return book_of(grids)


def injection() -> openpyxl.Workbook:
    grids = minimal_grids()
    grids[AGENCIES][2][1] = "<script>alert(1)</script>"
    grids[ACTIVITIES][1][1] = "{{ 7*7 }}"
    grids[PEOPLE][1][4] = "{field} {value} %s {0}"
    grids[PEOPLE][2][2] = "{{ 7*7 }}"  # a role that is not one: reported, shown as typed
    return book_of(grids)


def numbers_in_date_cells() -> openpyxl.Workbook:
    """A bare number in a date cell, which a spreadsheet counts in days from 1900."""
    grids = minimal_grids()
    grids[ACTIVITIES].append(["A02", "เยี่ยมบ้าน", 2569, "", "", "", "P02", "", "", ""])  # the year alone: 1907
    grids[LETTERS].append(["A01/AG01", "นศ ๐๐๑๗.๒/๑", "1/12/2569", "", "A01", "AG01", "P02", "", "",
                           5, 6, "", ""])  # sent 5, endorsed 6: 4-5 January 1900, which read as ENDORSED
    return book_of(grids)


def far_dates() -> openpyxl.Workbook:
    """Dates far from today: 15/12/69 typed into Google Sheets, which stores 1969; a mistyped BE year."""
    grids = minimal_grids()
    grids[ACTIVITIES].append(["A02", "เยี่ยมบ้าน", dt.date(1969, 12, 15), "", "", "", "P02", "", "", ""])
    grids[ACTIVITIES].append(["A03", "สรุปบทเรียน", "15/12/2669", "", "", "", "P02", "", "", ""])
    return book_of(grids)


def future_dates() -> openpyxl.Workbook:
    """An endorsement dated after today, an activity marked done before its day (today: 1 Dec 2569)."""
    grids = minimal_grids()
    grids[ACTIVITIES][1][7] = "เสร็จสิ้น"  # A01, on 10 Dec
    grids[LETTERS].append(["A01/AG01", "นศ ๐๐๑๗.๒/๑", "1/12/2569", "", "A01", "AG01", "P02", "", "",
                           "1/12/2569", "8/12/2569", "", ""])
    return book_of(grids)


def year_boundary() -> openpyxl.Workbook:
    """Numbers run per Buddhist-Era year: /6 of 2568 and /6 of 2569 are two letters; /6 twice in 2569 is not."""
    grids = minimal_grids()
    grids[ACTIVITIES].append(["A02", "เยี่ยมบ้าน", "11/12/2569", "", "", "", "P02", "", "", ""])
    grids[ACTIVITIES].append(["A03", "สรุปบทเรียน", "12/12/2569", "", "", "", "P02", "", "", ""])
    for key, issued in (("A01/AG01", "29/12/2568"), ("A02/AG01", "5/1/2569"), ("A03/AG01", "๓๐ พ.ย. ๒๕๖๙")):
        grids[LETTERS].append([key, "นศ ๐๐๑๗.๒/๖", issued, "", key[:3], "AG01", "P02", "", "", "", "", "", ""])
    return book_of(grids)


def merged_cells() -> openpyxl.Workbook:
    """Merged cells in the data area: a staff cell over two activities, a flag over its note."""
    grids = minimal_grids()
    grids[ACTIVITIES].append(["A02", "เยี่ยมบ้าน", "11/12/2569", "", "", "", "P02", "", "", ""])
    grids[ACTIVITIES].append(["A03", "สรุปบทเรียน", "12/12/2569", "", "", "", "P02", "", "", ""])
    book = book_of(grids)
    book[ACTIVITIES].merge_cells("G2:G3")  # A02's staff reads empty: its letter would silently go
    book[ACTIVITIES].merge_cells("I4:J4")  # A03's note would be written where nobody sees it
    return book


LONG_ID = "ก" * 150


def unfit_ids() -> openpyxl.Workbook:
    """Ids that cannot name a file: 150 Thai letters (450 bytes), a slash, a line break."""
    grids = minimal_grids()
    grids[ACTIVITIES].append([LONG_ID, "เยี่ยมบ้าน", "11/12/2569", "", "", "", "P02", "", "", ""])
    grids[ACTIVITIES].append(["A/03", "สรุปบทเรียน", "12/12/2569", "", "", "", "P02", "", "", ""])
    grids[AGENCIES].append(["AG\n02", "กลุ่มออมทรัพย์", "ประธานกลุ่ม", "", "", ""])
    return book_of(grids)


AM = "\u0e4d\u0e32"  # nikhahit + sara aa, for sara am (ำ)


def decomposed_thai() -> openpyxl.Workbook:
    """Thai typed in decomposed form (as some keyboards and PDFs give it) in a tab title, a header, roles,
    a status and an id: all read as their standard form. One role is also misspelt: its message says what
    differs from the form it looks like."""
    grids = minimal_grids()
    activities = grids[f"ก{AM}หนดการ"] = grids.pop(ACTIVITIES)
    grids[PEOPLE][0][5] = f"ต{AM}บล"  # the tambon header
    grids[PEOPLE][1][2] = f"คุณอ{AM}นวย"
    grids[PEOPLE].append(["P03", "นางสาวน้ำฝน ใจดี", "คุณเอ\u0e49\u0e37อ", f"AG-ล{AM}", "", "", "", ""])  # tone first
    grids[PEOPLE].append(["P04", "นายสมหมาย ใจงาม", f"คุณอ{AM}นวบ", "AG01", "", "", "", ""])
    grids[AGENCIES].append(["AG-ลำ", "กลุ่มออมทรัพย์บ้านลำ", "ประธานกลุ่ม", "", "", ""])
    activities.append(["A02", "เยี่ยมบ้าน", "20/11/2569", "", "", "", "P02", f"ด{AM}เนินการแล้ว", "", ""])
    return book_of(grids)


def colloquial_dates() -> openpyxl.Workbook:
    """Months as people say them, a time without the final dot: all read."""
    grids = minimal_grids()
    grids[ACTIVITIES][1][3] = "9.00-12.00 น"
    grids[ACTIVITIES].append(["A02", "เยี่ยมบ้าน", "15 กุมภา 70", "13.30 น", "", "", "P02", "", "", ""])
    grids[ACTIVITIES].append(["A03", "สรุปบทเรียน", "3 ธันวา 69", "", "", "", "P02", "", "", ""])
    grids[LETTERS].append(["A01/AG01", "นศ ๐๐๑๗.๒/๑", "1 ธันวา 69", "", "A01", "AG01", "P02", "", "",
                           "2 ธันวา 69", "", "", ""])
    return book_of(grids)


CASES: dict[str, Callable[[], openpyxl.Workbook]] = {
    "missing_tab": missing_tab,
    "missing_header": missing_header,
    "duplicated_header": duplicated_header,
    "merged_header": merged_header,
    "empty_sheet": empty_sheet,
    "blank_rows": blank_rows,
    "bad_dates": bad_dates,
    "thai_digit_ids": thai_digit_ids,
    "stray_spaces": stray_spaces,
    "long_cell": long_cell,
    "formulas": formulas,
    "injection": injection,
    "numbers_in_date_cells": numbers_in_date_cells,
    "far_dates": far_dates,
    "future_dates": future_dates,
    "year_boundary": year_boundary,
    "merged_cells": merged_cells,
    "unfit_ids": unfit_ids,
    "decomposed_thai": decomposed_thai,
    "colloquial_dates": colloquial_dates,
}


def build(folder: Path = OUT) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, make in CASES.items():
        path = folder / f"{name}.xlsx"
        make().save(path)
        if make is long_cell:
            put_long_name(path)
        paths.append(path)
    return paths


if __name__ == "__main__":
    for built in build():
        print(built.relative_to(HERE.parent.parent))
