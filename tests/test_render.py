"""The letter templates, filled: the parts of an external letter in order, Thai dates and digits, the page and the
font an office expects, and cell text that is printed exactly as typed, never evaluated."""

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

from kmsheets.errors import ConfigError
from kmsheets.render import letter_environment, render_letter

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
REQUEST, REMINDER = TEMPLATES / "request.docx", TEMPLATES / "reminder.docx"
THAI_DIGITS = re.compile("[๐-๙]")

PEOPLE = [
    {"id": "P01", "name": "นางสาวสุภาพร ใจดี", "position": "นักพัฒนาชุมชนชำนาญการ",
     "agency_name": "องค์การบริหารส่วนตำบลท่าศาลา"},
    {"id": "P02", "name": "นายสมชาย รักถิ่น", "position": "นักวิชาการเกษตรปฏิบัติการ",
     "agency_name": "องค์การบริหารส่วนตำบลท่าศาลา"},
]


def request_letter(**changes: object) -> dict:
    letter = {
        "kind": "request",
        "key": "A03/AG02",
        "urgency": "",
        "number": "นศ ๐๐๑๗.๒/๑๒",
        "issued": dt.date(2026, 12, 2),
        "subject": "ขอความอนุเคราะห์บุคลากรร่วมกิจกรรมเวทีประชาคมแผนแม่บทชุมชน",
        "addressee": "นายกองค์การบริหารส่วนตำบลท่าศาลา",
        "reference": None,
        "enclosures": [],
        "sender": {"name": "สำนักงานจังหวัดนครศรีธรรมราช",
                   "address": "ศาลากลางจังหวัดนครศรีธรรมราช ถนนราชดำเนิน นศ ๘๐๐๐๐",
                   "phone": "๐ ๗๕๓๕ ๖๑๒๓", "unit": "กลุ่มงานยุทธศาสตร์และข้อมูลเพื่อการพัฒนาจังหวัด"},
        "agency": {"id": "AG02", "name": "องค์การบริหารส่วนตำบลท่าศาลา", "address": "ท่าศาลา นศ", "phone": ""},
        "people": copy.deepcopy(PEOPLE),
        "activity": {"id": "A03", "title": "เวทีประชาคมแผนแม่บทชุมชน", "date": dt.date(2026, 12, 16),
                     "time": "๐๙.๐๐ - ๑๒.๐๐ น.", "place": "ศาลาอเนกประสงค์หมู่ที่ ๓", "tambon": "ท่าศาลา"},
        "signatory": {"name": "นายวิชัย ประสานงาน", "position": "ผู้ว่าราชการจังหวัดนครศรีธรรมราช"},
    }
    letter.update(changes)
    return letter


