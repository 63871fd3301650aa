"""Build the bundled demo workbook: a made-up KM programme in three tambons of Nakhon Si Thammarat.

    python scripts/make_demo.py [OUT]          (default: kmsheets/demo/demo.xlsx)

It also draws, beside the workbook, the chart the README shows (endorsement_days.png, as `kmsheets report`
draws it from the demo).

The data is kept here as plain tables so it can be reviewed as text. As of 1 December 2026 (2569) it has
letters endorsed, one overdue, one due soon, one unsent, two waiting, one for a cancelled activity, and
activities with no letter yet, for `kmsheets letters` to make. Behind them is five months of history for
`kmsheets report`: earlier activities (K01-K10, July to November) whose requests were sent and endorsed,
the tambon administrative organisation (AG01) taking 9-16 days where the others take 1-8, and missing one
activity (K08) even after a reminder. With [endorsement] learn, AG01's letter for A12, waiting under the
plain 7 days, is overdue.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import openpyxl
from openpyxl.styles import Font, PatternFill

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from kmsheets.backends.xlsx import XlsxBackend  # noqa: E402
from kmsheets.charts import ENDORSEMENT_DAYS, endorsement_days_chart  # noqa: E402
from kmsheets.config import WorkbookConfig  # noqa: E402
from kmsheets.lessons import registry_lessons  # noqa: E402
from kmsheets.schema import TABS  # noqa: E402
from kmsheets.thaidate import format_date  # noqa: E402
from kmsheets.validate import validate  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "kmsheets" / "demo" / "demo.xlsx"
# The registry's last column, what each letter told its agency: kmsheets fills it; empty in the demo.
FACTS = "ข้อมูลที่แจ้งในหนังสือ"
AS_OF = dt.date(2026, 12, 1)  # the day the demo's flags are told for
LEAD_DAYS = 7  # config.example.toml's

AGENCIES = [
    ("AG00", "สำนักงานพัฒนาชุมชนจังหวัดนครศรีธรรมราช", "พัฒนาการจังหวัดนครศรีธรรมราช",
     "ศาลากลางจังหวัด ถนนราชดำเนิน อำเภอเมือง จังหวัดนครศรีธรรมราช ๘๐๐๐๐", "075-356123", "km@nakhon.example"),
    ("AG01", "องค์การบริหารส่วนตำบลท่าศาลา", "นายกองค์การบริหารส่วนตำบลท่าศาลา",
     "หมู่ ๑ ตำบลท่าศาลา อำเภอท่าศาลา จังหวัดนครศรีธรรมราช ๘๐๑๖๐", "075-521100", ""),
    ("AG02", "สำนักงานเกษตรอำเภอท่าศาลา", "เกษตรอำเภอท่าศาลา", "อำเภอท่าศาลา จังหวัดนครศรีธรรมราช ๘๐๑๖๐",
     "075-521234", ""),
    ("AG03", "สำนักงานพัฒนาชุมชนอำเภอท่าศาลา", "พัฒนาการอำเภอท่าศาลา", "ที่ว่าการอำเภอท่าศาลา ๘๐๑๖๐",
     "075-521345", ""),
    ("AG04", "โรงพยาบาลส่งเสริมสุขภาพตำบลกลาย", "ผู้อำนวยการโรงพยาบาลส่งเสริมสุขภาพตำบลกลาย",
     "ตำบลกลาย อำเภอท่าศาลา ๘๐๑๖๐", "075-522456", ""),
    ("AG05", "ศูนย์ส่งเสริมการเรียนรู้อำเภอท่าศาลา (กศน.)", "ผู้อำนวยการศูนย์ส่งเสริมการเรียนรู้อำเภอท่าศาลา",
     "อำเภอท่าศาลา ๘๐๑๖๐", "075-521567", ""),
    ("AG06", "บริษัท ท่าศาลาเกษตรพัฒนา จำกัด", "กรรมการผู้จัดการบริษัท ท่าศาลาเกษตรพัฒนา จำกัด",
     "ตำบลไทยบุรี อำเภอท่าศาลา ๘๐๑๖๐", "075-523678", ""),
    ("AG07", "เครือข่ายองค์กรชุมชนลุ่มน้ำท่าศาลา", "ประธานเครือข่ายองค์กรชุมชนลุ่มน้ำท่าศาลา",
     "ตำบลกลาย อำเภอท่าศาลา ๘๐๑๖๐", "081-234-5678", ""),
]

FIRST = ["สมชาย", "สมศรี", "วิชัย", "มาลี", "ประเสริฐ", "จันทร์เพ็ญ", "สุชาติ", "อรุณี", "บุญมี", "ละเอียด",
         "ธีระ", "สุนีย์", "ชาตรี", "กาญจนา", "ไพโรจน์", "วันดี", "สมบัติ", "ปราณี", "เอกชัย", "นงลักษณ์"]
LAST = ["ใจดี", "รักถิ่น", "ศรีสุข", "มีทรัพย์", "แก้วมณี", "ทองคำ", "บุญเรือง", "สุขสวัสดิ์", "เพชรรัตน์", "ชูช่วย"]
TAMBONS = ["ท่าศาลา", "กลาย", "ไทยบุรี"]
# (role, agency, position) for P01..P40, in order
ROLES = (
    [("คุณประสาน", "AG00", "นักพัฒนาชุมชนชำนาญการ"), ("คุณลิขิต", "AG00", "นักพัฒนาชุมชนปฏิบัติการ"),
     ("คุณอำนวย", "AG00", "นักพัฒนาชุมชนชำนาญการ"), ("คุณอำนวย", "AG00", "นักพัฒนาชุมชน")]
    + [("คุณเอื้อ", ag, "หัวหน้าหน่วยงาน") for ag in ("AG01", "AG02", "AG03", "AG04")]
    + [("คุณอำนวย", "AG01", "นักพัฒนาชุมชน"), ("คุณอำนวย", "AG01", "นักวิชาการเกษตร"),
       ("คุณอำนวย", "AG02", "นักวิชาการส่งเสริมการเกษตรชำนาญการ"), ("คุณอำนวย", "AG02", "เจ้าพนักงานการเกษตร"),
       ("คุณอำนวย", "AG03", "นักพัฒนาชุมชนปฏิบัติการ"), ("คุณอำนวย", "AG04", "พยาบาลวิชาชีพชำนาญการ"),
       ("คุณอำนวย", "AG05", "ครู กศน.ตำบล"), ("คุณอำนวย", "AG06", "เจ้าหน้าที่ชุมชนสัมพันธ์"),
       ("คุณอำนวย", "AG07", "ผู้ประสานงานเครือข่าย"), ("คุณลิขิต", "AG05", "ครู กศน.ตำบล")]
    + [("แกนนำ", "", "แกนนำหมู่บ้าน")] * 12
    + [("คุณกิจ", "", "ครัวเรือนต้นแบบ")] * 10
)
TITLES = ["นาย", "นาง", "นาย", "นางสาว"]


def people() -> list[tuple]:
    rows = []
    for i, (role, agency, position) in enumerate(ROLES, start=1):
        name = f"{TITLES[i % 4]}{FIRST[i % len(FIRST)]} {LAST[(i * 3) % len(LAST)]}"
        rows.append((f"P{i:02}", name, role, agency, position, TAMBONS[i % 3], f"08{i % 10}-{100 + i * 7}-{2000 + i * 13}",
                     ""))
    return rows


# Facilitators by agency, and village leaders by tambon, to staff the activities.
STAFF = {"AG00": ["P03", "P04"], "AG01": ["P09", "P10"], "AG02": ["P11", "P12"], "AG03": ["P13"], "AG04": ["P14"],
         "AG05": ["P15"], "AG06": ["P16"], "AG07": ["P17"]}
LEADERS = [f"P{i:02}" for i in range(19, 31)]
TITLES_OF_WORK = ["เวทีแลกเปลี่ยนเรียนรู้แก้จน", "จัดทำบัญชีครัวเรือน", "ลงพื้นที่เยี่ยมครัวเรือนต้นแบบ",
                  "อบรมแกนนำ ๘ คนต่อหมู่บ้าน", "ถอดบทเรียนการทำเกษตรผสมผสาน"]
PLACES = ["ศาลาอเนกประสงค์หมู่ ๓", "วัดกลาย", "โรงเรียนบ้านไทยบุรี", "บ้านผู้ใหญ่บ้านหมู่ ๕"]
TIMES = ["09.00-12.00 น.", "13.00-16.00 น."]
START = dt.date(2026, 11, 16)
# A few dates typed the way teams type them, rather than as date cells.
TEXT_DATES = {4: lambda d: f"{d.day}/{d.month}/{d.year + 543}",
              9: lambda d: format_date(d, short=True).replace(" ๖๙", " ๒๕๖๙"),
              20: lambda d: format_date(d, thai_digits=False)}


def activities() -> list[tuple]:
    rows = []
    agencies = ["AG01", "AG02", "AG03", "AG04", "AG05", "AG06", "AG07"]
    for i in range(1, 26):
        day = START + dt.timedelta(days=(i - 1) * 67 // 24)
        staff = [STAFF["AG00"][i % 2], STAFF[agencies[i % 7]][0], LEADERS[i % 12]]
        if i % 3 == 0:
            staff.insert(2, STAFF[agencies[(i + 2) % 7]][-1])
        status = "done" if day < AS_OF else "cancelled" if i == 14 else "planned"
        date = TEXT_DATES[i](day) if i in TEXT_DATES else day
        rows.append((f"A{i:02}", TITLES_OF_WORK[i % 5], date, TIMES[i % 2], PLACES[i % 4], TAMBONS[i % 3],
                     ", ".join(staff), status, "", "", "โทรนัดแล้ว" if i % 4 == 0 else ""))
    return rows


# Earlier activities, all done: (id, date, title, place, tambon, agencies asked).
PAST = [("K01", dt.date(2026, 7, 8), 0, 0, 0, ("AG01", "AG03")),
        ("K02", dt.date(2026, 7, 22), 1, 1, 1, ("AG02", "AG06")),
        ("K03", dt.date(2026, 8, 5), 2, 2, 2, ("AG01", "AG04")),
        ("K04", dt.date(2026, 8, 19), 3, 3, 0, ("AG02", "AG05", "AG07")),
        ("K05", dt.date(2026, 9, 2), 4, 0, 1, ("AG01", "AG03")),
        ("K06", dt.date(2026, 9, 16), 0, 1, 2, ("AG02", "AG04", "AG06")),
        ("K07", dt.date(2026, 9, 30), 1, 2, 0, ("AG01", "AG07")),
        ("K08", dt.date(2026, 10, 14), 2, 3, 1, ("AG01", "AG02", "AG05")),
        ("K09", dt.date(2026, 10, 28), 3, 0, 2, ("AG01", "AG03", "AG04")),
        ("K10", dt.date(2026, 11, 9), 4, 1, 0, ("AG01", "AG06", "AG07"))]

# The send registry: (activity, agency, kind, issued = sent, endorsed); dates as the team typed them.
REGISTRY = [
    # the history: AG01 endorses in 9-16 days (late for K01, K03, K07 and K10; K08 missed even after a reminder)
    ("K01", "AG01", "request", "22/6/2569", "2/7/2569"), ("K01", "AG03", "request", "22/6/2569", "23/6/2569"),
    ("K02", "AG02", "request", "6/7/2569", "10/7/2569"), ("K02", "AG06", "request", "8/7/2569", "9/7/2569"),
    ("K03", "AG01", "request", "16/7/2569", "30/7/2569"), ("K03", "AG04", "request", "20/7/2569", "23/7/2569"),
    ("K04", "AG02", "request", "3/8/2569", "9/8/2569"), ("K04", "AG05", "request", "5/8/2569", "7/8/2569"),
    ("K04", "AG07", "request", "5/8/2569", "8/8/2569"),
    ("K05", "AG01", "request", "17/8/2569", "26/8/2569"), ("K05", "AG03", "request", "20/8/2569", "22/8/2569"),
    ("K06", "AG02", "request", "31/8/2569", "8/9/2569"), ("K06", "AG04", "request", "1/9/2569", "6/9/2569"),
    ("K06", "AG06", "request", "3/9/2569", "5/9/2569"),
    ("K07", "AG01", "request", "14/9/2569", "30/9/2569"), ("K07", "AG07", "request", "16/9/2569", "21/9/2569"),
    ("K08", "AG02", "request", "28/9/2569", "3/10/2569"), ("K08", "AG05", "request", "1/10/2569", "5/10/2569"),
    ("K08", "AG01", "request", "2/10/2569", ""), ("K09", "AG01", "request", "5/10/2569", "17/10/2569"),
    ("K08", "AG01", "reminder", "9/10/2569", ""), ("K09", "AG04", "request", "12/10/2569", "16/10/2569"),
    ("K09", "AG03", "request", "14/10/2569", "17/10/2569"),
    ("K10", "AG01", "request", "20/10/2569", "4/11/2569"), ("K10", "AG06", "request", "26/10/2569", "27/10/2569"),
    ("K10", "AG07", "request", "26/10/2569", "28/10/2569"),
    ("A01", "AG02", "request", "2/11/2569", "9/11/2569"), ("A02", "AG03", "request", "4/11/2569", "5/11/2569"),
    ("A03", "AG04", "request", "6/11/2569", "10/11/2569"), ("A03", "AG06", "request", "6/11/2569", "8/11/2569"),
    ("A04", "AG05", "request", "9/11/2569", "12/11/2569"), ("A06", "AG07", "request", "12/11/2569", "16/11/2569"),
    ("A06", "AG02", "request", "13/11/2569", "20/11/2569"),
    # as of 1 December 2569
    ("A05", "AG06", "request", "17/11/2569", "20/11/2569"),   # ENDORSED (activity 27 Nov, done)
    ("A08", "AG02", "request", "21/11/2569", ""),             # OVERDUE (activity 5 Dec, due 28 Nov)
    ("A10", "AG04", "request", "25/11/2569", ""),             # DUE_SOON (activity 11 Dec, due 4 Dec)
    ("A12", "AG06", "request", "", ""),                       # UNSENT (activity 16 Dec)
    ("A12", "AG01", "request", "27/11/2569", ""),             # WAITING (due 9 Dec); learned: OVERDUE (due 30 Nov)
    ("A14", "AG01", "request", "27/11/2569", ""),             # CANCELLED (the activity was)
    ("A13", "AG07", "request", "28/11/2569", "30/11/2569"),   # ENDORSED
    ("A20", "AG07", "request", "28/11/2569", ""),             # WAITING (activity 8 Jan 2570)
]


def past_activities() -> list[tuple]:
    rows = []
    for n, (activity, day, title, place, tambon, agencies) in enumerate(PAST):
        staff = [STAFF["AG00"][n % 2]] + [STAFF[agency][0] for agency in agencies] + [LEADERS[(n * 5) % 12]]
        rows.append((activity, TITLES_OF_WORK[title], day, TIMES[n % 2], PLACES[place], TAMBONS[tambon],
                     ", ".join(staff), "done", "", "", ""))
    return rows


def letters(schedule: list[tuple]) -> list[tuple]:
    """The registry's rows, numbered in the order they were issued (an unsent letter was issued on 25 Nov)."""
    by_id = {row[0]: row for row in schedule}
    people_of = {p[0]: p for p in people()}
    rows = []
    for n, (activity, agency, kind, sent, endorsed) in enumerate(REGISTRY, start=1):
        staff = [s for s in by_id[activity][6].split(", ") if people_of[s][3] == agency]
        assert staff, (activity, agency)
        number = "นศ ๐๐๑๗.๒/" + str(n).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
        key, subject = f"{activity}/{agency}", f"ขอความอนุเคราะห์บุคลากรร่วมกิจกรรม{by_id[activity][1]}"
        if kind == "reminder":
            key, subject = f"{key}/R", f"ติดตามหนังสือ{subject}"
        rows.append((key, number, sent or "25/11/2569", kind, activity, agency, ", ".join(staff), subject, "", sent,
                     endorsed, "", ""))
    return rows


