"""The letter templates, filled: the parts of an external letter in order for each of the four kinds, Thai dates
and digits everywhere, the emblem, the page and the font an office expects, and cell text that is printed
exactly as typed, never evaluated."""

from __future__ import annotations

import copy
import datetime as dt
import importlib.util
import io
import re
import sys
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table

from emblem import draw_emblem
from kmsheets.errors import ConfigError
from kmsheets.render import letter_environment, render_letter

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
REQUEST, REMINDER, CHANGE, CANCEL = (TEMPLATES / f"{kind}.docx" for kind in ("request", "reminder", "change", "cancel"))
KINDS = ("request", "reminder", "change", "cancel")
THAI_DIGITS = re.compile("[๐-๙]")
ARABIC_DIGITS = re.compile("[0-9]")

PEOPLE = [
    {"id": "P01", "name": "นางสาวสุภาพร ใจดี", "position": "นักพัฒนาชุมชนชำนาญการ",
     "agency_name": "องค์การบริหารส่วนตำบลท่าศาลา"},
    {"id": "P02", "name": "นายสมชาย รักถิ่น", "position": "นักวิชาการเกษตรปฏิบัติการ",
     "agency_name": "องค์การบริหารส่วนตำบลท่าศาลา"},
]
ADDED = {"id": "P03", "name": "นางมาลี ศรีสุข", "position": "นักวิชาการสาธารณสุข",
         "agency_name": "องค์การบริหารส่วนตำบลท่าศาลา"}
EARLIER = {"number": "นศ ๐๐๑๗.๒/๑๒", "issued": dt.date(2026, 11, 2),
           "subject": "ขอความอนุเคราะห์บุคลากรร่วมกิจกรรมเวทีประชาคมแผนแม่บทชุมชน"}


def request_letter(**changes: object) -> dict:
    letter = {
        "kind": "request",
        "key": "A03/AG02",
        "urgency": "",
        "number": "นศ ๐๐๑๗.๒/๑๒",
        "issued": dt.date(2026, 12, 2),
        "subject": "ขอความอนุเคราะห์บุคลากรร่วมกิจกรรมเวทีประชาคมแผนแม่บทชุมชน",
        "addressee": "นายกองค์การบริหารส่วนตำบลท่าศาลา",
        "reply_by": dt.date(2026, 12, 9),
        "reference": None,
        "enclosures": [],
        "sender": {"name": "สำนักงานจังหวัดนครศรีธรรมราช",
                   "address": "ศาลากลางจังหวัดนครศรีธรรมราช\nถนนราชดำเนิน นศ ๘๐๐๐๐",
                   "address_lines": ["ศาลากลางจังหวัดนครศรีธรรมราช", "ถนนราชดำเนิน นศ ๘๐๐๐๐"],
                   "phone": "๐ ๗๕๓๕ ๖๑๒๓", "fax": "๐ ๗๕๓๕ ๖๑๒๔", "email": "saraban@nakhon.example",
                   "unit": "กลุ่มงานยุทธศาสตร์และข้อมูลเพื่อการพัฒนาจังหวัด"},
        "agency": {"id": "AG02", "name": "องค์การบริหารส่วนตำบลท่าศาลา", "address": "ท่าศาลา นศ", "phone": ""},
        "people": copy.deepcopy(PEOPLE),
        "activity": {"id": "A03", "title": "เวทีประชาคมแผนแม่บทชุมชน", "date": dt.date(2026, 12, 16),
                     "time": "๐๙.๐๐ - ๑๒.๐๐ น.", "place": "ศาลาอเนกประสงค์หมู่ที่ ๓", "tambon": "ท่าศาลา"},
        "change": None,
        "cancel": None,
        "signatory": {"name": "นายวิชัย ประสานงาน", "position": "ผู้ว่าราชการจังหวัดนครศรีธรรมราช"},
        "emblem": "",
    }
    letter.update(changes)
    return letter


def reminder_letter(**changes: object) -> dict:
    letter = request_letter(kind="reminder", key="A03/AG02/R", urgency="ด่วนที่สุด", number="นศ ๐๐๑๗.๒/๓๐",
                            reference=copy.deepcopy(EARLIER))
    letter.update(changes)
    return letter


def change_letter(**changes: object) -> dict:
    """The activity moved from 16 Dec 09.00-12.00 at the sala to 8 Jan 13.00-16.00 at the temple; one person added,
    one withdrawn."""
    before = request_letter()["activity"]
    letter = request_letter(
        kind="change", key="A03/AG02/C1", number="นศ ๐๐๑๗.๒/๓๑", reference=copy.deepcopy(EARLIER),
        subject="แจ้งเปลี่ยนแปลงกำหนดการกิจกรรมเวทีประชาคมแผนแม่บทชุมชน", reply_by=dt.date(2027, 1, 1),
        activity=dict(before, date=dt.date(2027, 1, 8), time="13.00-16.00 น.", place="วัดท่าศาลา"),
        people=[copy.deepcopy(PEOPLE[0]), copy.deepcopy(ADDED)],
        change={"before": {"date": before["date"], "time": before["time"], "place": before["place"]},
                "changed": ["date", "time", "place", "people"], "added": [copy.deepcopy(ADDED)],
                "withdrawn": [copy.deepcopy(PEOPLE[1])], "asks_endorsement": True})
    letter.update(changes)
    return letter


def place_only_change(**changes: object) -> dict:
    before = request_letter()["activity"]
    return change_letter(activity=dict(before, place="วัดท่าศาลา"), people=copy.deepcopy(PEOPLE), reply_by=None,
                         change={"before": {"date": before["date"], "time": before["time"], "place": before["place"]},
                                 "changed": ["place"], "added": [], "withdrawn": [], "asks_endorsement": False},
                         **changes)


