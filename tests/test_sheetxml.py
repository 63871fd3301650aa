"""The .xlsx reader and patcher against files written by openpyxl and by hand-made XML, cell for cell."""

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.styles import Font

from kmsheets.backends.sheetxml import Package, patch_into, patch_sheet, read_grid, read_sheet, rebuild
from kmsheets.tables import normalize_cell

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def openpyxl_grid(path, title):
    sheet = openpyxl.load_workbook(path)[title]
    return [[normalize_cell(c.value) for c in row] for row in sheet.iter_rows()]


def ours(path, title):
    package = Package(path.read_bytes())
    return [[normalize_cell(v) for v in row] for row in read_grid(package, package.sheets[title])]


def same(a, b):
    """Grids equal but for trailing empty cells and rows."""
    def trim(grid):
        rows = [list(r) for r in grid]
        for row in rows:
            while row and row[-1] is None:
                row.pop()
        while rows and not rows[-1]:
            rows.pop()
        return rows
    return trim(a) == trim(b)


cell_values = st.one_of(
    st.none(), st.booleans(), st.integers(-10**9, 10**9),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=20),
    st.dates(dt.date(1901, 1, 1), dt.date(2200, 12, 31)),
    st.sampled_from(["=SUM(A1:A2)", "=HYPERLINK(\"http://x\",\"y\")", "<script>", "{{ 7*7 }}", "A&B", " space "]),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(cell_values, max_size=6), max_size=8))
def test_reads_what_openpyxl_reads(tmp_path_factory, grid):
    path = tmp_path_factory.mktemp("x") / "book.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "แผ่น"
    for r, row in enumerate(grid, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(r, c, value.strip() if isinstance(value, str) and value.strip().startswith("=") else value)
    book.save(path)
    assert same(ours(path, "แผ่น"), openpyxl_grid(path, "แผ่น"))


def xlsx_from_xml(path, sheet_xml, shared=None, workbook_pr=""):
    """A minimal package around hand-written sheet XML, as other writers (Excel, LibreOffice) make them."""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.org/'
                   f'officeDocument/2006/relationships">{workbook_pr}<sheets><sheet name="S" sheetId="1" r:id="rId1"/>'
                   "</sheets></workbook>")
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/>'
                   '<Relationship Id="rId2" Type="x/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        if shared is not None:
            z.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">{shared}</sst>')
    return path


def test_reads_shared_rich_and_phonetic_strings_formulas_and_rows_without_references(tmp_path):
    shared = ('<si><t>รหัส</t></si><si><r><rPr><b/></rPr><t>ชื่อ</t></r><r><t xml:space="preserve"> สกุล</t></r></si>'
              '<si><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh></si>')
    sheet = (f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData>'
             '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="C1" t="s"><x:v>1</x:v></x:c></x:row>'
             '<x:row><x:c t="s"><x:v>2</x:v></x:c><x:c t="b"><x:v>1</x:v></x:c><x:c t="e"><x:v>#REF!</x:v></x:c></x:row>'
             '<x:row r="5"><x:c r="B5"><x:f t="shared" ref="B5:B6" si="0">A5*2</x:f><x:v>4</x:v></x:c></x:row>'
             '<x:row r="6"><x:c r="B6"><x:f t="shared" si="0"/><x:v>6</x:v></x:c>'
             '<x:c r="C6" t="inlineStr"><x:is><x:t>&lt;script&gt; &amp; {{ 7*7 }}</x:t></x:is></x:c>'
             '<x:c r="D6" t="d"><x:v>2026-12-10T00:00:00</x:v></x:c></x:row>'
             "</x:sheetData></x:worksheet>")
    path = xlsx_from_xml(tmp_path / "x.xlsx", sheet, shared)
    assert same(ours(path, "S"), [
        ["รหัส", None, "ชื่อ สกุล"],
        ["漢字", True, "#REF!"],
        [], [],
        [None, "=A5*2"],
        [None, "=A5*2", "<script> & {{ 7*7 }}", 46366],
    ])


