#!/usr/bin/env python3
"""Build the letter templates, templates/{request,reminder,change,cancel}.docx, with python-docx.

The layout of an external letter (หนังสือภายนอก, ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ) lives here as code, so
it can be reviewed and rebuilt; the .docx files it writes are ordinary documents with Jinja2 tags (docxtpl)
that a coordinator may open and restyle in Word or LibreOffice. Every paragraph uses a named style
("kmsheets ...", listed in STYLES), so changing a style changes all letters alike.

    python scripts/make_templates.py            # rewrite the templates (byte-for-byte reproducible)
    python scripts/make_templates.py --check    # exit 1 when a template's content differs from what this makes

The page, top to bottom (the first line is the first page's header, 1.5 cm from the top edge; it is at least
3 cm high, so the text starts below the emblem even on paper that bears it already):
  [urgency, red, 32 pt]          [Garuda emblem, 3 cm: {{ letter.emblem }}, [letters] emblem]
  ที่ <number>                              <sender's name>
                                          <sender's address, line by line>
                                          <date in words, BE>
  เรื่อง  <subject>
  เรียน  <the agency head, by position>
  อ้างถึง  <earlier letter>          (reminder, change, cancel)
  สิ่งที่ส่งมาด้วย  <enclosures>      (when any)
          <body: what was asked or what happened, the people, the closing with the reply-by date>
                                          ขอแสดงความนับถือ
                                        (three lines to sign)
                                         (<signatory's name>)
                                         <signatory's position>
  <owning unit>
  โทร. <phone> โทรสาร <fax>
  ไปรษณีย์อิเล็กทรอนิกส์ <e-mail>
  สำเนาส่ง  <each person concerned>
Pages after the first carry "- ๒ -" at the top centre (a PAGE field in Thai digits).

The templates print one object, `letter` (its fields are listed in kmsheets/render.py), through the filters
be_date, be_date_short, thai_weekday, digits and time_range of kmsheets.render.letter_environment.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree
from pathlib import Path
from typing import Sequence

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

# --- typesetting (งานสารบรรณ): A4, Sarabun 16 pt, margins left 3 cm, right 2 cm --------------------------
FONT = "Sarabun"  # the open-licence equivalent of TH Sarabun New; Google Docs has it too
SIZE = 16  # pt
URGENCY_SIZE = 32  # pt, red and bold: "at least 32 pt", as the regulation's form shows
PAGE_WIDTH, PAGE_HEIGHT = Cm(21.0), Cm(29.7)
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 3.0, 2.0, 2.5, 2.0  # cm
TEXT_WIDTH = 21.0 - MARGIN_LEFT - MARGIN_RIGHT  # 16 cm
GARUDA_HEIGHT = 3.0  # cm: the emblem of an external letter is 3 cm high
HEADER_AT = 1.5  # cm from the top edge: the emblem on the first page, the page number on the others
GARUDA_CENTRE = TEXT_WIDTH / 2  # the emblem sits in the middle of the line
DATE_AT = GARUDA_CENTRE - 0.5  # the date begins so that its day sits under the middle of the emblem
# the sender's name and address begin where the date does and run to the right margin (8.5 cm): an agency's
# name and an address line as offices write them fit on one line there
ADDRESS_AT = DATE_AT
CLOSING_AT = DATE_AT  # ขอแสดงความนับถือ begins where the date does
SIGNATURE_CENTRE = CLOSING_AT + 2.25  # the name and position are centred under ขอแสดงความนับถือ (4.5 cm wide)
# where the text after a label begins, and wraps to: the label's width at 16 pt and about two spaces
LABEL_TAB = 1.5  # cm, เรื่อง and เรียน
REFERENCE_TAB = 1.85  # cm, อ้างถึง
ENCLOSURE_TAB = 4.0  # cm, สิ่งที่ส่งมาด้วย
COPIES_TAB = 2.5  # cm, สำเนาส่ง
BODY_INDENT = 2.5  # cm: first-line indent of the body paragraphs
LINE = 20.9  # pt: one line of Sarabun 16 pt, single-spaced (its ascent and descent)
SIGNING_ROOM = 3 * LINE  # the blank above the signatory's name
RED = RGBColor(0xC0, 0x00, 0x00)
FIXED_TIME = (2026, 1, 1, 0, 0, 0)  # zip entry times and document dates, so rebuilds are byte-identical


@dataclass(frozen=True)
class StyleSpec:
    name: str
    description: str
    align: WD_ALIGN_PARAGRAPH | None = None
    left: float = 0.0  # cm
    right: float = 0.0
    first_line: float = 0.0  # negative: hanging
    before: float = 0.0  # pt
    after: float = 0.0  # pt
    tabs: tuple[tuple[float, WD_TAB_ALIGNMENT], ...] = ()
    keep_with_next: bool = False
    contextual: bool = False  # no space between paragraphs of this style (a list keeps its space above only)


SIGNATURE_LEFT = 2 * SIGNATURE_CENTRE - TEXT_WIDTH  # centred text between here and the right margin
STYLES = (
    StyleSpec("kmsheets Emblem", "ชั้นความเร็ว (สีแดง) ทางซ้าย และที่วางตราครุฑ สูง ๓ ซม. กลางหน้า", after=3),
    StyleSpec("kmsheets Head", "ที่ และชื่อ ที่ตั้งของส่วนราชการเจ้าของหนังสือ (ในตารางไม่มีเส้น)", keep_with_next=True),
    StyleSpec("kmsheets Date", "วัน เดือน ปี ที่ออกหนังสือ เริ่มตรงกึ่งกลางตราครุฑ", left=DATE_AT, before=6,
              keep_with_next=True),
    StyleSpec("kmsheets Label", "เรื่อง เรียน: ข้อความที่ขึ้นบรรทัดใหม่ตรงกับข้อความบรรทัดแรก",
              left=LABEL_TAB, first_line=-LABEL_TAB, before=6, tabs=((LABEL_TAB, WD_TAB_ALIGNMENT.LEFT),),
              keep_with_next=True),
    StyleSpec("kmsheets Reference", "อ้างถึง", left=REFERENCE_TAB, first_line=-REFERENCE_TAB, before=6,
              tabs=((REFERENCE_TAB, WD_TAB_ALIGNMENT.LEFT),), keep_with_next=True),
    StyleSpec("kmsheets Enclosures", "สิ่งที่ส่งมาด้วย", left=ENCLOSURE_TAB, first_line=-ENCLOSURE_TAB, before=6,
              tabs=((ENCLOSURE_TAB, WD_TAB_ALIGNMENT.LEFT),), keep_with_next=True, contextual=True),
    StyleSpec("kmsheets Body", "ข้อความ: ย่อหน้า ๒.๕ ซม.", first_line=BODY_INDENT, before=6,
              align=WD_ALIGN_PARAGRAPH.THAI_JUSTIFY),
    StyleSpec("kmsheets Body List", "รายชื่อบุคลากรที่ขอความอนุเคราะห์", left=BODY_INDENT + 0.6, first_line=-0.6),
    StyleSpec("kmsheets Closing", "คำลงท้าย: เริ่มตรงกับวันที่", left=CLOSING_AT, before=9, keep_with_next=True),
    StyleSpec("kmsheets Signature", "ชื่อเต็มในวงเล็บ และตำแหน่ง: กึ่งกลางใต้คำลงท้าย", align=WD_ALIGN_PARAGRAPH.CENTER,
              left=SIGNATURE_LEFT, keep_with_next=True),
    StyleSpec("kmsheets Owner", "ส่วนราชการเจ้าของเรื่อง และโทร. (ชิดซ้าย ท้ายหนังสือ)", keep_with_next=True),
    StyleSpec("kmsheets Copies", "สำเนาส่ง", left=COPIES_TAB, first_line=-COPIES_TAB,
              tabs=((COPIES_TAB, WD_TAB_ALIGNMENT.LEFT),), keep_with_next=True),
)


# --- the four letters: they share the head and the foot, and differ in อ้างถึง, the body and the copies -------------
NBSP = "\u00a0"  # keeps a word with its value on one line: ณ\u00a0<place>, เวลา\u00a0<time>


@dataclass(frozen=True)
class Items:
    """A list in the body: one paragraph for each element of the Jinja loop `over`, reading `text`; numbered
    always, or (`several`) only when there is more than one."""

    over: str
    text: str
    several: bool = False


@dataclass(frozen=True)
class When:
    """Body blocks printed only when the Jinja `condition` holds (else the `otherwise` blocks)."""

    condition: str
    then: Sequence[object]
    otherwise: Sequence[object] = ()


def on_day(of: str) -> str:
    """'ในวันพุธที่ ๑๖ ธันวาคม ๒๕๖๙' of `of`, an object with a date."""
    return "ในวัน{{ @.date | thai_weekday }}ที่ {{ @.date | be_date }}".replace("@", of)


# the activity in full, as a request states it: its day, time, place and tambon
WHEN_WHERE = (on_day("letter.activity")
              + "{% if letter.activity.time %} เวลา" + NBSP + "{{ letter.activity.time | time_range }}{% endif %}"
              "{% if letter.activity.place %} ณ" + NBSP + "{{ letter.activity.place | digits }}{% endif %}"
              "{% if letter.activity.tambon %} ตำบล{{ letter.activity.tambon | digits }}{% endif %}")


SENDER = "{{ letter.sender.name }}"
TITLE = "{{ letter.activity.title | digits }}"
# the opening of every letter that follows another: what was asked, in the letter cited under อ้างถึง (which
# names the sender), or else by the sender. It gives the day only: the letter cited names the people (they are
# copied) and has the time and the place
AS_ASKED = ("{% if letter.reference %}ตามหนังสือที่อ้างถึง ขอความอนุเคราะห์{% else %}ตามที่" + SENDER
            + "ได้ขอความอนุเคราะห์{% endif %}ให้บุคลากรในสังกัดของท่านร่วมเป็นทีมคุณอำนวยในกิจกรรม" + TITLE + " ")
AS_SAID = " ความละเอียดแจ้งแล้ว นั้น"
PERSON = "{{ p.name }}{% if p.position %} ตำแหน่ง {{ p.position }}{% endif %}"
PEOPLE = Items("p in letter.people", PERSON)
# the closing of a letter that asks for people: consider, and reply by the endorsement due date (or at once,
# when that day is no later than the letter's: a letter never asks for a reply by a day gone by)
CLOSING_ASK = ("จึงเรียนมาเพื่อโปรดพิจารณาอนุญาต{% if letter.reply_by %} และแจ้งผลการพิจารณาให้ทราบ"
               "{% if letter.reply_by > letter.issued %}ภายในวันที่ {{ letter.reply_by | be_date }}"
               "{% else %}โดยด่วน{% endif %}{% endif %} จะขอบคุณยิ่ง")
SCHEDULE_CHANGED = ("('date' in letter.change.changed or 'time' in letter.change.changed "
                    "or 'place' in letter.change.changed)")
UNSTATED = "ไม่ได้ระบุ"
CHANGED_FACT = (
    "{% if fact == 'date' %}วันจัดกิจกรรม จากเดิมวัน{{ letter.change.before.date | thai_weekday }}ที่ "
    "{{ letter.change.before.date | be_date }} เป็นวัน{{ letter.activity.date | thai_weekday }}ที่ "
    "{{ letter.activity.date | be_date }}"
    "{% elif fact == 'time' %}เวลา จากเดิม {{ (letter.change.before.time | time_range) or '" + UNSTATED + "' }} "
    "เป็น {{ (letter.activity.time | time_range) or '" + UNSTATED + "' }}"
    "{% else %}สถานที่ จากเดิม {{ (letter.change.before.place | digits) or '" + UNSTATED + "' }} "
    "เป็น {{ (letter.activity.place | digits) or '" + UNSTATED + "' }}"
    "{% if letter.activity.tambon %} ตำบล{{ letter.activity.tambon | digits }}{% endif %}{% endif %}")


@dataclass(frozen=True)
class LetterSpec:
    kind: str
    title: str  # the document's title in its properties
    reference: bool  # has an อ้างถึง line
    body: Sequence[object]  # paragraphs of text with Jinja tags, Items and When; the last is the closing
    copies: str = "letter.people"  # who gets a copy (สำเนาส่ง): a Jinja expression for a list of people


REQUEST = LetterSpec(
    kind="request",
    title="หนังสือขอความอนุเคราะห์บุคลากรร่วมกิจกรรม (แม่แบบ kmsheets)",
    reference=False,
    body=(
        "ด้วย" + SENDER + "กำหนดจัดกิจกรรม" + TITLE + " " + WHEN_WHERE,
        "ในการนี้ จึงขอความอนุเคราะห์ให้บุคลากรในสังกัดของท่านดังต่อไปนี้ ร่วมเป็นทีมคุณอำนวยในกิจกรรมดังกล่าว",
        PEOPLE,
        CLOSING_ASK,
    ),
)

REMINDER = LetterSpec(
    kind="reminder",
    title="หนังสือติดตามการขอความอนุเคราะห์บุคลากรร่วมกิจกรรม (แม่แบบ kmsheets)",
    reference=True,
    body=(
        AS_ASKED + on_day("letter.activity") + AS_SAID,
        "บัดนี้ ยังไม่ได้รับแจ้งผลการพิจารณาแต่อย่างใด",
        CLOSING_ASK,
    ),
)

CHANGE = LetterSpec(
    kind="change",
    title="หนังสือแจ้งเปลี่ยนแปลงกำหนดการกิจกรรม (แม่แบบ kmsheets)",
    reference=True,
    body=(
        AS_ASKED + on_day("letter.change.before") + AS_SAID,
        When(SCHEDULE_CHANGED,
             ("บัดนี้ กำหนดการกิจกรรมดังกล่าวได้เปลี่ยนแปลง ดังนี้",
              Items("fact in letter.change.changed if fact != 'people'", CHANGED_FACT, several=True))),
        # the people asked for now (those added marked), whenever the head is asked to consider again
        When("letter.change.asks_endorsement or letter.change.added",
             ("{% if " + SCHEDULE_CHANGED + " %}ในการนี้ จึงขอความอนุเคราะห์ให้บุคลากรในสังกัดของท่านดังต่อไปนี้ "
              "ร่วมเป็นทีมคุณอำนวยตามกำหนดการใหม่{% else %}บัดนี้ ขอเปลี่ยนแปลงบุคลากรที่ขอความอนุเคราะห์"
              "ร่วมกิจกรรมดังกล่าว เป็นดังต่อไปนี้{% endif %}",
              Items("p in letter.people", PERSON + "{% if p.id in (letter.change.added | map(attribute='id') | list) %}"
                                                   " (เพิ่มเติม){% endif %}"))),
        When("letter.change.withdrawn",
             ("{% if " + SCHEDULE_CHANGED + " or letter.change.asks_endorsement or letter.change.added %}ทั้งนี้"
              "{% else %}บัดนี้{% endif %} ขอยกเลิกการขอความอนุเคราะห์บุคลากรดังต่อไปนี้ ซึ่งไม่ต้องร่วมกิจกรรม"
              "ดังกล่าวแล้ว",
              Items("p in letter.change.withdrawn", PERSON))),
        "{% if letter.change.asks_endorsement %}" + CLOSING_ASK
        + "{% else %}จึงเรียนมาเพื่อโปรดทราบ และขออภัยในความไม่สะดวกมา ณ โอกาสนี้{% endif %}",
    ),
    copies="letter.people + letter.change.withdrawn",
)

CANCEL = LetterSpec(
    kind="cancel",
    title="หนังสือแจ้งยกเลิกการขอความอนุเคราะห์บุคลากรร่วมกิจกรรม (แม่แบบ kmsheets)",
    reference=True,
    body=(
        AS_ASKED + on_day("letter.activity") + AS_SAID,
        "บัดนี้ {% if letter.cancel.reason == 'cancelled' %}กิจกรรมดังกล่าวได้ยกเลิกแล้ว"
        "{% else %}ได้ปรับทีมคุณอำนวยของกิจกรรมดังกล่าวแล้ว{% endif %} "
        "จึงขอยกเลิกการขอความอนุเคราะห์บุคลากรดังต่อไปนี้",
        PEOPLE,
        "จึงเรียนมาเพื่อโปรดทราบ และขอขอบคุณในความอนุเคราะห์มา ณ โอกาสนี้",
    ),
)

LETTERS = (REQUEST, REMINDER, CHANGE, CANCEL)


# --- building ----------------------------------------------------------------------------------------------
def build(spec: LetterSpec) -> bytes:
    """One template as .docx bytes."""
    doc = Document()
    _setup_page(doc)
    _setup_fonts(doc)
    for style in STYLES:
        _add_style(doc, style)
    _remove_initial_paragraph(doc)

    # 1-2. the urgency mark and the emblem beside it, in the first page's header (the letterhead: 1.5 cm from
    # the top edge; at least the emblem's 3 cm high, so the text begins below it); then ที่ and the sender
    emblem = doc.sections[0].first_page_header.paragraphs[0]
    emblem.style = doc.styles["kmsheets Emblem"]
    emblem.add_run("{% if letter.urgency %}")
    emblem.add_run("{{ letter.urgency }}", style="kmsheets Urgency")
    emblem.add_run("{% endif %}")
    emblem.add_run("{{ letter.emblem }}")  # the picture: 3 cm high, centred, its top at this line's (render.py)
    _head_table(doc)

    # 3-5. date, เรื่อง, เรียน
    _para(doc, "kmsheets Date", "{{ letter.issued | be_date }}")
    _para(doc, "kmsheets Label", "เรื่อง\t{{ letter.subject | digits }}")
    _para(doc, "kmsheets Label", "เรียน\t{{ letter.addressee }}")

    # 6. อ้างถึง (a letter that follows another), สิ่งที่ส่งมาด้วย (when any)
    if spec.reference:
        _para(doc, "kmsheets Reference", "{%p if letter.reference %}")
        _para(doc, "kmsheets Reference", "อ้างถึง\tหนังสือ" + SENDER + " ที่ {{ letter.reference.number | digits }} "
                                         "ลงวันที่ {{ letter.reference.issued | be_date }}")
        _para(doc, "kmsheets Reference", "{%p endif %}")
    _para(doc, "kmsheets Enclosures", "{%p for item in letter.enclosures %}")
    _para(doc, "kmsheets Enclosures", "{% if loop.first %}สิ่งที่ส่งมาด้วย{% endif %}\t"
                                      "{% if loop.length > 1 %}{{ loop.index | digits }}. {% endif %}{{ item }}")
    _para(doc, "kmsheets Enclosures", "{%p endfor %}")

    # 7. body; the signed page carries the end of the text, never the closing alone (งานสารบรรณ): from the
    # body's last paragraph to the last copy, everything keeps with the next
    _body(doc, spec.body[:-1])
    _para(doc, "kmsheets Body", str(spec.body[-1])).paragraph_format.keep_with_next = True

    # 8. closing and signature, with room to sign
    _para(doc, "kmsheets Closing", "ขอแสดงความนับถือ")
    name = _para(doc, "kmsheets Signature", "({{ letter.signatory.name }})")
    name.paragraph_format.space_before = Pt(SIGNING_ROOM)
    _para(doc, "kmsheets Signature", "{{ letter.signatory.position }}")

    # 9. owning unit, telephone and fax, e-mail, copies
    unit = _para(doc, "kmsheets Owner", "{{ letter.sender.unit }}")
    unit.paragraph_format.space_before = Pt(9)
    _para(doc, "kmsheets Owner", "{%p if letter.sender.phone or letter.sender.fax %}")
    _para(doc, "kmsheets Owner", "{% if letter.sender.phone %}โทร. {{ letter.sender.phone | digits }}{% endif %}"
                                 "{% if letter.sender.phone and letter.sender.fax %} {% endif %}"
                                 "{% if letter.sender.fax %}โทรสาร {{ letter.sender.fax | digits }}{% endif %}")
    _para(doc, "kmsheets Owner", "{%p endif %}")
    _para(doc, "kmsheets Owner", "{%p if letter.sender.email %}")
    _para(doc, "kmsheets Owner", "ไปรษณีย์อิเล็กทรอนิกส์ {{ letter.sender.email }}")  # an address: as written
    _para(doc, "kmsheets Owner", "{%p endif %}")
    _para(doc, "kmsheets Copies", "{%p for p in " + spec.copies + " %}")
    _para(doc, "kmsheets Copies", "{% if loop.first %}สำเนาส่ง{% endif %}\t{{ p.name }}")
    _para(doc, "kmsheets Copies", "{%p endfor %}")

    _properties(doc, spec)
    return _reproducible(doc)


def _body(doc: DocumentObject, blocks: Sequence[object]) -> None:
    for block in blocks:
        if isinstance(block, Items):
            number = "{% if loop.length > 1 %}{{ loop.index | digits }}. {% endif %}" if block.several \
                else "{{ loop.index | digits }}. "
            _para(doc, "kmsheets Body List", "{%p for " + block.over + " %}")
            _para(doc, "kmsheets Body List", number + block.text)
            _para(doc, "kmsheets Body List", "{%p endfor %}")
        elif isinstance(block, When):
            _para(doc, "kmsheets Body", "{%p if " + block.condition + " %}")
            _body(doc, block.then)
            if block.otherwise:
                _para(doc, "kmsheets Body", "{%p else %}")
                _body(doc, block.otherwise)
            _para(doc, "kmsheets Body", "{%p endif %}")
        else:
            _para(doc, "kmsheets Body", str(block))


def _setup_page(doc: DocumentObject) -> None:
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin, section.right_margin = Cm(MARGIN_LEFT), Cm(MARGIN_RIGHT)
    section.top_margin, section.bottom_margin = Cm(MARGIN_TOP), Cm(MARGIN_BOTTOM)
    section.header_distance, section.footer_distance = Cm(HEADER_AT), Cm(1.0)
    # page numbers "- ๒ -" from the second page on; render.py sets Thai or Arabic digits
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.add_run("- ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    field.append(_run_element("2"))
    header._p.append(field)
    header._p.append(_run_element(" -"))
    number_type = section._sectPr.find(qn("w:pgNumType"))
    if number_type is None:
        number_type = OxmlElement("w:pgNumType")
        # schema order: pgNumType comes after pgMar and before cols
        section._sectPr.find(qn("w:pgMar")).addnext(number_type)
    number_type.set(qn("w:fmt"), "thaiNumbers")


def _run_element(text: str):
    run, element = OxmlElement("w:r"), OxmlElement("w:t")
    element.text = text
    element.set(qn("xml:space"), "preserve")
    run.append(element)
    return run


def _font_properties(rpr, size_pt: float | None = None, *, bold: bool = False) -> None:
    """Sarabun for every script (Thai is complex script: w:cs and w:szCs), Thai as the complex-script language."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        if attribute.endswith("Theme") or attribute.endswith("theme"):
            del fonts.attrib[attribute]  # a theme font would win over the name
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{slot}"), FONT)
    if bold:
        for tag in ("w:b", "w:bCs"):
            _set_child(rpr, tag)
    if size_pt is not None:
        for tag in ("w:sz", "w:szCs"):
            _set_child(rpr, tag).set(qn("w:val"), str(int(size_pt * 2)))


