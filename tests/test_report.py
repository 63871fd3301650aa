"""`kmsheets report` end to end on the known history (tests/workbooks.py): report.xlsx read back with
openpyxl, the PNG charts opened as images and their Thai text drawn in a font that has it, the JSON and the
terminal summary through the CLI."""

import json
import warnings

import openpyxl
import pytest
from click.testing import CliRunner
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font
from PIL import Image

from kmsheets.charts import ENDORSEMENT_DAYS, ON_TIME_BY_MONTH, thai_font
from kmsheets.cli import cli
from kmsheets.config import parse_config
from kmsheets.errors import AccessError
from kmsheets.lessons import AGENCY_COLUMNS
from kmsheets.messages import CATALOGUE
from kmsheets.report_files import make_report
from workbooks import HISTORY_TODAY, history_grids, write_workbook

THAI = "ก"  # ko kai, the first Thai letter


@pytest.fixture
def book(tmp_path):
    return write_workbook(tmp_path / "history.xlsx", history_grids())


def config_for(book, language="th"):
    return parse_config({"language": language, "workbook": {"source": str(book)}, "sender": {"agency_id": "AG00"},
                         "letters": {"folder": "letters"}}, base=book.parent, environ={})


def test_the_chart_font_is_sarabun_and_has_every_thai_letter_the_charts_use():
    font = FT2Font(str(thai_font()))
    assert font.family_name == "Sarabun"
    charmap = font.get_charmap()
    thai = {ch for key, (text, _) in CATALOGUE.items() if key.startswith(("chart_", "lesson_")) for ch in text
            if "\u0e00" <= ch <= "\u0e7f"}
    assert THAI in thai and not {ch for ch in thai if ord(ch) not in charmap}


def test_a_missing_glyph_is_noticed(tmp_path):
    """The check below can fail: a font without Thai makes matplotlib warn of each missing glyph."""
    with rc_context({"font.family": ["DejaVu Sans"]}):
        figure = Figure()
        FigureCanvasAgg(figure)
        figure.text(0.5, 0.5, "หน่วยงาน")
        with pytest.warns(UserWarning, match="missing from font"):
            figure.savefig(tmp_path / "tofu.png")


@pytest.mark.parametrize("language", ["th", "en"])
def test_the_charts_are_pngs_with_every_glyph_drawn(book, tmp_path, language):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a glyph missing from the font would be a warning
        result = make_report(config_for(book, language), today=HISTORY_TODAY, out=tmp_path / "out")
    for name in (ENDORSEMENT_DAYS, ON_TIME_BY_MONTH):
        with Image.open(tmp_path / "out" / name) as image:
            assert image.format == "PNG" and image.width > 600 and image.height > 300
            image.verify()
    assert [p.name for p in result.files] == ["report.xlsx", ENDORSEMENT_DAYS, ON_TIME_BY_MONTH]


def test_report_xlsx_has_a_sheet_per_table_with_thai_headers(book, tmp_path):
    make_report(config_for(book), today=HISTORY_TODAY, out=tmp_path / "out")
    workbook = openpyxl.load_workbook(tmp_path / "out" / "report.xlsx")
    assert workbook.sheetnames == ["รายหน่วยงาน", "รายเดือน"]
    agencies = [list(row) for row in workbook["รายหน่วยงาน"].iter_rows(values_only=True)]
    assert agencies[0] == ["รหัสหน่วยงาน", "หน่วยงาน", "หนังสือขอ", "ส่งแล้ว", "เกษียนแล้ว", "ทันกำหนด",
                           "เลยวันกิจกรรม", "วันถึงเกษียน (มัธยฐาน)", "วันถึงเกษียน (๙๐%)", "ควรขอล่วงหน้า (วัน)"]
    assert agencies[2] == ["AG02", "สำนักงานเกษตรอำเภอท่าศาลา", 7, 7, 5, 2, 1, 12, 15.2, 16]
    months = workbook["รายเดือน"]
    assert [list(row) for row in months.iter_rows(values_only=True)] == [
        ["เดือน (วันกิจกรรม)", "หนังสือขอ", "ทราบผลแล้ว", "ทันกำหนด", "อัตราทันกำหนด", "เลยวันกิจกรรม",
         "แจ้งเปลี่ยนแปลง", "แจ้งยกเลิก"],
        ["กันยายน ๒๕๖๙", 4, 4, 3, 0.75, 0, 0, 0],
        ["ตุลาคม ๒๕๖๙", 5, 5, 3, 0.6, 1, 0, 0],
        ["พฤศจิกายน ๒๕๖๙", 5, 4, 3, 0.75, 0, 0, 0],
        ["ธันวาคม ๒๕๖๙", 3, 0, 0, None, 0, 0, 0]]
    assert months["E2"].number_format == "0%"


