"""`kmsheets format` on real .xlsx files (read back with openpyxl and LibreOffice) and through the Google
emulator (read back with spreadsheets.get): every rule present, no value changed, the team's own rules
kept, and a second run adding nothing."""

import json
import shutil
import subprocess
import unicodedata
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from google.auth.credentials import AnonymousCredentials
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from kmsheets.backends.google import GoogleBackend
from kmsheets.config import parse_config
from kmsheets.errors import AccessError, SheetError
from kmsheets.flaglabels import CODES, COLOURS, forms
from kmsheets.format import format_workbook
from kmsheets.formatplan import MARK, plan_format
from kmsheets.google_api import GoogleHTTPClient
from kmsheets.messages import say
from kmsheets.retry import RetryPolicy
from workbooks import DEMO, book_of, demo_grids, header, minimal_grids

TABS = {"agencies": "หน่วยงาน", "people": "ทีมงาน", "activities": "กำหนดการ", "letters": "ทะเบียนหนังสือส่ง"}
FLAG_FILLS = {"red": "F4C7C3", "amber": "FCE8B2", "grey": "E8EAED", "green": "B7E1CD"}


def config_for(source, tmp_path, language="en"):
    return parse_config({"language": language, "workbook": {"source": str(source)}}, base=tmp_path, environ={})


def demo_copy(tmp_path):
    return Path(shutil.copy(DEMO, tmp_path / "demo.xlsx"))


def cell_values(path):
    """Every cell of every tab as stored: formulas as their text."""
    book = openpyxl.load_workbook(path)
    return {sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()] for sheet in book.worksheets}


def column_of(sheet, text):
    return next(cell.column_letter for cell in sheet[1] if cell.value == text)


def rules_on(sheet, letter):
    """{colour name: (formula, kmsheets' mark)} of the conditional formats over a column below its header."""
    found = {}
    for formatting in sheet.conditional_formatting:
        if str(formatting.sqref) == f"{letter}2:{letter}1048576":
            for rule in formatting.rules:
                colour = next(name for name, rgb in FLAG_FILLS.items() if rule.dxf.fill.bgColor.rgb == "FF" + rgb)
                found[colour] = rule.formula[0]
    return found


# --- .xlsx

def test_format_sets_every_rule_on_the_demo_and_changes_no_value(tmp_path):
    path = demo_copy(tmp_path)
    before = cell_values(path)
    result = format_workbook(config_for(path, tmp_path))
    assert result.replaced == 0 and not result.dry_run
    assert cell_values(path) == before
    book = openpyxl.load_workbook(path)
    for title in TABS.values():
        sheet = book[title]
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.b for cell in sheet[1] if cell.value)
    activities, registry, people = book["กำหนดการ"], book["ทะเบียนหนังสือส่ง"], book["ทีมงาน"]
    assert activities.column_dimensions[column_of(activities, "หมายเหตุการติดตาม")].width > 50
    assert activities.column_dimensions[column_of(activities, "รหัสกิจกรรม")].width < 16
    for sheet in (activities, registry):
        flag = column_of(sheet, "การติดตาม")
        colours = rules_on(sheet, flag)
        assert set(colours) == set(FLAG_FILLS)
        for code in CODES:  # each flag, by its code and by its label in either language, has its colour
            assert all(f'{flag}2="{text}"' in "".join(colours.values()) for text in forms(code))
        assert f'{flag}2="Endorsement overdue"' in colours["red"] and f'{flag}2="เกษียนแล้ว"' in colours["green"]
        for text in ("การติดตาม", "หมายเหตุการติดตาม"):
            owned = sheet[f"{column_of(sheet, text)}1"]
            assert owned.comment.author == MARK and owned.comment.text == say("en", "format_owned")
            assert owned.fill.fgColor.rgb == "FFD9D2E9"
    checks = {(sheet.title, str(dv.sqref)): dv for sheet in (activities, registry, people)
              for dv in sheet.data_validations.dataValidation}
    status = checks[("กำหนดการ", "H2:H1048576")]
    assert status.type == "list" and status.errorStyle in (None, "stop")
    assert status.formula1 == '"planned,cancelled,done,ตามแผน,ยกเลิก,เสร็จสิ้น,ดำเนินการแล้ว"'  # English first
    assert checks[("ทีมงาน", "C2:C1048576")].formula1.startswith('"sponsor,facilitator,')
    for where in (("ทีมงาน", "D2:D1048576"), ("ทะเบียนหนังสือส่ง", "F2:F1048576")):
        assert checks[where].type == "list" and checks[where].formula1 == "'หน่วยงาน'!$A$2:$A$1048576"
    for where in (("กำหนดการ", "C2:C1048576"), ("ทะเบียนหนังสือส่ง", "C2:C1048576"),
                  ("ทะเบียนหนังสือส่ง", "J2:J1048576"), ("ทะเบียนหนังสือส่ง", "K2:K1048576")):
        assert checks[where].type == "date" and checks[where].errorStyle == "warning"  # warned, never refused
    assert not any(str(dv.sqref).startswith("G") for dv in activities.data_validations.dataValidation)  # staff