def cancel_letter(**changes: object) -> dict:
    letter = request_letter(kind="cancel", key="A03/AG02/X", number="นศ ๐๐๑๗.๒/๓๒", reference=copy.deepcopy(EARLIER),
                            subject="แจ้งยกเลิกการขอความอนุเคราะห์บุคลากรร่วมกิจกรรมเวทีประชาคมแผนแม่บทชุมชน",
                            reply_by=None, cancel={"reason": "cancelled"})
    letter.update(changes)
    return letter


LETTERS = {"request": request_letter, "reminder": reminder_letter, "change": change_letter, "cancel": cancel_letter}


def render(kind: str, letter: dict | None = None, **options: object) -> bytes:
    return render_letter(TEMPLATES / f"{kind}.docx", letter or LETTERS[kind](), **options)


def arabic(letter: dict) -> dict:
    """The same letter as a team that types Arabic digits would have it."""
    table = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")

    def convert(value):
        if isinstance(value, str):
            return value.translate(table)
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items()}
        if isinstance(value, list):
            return [convert(v) for v in value]
        return value

    return convert(letter)


def open_docx(data: bytes) -> DocumentObject:
    return docx.Document(io.BytesIO(data))


def lines(data: bytes) -> list[str]:
    """Every paragraph's text in reading order: the first page's header (urgency), then the body, with the
    paragraphs of table cells in their place; no-break spaces read as spaces."""
    document = open_docx(data)
    out = [p.text for p in document.sections[0].first_page_header.paragraphs]
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            out.extend(p.text for row in block.rows for cell in row.cells for p in cell.paragraphs)
        else:
            out.append(block.text)
    return [line.replace("\u00a0", " ").strip() for line in out if line.strip()]


def index_of(texts: list[str], predicate, start: int = 0) -> int:
    for i in range(start, len(texts)):
        if predicate(texts[i]):
            return i
    raise AssertionError(f"no line matches after line {start}:\n" + "\n".join(texts))


def label_value(line: str, label: str) -> str:
    assert line.startswith(label), line
    return line[len(label):].strip()


def body_text(texts: list[str]) -> str:
    start = index_of(texts, lambda t: t.startswith(("อ้างถึง", "เรียน")))
    start = max(start, max(i for i, t in enumerate(texts) if t.startswith(("อ้างถึง", "เรียน"))))
    end = index_of(texts, lambda t: t == "ขอแสดงความนับถือ")
    return "\n".join(texts[start + 1:end])


def closing(texts: list[str]) -> str:
    """The body's last paragraph, the one before ขอแสดงความนับถือ."""
    return texts[index_of(texts, lambda t: t == "ขอแสดงความนับถือ") - 1]


def copies(texts: list[str]) -> list[str]:
    return [t.replace("สำเนาส่ง", "").strip() for t in texts[index_of(texts, lambda t: t.startswith("สำเนาส่ง")):]]


# --- the parts of an external letter, in order ---------------------------------------------------------------
OPENING = {"request": "ด้วยสำนักงานจังหวัดนครศรีธรรมราชกำหนดจัดกิจกรรม", "reminder": "ตามหนังสือที่อ้างถึง",
           "change": "ตามหนังสือที่อ้างถึง", "cancel": "ตามหนังสือที่อ้างถึง"}


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_has_the_parts_of_an_external_letter_in_order(kind):
    letter = LETTERS[kind]()
    texts = lines(render(kind, letter))
    order = [
        index_of(texts, lambda t: t == f"ที่ {letter['number']}"),
        index_of(texts, lambda t: t == "สำนักงานจังหวัดนครศรีธรรมราช"),
        index_of(texts, lambda t: t == "ศาลากลางจังหวัดนครศรีธรรมราช"),
        index_of(texts, lambda t: t == "ถนนราชดำเนิน นศ ๘๐๐๐๐"),
        index_of(texts, lambda t: t == "๒ ธันวาคม ๒๕๖๙"),
        index_of(texts, lambda t: t.startswith("เรื่อง")),
        index_of(texts, lambda t: t.startswith("เรียน")),
        *([index_of(texts, lambda t: t.startswith("อ้างถึง"))] if kind != "request" else []),
        index_of(texts, lambda t: t.startswith(OPENING[kind])),
        index_of(texts, lambda t: t.startswith("จึงเรียนมาเพื่อ")),
        index_of(texts, lambda t: t == "ขอแสดงความนับถือ"),
        index_of(texts, lambda t: t == "(นายวิชัย ประสานงาน)"),
        index_of(texts, lambda t: t == "ผู้ว่าราชการจังหวัดนครศรีธรรมราช"),
        index_of(texts, lambda t: t == "กลุ่มงานยุทธศาสตร์และข้อมูลเพื่อการพัฒนาจังหวัด"),
        index_of(texts, lambda t: t == "โทร. ๐ ๗๕๓๕ ๖๑๒๓ โทรสาร ๐ ๗๕๓๕ ๖๑๒๔"),
        index_of(texts, lambda t: t == "ไปรษณีย์อิเล็กทรอนิกส์ saraban@nakhon.example"),
        index_of(texts, lambda t: t.startswith("สำเนาส่ง")),
    ]
    assert order == sorted(order) and len(set(order)) == len(order), "\n".join(texts)
    assert label_value(texts[index_of(texts, lambda t: t.startswith("เรื่อง"))], "เรื่อง") == letter["subject"]
    assert label_value(texts[index_of(texts, lambda t: t.startswith("เรียน"))], "เรียน") == letter["addressee"]
    assert not any(t.startswith("สิ่งที่ส่งมาด้วย") for t in texts)
    assert not any("เกษียน" in t for t in texts)  # how the head endorses it in their office is their business


