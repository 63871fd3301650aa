"""A .pdf beside a letter's .docx, made by what the computer has: LibreOffice (on the PATH, or where its
installer puts it on Windows and macOS), else Microsoft Word through docx2pdf (`pip install
'kmsheets[word]'`, Windows and macOS). Without either, --pdf says how to get one.

LibreOffice runs with a profile of its own for each letter: a LibreOffice the person has open (or a
second kmsheets) would otherwise take the request over and make nothing.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Callable, Mapping

from ..errors import AccessError, ConfigError

PdfMaker = Callable[[Path], None]  # makes DOCX.pdf beside DOCX
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


def pdf_maker(platform: str = sys.platform) -> PdfMaker:
    """How this computer makes a PDF of a letter; ConfigError saying how to get one when it cannot."""
    soffice = libreoffice(platform)
    if soffice:
        return lambda docx: _by_libreoffice(soffice, docx)
    if word_available(platform):
        return _by_word
    raise ConfigError(key="no_pdf_maker")


def _by_libreoffice(soffice: str, docx: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="kmsheets-libreoffice-") as profile:
        command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--convert-to", "pdf",
                   "--outdir", str(docx.parent), str(docx)]
        try:
            finished = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", errors="replace",
                                      timeout=180)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise AccessError(key="pdf_failed", path=docx, program="LibreOffice", error=error) from None
    _check_made(docx, "LibreOffice", finished.stderr.strip() or finished.stdout.strip()
                or f"exit code {finished.returncode}")


def _by_word(docx: Path) -> None:
    from docx2pdf import convert  # an optional extra: kmsheets[word]

    try:
        convert(str(docx), str(docx.with_suffix(".pdf")))
    except Exception as error:  # noqa: BLE001 - Word's automation fails in many ways; each is this one error
        raise AccessError(key="pdf_failed", path=docx, program="Word", error=error) from None
    _check_made(docx, "Word", "no PDF came out")


def _check_made(docx: Path, program: str, why: str) -> None:
    """Both programs may end without complaint and without a PDF."""
    if not docx.with_suffix(".pdf").exists():
        raise AccessError(key="pdf_failed", path=docx, program=program, error=why)