def write(out: Path) -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    schedule = past_activities() + activities()
    data = {"agencies": AGENCIES, "people": people(), "activities": schedule, "letters": letters(schedule)}
    for name, rows in data.items():
        tab = TABS[name]
        sheet = book.create_sheet(tab.title)
        extra = {"activities": ["หมายเหตุ"], "letters": [FACTS]}.get(name, [])
        head = [f.thai for f in tab.fields if f.thai != FACTS] + extra
        sheet.append(head)
        for row in rows:
            sheet.append(list(row))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="FFD9E7F5")
        sheet.freeze_panes = "A2"
        for letter, width in zip("ABCDEFGHIJKLMN", (12, 34, 26, 14, 22, 12, 20, 10, 14, 30, 14, 14, 30, 30)):
            sheet.column_dimensions[letter].width = width
        if name == "activities":
            for row in sheet.iter_rows(min_row=2, min_col=3, max_col=3):
                if isinstance(row[0].value, dt.date):
                    row[0].number_format = "d/m/yyyy"
            sheet["M1"] = "จำนวนกิจกรรม"
            sheet["M2"] = "=COUNTA(A2:A100)"
    book.properties.created = book.properties.modified = dt.datetime(2026, 11, 1)
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)


def draw_chart(workbook: Path) -> Path:
    """Days to endorsement per agency in the demo, beside it: the chart the README shows."""
    programme = validate(XlsxBackend(workbook, WorkbookConfig(source=str(workbook))).read(), today=AS_OF).programme
    lessons = registry_lessons(programme, lead_days=LEAD_DAYS, today=AS_OF)
    return endorsement_days_chart(lessons.agencies, LEAD_DAYS, workbook.parent / ENDORSEMENT_DAYS, language="th",
                                  thai_digits=True)


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    write(out)
    draw_chart(out)