@pytest.mark.parametrize("kind", ["reminder", "change", "cancel"])
def test_a_letter_that_follows_another_cites_it(kind):
    texts = lines(render(kind))
    reference = texts[index_of(texts, lambda t: t.startswith("อ้างถึง"))]
    assert label_value(reference, "อ้างถึง") == ("หนังสือสำนักงานจังหวัดนครศรีธรรมราช ที่ นศ ๐๐๑๗.๒/๑๒ "
                                                 "ลงวันที่ ๒ พฤศจิกายน ๒๕๖๙")
    texts = lines(render(kind, LETTERS[kind](reference=None)))
    assert not any(t.startswith("อ้างถึง") for t in texts)
    assert "ตามที่สำนักงานจังหวัดนครศรีธรรมราชได้ขอความอนุเคราะห์" in body_text(texts)


def test_request_states_the_activity_and_names_the_people():
    texts = lines(render("request"))
    body = body_text(texts)
    assert ("ด้วยสำนักงานจังหวัดนครศรีธรรมราชกำหนดจัดกิจกรรมเวทีประชาคมแผนแม่บทชุมชน ในวันพุธที่ ๑๖ ธันวาคม ๒๕๖๙ "
            "เวลา ๐๙.๐๐ – ๑๒.๐๐ น. ณ ศาลาอเนกประสงค์หมู่ที่ ๓ ตำบลท่าศาลา") in body  # 2026-12-16, a Wednesday
    assert "๑. นางสาวสุภาพร ใจดี ตำแหน่ง นักพัฒนาชุมชนชำนาญการ" in texts
    assert "๒. นายสมชาย รักถิ่น ตำแหน่ง นักวิชาการเกษตรปฏิบัติการ" in texts
    assert copies(texts) == ["นางสาวสุภาพร ใจดี", "นายสมชาย รักถิ่น"]


# --- the closing: consider, and reply by the endorsement due date ----------------------------------------------
@pytest.mark.parametrize("kind", ["request", "reminder", "change"])
def test_the_closing_asks_for_a_reply_by_the_due_date_in_buddhist_era(kind):
    letter = LETTERS[kind]()
    due = {"request": "๙ ธันวาคม ๒๕๖๙", "reminder": "๙ ธันวาคม ๒๕๖๙", "change": "๑ มกราคม ๒๕๗๐"}[kind]
    assert closing(lines(render(kind, letter))) == (
        f"จึงเรียนมาเพื่อโปรดพิจารณาอนุญาต และแจ้งผลการพิจารณาให้ทราบภายในวันที่ {due} จะขอบคุณยิ่ง")
    western = closing(lines(render(kind, arabic(letter), thai_digits=False)))
    assert western.endswith({"request": "9 ธันวาคม 2569", "reminder": "9 ธันวาคม 2569",
                             "change": "1 มกราคม 2570"}[kind] + " จะขอบคุณยิ่ง")


def test_a_reply_by_day_already_gone_asks_for_a_reply_at_once():
    for reply_by in (dt.date(2026, 11, 28), dt.date(2026, 12, 2)):  # before the letter's day, and the day itself
        assert closing(lines(render("reminder", reminder_letter(reply_by=reply_by)))) == (
            "จึงเรียนมาเพื่อโปรดพิจารณาอนุญาต และแจ้งผลการพิจารณาให้ทราบโดยด่วน จะขอบคุณยิ่ง")
    assert closing(lines(render("request", request_letter(reply_by=None)))) == (
        "จึงเรียนมาเพื่อโปรดพิจารณาอนุญาต จะขอบคุณยิ่ง")


def test_reminder_says_no_reply_came_and_keeps_the_subject():
    letter = reminder_letter()
    texts = lines(render("reminder", letter))
    body = body_text(texts)
    assert body.startswith("ตามหนังสือที่อ้างถึง ขอความอนุเคราะห์ให้บุคลากรในสังกัดของท่านร่วมเป็นทีมคุณอำนวยใน"
                           "กิจกรรมเวทีประชาคมแผนแม่บทชุมชน ในวันพุธที่ ๑๖ ธันวาคม ๒๕๖๙ ความละเอียดแจ้งแล้ว นั้น")
    assert "บัดนี้ ยังไม่ได้รับแจ้งผลการพิจารณาแต่อย่างใด" in body.splitlines()
    assert label_value(texts[index_of(texts, lambda t: t.startswith("เรื่อง"))], "เรื่อง") == EARLIER["subject"]
    assert texts[0] == "ด่วนที่สุด"
    assert copies(texts) == ["นางสาวสุภาพร ใจดี", "นายสมชาย รักถิ่น"]