def test_merged_ranges_are_read_after_the_cells_in_any_namespace_prefix(tmp_path):
    sheet = (f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>'
             '&lt;mergeCell ref="Z1:Z9"/&gt;</x:t></x:is></x:c></x:row></x:sheetData>'
             '<x:mergeCells count="3"><x:mergeCell ref="B2:C3"/><x:mergeCell ref="G2:G40"/><x:mergeCell ref="AA7:AB7"/>'
             "</x:mergeCells></x:worksheet>")
    path = xlsx_from_xml(tmp_path / "m.xlsx", sheet)
    package = Package(path.read_bytes())
    grid, merged = read_sheet(package, package.sheets["S"])
    assert grid == [['<mergeCell ref="Z1:Z9"/>']]  # text that looks like markup is text, not a merge
    assert [str(m) for m in merged] == ["B2:C3", "G2:G40", "AA7:AB7"]
    assert (merged[0].first_row, merged[0].last_row, merged[0].first_column, merged[0].last_column) == (2, 3, 1, 2)


def test_a_1904_workbook_gives_1900_serials_for_its_dates_only(tmp_path):
    path = tmp_path / "mac.xlsx"
    book = openpyxl.Workbook()
    book.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    book.active["A1"] = dt.date(2026, 12, 10)
    book.active["B1"] = 5
    book.save(path)
    package = Package(path.read_bytes())
    assert package.date1904
    assert [normalize_cell(v) for v in read_grid(package, package.sheets[book.active.title])[0]] == [46366, 5]


def test_patch_replaces_adds_and_appends_cells_keeping_styles_and_everything_else(tmp_path):
    path = tmp_path / "book.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "S"
    sheet.append(["id", "name", "flag"])
    sheet.append(["A1", "one", "old"])
    sheet.append(["A2", "two"])
    sheet.append(["A3", "three", "=1+1"])
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    sheet["E9"] = "far away"
    book.create_sheet("Other").append(["kept"])
    book.save(path)
    original = path.read_bytes()
    package = Package(original)
    part = package.sheets["S"]
    patched = patch_sheet(package.read(part), {
        (2, 2): "NEW",               # replaces a value
        (3, 2): "=HYPERLINK(\"x\")",  # adds a cell at the row's end, as text
        (3, 0): "A2 again",          # replaces the first cell
        (4, 2): "<b>&",              # replaces a formula: calcChain must go
        (5, 0): "A4", (5, 2): "x",   # a new row, styled like row 4
        (12, 1): "after",            # a new row after the last one
    }, styled_like={5: 4})
    assert patched.removed_formulas
    path.write_bytes(rebuild(original, {part: patched.xml}, drop_calc_chain=True))
    after = openpyxl.load_workbook(path)
    s = after["S"]
    assert [[c.value for c in row] for row in s.iter_rows(max_col=5)] == [
        ["id", "name", "flag", None, None],
        ["A1", "one", "NEW", None, None],
        ["A2 again", "two", "=HYPERLINK(\"x\")", None, None],
        ["A3", "three", "<b>&", None, None],
        ["A4", None, "x", None, None],
        [None] * 5, [None] * 5, [None] * 5,
        [None, None, None, None, "far away"],
        [None] * 5, [None] * 5,
        [None, "after", None, None, None],
    ]
    assert s["C3"].data_type == "s" and s["C4"].data_type == "s"
    assert s["A5"].font.b and s["C5"].font.b and not s["A2"].font.b
    assert s.max_row == 12
    assert [[c.value for c in row] for row in after["Other"].iter_rows()] == [["kept"]]
    with zipfile.ZipFile(io.BytesIO(original)) as before, zipfile.ZipFile(path) as now:
        unchanged = [n for n in before.namelist() if n != part]
        assert all(before.read(n) == now.read(n) for n in unchanged)


@settings(max_examples=30, deadline=None)
@given(st.dictionaries(st.tuples(st.integers(1, 30), st.integers(0, 8)),
                       st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=10), max_size=25))
