"""Fill a letter template (.docx with Jinja2 tags, docxtpl) with one `letter` object; return the .docx bytes.

The template sees one name, `letter` (built by kmsheets.letters). This is the contract every template, bundled
or an office's own, may rely on:

    kind        "request" | "reminder" | "change" | "cancel"
    key         str
    urgency     "" | "ด่วน" | "ด่วนมาก" | "ด่วนที่สุด"
    number      str, already in the configured digits ("นศ ๐๐๑๗.๒/๑๒")
    issued      date
    subject     str (a reminder keeps the original letter's เรื่อง)
    addressee   str: the agency head, by position
    reply_by    date | None: the date the agency is asked to reply by (the endorsement due date); None for a
                cancel, and for a change that asks no new endorsement (place only)
    reference   None | {number: str, issued: date, subject: str}: อ้างถึง. A reminder: the letter it chases;
                a change or cancel: the latest letter of that activity to that agency that went out
    enclosures  list[str]
    sender      {name, address, address_lines, phone, fax, email, unit}: address is the text of
                address_lines, the lines the office writes its address in ([sender] address, else the sender's
                row of the agencies tab split at its line breaks); fax and email "" when not known
    agency      {id, name, address, phone}
    people      [{id, name, position, agency_name}]: request/reminder: the people requested; change: the
                people requested now (kept and added); cancel: the people the cancelled letter named
    activity    {id, title, date: date, time: str as typed in the sheet, place, tambon}: as this letter states
                it (the schedule now; for a cancel: as the agency was last told)
    change      None | {before: {date: date, time: str, place: str}, changed: list of "date", "time",
                "place", "people" (in that order, those that changed), added: [people], withdrawn: [people],
                asks_endorsement: bool}  (kind change only)
    cancel      None | {reason: "cancelled" | "withdrawn"}  (kind cancel only)
    signatory   {name, position}
    emblem      str: the Garuda emblem's image file ([letters] emblem), or "" (not set, or preprinted paper).
                render_letter puts the picture, 3 cm high, where the template prints {{ letter.emblem }}

Filters (letter_environment): be_date (๒ ธันวาคม ๒๕๖๙), be_date_short (๒ ธ.ค. ๖๙), thai_weekday (พุธ), digits
(the digits of any number: a phone, a place "หมู่ที่ 3", a loop index) and time_range (whatever form the sheet
typed, 09:00-12:00, 9.00 น., 9.00-12.00 น., as "๐๙.๐๐ – ๑๒.๐๐ น.", its spaces no-break ones). With thai_digits
the filters write Thai digits, otherwise Arabic. Text that came from the sheet is otherwise printed exactly as
typed (people's names and positions, e-mail addresses): never evaluated as a tag, and escaped for XML
(autoescape), so `<w:t>`, `a & b` or `{{ 7*7 }}` in a cell appear as those characters. Every name a template
uses must exist (StrictUndefined): a misspelt tag is an error naming the template, not a blank in an official
letter. The bundled templates also leave the sheet's digits as typed in the addressee, the signatory and the
enclosures; they put the digits filter on the number, subject, title, place, tambon, address, phone and fax.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import zipfile
from pathlib import Path
from typing import Any, Mapping

import jinja2
from docx.image.exceptions import InvalidImageStreamError, UnexpectedEndOfFileError, UnrecognizedImageError
from docx.image.image import Image
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm
from docxtpl import DocxTemplate
from lxml import etree

from .errors import ConfigError, os_reason
from .messages import Message, message
from .thaidate import DateError, format_date, parse_time_range, to_arabic_digits, to_thai_digits

__all__ = ["render_letter", "letter_environment"]

THAI_WEEKDAYS = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")
EMBLEM_HEIGHT = Cm(3)  # the Garuda emblem of an external letter (งานสารบรรณ)
NBSP = "\u00a0"
# characters XML 1.0 cannot hold (docxtpl would turn \a and \f into paragraph and page breaks)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class _Environment(jinja2.Environment):
    """Compiles each template text once. docxtpl hands a template's XML parts over as text for every letter,
    the same text each time, and compiling them took half of each letter's rendering."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._compiled: dict[str, jinja2.Template] = {}

    def from_string(self, source: str | jinja2.nodes.Template, globals: Mapping[str, Any] | None = None,
                    template_class: type[jinja2.Template] | None = None) -> jinja2.Template:
        if globals or template_class or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        if source not in self._compiled:
            self._compiled[source] = super().from_string(source)
        return self._compiled[source]


@functools.cache
def letter_environment(thai_digits: bool) -> jinja2.Environment:
    """The Jinja environment letters are rendered in: autoescaped, strict, with the date and digit filters.
    One for each digit set, kept with its compiled templates for the next letter."""
    env = _Environment(autoescape=True, undefined=jinja2.StrictUndefined)

    def digits(value: object) -> str:
        text = "" if value is None else str(value)
        return to_thai_digits(text) if thai_digits else to_arabic_digits(text)

    def be_date(value: object) -> str:
        day = _as_date(value)
        return format_date(day, thai_digits=thai_digits) if day else _as_text(value)

    def be_date_short(value: object) -> str:
        day = _as_date(value)
        return format_date(day, short=True, thai_digits=thai_digits) if day else _as_text(value)

    def thai_weekday(value: object) -> str:
        day = _as_date(value)
        return THAI_WEEKDAYS[day.weekday()] if day else ""

    def time_range(value: object) -> str:
        return digits(_time_range(value))

    env.filters.update(digits=digits, be_date=be_date, be_date_short=be_date_short, thai_weekday=thai_weekday,
                       time_range=time_range)
    return env