# --- a change notice: old and new, people added and withdrawn -------------------------------------------------
def test_change_notice_states_old_and_new_and_the_people_added_and_withdrawn():
    texts = lines(render("change"))
    body = body_text(texts).splitlines()
    assert body[0] == ("ตามหนังสือที่อ้างถึง ขอความอนุเคราะห์ให้บุคลากรในสังกัดของท่านร่วมเป็นทีมคุณอำนวยในกิจกรรม"
                       "เวทีประชาคมแผนแม่บทชุมชน ในวันพุธที่ ๑๖ ธันวาคม ๒๕๖๙ ความละเอียดแจ้งแล้ว นั้น")
    assert body[1:5] == [
        "บัดนี้ กำหนดการกิจกรรมดังกล่าวได้เปลี่ยนแปลง ดังนี้",
        "๑. วันจัดกิจกรรม จากเดิมวันพุธที่ ๑๖ ธันวาคม ๒๕๖๙ เป็นวันศุกร์ที่ ๘ มกราคม ๒๕๗๐",
        "๒. เวลา จากเดิม ๐๙.๐๐ – ๑๒.๐๐ น. เป็น ๑๓.๐๐ – ๑๖.๐๐ น.",
        "๓. สถานที่ จากเดิม ศาลาอเนกประสงค์หมู่ที่ ๓ เป็น วัดท่าศาลา ตำบลท่าศาลา",
    ]
    assert body[5:8] == [
        "ในการนี้ จึงขอความอนุเคราะห์ให้บุคลากรในสังกัดของท่านดังต่อไปนี้ ร่วมเป็นทีมคุณอำนวยตามกำหนดการใหม่",
        "๑. นางสาวสุภาพร ใจดี ตำแหน่ง นักพัฒนาชุมชนชำนาญการ",
        "๒. นางมาลี ศรีสุข ตำแหน่ง นักวิชาการสาธารณสุข (เพิ่มเติม)",
    ]
    assert body[8:10] == [
        "ทั้งนี้ ขอยกเลิกการขอความอนุเคราะห์บุคลากรดังต่อไปนี้ ซึ่งไม่ต้องร่วมกิจกรรมดังกล่าวแล้ว",
        "๑. นายสมชาย รักถิ่น ตำแหน่ง นักวิชาการเกษตรปฏิบัติการ",
    ]
    assert copies(texts) == ["นางสาวสุภาพร ใจดี", "นางมาลี ศรีสุข", "นายสมชาย รักถิ่น"]  # the withdrawn too


def test_a_place_only_change_informs_and_asks_nothing():
    texts = lines(render("change", place_only_change()))
    body = body_text(texts).splitlines()
    assert body[1:3] == ["บัดนี้ กำหนดการกิจกรรมดังกล่าวได้เปลี่ยนแปลง ดังนี้",
                         "สถานที่ จากเดิม ศาลาอเนกประสงค์หมู่ที่ ๓ เป็น วัดท่าศาลา ตำบลท่าศาลา"]  # one: no number
    assert closing(texts) == "จึงเรียนมาเพื่อโปรดทราบ และขออภัยในความไม่สะดวกมา ณ โอกาสนี้"
    assert not any("ภายในวันที่" in t or "ตำแหน่ง" in t for t in texts)
    assert copies(texts) == ["นางสาวสุภาพร ใจดี", "นายสมชาย รักถิ่น"]


def test_a_change_of_people_only_lists_the_people_asked_for_now():
    before = request_letter()["activity"]
    letter = change_letter(activity=before, people=[copy.deepcopy(PEOPLE[0]), copy.deepcopy(ADDED)],
                           reply_by=dt.date(2026, 12, 9),
                           change={"before": {k: before[k] for k in ("date", "time", "place")}, "changed": ["people"],
                                   "added": [copy.deepcopy(ADDED)], "withdrawn": [], "asks_endorsement": True})
    body = body_text(lines(render("change", letter))).splitlines()
    assert body[1:4] == ["บัดนี้ ขอเปลี่ยนแปลงบุคลากรที่ขอความอนุเคราะห์ร่วมกิจกรรมดังกล่าว เป็นดังต่อไปนี้",
                         "๑. นางสาวสุภาพร ใจดี ตำแหน่ง นักพัฒนาชุมชนชำนาญการ",
                         "๒. นางมาลี ศรีสุข ตำแหน่ง นักวิชาการสาธารณสุข (เพิ่มเติม)"]
    assert not any(line.startswith(("ทั้งนี้", "บัดนี้ กำหนดการ")) for line in body)


def test_people_withdrawn_only_are_named_as_no_longer_needed_for_information():
    before = request_letter()["activity"]
    letter = change_letter(activity=before, people=[copy.deepcopy(PEOPLE[0])], reply_by=None,
                           change={"before": {k: before[k] for k in ("date", "time", "place")}, "changed": ["people"],
                                   "added": [], "withdrawn": [copy.deepcopy(PEOPLE[1])], "asks_endorsement": False})
    texts = lines(render("change", letter))
    assert body_text(texts).splitlines()[1:] == [
        "บัดนี้ ขอยกเลิกการขอความอนุเคราะห์บุคลากรดังต่อไปนี้ ซึ่งไม่ต้องร่วมกิจกรรมดังกล่าวแล้ว",
        "๑. นายสมชาย รักถิ่น ตำแหน่ง นักวิชาการเกษตรปฏิบัติการ",
        "จึงเรียนมาเพื่อโปรดทราบ และขออภัยในความไม่สะดวกมา ณ โอกาสนี้"]
    assert copies(texts) == ["นางสาวสุภาพร ใจดี", "นายสมชาย รักถิ่น"]


def test_a_time_first_set_in_the_change_says_what_it_was():
    before = request_letter()["activity"]
    letter = change_letter(activity=dict(before, time="13:00"),
                           change={"before": {"date": before["date"], "time": "", "place": before["place"]},
                                   "changed": ["time"], "added": [], "withdrawn": [], "asks_endorsement": True})
    assert "เวลา จากเดิม ไม่ได้ระบุ เป็น ๑๓.๐๐ น." in body_text(lines(render("change", letter))).splitlines()


# --- a cancellation notice -------------------------------------------------------------------------------------
@pytest.mark.parametrize("reason, says", [("cancelled", "บัดนี้ กิจกรรมดังกล่าวได้ยกเลิกแล้ว"),
                                          ("withdrawn", "บัดนี้ ได้ปรับทีมคุณอำนวยของกิจกรรมดังกล่าวแล้ว")])