def _set_child(parent, tag: str):
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        parent.append(child)
    return child


def _setup_fonts(doc: DocumentObject) -> None:
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _font_properties(rpr, SIZE)
    language = rpr.find(qn("w:lang"))
    language.set(qn("w:val"), "th-TH")
    language.set(qn("w:eastAsia"), "th-TH")
    language.set(qn("w:bidi"), "th-TH")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    spacing.set(qn("w:lineRule"), "auto")

    normal = doc.styles["Normal"]
    _font_properties(normal.element.get_or_add_rPr(), SIZE)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    for name in ("Header", "Footer"):
        _font_properties(doc.styles[name].element.get_or_add_rPr(), SIZE)

    urgency = doc.styles.add_style("kmsheets Urgency", WD_STYLE_TYPE.CHARACTER)
    urgency.font.color.rgb = RED
    _font_properties(urgency.element.get_or_add_rPr(), URGENCY_SIZE, bold=True)


def _add_style(doc: DocumentObject, spec: StyleSpec) -> None:
    style = doc.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.quick_style = True
    fmt = style.paragraph_format
    if spec.align is not None:
        fmt.alignment = spec.align
    fmt.left_indent = Cm(spec.left) if spec.left else None
    fmt.right_indent = Cm(spec.right) if spec.right else None
    fmt.first_line_indent = Cm(spec.first_line) if spec.first_line else None
    fmt.space_before = Pt(spec.before)
    fmt.space_after = Pt(spec.after)
    fmt.keep_with_next = spec.keep_with_next or None
    if spec.contextual:
        fmt._element.get_or_add_pPr().append(OxmlElement("w:contextualSpacing"))
    for position, alignment in spec.tabs:
        fmt.tab_stops.add_tab_stop(Cm(position), alignment)
    if spec.name == "kmsheets Emblem":
        # at least the emblem's height: empty, the line keeps the room; with the picture, it grows to fit
        fmt.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
        fmt.line_spacing = Cm(GARUDA_HEIGHT)