def test_a_second_format_changes_not_one_byte_and_counts_what_it_replaced(tmp_path):
    path = demo_copy(tmp_path)
    config = config_for(path, tmp_path)
    format_workbook(config)
    once = path.read_bytes()
    again = format_workbook(config)
    assert path.read_bytes() == once
    # 4 colours x 2 flag columns, 2 + 2 + 4 data validations, comments on flag and note (and the registry's facts)
    assert again.replaced == 8 + 8 + 5


def test_a_column_renamed_away_loses_kmsheets_rule_at_the_next_format(tmp_path):
    path = demo_copy(tmp_path)
    config = config_for(path, tmp_path)
    format_workbook(config)
    book = openpyxl.load_workbook(path)
    book["กำหนดการ"]["H1"] = "ความคืบหน้า"  # no longer the status column, which is optional
    book.save(path)
    format_workbook(config)
    checks = [str(dv.sqref) for dv in openpyxl.load_workbook(path)["กำหนดการ"].data_validations.dataValidation]
    assert checks == ["C2:C1048576"]


def test_a_dry_run_plans_the_same_and_writes_nothing(tmp_path):
    path = demo_copy(tmp_path)
    before = path.read_bytes()
    dry = format_workbook(config_for(path, tmp_path), dry_run=True)
    assert path.read_bytes() == before and dry.dry_run
    assert dry.as_dict()["tabs"] == format_workbook(config_for(path, tmp_path)).as_dict()["tabs"]


TEAM_EXTENSION = ('<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
                  'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
                  '<x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
                  '<x14:dataValidation type="list" allowBlank="1"><x14:formula1><xm:f>\'ทีมงาน\'!$F$2:$F$9</xm:f>'
                  '</x14:formula1><xm:sqref>F2:F9</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst>')


def teams_workbook(tmp_path):
    """The minimal programme as a team made it: its own conditional formats, validations, comments, styles
    and a formula, and a drop-down Excel keeps in an extension list (which openpyxl cannot even read)."""
    grids = minimal_grids()
    grids["กำหนดการ"][0].append("รวม")
    grids["กำหนดการ"][1] += ["", "", "=LEN(B2)"]
    book = book_of(grids)
    activities, people = book["กำหนดการ"], book["ทีมงาน"]
    activities.conditional_formatting.add("B2:B50", CellIsRule(operator="equal", formula=['"เวที"'],
                                                                 fill=PatternFill(bgColor="FF00FF00")))
    activities.conditional_formatting.add("I2:I50", CellIsRule(operator="equal", formula=['"ด่วน"'],
                                                                 font=Font(bold=True)))
    phone = DataValidation(type="textLength", operator="lessThan", formula1="20", sqref="G2:G200")
    theirs = DataValidation(type="list", formula1='"ตามแผน,ยกเลิก"', sqref="H1:H100 B5")  # over the status column
    people.add_data_validation(phone)
    activities.add_data_validation(theirs)
    activities["B2"].fill = PatternFill("solid", fgColor="FFFFFF00")
    activities["A2"].comment = Comment("โทรยืนยันแล้ว", "ครูสมใจ")
    activities["I1"].comment = Comment("ห้ามแก้", "ครูสมใจ")  # the team's own comment on a kmsheets column
    path = tmp_path / "team.xlsx"
    book.save(path)
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = "xl/worksheets/sheet2.xml"  # ทีมงาน
    parts[sheet] = parts[sheet].replace(b"</worksheet>", TEAM_EXTENSION.encode() + b"</worksheet>")
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


