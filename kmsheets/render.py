"""Fill a letter template (.docx with Jinja2 tags, docxtpl) with one `letter` object; return the .docx bytes.

The template sees one name, `letter` (built by kmsheets.letters.letter_context):

    kind        "request" | "reminder"
    urgency     "" | "ด่วน" | "ด่วนมาก" | "ด่วนที่สุด"
    number      str, already in the configured digits ("นศ ๐๐๑๗.๒/๑๒")
    issued      date
    subject     str
    addressee   str: the agency head, by position
    reference   None | {number: str, issued: date}          (the earlier letter, for อ้างถึง)
    enclosures  list[str]
    sender      {name, address, phone, unit}
    agency      {id, name, address, phone}
    people      [{id, name, position, agency_name}]
    activity    {id, title, date: date, time, place, tambon}
    signatory   {name, position}

Filters (letter_environment): be_date (๒ ธันวาคม ๒๕๖๙), be_date_short (๒ ธ.ค. ๖๙), thai_weekday (พุธ), digits
(numbers the template prints, e.g. loop.index). With thai_digits the filters write Thai digits, otherwise
Arabic. Text that came from the sheet is printed exactly as typed: never converted, never evaluated as a tag,
and escaped for XML (autoescape), so `<w:t>`, `a & b` or `{{ 7*7 }}` in a cell appear as those characters.
Every name a template uses must exist (StrictUndefined): a misspelt tag is an error naming the template, not
a blank in an official letter.
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
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from lxml import etree

from .errors import ConfigError
from .thaidate import format_date, to_arabic_digits, to_thai_digits

__all__ = ["render_letter", "letter_environment"]

THAI_WEEKDAYS = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")
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

    env.filters.update(digits=digits, be_date=be_date, be_date_short=be_date_short, thai_weekday=thai_weekday)
    return env


def render_letter(template: Path, letter: Mapping[str, object], *, thai_digits: bool = True) -> bytes:
    """The letter as .docx bytes. ConfigError when the template is missing, unreadable or broken."""
    template = Path(template)
    try:
        data = template.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"letter template {template} does not exist; make it with scripts/make_templates.py "
                          f"or set [letters] templates to the folder that holds request.docx and reminder.docx")
    except OSError as error:
        raise ConfigError(f"letter template {template} cannot be read: {error.strerror or error}") from error
    document = DocxTemplate(io.BytesIO(data))
    try:
        document.init_docx()
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as error:
        raise ConfigError(f"letter template {template} is not a Word document (.docx): {error}") from error

    try:
        document.render({"letter": _clean(letter)}, letter_environment(thai_digits), autoescape=True)
    except jinja2.TemplateSyntaxError as error:
        raise ConfigError(f"letter template {template}: a Jinja tag is broken near line {error.lineno} "
                          f"({error.message}){_near(error)}") from error
    except jinja2.UndefinedError as error:
        raise ConfigError(f"letter template {template} uses a name the letter does not have: {error.message}; "
                          f"the names are listed in kmsheets/render.py") from error
    except jinja2.TemplateError as error:
        raise ConfigError(f"letter template {template} cannot be filled: {error}") from error
    _page_number_digits(document, thai_digits)
    properties = document.docx.core_properties  # the letter's, not the template's
    properties.title = _NOT_XML.sub("", str(letter.get("subject") or ""))
    properties.comments = ""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


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


def _near(error: jinja2.TemplateSyntaxError) -> str:
    """The text of the paragraph at fault (docxtpl keeps the tag-stripped lines around the error)."""
    lines = list(getattr(error, "docx_context", None) or ())
    if not lines or error.lineno is None:
        return ""
    index = (error.lineno - 1) - max(error.lineno - 4, 0)
    if 0 <= index < len(lines) and lines[index].strip():
        return f"; the paragraph reads: {lines[index].strip()[:120]!r}"
    text = " ".join(line.strip() for line in lines if line.strip())
    return f"; near: {text[:120]!r}" if text else ""


def _page_number_digits(document: DocxTemplate, thai_digits: bool) -> None:
    """Page numbers (from the second page) in the same digits as the rest of the letter."""
    for section in document.docx.sections:
        number_type = section._sectPr.find(qn("w:pgNumType"))
        if number_type is not None and number_type.get(qn("w:fmt")) in (None, "decimal", "thaiNumbers"):
            number_type.set(qn("w:fmt"), "thaiNumbers" if thai_digits else "decimal")