def _remove_initial_paragraph(doc: DocumentObject) -> None:
    for paragraph in list(doc.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)


def _para(container, style: str, text: str = "") -> Paragraph:
    paragraph = container.add_paragraph(style=style)
    if text:
        paragraph.add_run(text)  # python-docx turns \t into <w:tab/>
    return paragraph


def _head_table(doc: DocumentObject) -> None:
    """ที่ on the left and the sender's name and address on the right, on the same top line; no borders."""
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False  # w:tblLayout fixed
    widths = (Cm(ADDRESS_AT), Cm(TEXT_WIDTH - ADDRESS_AT))
    for column, width in zip(table.columns, widths):
        column.width = width
    for cell, width in zip(table.rows[0].cells, widths):
        cell.width = width
    tbl_pr = table._tbl.tblPr
    total = OxmlElement("w:tblW")
    total.set(qn("w:w"), str(int(Cm(TEXT_WIDTH).twips)))
    total.set(qn("w:type"), "dxa")
    existing = tbl_pr.find(qn("w:tblW"))
    if existing is not None:
        tbl_pr.remove(existing)
    tbl_pr.append(total)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "nil")
        borders.append(line)
    tbl_pr.append(borders)
    margins = OxmlElement("w:tblCellMar")  # text flush with the page margins
    for edge in ("top", "left", "bottom", "right"):
        margin = OxmlElement(f"w:{edge}")
        margin.set(qn("w:w"), "0")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tbl_pr.append(margins)
    _order_tbl_pr(tbl_pr)

    left, right = table.rows[0].cells
    left.paragraphs[0].style = doc.styles["kmsheets Head"]
    left.paragraphs[0].add_run("ที่ {{ letter.number | digits }}")
    right.paragraphs[0].style = doc.styles["kmsheets Head"]
    right.paragraphs[0].add_run(SENDER)
    _para(right, "kmsheets Head", "{%p for line in letter.sender.address_lines %}")
    _para(right, "kmsheets Head", "{{ line | digits }}")
    _para(right, "kmsheets Head", "{%p endfor %}")