@pytest.mark.filterwarnings("ignore:Data Validation extension is not supported")  # openpyxl, reading it back
def test_the_teams_own_rules_values_formulas_and_formatting_survive(tmp_path):
    path = teams_workbook(tmp_path)
    before = cell_values(path)
    format_workbook(config_for(path, tmp_path))
    assert cell_values(path) == before and before["กำหนดการ"][1][-1] == "=LEN(B2)"
    book = openpyxl.load_workbook(path)
    activities, people = book["กำหนดการ"], book["ทีมงาน"]
    formats = {str(f.sqref): [r.formula for r in f.rules] for f in activities.conditional_formatting}
    assert formats["B2:B50"] == [['"เวที"']] and formats["I2:I50"] == [['"ด่วน"']]
    assert len(rules_on(activities, "I")) == 4
    assert [(str(dv.sqref), dv.type) for dv in people.data_validations.dataValidation][0] == ("G2:G200", "textLength")
    status = [dv for dv in activities.data_validations.dataValidation if dv.formula1 == '"ตามแผน,ยกเลิก"']
    assert [str(dv.sqref) for dv in status] == ["B5 H1"]  # one rule per cell: the status cells are kmsheets' now
    assert activities["B2"].fill.fgColor.rgb == "FFFFFF00"
    assert activities["A2"].comment.text == "โทรยืนยันแล้ว"
    assert activities["I1"].comment.text == "ห้ามแก้" and activities["J1"].comment.author == MARK
    with zipfile.ZipFile(path) as formatted:
        assert TEAM_EXTENSION in formatted.read("xl/worksheets/sheet2.xml").decode("utf-8")
    once = path.read_bytes()
    format_workbook(config_for(path, tmp_path))
    assert path.read_bytes() == once


def test_a_registry_with_the_facts_column_has_it_protected_and_one_without_is_fine(tmp_path):
    grids = minimal_grids()
    grids["ทะเบียนหนังสือส่ง"] = [header("letters")]
    assert grids["ทะเบียนหนังสือส่ง"][0][-1] == "ข้อมูลที่แจ้งในหนังสือ"
    with_facts = tmp_path / "facts.xlsx"
    book_of(grids).save(with_facts)
    result = format_workbook(config_for(with_facts, tmp_path))
    registry = openpyxl.load_workbook(with_facts)["ทะเบียนหนังสือส่ง"]
    assert [t["protected"] for t in result.as_dict()["tabs"] if t["tab"] == "letters"] == [["L", "M", "N"]]
    assert registry["N1"].comment.author == MARK
    grids["ทะเบียนหนังสือส่ง"] = [header("letters")[:-1]]  # an older registry, without it
    without = tmp_path / "older.xlsx"
    book_of(grids).save(without)
    result = format_workbook(config_for(without, tmp_path))
    assert [t["protected"] for t in result.as_dict()["tabs"] if t["tab"] == "letters"] == [["L", "M"]]


def test_sync_after_format_writes_labels_into_the_formatted_file(tmp_path):
    import datetime as dt

    from kmsheets.sync import sync

    path = demo_copy(tmp_path)
    config = parse_config({"language": "th", "workbook": {"source": str(path)},
                           "sender": {"agency_id": "AG00", "prefix": "นศ"}}, base=tmp_path, environ={})
    format_workbook(config)
    changes = sync(config, today=dt.date(2026, 12, 1)).changes
    sheet = openpyxl.load_workbook(path)["กำหนดการ"]
    flags = {row[0].value: row[8].value for row in sheet.iter_rows(min_row=2) if row[0].value}
    assert {c.key: flags[c.key] for c in changes if c.tab == "activities" and c.field == "flag"} == \
        {c.key: c.text("th") for c in changes if c.tab == "activities" and c.field == "flag"}
    assert "เลยกำหนดเกษียน" in flags.values() and len(rules_on(sheet, "I")) == 4
    assert sheet["I1"].comment.author == MARK
    assert format_workbook(config).replaced == 21