def test_cancel_notice_says_why_names_the_people_and_thanks_them(reason, says):
    texts = lines(render("cancel", cancel_letter(cancel={"reason": reason})))
    body = body_text(texts).splitlines()
    assert body[1] == says + " จึงขอยกเลิกการขอความอนุเคราะห์บุคลากรดังต่อไปนี้"
    assert body[2:4] == ["๑. นางสาวสุภาพร ใจดี ตำแหน่ง นักพัฒนาชุมชนชำนาญการ",
                         "๒. นายสมชาย รักถิ่น ตำแหน่ง นักวิชาการเกษตรปฏิบัติการ"]
    assert closing(texts) == "จึงเรียนมาเพื่อโปรดทราบ และขอขอบคุณในความอนุเคราะห์มา ณ โอกาสนี้"
    assert copies(texts) == ["นางสาวสุภาพร ใจดี", "นายสมชาย รักถิ่น"]
    assert not any("ภายในวันที่" in t for t in texts)


# --- the head, the foot, the urgency mark -----------------------------------------------------------------------
def test_a_person_without_a_position_is_named_alone():
    for kind in ("request", "change", "cancel"):
        texts = lines(render(kind, LETTERS[kind](people=[dict(PEOPLE[0], position="")])))
        assert "๑. นางสาวสุภาพร ใจดี" in texts and not any(t.endswith("ตำแหน่ง") for t in texts)


def test_one_person_and_many():
    one = lines(render("request", request_letter(people=PEOPLE[:1])))
    assert "๑. นางสาวสุภาพร ใจดี ตำแหน่ง นักพัฒนาชุมชนชำนาญการ" in one
    assert not any(t.startswith("๒.") for t in one)
    many = [dict(PEOPLE[0], id=f"P{i}", name=f"นายคนที่ {i}") for i in range(1, 13)]
    texts = lines(render("request", request_letter(people=many)))
    assert "๑๒. นายคนที่ 12 ตำแหน่ง นักพัฒนาชุมชนชำนาญการ" in texts  # the number is ours, the name as typed
    assert len(copies(texts)) == 12


def test_the_address_is_printed_line_by_line_in_a_column_to_the_right_margin():
    document = open_docx(render("request"))
    head = document.tables[0]
    left, right = head.rows[0].cells
    assert [p.text for p in right.paragraphs] == ["สำนักงานจังหวัดนครศรีธรรมราช", "ศาลากลางจังหวัดนครศรีธรรมราช",
                                                  "ถนนราชดำเนิน นศ ๘๐๐๐๐"]
    grid = [int(col.get(qn("w:w"))) for col in head._tbl.tblGrid.iter(qn("w:gridCol"))]
    section = document.sections[0]
    text_width = Cm(21.0 - 3.0 - 2.0)
    assert section.page_width - section.left_margin - section.right_margin == pytest.approx(text_width, abs=Cm(0.01))
    assert sum(grid) == pytest.approx(text_width.twips, abs=2)
    assert grid[1] >= Cm(8.5).twips - 2  # an agency's name or an address line fits on one line


def test_contact_lines_only_what_is_known():
    sender = request_letter()["sender"]
    texts = lines(render("request", request_letter(sender=dict(sender, fax="", email=""))))
    assert "โทร. ๐ ๗๕๓๕ ๖๑๒๓" in texts and not any(t.startswith(("โทรสาร", "ไปรษณีย์")) for t in texts)
    texts = lines(render("request", request_letter(sender=dict(sender, phone=""))))
    assert "โทรสาร ๐ ๗๕๓๕ ๖๑๒๔" in texts and not any(t.startswith("โทร. ") for t in texts)


def test_room_to_sign_is_about_three_lines():
    document = open_docx(render("request"))
    name = next(p for p in document.paragraphs if p.text == "(นายวิชัย ประสานงาน)")
    assert name.paragraph_format.space_before >= Pt(3 * 20)  # a line of Sarabun 16 pt is about 21 pt


def test_urgency_mark_only_when_set():
    plain = lines(render("request", request_letter(urgency="")))
    assert not any("ด่วน" in t for t in plain)
    for mark in ("ด่วน", "ด่วนมาก", "ด่วนที่สุด"):
        texts = lines(render("request", request_letter(urgency=mark)))
        assert texts[0] == mark  # above ที่, beside the emblem
        assert texts[1] == "ที่ นศ ๐๐๑๗.๒/๑๒"


def test_urgency_is_red_bold_and_at_least_32_pt():
    document = open_docx(render("request", request_letter(urgency="ด่วนที่สุด")))
    run = next(r for p in document.sections[0].first_page_header.paragraphs for r in p.runs
               if r.text == "ด่วนที่สุด")
    style = run.style
    assert style.font.bold and style.font.color.rgb is not None and style.font.color.rgb[0] > 0x99
    assert style.font.size >= Pt(32)
    assert style.element.rPr.find(qn("w:bCs")) is not None  # bold for Thai (complex script) too
    assert int(style.element.rPr.find(qn("w:szCs")).get(qn("w:val"))) >= 64


@pytest.mark.parametrize("kind", ["request", "reminder", "change", "cancel"])
def test_enclosures_only_when_there_are_some(kind):
    texts = lines(render(kind, LETTERS[kind](enclosures=["กำหนดการกิจกรรม"])))
    assert "สิ่งที่ส่งมาด้วย\tกำหนดการกิจกรรม" in texts  # one: no number
    texts = lines(render(kind, LETTERS[kind](enclosures=["กำหนดการกิจกรรม", "แผนที่"])))
    first = index_of(texts, lambda t: t.startswith("สิ่งที่ส่งมาด้วย"))
    assert texts[first:first + 2] == ["สิ่งที่ส่งมาด้วย\t๑. กำหนดการกิจกรรม", "๒. แผนที่"]
    assert first < index_of(texts, lambda t: t.startswith(("ด้วย", "ตาม")), first)