def test_any_patch_reads_back_as_written_and_leaves_other_cells(tmp_path_factory, values):
    path = tmp_path_factory.mktemp("p") / "book.xlsx"
    book = openpyxl.Workbook()
    for r in range(1, 21, 2):  # every other row used, with gaps between cells
        for c in range(0, 9, 3):
            book.active.cell(r, c + 1, f"{r}:{c}")
    book.save(path)
    original = path.read_bytes()
    package = Package(original)
    part = package.sheets[book.active.title]
    path.write_bytes(rebuild(original, {part: patch_sheet(package.read(part), values).xml}, drop_calc_chain=False))
    got = {(c.row, c.column - 1): c.value for row in openpyxl.load_workbook(path).active.iter_rows() for c in row
           if c.value is not None}
    expected = {(r, c): f"{r}:{c}" for r in range(1, 21, 2) for c in range(0, 9, 3)}
    expected.update({k: v for k, v in values.items() if v != ""})
    for k, v in values.items():
        if v == "":
            expected.pop(k, None)
    assert got == expected


def rows_in_order(xml: bytes) -> list[int]:
    import re
    return [int(n) for n in re.findall(rb"<(?:\w+:)?row\b[^>]*?\br=[\"'](\d+)", xml)]


def test_new_rows_go_between_existing_rows_in_order():
    sheet = (f'<worksheet xmlns="{MAIN}"><sheetData>'
             '<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row>'
             '<row r="2"><c r="A2"><v>1</v></c></row>'
             '<row r="100" ht="30" customHeight="1"/>'
             "</sheetData></worksheet>").encode()
    patched = patch_sheet(sheet, {(3, 0): "a", (4, 0): "b", (100, 1): "c", (101, 0): "d"})
    assert rows_in_order(patched.xml) == [1, 2, 3, 4, 100, 101]
    assert b'<row r="100" ht="30" customHeight="1">' in patched.xml


def test_cells_written_without_references_or_with_odd_spacing_are_not_doubled(tmp_path):
    sheet = (f'<worksheet xmlns="{MAIN}"><sheetData>'
             '<row r="1"><c><v>1</v></c><c\nr="B1" s="0"><v>2</v></c></row>'
             "<row r='2'><c r='A2'><v>3</v></c></row>"
             "</sheetData></worksheet>")
    path = xlsx_from_xml(tmp_path / "odd.xlsx", sheet)
    package = Package(path.read_bytes())
    patched = patch_sheet(package.read("xl/worksheets/sheet1.xml"), {(1, 0): "x", (1, 1): "y", (2, 1): "z"})
    path.write_bytes(rebuild(path.read_bytes(), {"xl/worksheets/sheet1.xml": patched.xml}, drop_calc_chain=False))
    assert rows_in_order(patched.xml) == [1, 2]
    assert patched.xml.count(b'r="A1"') + patched.xml.count(b"<c><") == 1 and patched.xml.count(b'r="B1"') == 1
    assert ours(path, "S") == [["x", "y"], [3, "z"]]


def test_reads_pretty_printed_strings_and_sheets_with_foreign_elements_first(tmp_path):
    shared = "<si>\n  <t>รหัส</t>\n</si>"
    sheet = (f'<worksheet xmlns="{MAIN}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
             "<mc:AlternateContent><mc:Fallback/></mc:AlternateContent><sheetData>\n"
             '  <row r="1">\n    <c r="A1" t="s"><v>0</v></c>\n  </row>\n</sheetData></worksheet>')
    path = xlsx_from_xml(tmp_path / "pretty.xlsx", sheet, shared)
    assert ours(path, "S") == [["รหัส"]]