def _time_range(value: object) -> str:
    """'09.00 – 12.00 น.' (no-break spaces) from any time form thaidate reads; other text as typed."""
    typed = _as_text(value)
    if not isinstance(value, dt.time) and not any(ch.isdigit() for ch in typed):
        return typed  # 'ทั้งวัน', 'ช่วงเช้า': words, not a time to normalise
    try:
        start, end = parse_time_range(value)
    except DateError:
        return typed
    times = [f"{start:%H.%M}", *([f"{end:%H.%M}"] if end else [])]
    return f"{NBSP}–{NBSP}".join(times) + f"{NBSP}น."


def render_letter(template: Path, letter: Mapping[str, object], *, thai_digits: bool = True) -> bytes:
    """The letter as .docx bytes. ConfigError when the template is missing, unreadable or broken."""
    template = Path(template)
    try:
        data = template.read_bytes()
    except FileNotFoundError:
        raise ConfigError(key="template_missing", path=str(template)) from None
    except OSError as error:
        raise ConfigError(key="template_unreadable", path=str(template), why=os_reason(error)) from error
    document = DocxTemplate(io.BytesIO(data))
    try:
        document.init_docx()
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as error:
        raise ConfigError(key="template_not_docx", path=str(template)) from error

    context = _clean(letter)
    if context.get("emblem"):
        context["emblem"] = _emblem(document, str(context["emblem"]))
    try:
        document.render({"letter": context}, letter_environment(thai_digits), autoescape=True)
    except jinja2.TemplateSyntaxError as error:
        # Jinja's own words (English) are quoted as a value: they name the tag as Jinja reads it
        raise ConfigError(key="template_broken_tag", path=str(template), line=error.lineno or 0,
                          jinja=repr(error.message or ""), near=_near(error)) from error
    except jinja2.UndefinedError as error:
        raise ConfigError(key="template_unknown_name", path=str(template), jinja=repr(error.message or "")) from error
    except jinja2.TemplateError as error:
        raise ConfigError(key="template_unfillable", path=str(template), jinja=repr(str(error))) from error
    _page_number_digits(document, thai_digits)
    properties = document.docx.core_properties  # the letter's, not the template's
    properties.title = _NOT_XML.sub("", str(letter.get("subject") or ""))
    properties.comments = ""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class _Emblem:
    """The Garuda emblem where the template prints {{ letter.emblem }}: a picture 3 cm high (its width to scale),
    centred between the margins with its top at the top of that paragraph (the letterhead, 1.5 cm from the top
    edge), in front of the text. The letterhead line keeps the room, so a letter's pages break the same with
    the picture as on paper that bears it already."""

    def __init__(self, document: DocxTemplate, data: bytes) -> None:
        self.document, self.data = document, data

    def __html__(self) -> str:  # docxtpl prints it into a run's text, in the part being rendered
        inline = self.document.current_rendering_part.new_pic_inline(io.BytesIO(self.data), height=EMBLEM_HEIGHT)
        anchor = parse_xml(
            f'<wp:anchor {nsdecls("wp")} distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" '
            'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
            '<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>'
            '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV></wp:anchor>')
        anchor.append(inline.find(qn("wp:extent")))
        anchor.append(parse_xml(f'<wp:effectExtent {nsdecls("wp")} l="0" t="0" r="0" b="0"/>'))
        anchor.append(parse_xml(f'<wp:wrapNone {nsdecls("wp")}/>'))
        for part in ("wp:docPr", "wp:cNvGraphicFramePr", "a:graphic"):
            anchor.append(inline.find(qn(part)))
        return ('</w:t></w:r><w:r><w:drawing>' + etree.tostring(anchor, encoding="unicode")
                + '</w:drawing></w:r><w:r><w:t xml:space="preserve">')

    __str__ = __html__


def _emblem(document: DocxTemplate, path: str) -> _Emblem:
    """The emblem picture; ConfigError when the file is missing or not an image a .docx can hold."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise ConfigError(key="emblem_missing", path=path) from None
    except OSError as error:
        raise ConfigError(key="emblem_unreadable", path=path, why=os_reason(error)) from None
    try:
        Image.from_blob(data)
    except (UnrecognizedImageError, InvalidImageStreamError, UnexpectedEndOfFileError):
        raise ConfigError(key="emblem_not_image", path=path) from None
    return _Emblem(document, data)


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


def _as_text(value: object) -> str:
    """A value that is not a date (a cell typed as text, or nothing) prints as it is."""
    return "" if value is None else str(value)


def _clean(value: Any) -> Any:
    """A copy of the context with the characters XML cannot hold dropped from every string; nothing else changes."""
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    if isinstance(value, Mapping):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(item) for item in value]
    return value


def _near(error: jinja2.TemplateSyntaxError) -> Message | str:
    """The text of the paragraph at fault (docxtpl keeps the tag-stripped lines around the error)."""
    lines = list(getattr(error, "docx_context", None) or ())
    if not lines or error.lineno is None:
        return ""
    index = (error.lineno - 1) - max(error.lineno - 4, 0)
    if 0 <= index < len(lines) and lines[index].strip():
        return message("template_paragraph", text=repr(lines[index].strip()[:120]))
    text = " ".join(line.strip() for line in lines if line.strip())
    return message("template_near", text=repr(text[:120])) if text else ""


def _page_number_digits(document: DocxTemplate, thai_digits: bool) -> None:
    """Page numbers (from the second page) in the same digits as the rest of the letter."""
    for section in document.docx.sections:
        number_type = section._sectPr.find(qn("w:pgNumType"))
        if number_type is not None and number_type.get(qn("w:fmt")) in (None, "decimal", "thaiNumbers"):
            number_type.set(qn("w:fmt"), "thaiNumbers" if thai_digits else "decimal")