def test_in_english_the_report_has_english_headers(book, tmp_path):
    make_report(config_for(book, "en"), today=HISTORY_TODAY, out=tmp_path / "out")
    workbook = openpyxl.load_workbook(tmp_path / "out" / "report.xlsx")
    assert workbook.sheetnames == ["By agency", "By month"]
    assert workbook["By agency"]["B1"].value == "agency" and workbook["By month"]["A2"].value == "Sep 2026"


def test_by_default_the_report_goes_beside_the_letters(book):
    result = make_report(config_for(book), today=HISTORY_TODAY)
    assert result.folder == book.parent / "report" and (book.parent / "report" / "report.xlsx").exists()


def test_a_folder_that_cannot_be_made_is_an_access_error(book, tmp_path):
    (tmp_path / "taken").write_text("a file where the folder would go", encoding="utf-8")
    with pytest.raises(AccessError) as raised:
        make_report(config_for(book), today=HISTORY_TODAY, out=tmp_path / "taken")
    assert raised.value.exit_code == 3 and "บันทึกรายงานลงใน" in raised.value.in_language("th")


def cli_config(book, language):
    path = book.parent / "config.toml"
    path.write_text(f'language = "{language}"\n[workbook]\nsource = "{book}"\n[sender]\nagency_id = "AG00"\n',
                    encoding="utf-8")
    return path


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_cli_json_is_the_two_tables_and_the_files_are_written(book, tmp_path):
    out = tmp_path / "out"
    result = run("--config", str(cli_config(book, "en")), "report", "--today", "2026-12-01", "--since", "1/10/2569",
                 "--until", "2026-10-31", "--out", str(out), "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert set(document) == {"agencies", "months"}
    assert [tuple(a) for a in document["agencies"]] == [AGENCY_COLUMNS] * 3
    assert [(a["agency_id"], a["requests"], a["median_days"], a["p90_days"]) for a in document["agencies"]] == [
        ("AG01", 1, 5.0, 5.0), ("AG02", 3, 14.0, 15.6), ("AG03", 1, 9.0, 9.0)]
    assert [m["month"] for m in document["months"]] == ["2026-10"]
    assert sorted(p.name for p in out.iterdir()) == [ENDORSEMENT_DAYS, ON_TIME_BY_MONTH, "report.xlsx"]


def test_cli_summary_in_thai_and_rows_with_errors_exit_1(book, tmp_path):
    grids = history_grids()
    grids["ทะเบียนหนังสือส่ง"][1][9] = "32/09/2569"  # H01/AG01's sent date cannot be read: that row is left out
    write_workbook(book, grids)
    result = run("--config", str(cli_config(book, "th")), "report", "--today", "2026-12-01", "--out",
                 str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "สำนักงานเกษตรอำเภอท่าศาลา" in result.output and "กันยายน ๒๕๖๙" in result.output
    assert f"หนังสือขอ ๑๖ ฉบับ ถึง ๓ หน่วยงาน; บันทึกตารางและแผนภูมิไว้ที่ {tmp_path / 'out'}" in result.output
    assert "แถวที่มีข้อผิดพลาด ๑ แถว (ไม่ได้นับ)" in result.output