def reminder_letter(**changes: object) -> dict:
    letter = request_letter(
        kind="reminder", urgency="ด่วนที่สุด",
        subject="ติดตามหนังสือขอความอนุเคราะห์บุคลากรร่วมกิจกรรมเวทีประชาคมแผนแม่บทชุมชน",
        number="นศ ๐๐๑๗.๒/๓๐", reference={"number": "นศ ๐๐๑๗.๒/๑๒", "issued": dt.date(2026, 11, 2)})
    letter.update(changes)
    return letter


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
    paragraphs of table cells in their place."""
    document = open_docx(data)
    out = [p.text for p in document.sections[0].first_page_header.paragraphs]
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            out.extend(p.text for row in block.rows for cell in row.cells for p in cell.paragraphs)
        else:
            out.append(block.text)
    return [line.strip() for line in out if line.strip()]


def index_of(texts: list[str], predicate, start: int = 0) -> int:
    for i in range(start, len(texts)):
        if predicate(texts[i]):
            return i
    raise AssertionError(f"no line matches after line {start}:\n" + "\n".join(texts))


def label_value(line: str, label: str) -> str:
    assert line.startswith(label), line
    return line[len(label):].strip()


def body_text(texts: list[str]) -> str:
    start = index_of(texts, lambda t: t.startswith("เรียน"))
    end = index_of(texts, lambda t: t == "ขอแสดงความนับถือ")
    return "\n".join(texts[start + 1:end])


# --- the parts of an external letter, in order ---------------------------------------------------------------
def test_request_has_the_parts_of_an_external_letter_in_order():
    letter = request_letter()
    texts = lines(render_letter(REQUEST, letter))
    order = [
        index_of(texts, lambda t: t == "ที่ นศ ๐๐๑๗.๒/๑๒"),
        index_of(texts, lambda t: t == "สำนักงานจังหวัดนครศรีธรรมราช"),
        index_of(texts, lambda t: t == "๒ ธันวาคม ๒๕๖๙"),
        index_of(texts, lambda t: t.startswith("เรื่อง")),
        index_of(texts, lambda t: t.startswith("เรียน")),
        index_of(texts, lambda t: t.startswith("ด้วยสำนักงานจังหวัดนครศรีธรรมราช")),
        index_of(texts, lambda t: t.startswith("จึงเรียนมาเพื่อโปรดพิจารณาอนุเคราะห์")),
        index_of(texts, lambda t: t == "ขอแสดงความนับถือ"),
        index_of(texts, lambda t: t == "(นายวิชัย ประสานงาน)"),
        index_of(texts, lambda t: t == "ผู้ว่าราชการจังหวัดนครศรีธรรมราช"),
        index_of(texts, lambda t: t == "กลุ่มงานยุทธศาสตร์และข้อมูลเพื่อการพัฒนาจังหวัด"),
        index_of(texts, lambda t: t == "โทร. ๐ ๗๕๓๕ ๖๑๒๓"),
        index_of(texts, lambda t: t.startswith("สำเนาส่ง")),
    ]
    assert order == sorted(order) and len(set(order)) == len(order), "\n".join(texts)
    assert label_value(texts[order[3]], "เรื่อง") == letter["subject"]
    assert "ศาลากลางจังหวัดนครศรีธรรมราช ถนนราชดำเนิน นศ ๘๐๐๐๐" in texts
    assert not any(t.startswith(("อ้างถึง", "สิ่งที่ส่งมาด้วย")) for t in texts)


def test_the_head_of_the_agency_by_position_follows_เรียน():
    texts = lines(render_letter(REQUEST, request_letter()))
    line = texts[index_of(texts, lambda t: t.startswith("เรียน"))]
    assert label_value(line, "เรียน") == "นายกองค์การบริหารส่วนตำบลท่าศาลา"


def test_the_date_is_in_buddhist_era_words():
    texts = lines(render_letter(REQUEST, request_letter()))
    assert "๒ ธันวาคม ๒๕๖๙" in texts  # issued 2026-12-02, its own line
    body = body_text(texts)
    assert "ในวันพุธที่ ๑๖ ธันวาคม ๒๕๖๙" in body  # the activity, 2026-12-16 (a Wednesday)
    assert "เวลา\u00a0๐๙.๐๐ - ๑๒.๐๐ น." in body
    assert "ณ\u00a0ศาลาอเนกประสงค์หมู่ที่ ๓ ตำบลท่าศาลา" in body
    assert "เวทีประชาคมแผนแม่บทชุมชน" in body


def test_every_person_requested_is_named_in_the_body_and_copied():
    texts = lines(render_letter(REQUEST, request_letter()))
    body = body_text(texts).splitlines()
    assert "๑. นางสาวสุภาพร ใจดี ตำแหน่ง นักพัฒนาชุมชนชำนาญการ" in body
    assert "๒. นายสมชาย รักถิ่น ตำแหน่ง นักวิชาการเกษตรปฏิบัติการ" in body
    copies = texts[index_of(texts, lambda t: t.startswith("สำเนาส่ง")):]
    assert [t.replace("สำเนาส่ง", "").strip() for t in copies] == ["นางสาวสุภาพร ใจดี", "นายสมชาย รักถิ่น"]


def test_one_person_and_many():
    one = lines(render_letter(REQUEST, request_letter(people=PEOPLE[:1])))
    assert "๑. นางสาวสุภาพร ใจดี ตำแหน่ง นักพัฒนาชุมชนชำนาญการ" in one
    assert not any(t.startswith("๒.") for t in one)
    many = [dict(PEOPLE[0], id=f"P{i}", name=f"นายคนที่ {i}") for i in range(1, 13)]
    texts = lines(render_letter(REQUEST, request_letter(people=many)))
    assert "๑๒. นายคนที่ 12 ตำแหน่ง นักพัฒนาชุมชนชำนาญการ" in texts  # the number is ours, the name as typed
    assert len(texts) - index_of(texts, lambda t: t.startswith("สำเนาส่ง")) == 12


def test_urgency_mark_only_when_set():
    plain = lines(render_letter(REQUEST, request_letter(urgency="")))
    assert not any("ด่วน" in t for t in plain)
    for mark in ("ด่วน", "ด่วนมาก", "ด่วนที่สุด"):
        texts = lines(render_letter(REQUEST, request_letter(urgency=mark)))
        assert texts[0] == mark  # above ที่, beside the emblem
        assert texts[1] == "ที่ นศ ๐๐๑๗.๒/๑๒"


def test_urgency_is_red_bold_and_large():
    document = open_docx(render_letter(REQUEST, request_letter(urgency="ด่วนที่สุด")))
    run = next(r for p in document.sections[0].first_page_header.paragraphs for r in p.runs
               if r.text == "ด่วนที่สุด")
    style = run.style
    assert style.font.bold and style.font.color.rgb is not None and style.font.color.rgb[0] > 0x99
    assert style.font.size >= Pt(20)
    assert style.element.rPr.find(qn("w:bCs")) is not None  # bold for Thai (complex script) too


def test_reminder_refers_to_the_earlier_letter():
    letter = reminder_letter()
    texts = lines(render_letter(REMINDER, letter))
    order = [
        index_of(texts, lambda t: t == "ด่วนที่สุด"),
        index_of(texts, lambda t: t == "ที่ นศ ๐๐๑๗.๒/๓๐"),
        index_of(texts, lambda t: t == "๒ ธันวาคม ๒๕๖๙"),
        index_of(texts, lambda t: t.startswith("เรื่อง")),
        index_of(texts, lambda t: t.startswith("เรียน")),
        index_of(texts, lambda t: t.startswith("อ้างถึง")),
        index_of(texts, lambda t: t.startswith("ตามหนังสือที่อ้างถึง")),
        index_of(texts, lambda t: t == "ขอแสดงความนับถือ"),
        index_of(texts, lambda t: t == "(นายวิชัย ประสานงาน)"),
        index_of(texts, lambda t: t == "ผู้ว่าราชการจังหวัดนครศรีธรรมราช"),
        index_of(texts, lambda t: t.startswith("สำเนาส่ง")),
    ]
    assert order == sorted(order), "\n".join(texts)
    reference = texts[order[5]]
    assert label_value(reference, "อ้างถึง") == ("หนังสือสำนักงานจังหวัดนครศรีธรรมราช ที่ นศ ๐๐๑๗.๒/๑๒ "
                                                 "ลงวันที่ ๒ พฤศจิกายน ๒๕๖๙")
    body = body_text(texts)
    assert "เกษียนหนังสือ" in body and "๑๖ ธันวาคม ๒๕๖๙" in body
    assert "๒. นายสมชาย รักถิ่น ตำแหน่ง นักวิชาการเกษตรปฏิบัติการ" in body
    assert label_value(texts[order[4]], "เรียน") == "นายกองค์การบริหารส่วนตำบลท่าศาลา"


def test_reminder_without_a_reference_has_no_อ้างถึง():
    texts = lines(render_letter(REMINDER, reminder_letter(reference=None)))
    assert not any(t.startswith("อ้างถึง") for t in texts)
    assert "ตามที่สำนักงานจังหวัดนครศรีธรรมราชได้ขอความอนุเคราะห์" in body_text(texts)


@pytest.mark.parametrize("template", [REQUEST, REMINDER], ids=["request", "reminder"])
def test_enclosures_only_when_there_are_some(template):
    texts = lines(render_letter(template, request_letter(enclosures=["กำหนดการกิจกรรม"])))
    assert "สิ่งที่ส่งมาด้วย\tกำหนดการกิจกรรม" in texts  # one: no number
    texts = lines(render_letter(template, request_letter(enclosures=["กำหนดการกิจกรรม", "แผนที่"])))
    first = index_of(texts, lambda t: t.startswith("สิ่งที่ส่งมาด้วย"))
    assert texts[first:first + 2] == ["สิ่งที่ส่งมาด้วย\t๑. กำหนดการกิจกรรม", "๒. แผนที่"]
    assert first < index_of(texts, lambda t: t.startswith(("ด้วย", "ตาม")), first)


# --- digits -----------------------------------------------------------------------------------------------
def test_arabic_digits_when_asked():
    letter = arabic(reminder_letter())
    texts = lines(render_letter(REMINDER, letter, thai_digits=False))
    joined = "\n".join(texts)
    assert not THAI_DIGITS.search(joined), joined
    assert "2 ธันวาคม 2569" in texts
    assert "ที่ นศ 0017.2/30" in texts
    assert "ลงวันที่ 2 พฤศจิกายน 2569" in joined
    assert "1. นางสาวสุภาพร ใจดี ตำแหน่ง นักพัฒนาชุมชนชำนาญการ" in texts
    assert "ในวันพุธที่ 16 ธันวาคม 2569 เวลา\u00a009.00 - 12.00 น." in joined


def test_cell_text_keeps_its_digits_whatever_the_setting():
    letter = request_letter(activity=dict(request_letter()["activity"], time="9.00 - 12.00 น."),
                            sender=dict(request_letter()["sender"], phone="075-356123"))
    texts = lines(render_letter(REQUEST, letter, thai_digits=True))
    assert "โทร. 075-356123" in texts and "เวลา\u00a09.00 - 12.00 น." in body_text(texts)
    assert "๒ ธันวาคม ๒๕๖๙" in texts  # while the numbers we print are Thai
    texts = lines(render_letter(REQUEST, request_letter(), thai_digits=False))
    assert "ที่ นศ ๐๐๑๗.๒/๑๒" in texts and "โทร. ๐ ๗๕๓๕ ๖๑๒๓" in texts  # typed Thai stays Thai
    assert "2 ธันวาคม 2569" in texts and any(t.startswith("1. นางสาวสุภาพร") for t in texts)


def test_page_numbers_follow_the_digit_setting():
    for thai, expected in ((True, "thaiNumbers"), (False, "decimal")):
        document = open_docx(render_letter(REQUEST, request_letter(), thai_digits=thai))
        assert document.sections[0]._sectPr.find(qn("w:pgNumType")).get(qn("w:fmt")) == expected


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
@pytest.mark.parametrize("template", [REQUEST, REMINDER], ids=["request", "reminder"])
def test_a4_with_the_margins_of_an_official_letter(template):
    section = open_docx(render_letter(template, reminder_letter())).sections[0]
    assert section.page_width == pytest.approx(Cm(21.0), abs=Cm(0.01))
    assert section.page_height == pytest.approx(Cm(29.7), abs=Cm(0.01))
    assert section.left_margin == pytest.approx(Cm(3.0), abs=Cm(0.01))
    assert section.right_margin == pytest.approx(Cm(2.0), abs=Cm(0.01))
    assert Cm(2.0) <= section.top_margin <= Cm(3.0)
    assert Cm(1.5) <= section.bottom_margin <= Cm(2.5)


@pytest.mark.parametrize("template", [REQUEST, REMINDER], ids=["request", "reminder"])
def test_sarabun_16_pt_for_thai_and_latin(template):
    document = open_docx(render_letter(template, reminder_letter()))
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
        assert sizes <= {"32", "48"}
    for block in document.iter_inner_content():
        paragraphs = ([p for row in block.rows for cell in row.cells for p in cell.paragraphs]
                      if isinstance(block, Table) else [block])
        for paragraph in paragraphs:
            assert paragraph.style.name == "Normal" or paragraph.style.base_style.name == "Normal"
            assert all(run.font.size in (None, Pt(16)) for run in paragraph.runs)


def test_body_paragraphs_are_indented_2_5_cm():
    document = open_docx(render_letter(REQUEST, request_letter()))
    body = next(p for p in document.paragraphs if p.text.startswith("ด้วย"))
    assert body.style.paragraph_format.first_line_indent == pytest.approx(Cm(2.5), abs=Cm(0.01))


# --- cell text is text ------------------------------------------------------------------------------------
HOSTILE = ["<w:t>", "a & b", "{{ 7*7 }}", "{% if %}", "</w:t></w:r></w:p><w:p>", "\"quoted\" 'single'"]


@pytest.mark.parametrize("template", [REQUEST, REMINDER], ids=["request", "reminder"])
def test_hostile_cell_text_appears_literally(template):
    letter = reminder_letter(
        subject=HOSTILE[0], addressee=HOSTILE[1],
        sender=dict(request_letter()["sender"], name=HOSTILE[2], unit=HOSTILE[5]),
        activity=dict(request_letter()["activity"], place=HOSTILE[3], title=HOSTILE[4]),
        people=[dict(PEOPLE[0], name=HOSTILE[2], position=HOSTILE[1])],
        signatory={"name": HOSTILE[3], "position": HOSTILE[0]},
        enclosures=[HOSTILE[4]],
    )
    texts = lines(render_letter(template, letter))
    joined = "\n".join(texts)
    assert label_value(texts[index_of(texts, lambda t: t.startswith("เรื่อง"))], "เรื่อง") == "<w:t>"
    assert label_value(texts[index_of(texts, lambda t: t.startswith("เรียน"))], "เรียน") == "a & b"
    assert "{{ 7*7 }}" in texts  # the sender's name, in the head
    assert "49" not in joined
    assert "ณ\u00a0{% if %}" in joined
    assert "({% if %})" in texts
    assert "</w:t></w:r></w:p><w:p>" in joined
    assert "\"quoted\" 'single'" in texts
    assert "๑. {{ 7*7 }} ตำแหน่ง a & b" in texts


def test_characters_xml_cannot_hold_are_dropped_not_fatal():
    letter = request_letter(subject="เวที\x0bประชาคม\x07\x00", addressee="นายก\x0cองค์การ")
    texts = lines(render_letter(REQUEST, letter))
    assert "เรื่อง\tเวทีประชาคม" in texts and "เรียน\tนายกองค์การ" in texts


def test_a_line_break_typed_in_a_cell_stays_a_line_break():
    letter = request_letter(sender=dict(request_letter()["sender"], address="ศาลากลางจังหวัด\nนศ ๘๐๐๐๐"))
    assert "ศาลากลางจังหวัด\nนศ ๘๐๐๐๐" in lines(render_letter(REQUEST, letter))


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
    for letter in module.LETTERS:
        path = TEMPLATES / f"{letter.kind}.docx"
        assert module.content(path.read_bytes()) == module.content(module.build(letter)), \
            f"{path} is stale: run scripts/make_templates.py"