# --- the emblem ---------------------------------------------------------------------------------------------------
EMU_PER_CM = 360000


def test_a_configured_emblem_lands_in_the_first_page_header_3_cm_high(tmp_path):
    picture = draw_emblem(tmp_path / "garuda.png", width=60, height=90)
    document = open_docx(render("request", request_letter(emblem=str(picture))))
    section = document.sections[0]
    [drawing] = section.first_page_header._element.iter(qn("w:drawing"))
    extent = drawing.find(f".//{qn('wp:extent')}")
    assert int(extent.get("cy")) == 3 * EMU_PER_CM
    assert int(extent.get("cx")) == 2 * EMU_PER_CM  # to scale: 60 x 90 pixels
    anchor = drawing.find(qn("wp:anchor"))  # placed, not in the line: the letter breaks the same without it
    assert anchor.find(f"{qn('wp:positionH')}/{qn('wp:align')}").text == "center"
    assert anchor.find(qn("wp:positionH")).get("relativeFrom") == "margin"
    blip = drawing.find(f".//{qn('a:blip')}").get(qn("r:embed"))
    assert section.first_page_header.part.related_parts[blip].blob == picture.read_bytes()
    assert not list(section.header._element.iter(qn("w:drawing")))  # page 2 on: the page number only
    assert not list(document.element.body.iter(qn("w:drawing")))


def test_no_emblem_leaves_the_room_and_draws_nothing():
    document = open_docx(render("request", request_letter(emblem="")))
    assert not list(document.sections[0].first_page_header._element.iter(qn("w:drawing")))
    emblem_line = document.sections[0].first_page_header.paragraphs[0]
    assert emblem_line.style.paragraph_format.line_spacing >= Cm(3)  # at least the emblem's height


