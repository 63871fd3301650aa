"""A letter as PDF, made by LibreOffice: what `kmsheets letters --pdf` writes beside each .docx.

A letter numbers its pages from the second on, "- ๒ -" with Thai digits: the .docx asks for them with its
page-number format (w:pgNumType w:fmt="thaiNumbers"), which Word honours and LibreOffice's .docx import drops
(to Arabic digits; the PAGE field's \\* ThaiArabic switch it reads as Thai letters, "ข"). LibreOffice's own
format can say it: page numbers in the digits of the text's language ("Native Numbering"). So a letter of
more than one page with Thai page numbers goes .docx -> .odt, that numbering on its page styles -> .pdf; the
rest, most letters, convert directly.

Each conversion runs LibreOffice with a user profile of its own: with the usual one, a LibreOffice the user
has open, or another conversion running at the same time, makes it fail (exit code 1).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from docx.oxml.ns import qn
from lxml import etree

from ..errors import AccessError

TIMEOUT = 180  # seconds for one conversion; a first start of LibreOffice makes its profile
_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_PAGE = re.compile(rb"/Type\s*/Page\b(?!s)")


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(docx: Path) -> Path:
    """Write `docx` as a PDF beside it, with the page numbers the .docx asks for; return the PDF's path."""
    docx = Path(docx)
    pdf = docx.with_suffix(".pdf")
    with tempfile.TemporaryDirectory(prefix="kmsheets-pdf-") as temp:
        work = Path(temp)
        _soffice("pdf", docx, docx.parent, work)
        if _thai_page_numbers(docx) and _pages(pdf) > 1:
            _soffice("odt", docx, work, work)
            odt = work / f"{docx.stem}.odt"
            _number_pages_natively(odt)
            pdf.unlink()
            _soffice("pdf", odt, docx.parent, work)
    return pdf


def _soffice(to: str, source: Path, folder: Path, work: Path) -> None:
    """Convert `source` into `folder` as `to`, LibreOffice keeping its profile in `work`."""
    command = [libreoffice() or "soffice", f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
               "--convert-to", to, "--outdir", str(folder), str(source)]
    try:
        finished = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise AccessError(key="pdf_timeout", path=str(source), seconds=TIMEOUT) from None
    if finished.returncode != 0 or not (folder / f"{source.stem}.{to}").is_file():  # it may exit 0 having failed
        raise AccessError(key="pdf_failed", path=str(source), code=finished.returncode,
                          error=finished.stderr.strip())


def _thai_page_numbers(docx: Path) -> bool:
    with zipfile.ZipFile(docx) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    return any(number.get(qn("w:fmt")) == "thaiNumbers" for number in body.iter(qn("w:pgNumType")))


def _pages(pdf: Path) -> int:
    """How many pages LibreOffice's PDF has (it writes each page's dictionary uncompressed)."""
    return len(_PAGE.findall(pdf.read_bytes()))


def _number_pages_natively(odt: Path) -> None:
    """Number the pages of every page style in the digits of the text's language (Thai here)."""
    with zipfile.ZipFile(odt) as package:
        items = [(item, package.read(item.filename)) for item in package.infolist()]
    with zipfile.ZipFile(odt, "w") as package:
        for item, data in items:  # in order: the uncompressed mimetype stays first, as ODF requires
            if item.filename == "styles.xml":
                styles = etree.fromstring(data)
                for layout in styles.iter(f"{{{_STYLE}}}page-layout-properties"):
                    layout.set(f"{{{_STYLE}}}num-format", "Native Numbering")
                data = etree.tostring(styles, xml_declaration=True, encoding="UTF-8")
            package.writestr(item, data)
