"""Letters print as an office expects: the .docx converted to PDF by LibreOffice, as the coordinator's --pdf does,
and read back with poppler's pdftotext and pdfimages. CI installs all three and the Sarabun font (.ci/run)."""

import datetime as dt
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from emblem import draw_emblem
from kmsheets.config import parse_config
from kmsheets.letters import issue_letters
from kmsheets.publishers.local import LocalPublisher
from kmsheets.publishers.pdf import libreoffice, pdf_maker
from test_letters import setup
from workbooks import header, write_workbook

A4_POINTS = (595.3, 841.9)
CM = 72 / 2.54  # PDF points in a centimetre
POPPLER = "poppler-utils (apt-get install poppler-utils): pdftotext and pdfimages read the PDF back"
REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    libreoffice() is None, reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")


def _sarabun_installed() -> bool:
    if not shutil.which("fc-match"):
        return False
    found = subprocess.run(["fc-match", "Sarabun"], capture_output=True, text=True).stdout
    return found.split(":", 1)[-1].strip().startswith('"Sarabun"')


sarabun = pytest.mark.skipif(not _sarabun_installed(), reason="the Sarabun font is not installed (pip download "
                                                               "fontpkg-sarabun, or Google Fonts; .ci/run shows how): "
                                                               "LibreOffice would print in a wider substitute")
poppler = pytest.mark.skipif(not (shutil.which("pdftotext") and shutil.which("pdfimages")), reason=POPPLER)