def converted(path, kind, tmp_path):
    """The workbook as LibreOffice saves it in another format (its own profile: others may run it too)."""
    from kmsheets.publishers.pdf import libreoffice

    if libreoffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    subprocess.run([libreoffice(), f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", kind, "--outdir", str(tmp_path / "out"), str(path)],
                   check=True, capture_output=True, timeout=180)
    return tmp_path / "out" / f"{path.stem}.{kind}"


class Cells(HTMLParser):
    """(text, background) of every table cell of an HTML page."""

    def __init__(self):
        super().__init__()
        self.cells, self.background = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "td":
            self.background = dict(attrs).get("bgcolor", "")
            self.cells.append(["", self.background])

    def handle_data(self, data):
        if self.cells:
            self.cells[-1][0] += data


def test_libreoffice_colours_every_flag_label_sync_writes(tmp_path):
    import datetime as dt

    from kmsheets.sync import sync

    path = demo_copy(tmp_path)
    config = parse_config({"language": "th", "workbook": {"source": str(path)},
                           "sender": {"agency_id": "AG00", "prefix": "นศ"}}, base=tmp_path, environ={})
    format_workbook(config)
    sync(config, today=dt.date(2026, 12, 1))
    page = Cells()
    page.feed(converted(path, "html", tmp_path).read_text(encoding="utf-8"))
    colour_of = {say("th", f"flag_{code.lower()}"): colour for colour, codes in COLOURS.items() for code in codes}
    shown = [(text.strip(), background.upper().lstrip("#")) for text, background in page.cells
             if text.strip() in colour_of]
    assert {colour_of[text] for text, _ in shown} == set(FLAG_FILLS)  # the demo has flags of every colour
    assert [background for _, background in shown] == [FLAG_FILLS[colour_of[text]] for text, _ in shown]


def test_libreoffice_opens_the_formatted_file_with_every_rule(tmp_path):
    path = demo_copy(tmp_path)
    format_workbook(config_for(path, tmp_path))
    book = openpyxl.load_workbook(converted(path, "xlsx", tmp_path))
    activities = book["กำหนดการ"]
    assert cell_values(tmp_path / "out" / "demo.xlsx")["กำหนดการ"][1][:3] == cell_values(path)["กำหนดการ"][1][:3]
    assert len(rules_on(activities, "I")) == 4
    kinds = sorted(dv.type for dv in activities.data_validations.dataValidation)
    assert kinds == ["date", "list"]
    assert activities["I1"].comment.text == say("en", "format_owned") and activities["I1"].font.b


def test_a_workbook_missing_a_required_column_is_not_formatted(tmp_path):
    grids = minimal_grids()
    grids["กำหนดการ"] = [row[:8] for row in grids["กำหนดการ"]]  # no flag or note column
    path = tmp_path / "book.xlsx"
    book_of(grids).save(path)
    before = path.read_bytes()
    with pytest.raises(SheetError, match="การติดตาม"):
        format_workbook(config_for(path, tmp_path))
    assert path.read_bytes() == before


def test_a_file_saved_meanwhile_is_not_overwritten(tmp_path):
    from kmsheets.backends.xlsx import XlsxBackend

    path = demo_copy(tmp_path)
    config = config_for(path, tmp_path)
    backend = XlsxBackend(path, config.workbook)
    found = backend.read_format()
    book = openpyxl.load_workbook(path)
    book["กำหนดการ"]["B2"] = "แก้โดยคน"
    book.save(path)
    saved = path.read_bytes()
    with pytest.raises(AccessError, match="run `kmsheets format` again"):
        backend.write_format(found, plan_format(found.headers, found.titles, config))
    assert path.read_bytes() == saved


# --- the plan and the words it puts in the workbook

def test_drop_downs_list_the_sheets_language_first_and_widths_fit_the_header(tmp_path):
    grids = minimal_grids()
    headers = {name: grids[title][0] for name, title in TABS.items()}
    long = "อีเมลติดต่อของหน่วยงานสำหรับส่งหนังสือ"  # a team's own name for the column
    headers["agencies"] = headers["agencies"][:-1] + [long]
    config = parse_config({"language": "th", "workbook": {"source": "x.xlsx", "headers": {"agencies": {"email": long}}}},
                          base=tmp_path, environ={})
    thai = plan_format(headers, TABS, config)
    status = next(c for t in thai.tabs for c in t.choices if t.name == "activities")
    assert status.values[:3] == ("ตามแผน", "ยกเลิก", "เสร็จสิ้น") and "planned" in status.values
    widths = dict(next(t for t in thai.tabs if t.name == "agencies").widths)
    # wider than an e-mail column needs, for its header, whose vowel and tone marks take no room
    marks = sum(unicodedata.category(char) == "Mn" for char in long)  # ี ิ ่ ่ ั ่ ั ื: above a letter
    assert (len(long), marks) == (38, 8) and 190 < widths[5] == 8 * 30 + 16


@pytest.mark.parametrize("language", ["th", "en"])
def test_what_format_writes_is_marked_and_within_excels_limits(language):
    assert say(language, "format_owned").startswith(MARK)  # how Google's protected ranges are found again
    for key in ("format_choice_error", "format_agency_error", "format_date_warning"):
        assert len(say(language, key, tab="หน่วยงาน")) <= 225  # Excel's longest validation message
    assert len(MARK) <= 32  # Excel's longest validation title


# --- Google, through the emulator

def client_for(fake):
    return GoogleHTTPClient(AnonymousCredentials(), endpoint=fake.url, timeout=5,
                            policy=RetryPolicy(attempts=3, sleep=lambda s: None))


def google(fake, grids=None, language="en"):
    key = fake.create_spreadsheet("KM", grids or demo_grids())
    config = parse_config({"language": language, "workbook": {"source": key}}, base=Path("."), environ={})
    client = client_for(fake)
    return key, config, client, GoogleBackend(key, config.workbook, client)


SEEN = ("sheets(properties(title,gridProperties(frozenRowCount)),conditionalFormats,protectedRanges,"
        "data(columnMetadata(pixelSize),rowData(values(userEnteredFormat(textFormat(bold),backgroundColor),"
        "dataValidation))))")


def seen(client, key, title, cells):
    """What spreadsheets.get says of a tab: its frozen rows, rules, and the format and validation of `cells`."""
    sheet = client.fetch_sheet_metadata(key, params={"ranges": f"'{title}'!{cells}", "fields": SEEN})["sheets"][0]
    return sheet, sheet["data"][0]


def test_google_format_is_one_read_and_one_batch_update_and_every_rule_is_there(google_fake):
    key, config, client, backend = google(google_fake)
    values = {title: google_fake.tab_values(key, title) for title in TABS.values()}
    result = format_workbook(config, backend=backend)
    assert [r.kind for r in google_fake.requests] == ["get", "batchUpdate"]
    assert all(r.status == 200 for r in google_fake.requests)
    requests = google_fake.requests[1].body["requests"]
    assert {kind for request in requests for kind in request} == {
        "updateSheetProperties", "repeatCell", "updateDimensionProperties", "setDataValidation",
        "addConditionalFormatRule", "addProtectedRange"}
    assert {title: google_fake.tab_values(key, title) for title in TABS.values()} == values
    for title in TABS.values():
        sheet, data = seen(client, key, title, "A1:A2")
        assert sheet["properties"]["gridProperties"]["frozenRowCount"] == 1
        assert data["rowData"][0]["values"][0]["userEnteredFormat"]["textFormat"]["bold"] is True
    activities, data = seen(client, key, "กำหนดการ", "C1:J2")
    formulas = [rule["booleanRule"]["condition"]["values"][0]["userEnteredValue"]
                for rule in activities["conditionalFormats"]]
    assert len(formulas) == 4 and all(f.startswith("=AND(OR(I2=") and 'N("kmsheets")' in f for f in formulas)
    assert 'I2="ใกล้กำหนดเกษียน"' in formulas[1] and 'I2="DUE_SOON"' in formulas[1]
    assert all(rule["ranges"] == [{"sheetId": activities_id(google_fake, key), "startRowIndex": 1,
                                   "startColumnIndex": 8, "endColumnIndex": 9}]
               for rule in activities["conditionalFormats"])
    assert [(p["range"]["startColumnIndex"], p["warningOnly"], p["description"])
            for p in activities["protectedRanges"]] == [(8, True, say("en", "format_owned")),
                                                       (9, True, say("en", "format_owned"))]
    row2 = data["rowData"][1]["values"]
    assert row2[0]["dataValidation"] == {"condition": {"type": "DATE_IS_VALID"}, "strict": False}  # C: a warning
    status = row2[5]["dataValidation"]  # H
    assert status["condition"]["type"] == "ONE_OF_LIST" and status["strict"] is True
    assert "dataValidation" not in row2[4]  # G, the staff: several ids a cell, no multi-select in the API
    assert data["columnMetadata"][-1]["pixelSize"] == 380  # J, the note
    assert data["rowData"][0]["values"][6]["userEnteredFormat"]["backgroundColor"] == {  # I1, owned: D9D2E9
        "red": round(0xD9 / 255, 4), "green": round(0xD2 / 255, 4), "blue": round(0xE9 / 255, 4)}
    people, data = seen(client, key, "ทีมงาน", "D2")
    assert data["rowData"][0]["values"][0]["dataValidation"]["condition"] == {
        "type": "ONE_OF_RANGE", "values": [{"userEnteredValue": "='หน่วยงาน'!$A$2:$A"}]}
    assert result.replaced == 0


def everything(client, key):
    """The whole spreadsheet with its grid data, but for the ids Sheets gives protected ranges anew."""
    sheets = client.fetch_sheet_metadata(key, params={"includeGridData": "true"})["sheets"]
    for sheet in sheets:
        for protected in sheet.get("protectedRanges", []):
            del protected["protectedRangeId"]
    return sheets


def activities_id(fake, key):
    return fake.spreadsheets[key].sheet_ids["กำหนดการ"]


def test_google_format_again_replaces_its_own_rules_and_keeps_the_teams(google_fake):
    key, config, client, backend = google(google_fake)
    sheet_id = activities_id(google_fake, key)
    title_column = {"sheetId": sheet_id, "startRowIndex": 1, "startColumnIndex": 1, "endColumnIndex": 2}
    client.batch_update(key, {"requests": [
        {"addConditionalFormatRule": {"index": 0, "rule": {"ranges": [title_column], "booleanRule": {
            "condition": {"type": "TEXT_CONTAINS", "values": [{"userEnteredValue": "เวที"}]},
            "format": {"textFormat": {"italic": True}}}}}},
        {"addProtectedRange": {"protectedRange": {"range": {**title_column, "startRowIndex": 0},
                                                  "description": "ของทีม", "warningOnly": True}}},
        {"setDataValidation": {"range": {**title_column, "startColumnIndex": 6, "endColumnIndex": 7},
                               "rule": {"condition": {"type": "TEXT_CONTAINS",
                                                      "values": [{"userEnteredValue": "P"}]}}}}]})
    format_workbook(config, backend=backend)
    once = everything(client, key)
    google_fake.clear_log()
    again = format_workbook(config, backend=backend)
    assert [r.kind for r in google_fake.requests] == ["get", "batchUpdate"]
    assert everything(client, key) == once  # nothing added: the same rules, formats and validations
    assert again.replaced == 8 + 5  # 4 colours on each flag column; flag, note (and facts) protected
    activities, data = seen(client, key, "กำหนดการ", "G2")
    rules = activities["conditionalFormats"]
    assert len(rules) == 5 and rules[0]["booleanRule"]["condition"]["type"] == "TEXT_CONTAINS"  # the team's first
    assert [p["description"] for p in activities["protectedRanges"]].count("ของทีม") == 1
    assert len(activities["protectedRanges"]) == 3
    assert data["rowData"][0]["values"][0]["dataValidation"]["condition"]["type"] == "TEXT_CONTAINS"  # staff: the team's


def test_a_lost_answer_is_not_sent_again_and_a_rerun_puts_every_rule_once(google_fake):
    key, config, client, backend = google(google_fake)
    google_fake.drop_after_apply("batchUpdate")
    with pytest.raises(AccessError, match="run `kmsheets format` again"):
        format_workbook(config, backend=backend)
    assert google_fake.count("batchUpdate") == 1  # it deletes by place: resending it blindly could hit the team's
    format_workbook(config, backend=backend)
    activities, _ = seen(client, key, "กำหนดการ", "A1")
    assert len(activities["conditionalFormats"]) == 4 and len(activities["protectedRanges"]) == 2


def test_a_google_sheet_missing_a_tab_says_which(google_fake):
    grids = demo_grids()
    del grids["ทะเบียนหนังสือส่ง"]
    key, config, client, backend = google(google_fake, grids)
    with pytest.raises(SheetError, match="ทะเบียนหนังสือส่ง"):
        format_workbook(config, backend=backend)
    assert google_fake.count("batchUpdate") == 0


# --- the command

def test_the_command_prints_one_json_document_and_dry_run_writes_nothing(tmp_path):
    from click.testing import CliRunner

    from kmsheets.cli import cli

    path = demo_copy(tmp_path)
    config = tmp_path / "config.toml"
    config.write_text(f'language = "en"\n[workbook]\nsource = "{path}"\n', encoding="utf-8")
    before = path.read_bytes()
    dry = CliRunner().invoke(cli, ["--config", str(config), "format", "--dry-run"])
    assert dry.exit_code == 0 and "dry run: would format 4 tabs" in dry.stdout and path.read_bytes() == before
    done = CliRunner().invoke(cli, ["--config", str(config), "format", "--json"])
    document = json.loads(done.stdout)
    assert done.exit_code == 0 and document["dry_run"] is False and document["replaced"] == 0
    activities = next(t for t in document["tabs"] if t["tab"] == "activities")
    assert activities["protected"] == ["I", "J"] and activities["dates"] == ["C"]
    assert [c["colour"] for c in activities["colours"]] == ["red", "amber", "grey", "green"]
    thai = CliRunner().invoke(cli, ["--config", str(config), "format"], env={"KMSHEETS_LANGUAGE": "th"})
    assert "แทนกฎเดิมของ kmsheets ๒๑ รายการ" in thai.stdout


def test_init_for_a_google_sheet_offers_format_among_its_next_steps(tmp_path):
    from click.testing import CliRunner

    from kmsheets.cli import cli

    made = CliRunner().invoke(cli, ["init", str(tmp_path), "--google", "1AbCdEfGhIjKlMnOpQrStUvWxYz0123", "--json"])
    steps = json.loads(made.stdout)["next"]
    assert [step.rsplit(" ", 1)[-1] for step in steps[:2]] == ["doctor", "format"]


def test_tabs_titled_in_another_thai_form_are_formatted_under_their_own_titles(google_fake, tmp_path):
    decomposed = {"หน่วยงาน": "หน่วยงาน", "ทีมงาน": "ทีมงาน", "กำหนดการ": "ก\u0e4d\u0e32หนดการ",
                  "ทะเบียนหนังสือส่ง": "ทะเบียนหนังสือส่ง"}
    grids = {decomposed[title]: rows for title, rows in demo_grids().items()}
    key, config, client, backend = google(google_fake, grids)
    format_workbook(config, backend=backend)
    # Google refuses the configured spelling in a range; the titles are read, and the question asked again
    assert [r.kind for r in google_fake.requests] == ["get", "get", "get", "batchUpdate"]
    activities, _ = seen(client, key, decomposed["กำหนดการ"], "A1")
    assert len(activities["conditionalFormats"]) == 4 and len(activities["protectedRanges"]) == 2

    path = tmp_path / "book.xlsx"
    book = openpyxl.load_workbook(DEMO)
    book["กำหนดการ"].title = decomposed["กำหนดการ"]
    book.save(path)
    result = format_workbook(config_for(path, tmp_path))
    assert [t["title"] for t in result.as_dict()["tabs"]][2] == decomposed["กำหนดการ"]
    assert len(rules_on(openpyxl.load_workbook(path)[decomposed["กำหนดการ"]], "I")) == 4