def test_a_damaged_sheet_is_a_clear_error_naming_the_tab(tmp_path):
    import pytest

    from kmsheets.backends.xlsx import XlsxBackend
    from kmsheets.config import WorkbookConfig
    from kmsheets.errors import ConfigError
    from workbooks import minimal_grids, write_workbook

    path = write_workbook(tmp_path / "book.xlsx", minimal_grids())
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = Package(path.read_bytes()).sheets["ทีมงาน"]
    parts[sheet] = parts[sheet][:-40]  # cut off mid-element
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    with pytest.raises(ConfigError, match="the tab 'ทีมงาน' cannot be read"):
        XlsxBackend(path, WorkbookConfig(source=str(path))).read()


def test_libreoffice_reads_what_letters_and_sync_wrote(tmp_path):
    """A spreadsheet program, not only our reader and openpyxl, opens the spliced file with every value."""
    import csv
    import datetime as dt
    import shutil
    import subprocess

    import pytest

    from kmsheets.config import parse_config
    from kmsheets.letters import issue_letters
    from kmsheets.publishers.pdf import libreoffice
    from kmsheets.sync import sync

    if libreoffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt install libreoffice-calc-nogui")
    demo = shutil.copy(Path(__file__).resolve().parent.parent / "kmsheets" / "demo" / "demo.xlsx", tmp_path)
    config = parse_config({"workbook": {"source": str(demo)}, "sender": {"agency_id": "AG00", "prefix": "นศ"},
                           "letters": {"folder": str(tmp_path / "letters")}}, base=tmp_path, environ={})
    made = issue_letters(config, today=dt.date(2026, 12, 1))
    changes = sync(config, today=dt.date(2026, 12, 1)).changes
    # A profile of its own: two LibreOffice processes sharing one (another test run) fail with exit code 1.
    subprocess.run([libreoffice(), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                    "--outdir", str(tmp_path / "csv"), str(demo)], check=True, capture_output=True, timeout=180)
    registry = list(csv.reader(open(next((tmp_path / "csv").glob("*ทะเบียนหนังสือส่ง.csv")), encoding="utf-8")))
    schedule = list(csv.reader(open(next((tmp_path / "csv").glob("*กำหนดการ.csv")), encoding="utf-8")))
    assert {p.needed.key for p in made.planned} <= {row[0] for row in registry}
    flags = {row[0]: row[schedule[0].index("การติดตาม")] for row in schedule[1:] if row}
    assert all(flags[c.key] == c.text(config.language) for c in changes if c.tab == "activities" and c.field == "flag")


def test_a_patch_made_as_the_package_is_written_drops_the_calc_chain_only_when_it_overwrites_a_formula(tmp_path):
    sheet = (f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row>'
             '<row r="2"><c r="A2" t="inlineStr"><is><t>A01</t></is></c><c r="B2"><f>1+1</f><v>2</v></c></row>'
             "</sheetData></worksheet>")
    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w") as z:  # as Excel orders them: the parts naming the chain come first
        z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Override PartName="/xl/calcChain.xml" ContentType="x/calcChain"/></Types>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/>'
                   '<Relationship Id="rId9" Type="x/calcChain" Target="calcChain.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets>'
                   "</workbook>")
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        z.writestr("xl/calcChain.xml", f'<calcChain xmlns="{MAIN}"><c r="B2" i="1"/></calcChain>')
    original = path.read_bytes()
    part = "xl/worksheets/sheet1.xml"

    def rebuilt(values):
        with zipfile.ZipFile(io.BytesIO(rebuild(original, {part: lambda write: patch_into(write, Package(
                original).read(part), values)}))) as made:
            return {name: made.read(name) for name in made.namelist()}
    beside = rebuilt({(2, 2): "OVERDUE"})  # a cell added: the formula and its chain stay
    assert b"calcChain" in beside["[Content_Types].xml"] and "xl/calcChain.xml" in beside
    over = rebuilt({(2, 1): "OVERDUE"})  # the formula's own cell: the chain goes, and every mention of it
    assert "xl/calcChain.xml" not in over
    assert b"calcChain" not in over["[Content_Types].xml"] and b"calcChain" not in over["xl/_rels/workbook.xml.rels"]
    assert b"<f>" not in over[part] and b"OVERDUE" in over[part]
