"""A letter as PDF: what `kmsheets letters --pdf` writes beside each .docx, made by what the computer has.
LibreOffice (on the PATH, or where its installer puts it on Windows and macOS), else Microsoft Word through
docx2pdf (`pip install ".[word]"`, Windows and macOS); without either, --pdf says how to get a PDF.

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

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Callable, Mapping

from docx.oxml.ns import qn
from lxml import etree

from ..errors import AccessError, ConfigError
from ..messages import message

TIMEOUT = 180  # seconds for one conversion; a first start of LibreOffice makes its profile
_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_PAGE = re.compile(rb"/Type\s*/Page\b(?!s)")
INSTALLED = {  # where LibreOffice's installers put soffice
    "win32": [r"{ProgramFiles}\LibreOffice\program\soffice.exe", r"{ProgramFiles(x86)}\LibreOffice\program\soffice.exe"],
    "darwin": ["/Applications/LibreOffice.app/Contents/MacOS/soffice"],
}
DEFAULT_PROGRAM_FILES = {"ProgramFiles": r"C:\Program Files", "ProgramFiles(x86)": r"C:\Program Files (x86)"}


def libreoffice(platform: str = sys.platform, environ: Mapping[str, str] = os.environ,
                exists: Callable[[str], bool] = os.path.isfile) -> str | None:
    """LibreOffice's soffice: on the PATH, else where its installer puts it on this platform."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    folders = {name: environ.get(name) or default for name, default in DEFAULT_PROGRAM_FILES.items()}
    return next((place for place in (p.format_map(folders) for p in INSTALLED.get(platform, [])) if exists(place)),
                None)


def word_available(platform: str = sys.platform) -> bool:
    """Whether docx2pdf, which drives Microsoft Word, is installed where it works (Windows, macOS)."""
    return platform in ("win32", "darwin") and importlib.util.find_spec("docx2pdf") is not None


def pdf_maker(platform: str = sys.platform) -> Callable[[Path], Path]:
    """How this computer makes a letter's PDF; ConfigError saying how to get one when it cannot."""
    if libreoffice(platform):
        return convert_to_pdf
    if word_available(platform):
        return convert_with_word
    raise ConfigError(key="no_pdf_maker")


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


def convert_with_word(docx: Path) -> Path:
    """Write `docx` as a PDF beside it through Microsoft Word (docx2pdf); return the PDF's path."""
    from docx2pdf import convert  # an optional extra: kmsheets[word]

    pdf = Path(docx).with_suffix(".pdf")
    try:
        convert(str(docx), str(pdf))
    except Exception as error:  # noqa: BLE001 - Word's automation fails in many ways; each is this one error
        # Word's own words (English, or the language Word speaks) are quoted, as a value
        raise AccessError(key="pdf_failed_word", path=str(docx), error=repr(str(error))) from None
    if not pdf.is_file():  # Word may finish without complaint and without a PDF
        raise AccessError(key="pdf_failed_word", path=str(docx), error=message("pdf_none_came_out"))
    return pdf


def _soffice(to: str, source: Path, folder: Path, work: Path) -> None:
    """Convert `source` into `folder` as `to`, LibreOffice keeping its profile in `work`."""
    command = [libreoffice() or "soffice", f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
               "--convert-to", to, "--outdir", str(folder), str(source)]
    try:
        finished = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", errors="replace",
                                  timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise AccessError(key="pdf_timeout", path=str(source), seconds=TIMEOUT) from None
    if finished.returncode != 0 or not (folder / f"{source.stem}.{to}").is_file():  # it may exit 0 having failed
        raise AccessError(key="pdf_failed", path=str(source), code=str(finished.returncode),
                          error=repr(finished.stderr.strip()) if finished.stderr.strip() else "")


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
