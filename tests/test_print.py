"""A letter prints on A4: the .docx converted to PDF by LibreOffice, as the coordinator's --pdf does."""

import datetime as dt
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from kmsheets.letters import issue_letters
from kmsheets.publishers.local import LocalPublisher
from kmsheets.publishers.pdf import libreoffice, pdf_maker
from test_letters import setup

A4_POINTS = (595.3, 841.9)
REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(libreoffice() is None,
                                reason="LibreOffice (soffice) is not installed: apt install libreoffice-writer-nogui")


def test_a_request_letter_converts_to_an_a4_pdf_with_its_parts(tmp_path):
    _, config = setup(tmp_path)
    result = issue_letters(config, today=dt.date(2026, 12, 1), publisher=LocalPublisher(tmp_path / "letters", pdf=True))
    pdf = (tmp_path / "letters" / result.published[0].link).with_suffix(".pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert boxes and all((round(float(w), 1), round(float(h), 1)) == A4_POINTS for w, h in boxes)
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        text = "".join(text.split())  # pdftotext puts spaces before some Thai marks: compare without spaces
        for part in ("ที่ นศ ๐๐๑๗.๒/๑", "๑ ธันวาคม ๒๕๖๙", "เรียน", "นายกองค์การบริหารส่วนตำบลท่าศาลา",
                     "นายสมศักดิ์ มีสุข", "(นายสมชาย ใจดี)", "สำเนาส่ง"):
            assert "".join(part.split()) in text, part


def _sarabun_installed() -> bool:
    if not shutil.which("fc-match"):
        return False
    found = subprocess.run(["fc-match", "Sarabun"], capture_output=True, text=True).stdout
    return found.split(":", 1)[-1].strip().startswith('"Sarabun"')


@pytest.mark.skipif(not _sarabun_installed(), reason="the Sarabun font is not installed (free from Google Fonts): "
                                                      "LibreOffice would print in a wider substitute")
def test_a_request_for_one_person_fits_one_a4_page_in_sarabun(tmp_path):
    _, config = setup(tmp_path)
    result = issue_letters(config, today=dt.date(2026, 12, 1), publisher=LocalPublisher(tmp_path / "letters", pdf=True))
    data = (tmp_path / "letters" / result.published[0].link).with_suffix(".pdf").read_bytes()
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", data)) == 1


def test_letters_converted_at_once_each_get_their_pdf(tmp_path):
    """Each conversion has a LibreOffice profile of its own: with a shared one, a LibreOffice already running
    (the person's own, or another conversion) takes the request over and makes nothing."""
    letters = [shutil.copy(REPO / "templates" / "request.docx", tmp_path / f"letter-{n}.docx") for n in range(3)]
    make_pdf = pdf_maker()
    with ThreadPoolExecutor(len(letters)) as pool:
        list(pool.map(make_pdf, letters))
    assert all(letter.with_suffix(".pdf").read_bytes().startswith(b"%PDF") for letter in letters)