def test_an_emblem_that_is_missing_or_no_picture_is_a_config_error(tmp_path):
    missing = tmp_path / "garuda.png"
    with pytest.raises(ConfigError, match=re.escape(str(missing))) as raised:
        render("request", request_letter(emblem=str(missing)))
    assert raised.value.key == "emblem_missing"
    not_a_picture = tmp_path / "garuda.txt"
    not_a_picture.write_text("ตราครุฑ", encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        render("request", request_letter(emblem=str(not_a_picture)))
    assert raised.value.key == "emblem_not_image" and "PNG" in str(raised.value)


# --- digits -----------------------------------------------------------------------------------------------
def typed_in_arabic(kind: str) -> dict:
    """A letter of `kind` whose sheet and config gave every number in Arabic digits, the time in the form
    09:00-12:00, and a person's position and an e-mail address with digits, which stay as typed."""
    letter = arabic(LETTERS[kind]())
    letter["activity"].update(time="09:00-12:00", title="เวทีประชาคม ครั้งที่ 2", place="ศาลาหมู่ที่ 3 บ้าน 12/4")
    letter["sender"].update(phone="075-356123", fax="075-356124", email="saraban2@nakhon.example")
    letter["people"][0]["position"] = "นักวิชาการ ระดับ 7"
    letter["urgency"] = "ด่วน"
    return letter


@pytest.mark.parametrize("kind", KINDS)
def test_no_arabic_digit_in_a_thai_digit_letter(kind):
    letter = typed_in_arabic(kind)
    texts = lines(render(kind, letter))
    as_typed = {"ไปรษณีย์อิเล็กทรอนิกส์ saraban2@nakhon.example"}
    stray = [t for t in texts if ARABIC_DIGITS.search(t) and t not in as_typed and "ระดับ 7" not in t]
    assert not stray, stray
    joined = "\n".join(texts)
    assert "โทร. ๐๗๕-๓๕๖๑๒๓ โทรสาร ๐๗๕-๓๕๖๑๒๔" in texts and "ถนนราชดำเนิน นศ ๘๐๐๐๐" in texts
    assert "เวทีประชาคม ครั้งที่ ๒" in joined
    if kind in ("request", "change"):
        assert "ศาลาหมู่ที่ ๓ บ้าน ๑๒/๔" in joined
    if kind == "request":
        assert "เวลา ๐๙.๐๐ – ๑๒.๐๐ น." in joined


@pytest.mark.parametrize("typed, printed", [
    ("09:00-12:00", "๐๙.๐๐ – ๑๒.๐๐ น."), ("9.00 น.", "๐๙.๐๐ น."), ("9.00-12.00 น.", "๐๙.๐๐ – ๑๒.๐๐ น."),
    ("๑๓.๓๐ - ๑๖.๐๐ น.", "๑๓.๓๐ – ๑๖.๐๐ น."), ("13:00 ถึง 16:00", "๑๓.๐๐ – ๑๖.๐๐ น."), (dt.time(8, 30), "๐๘.๓๐ น."),
    ("ทั้งวัน", "ทั้งวัน"), ("ช่วงเช้า ประมาณ 9 โมง", "ช่วงเช้า ประมาณ ๙ โมง"), ("", ""),
])
def test_a_time_is_written_the_official_way_whatever_form_it_was_typed_in(typed, printed):
    thai = letter_environment(True).from_string("{{ t | time_range }}").render(t=typed)
    assert thai.replace("\u00a0", " ") == printed
    western = letter_environment(False).from_string("{{ t | time_range }}").render(t=typed)
    assert western.replace("\u00a0", " ") == printed.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
    if printed.endswith("น."):
        assert " " not in thai  # no-break spaces keep a time together


def test_arabic_digits_when_asked():
    letter = arabic(reminder_letter())
    texts = lines(render("reminder", letter, thai_digits=False))
    joined = "\n".join(texts)
    assert not THAI_DIGITS.search(joined), joined
    assert "2 ธันวาคม 2569" in texts
    assert "ที่ นศ 0017.2/30" in texts
    assert "ลงวันที่ 2 พฤศจิกายน 2569" in joined
    assert "ในวันพุธที่ 16 ธันวาคม 2569" in joined
    letter = request_letter()  # typed in Thai digits: printed in Arabic all the same, but people's own text
    texts = lines(render("request", request_letter(people=[dict(PEOPLE[0], position="ระดับ ๗")]), thai_digits=False))
    assert "ที่ นศ 0017.2/12" in texts and "โทร. 0 7535 6123 โทรสาร 0 7535 6124" in texts
    assert "1. นางสาวสุภาพร ใจดี ตำแหน่ง ระดับ ๗" in texts
    assert "เวลา 09.00 – 12.00 น." in body_text(texts)


def test_page_numbers_follow_the_digit_setting():
    for thai, expected in ((True, "thaiNumbers"), (False, "decimal")):
        document = open_docx(render("request", thai_digits=thai))
        assert document.sections[0]._sectPr.find(qn("w:pgNumType")).get(qn("w:fmt")) == expected
        header = document.sections[0].header.paragraphs[0]  # from page 2 on: "- ๒ -", centred
        assert header.alignment == 1 and header._p.xpath("string(.)") == "- 2 -"
        assert [field.strip() for field in header._p.xpath("./w:fldSimple/@w:instr")] == ["PAGE"]


def test_filters():
    thai, western = letter_environment(True), letter_environment(False)
    day = dt.date(2026, 12, 2)
    assert thai.from_string("{{ d | be_date }}").render(d=day) == "๒ ธันวาคม ๒๕๖๙"
    assert western.from_string("{{ d | be_date }}").render(d=day) == "2 ธันวาคม 2569"
    assert thai.from_string("{{ d | be_date }}").render(d=dt.datetime(2026, 12, 2, 9, 30)) == "๒ ธันวาคม ๒๕๖๙"
    assert thai.from_string("{{ d | be_date_short }}").render(d=day) == "๒ ธ.ค. ๖๙"
    assert western.from_string("{{ d | be_date_short }}").render(d=day) == "2 ธ.ค. 69"
    assert thai.from_string("{{ d | thai_weekday }}").render(d=day) == "พุธ"
    assert thai.from_string("{{ 12 | digits }}/{{ '2569' | digits }}").render() == "๑๒/๒๕๖๙"
    assert western.from_string("{{ 12 | digits }}/{{ '๒๕๖๙' | digits }}").render() == "12/2569"
    assert thai.from_string("{{ d | be_date }}").render(d=None) == ""
    assert thai.from_string("{{ d | be_date }}").render(d="ยังไม่กำหนด") == "ยังไม่กำหนด"
    assert thai.autoescape and thai.from_string("{{ x }}").render(x="a & <b>") == "a &amp; &lt;b&gt;"


# --- the page and the font --------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", KINDS)
def test_a4_with_the_margins_of_an_official_letter(kind):
    section = open_docx(render(kind)).sections[0]
    assert section.page_width == pytest.approx(Cm(21.0), abs=Cm(0.01))
    assert section.page_height == pytest.approx(Cm(29.7), abs=Cm(0.01))
    assert section.left_margin == pytest.approx(Cm(3.0), abs=Cm(0.01))
    assert section.right_margin == pytest.approx(Cm(2.0), abs=Cm(0.01))
    assert Cm(2.0) <= section.top_margin <= Cm(3.0)
    assert Cm(1.5) <= section.bottom_margin <= Cm(2.5)
    assert section.header_distance == pytest.approx(Cm(1.5), abs=Cm(0.01))  # the emblem, about 1.5 cm down


@pytest.mark.parametrize("kind", KINDS)
def test_sarabun_16_pt_for_thai_and_latin(kind):
    document = open_docx(render(kind, LETTERS[kind](urgency="ด่วน")))
    normal = document.styles["Normal"]
    assert normal.font.name == "Sarabun" and normal.font.size == Pt(16)
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "cs")} == {"Sarabun"}
    assert normal.element.rPr.find(qn("w:szCs")).get(qn("w:val")) == "32"  # Thai is complex script
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:cs")) == "Sarabun"
    # the text and the styles it uses name no other font and no theme font; only the urgency mark is larger
    header = document.sections[0].first_page_header
    used = [document.styles["Normal"]] + [style for style in document.styles if style.name.startswith("kmsheets")]
    for element in (document.element, header._element, *(style.element for style in used)):
        for fonts in element.iter(qn("w:rFonts")):
            assert {value for key, value in fonts.attrib.items()} == {"Sarabun"}, element.xml
        sizes = {size.get(qn("w:val")) for size in (*element.iter(qn("w:sz")), *element.iter(qn("w:szCs")))}
        assert sizes <= {"32", "64"}
    for block in document.iter_inner_content():
        paragraphs = ([p for row in block.rows for cell in row.cells for p in cell.paragraphs]
                      if isinstance(block, Table) else [block])
        for paragraph in paragraphs:
            assert paragraph.style.name == "Normal" or paragraph.style.base_style.name == "Normal"
            assert all(run.font.size in (None, Pt(16)) for run in paragraph.runs)