def pdf_text(pdf: Path, page: int | None = None) -> str:
    """The PDF's text without spaces: pdftotext puts spaces before some Thai marks and drops narrow ones."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    text = subprocess.run(["pdftotext", "-layout", *pages, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return "".join(text.split())


def pages(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf.read_bytes()))


def test_a_request_letter_converts_to_an_a4_pdf_with_its_parts(tmp_path):
    _, config = setup(tmp_path)
    result = issue_letters(config, today=dt.date(2026, 12, 1), publisher=LocalPublisher(tmp_path / "letters", pdf=True))
    pdf = (tmp_path / "letters" / result.published[0].link).with_suffix(".pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert boxes and all((round(float(w), 1), round(float(h), 1)) == A4_POINTS for w, h in boxes)
    if shutil.which("pdftotext"):
        text = pdf_text(pdf)
        for part in ("ที่ นศ ๐๐๑๗.๒/๑", "๑ ธันวาคม ๒๕๖๙", "เรียน", "นายกองค์การบริหารส่วนตำบลท่าศาลา",
                     "นายสมศักดิ์ มีสุข", "(นายสมชาย ใจดี)", "สำเนาส่ง"):
            assert "".join(part.split()) in text, part


# --- an office's letters, as long as real ones run --------------------------------------------------------------
# A sender with a long name, its address in two lines, phone, fax and e-mail, the emblem; an agency head with a long
# title; positions that wrap; an urgent request and a reminder. The sheet types its numbers in Arabic digits.
POSITIONS = ["นักวิชาการส่งเสริมการเกษตรชำนาญการ", "พยาบาลวิชาชีพชำนาญการ", "เจ้าพนักงานสาธารณสุขปฏิบัติงาน",
             "นักวิชาการสาธารณสุขปฏิบัติการ", "ผู้ช่วยเจ้าหน้าที่สาธารณสุข"]
REQUEST_DAY, REMINDER_DAY = dt.date(2026, 12, 1), dt.date(2026, 12, 6)  # the activity is on 16 Dec (due by 9 Dec)


def office(folder: Path, people: int, *, sent_request: bool = False):
    """A workbook and config of an office asking the health centre for `people` people for one activity; with
    `sent_request`, that request is registered and sent already (a reminder is then due)."""
    staff = [f"P{i:02}" for i in range(1, people + 1)]
    grids = {
        "หน่วยงาน": [header("agencies"),
                     ["AG00", "สำนักงานพัฒนาชุมชนจังหวัดนครศรีธรรมราช", "พัฒนาการจังหวัดนครศรีธรรมราช",
                      "ศาลากลางจังหวัด ถนนราชดำเนิน อำเภอเมือง จังหวัดนครศรีธรรมราช 80000", "075-356123",
                      "km@nakhon.example"],
                     ["AG04", "โรงพยาบาลส่งเสริมสุขภาพตำบลกลาย", "ผู้อำนวยการโรงพยาบาลส่งเสริมสุขภาพตำบลกลาย",
                      "ตำบลกลาย อำเภอท่าศาลา 80160", "075-522456", ""]],
        "ทีมงาน": [header("people")] + [[pid, f"นางสาวสุนีย์ มีทรัพย์{'ดี' * i}", "คุณอำนวย", "AG04",
                                         POSITIONS[i % len(POSITIONS)], "กลาย", "", ""]
                                        for i, pid in enumerate(staff)],
        "กำหนดการ": [header("activities"),
                     ["A01", "ถอดบทเรียนการทำเกษตรผสมผสาน ครั้งที่ 2", "16/12/2569", "13:00-16:00",
                      "บ้านผู้ใหญ่บ้านหมู่ 5", "กลาย", ", ".join(staff), "planned", "", ""]],
        "ทะเบียนหนังสือส่ง": [header("letters")],
    }
    if sent_request:
        grids["ทะเบียนหนังสือส่ง"].append(
            ["A01/AG04", "นศ ๐๐๑๗.๒/๑๒", "1/12/2569", "request", "A01", "AG04", ", ".join(staff),
             "ขอความอนุเคราะห์บุคลากรร่วมกิจกรรมถอดบทเรียนการทำเกษตรผสมผสาน ครั้งที่ 2", "", "2/12/2569", "", "", ""])
    path = write_workbook(folder / "book.xlsx", grids)
    draw_emblem(folder / "garuda.png")
    config = parse_config({"workbook": {"source": str(path)},
                           "sender": {"agency_id": "AG00", "prefix": "นศ ๐๐๑๗.๒", "signatory": "นายสมชาย ใจดี",
                                      "position": "พัฒนาการจังหวัดนครศรีธรรมราช",
                                      "unit": "กลุ่มงานส่งเสริมการจัดการความรู้", "fax": "075-356124",
                                      "address": ["ศาลากลางจังหวัด ถนนราชดำเนิน", "อำเภอเมือง นครศรีธรรมราช 80000"]},
                           "letters": {"folder": "letters", "emblem": "garuda.png"}}, base=folder, environ={})
    return config


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, Path]:
    """The PDFs --pdf makes: a one-person request, a one-person reminder and a five-person request."""
    made = {}
    for name, people, sent, today, kinds in (("request", 1, False, REQUEST_DAY, ("request",)),
                                             ("reminder", 1, True, REMINDER_DAY, ("reminder",)),
                                             ("five", 5, False, REQUEST_DAY, ("request",))):
        folder = tmp_path_factory.mktemp(name)
        config = office(folder, people, sent_request=sent)
        result = issue_letters(config, today=today, kinds=kinds,
                               publisher=LocalPublisher(folder / "letters", pdf=True))
        [letter] = result.published
        made[name] = Path(letter.link).with_suffix(".pdf")
    return made


@sarabun
@pytest.mark.parametrize("name", ["request", "reminder"])
def test_a_letter_for_one_person_fits_one_a4_page_in_sarabun(printed, name):
    assert pages(printed[name]) == 1


@sarabun
@poppler
def test_the_second_page_is_numbered_in_thai_digits_at_the_top_centre(printed):
    assert pages(printed["five"]) == 2
    words = subprocess.run(["pdftotext", "-bbox", "-f", "2", "-l", "2", str(printed["five"]), "-"],
                           capture_output=True, text=True, check=True).stdout
    boxes = [(float(y0) / CM, float(x0) / CM, float(x1) / CM, word) for x0, y0, x1, word in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', words)]
    top = min(y for y, *_ in boxes)
    line = sorted((x0, x1, word) for y, x0, x1, word in boxes if abs(y - top) < 0.2)
    assert "".join(word for *_, word in line) == "-๒-"  # "- ๒ -": pdftotext drops the narrow spaces
    assert top < 2.5  # above the text, in the header 1.5 cm from the top edge
    assert (line[0][0] + line[-1][1]) / 2 == pytest.approx(3.0 + 16.0 / 2, abs=0.3)  # centred between the margins
    assert "-๑-" not in pdf_text(printed["five"], page=1)  # the first page carries the emblem instead
    assert "ขอแสดงความนับถือ" in pdf_text(printed["five"], page=2)  # the signed page carries the end of the text


@poppler
def test_the_emblem_is_on_the_first_page_3_cm_high(printed):
    for pdf in printed.values():
        listed = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                                check=True).stdout.splitlines()[2:]
        [image] = [line.split() for line in listed]  # one picture, and only on page 1
        page, height, y_ppi = int(image[0]), int(image[4]), float(image[13])
        assert page == 1
        assert height / y_ppi * 2.54 == pytest.approx(3.0, abs=0.05)  # cm


@poppler
@pytest.mark.parametrize("name", ["request", "reminder", "five"])
def test_no_arabic_digit_in_a_printed_thai_digit_letter(printed, name):
    text = pdf_text(printed[name]).replace("km@nakhon.example", "")  # an address is written as it is
    assert not re.search("[0-9]", text), re.findall(".{20}[0-9].{20}", text)
    if name != "reminder":
        assert "เวลา๑๓.๐๐–๑๖.๐๐น." in text and "บ้านผู้ใหญ่บ้านหมู่๕" in text
    assert "โทร.๐๗๕-๓๕๖๑๒๓โทรสาร๐๗๕-๓๕๖๑๒๔" in text and "ครั้งที่๒" in text


def test_letters_converted_at_once_each_get_their_pdf(tmp_path):
    """Each conversion has a LibreOffice profile of its own: with a shared one, a LibreOffice already running
    (the person's own, or another conversion) takes the request over and makes nothing."""
    letters = [shutil.copy(REPO / "templates" / "request.docx", tmp_path / f"letter-{n}.docx") for n in range(3)]
    make_pdf = pdf_maker()
    with ThreadPoolExecutor(len(letters)) as pool:
        list(pool.map(make_pdf, letters))
    assert all(letter.with_suffix(".pdf").read_bytes().startswith(b"%PDF") for letter in letters)