_TBL_PR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
                 "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook")


def _order_tbl_pr(tbl_pr) -> None:
    """Word rejects a tblPr whose children are out of the schema's order."""
    rank = {qn(f"w:{name}"): i for i, name in enumerate(_TBL_PR_ORDER)}
    children = sorted(tbl_pr, key=lambda child: rank.get(child.tag, len(rank)))
    for child in children:
        tbl_pr.remove(child)
        tbl_pr.append(child)
    style = tbl_pr.find(qn("w:tblStyle"))
    if style is not None:
        tbl_pr.remove(style)  # the default "Normal Table": no borders, nothing to inherit


def _properties(doc: DocumentObject, spec: LetterSpec) -> None:
    props = doc.core_properties
    props.title = spec.title
    props.author = "kmsheets"
    props.last_modified_by = "kmsheets"
    props.comments = "สร้างโดย scripts/make_templates.py ปรับแต่งรูปแบบได้ที่สไตล์ kmsheets ..."
    props.created = props.modified = dt.datetime(*FIXED_TIME)
    props.revision = 1
    props.language = "th-TH"


def _reproducible(doc: DocumentObject) -> bytes:
    """The .docx with fixed zip entry times, so an unchanged layout rebuilds to the same bytes."""
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


def content(docx: bytes) -> dict[str, str]:
    """What this script decides in a .docx, as canonical XML by part: the body, the headers and footers, and
    the styles it sets (document defaults, Normal, Header, Footer, "kmsheets ..."). The rest (theme, settings,
    the other built-in styles) is python-docx's default document, which changes with its releases: a
    template is not stale because of that."""
    found = {}
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        for name in package.namelist():
            if name == "word/document.xml" or name.startswith(("word/header", "word/footer")):
                found[name] = ElementTree.canonicalize(package.read(name).decode("utf-8"))
        styles = ElementTree.fromstring(package.read("word/styles.xml"))
    for element in styles:
        label = element.find(qn("w:name"))
        name = "defaults" if label is None else label.get(qn("w:val"), "")
        # built-in style names are lower case in the XML
        if element.tag == qn("w:docDefaults") or name.lower() in ("normal", "header", "footer") \
                or name.startswith("kmsheets "):
            found[f"styles: {name}"] = ElementTree.canonicalize(ElementTree.tostring(element, encoding="unicode"))
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 when a template is stale")
    parser.add_argument("--out", type=Path, default=TEMPLATES, help="folder to write to (default: templates/)")
    args = parser.parse_args(argv)
    stale = []
    for spec in LETTERS:
        path = args.out / f"{spec.kind}.docx"
        data = build(spec)
        if args.check:
            if not path.is_file() or content(path.read_bytes()) != content(data):
                stale.append(path)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path}")
    for path in stale:
        print(f"{path} differs from what scripts/make_templates.py makes; run it", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