def test_body_paragraphs_are_indented_2_5_cm():
    document = open_docx(render("request"))
    body = next(p for p in document.paragraphs if p.text.startswith("ด้วย"))
    assert body.style.paragraph_format.first_line_indent == pytest.approx(Cm(2.5), abs=Cm(0.01))


# --- cell text is text ------------------------------------------------------------------------------------
HOSTILE = ["<w:t>", "a & b", "{{ 7*7 }}", "{% if %}", "</w:t></w:r></w:p><w:p>", "\"quoted\" 'single'"]


@pytest.mark.parametrize("kind", KINDS)
def test_hostile_cell_text_appears_literally(kind):
    letter = LETTERS[kind](
        subject=HOSTILE[0], addressee=HOSTILE[1],
        sender=dict(request_letter()["sender"], name=HOSTILE[2], unit=HOSTILE[5]),
        activity=dict(request_letter()["activity"], place=HOSTILE[3], title=HOSTILE[4]),
        people=[dict(PEOPLE[0], name=HOSTILE[2], position=HOSTILE[1])],
        signatory={"name": HOSTILE[3], "position": HOSTILE[0]},
        enclosures=[HOSTILE[4]],
    )
    texts = lines(render(kind, letter))
    joined = "\n".join(texts)
    assert label_value(texts[index_of(texts, lambda t: t.startswith("เรื่อง"))], "เรื่อง") == "<w:t>"
    assert label_value(texts[index_of(texts, lambda t: t.startswith("เรียน"))], "เรียน") == "a & b"
    assert "{{ 7*7 }}" in texts  # the sender's name, in the head
    assert "49" not in joined and "๔๙" not in joined
    assert "({% if %})" in texts
    assert "</w:t></w:r></w:p><w:p>" in joined
    assert "\"quoted\" 'single'" in texts
    assert copies(texts)[0] == "{{ 7*7 }}"
    if kind != "reminder":  # a reminder cites the letter that named them
        assert "๑. {{ 7*7 }} ตำแหน่ง a & b" in texts


def test_characters_xml_cannot_hold_are_dropped_not_fatal():
    letter = request_letter(subject="เวที\x0bประชาคม\x07\x00", addressee="นายก\x0cองค์การ")
    texts = lines(render("request", letter))
    assert "เรื่อง\tเวทีประชาคม" in texts and "เรียน\tนายกองค์การ" in texts


def test_a_line_break_typed_in_a_cell_stays_a_line_break():
    letter = request_letter(activity=dict(request_letter()["activity"], place="ศาลาอเนกประสงค์\nหมู่ที่ ๓"))
    assert "ณ ศาลาอเนกประสงค์\nหมู่ที่ ๓ ตำบลท่าศาลา" in body_text(lines(render("request", letter)))


# --- templates that cannot be used ------------------------------------------------------------------------
def test_missing_template_names_the_path(tmp_path):
    missing = tmp_path / "letters" / "request.docx"
    with pytest.raises(ConfigError, match=re.escape(str(missing))):
        render_letter(missing, request_letter())


def test_a_file_that_is_not_a_docx(tmp_path):
    bogus = tmp_path / "request.docx"
    bogus.write_text("not a word document")
    with pytest.raises(ConfigError, match=re.escape(str(bogus))):
        render_letter(bogus, request_letter())
    with pytest.raises(ConfigError, match=re.escape(str(tmp_path))):
        render_letter(tmp_path, request_letter())  # a folder


def _template_with(tmp_path: Path, *paragraphs: str) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    path = tmp_path / "broken.docx"
    document.save(path)
    return path


@pytest.mark.parametrize("broken", ["{{ letter.subject ", "{% if letter.urgency %}", "{{ letter.subject | }}",
                                    "{% endfor %}"])
def test_a_broken_tag_names_the_template_and_the_line(tmp_path, broken):
    path = _template_with(tmp_path, "เรื่อง {{ letter.subject }}", "บรรทัดที่สอง", broken, "ท้าย")
    with pytest.raises(ConfigError) as caught:
        render_letter(path, request_letter())
    message = str(caught.value)
    assert str(path) in message and re.search(r"line \d+", message), message


def test_a_misspelt_name_is_an_error_not_a_blank(tmp_path):
    path = _template_with(tmp_path, "เรียน {{ letter.adressee }}")
    with pytest.raises(ConfigError, match="adressee") as caught:
        render_letter(path, request_letter())
    assert str(path) in str(caught.value)


def test_a_restyled_template_still_renders(tmp_path):
    """A coordinator's own template: any .docx with the same tags."""
    path = _template_with(tmp_path, "ที่ {{ letter.number }}", "{{ letter.issued | be_date_short }}",
                          "{%p for p in letter.people %}", "{{ loop.index | digits }} {{ p.name }}", "{%p endfor %}")
    assert lines(render_letter(path, request_letter())) == [
        "ที่ นศ ๐๐๑๗.๒/๑๒", "๒ ธ.ค. ๖๙", "๑ นางสาวสุภาพร ใจดี", "๒ นายสมชาย รักถิ่น"]


# --- the templates are what scripts/make_templates.py makes ---------------------------------------------------
def test_bundled_templates_are_up_to_date():
    spec = importlib.util.spec_from_file_location("make_templates", ROOT / "scripts" / "make_templates.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    assert [letter.kind for letter in module.LETTERS] == list(KINDS)
    for letter in module.LETTERS:
        path = TEMPLATES / f"{letter.kind}.docx"
        assert module.content(path.read_bytes()) == module.content(module.build(letter)), \
            f"{path} is stale: run scripts/make_templates.py"
