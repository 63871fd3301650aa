"""`kmsheets doctor`: every planted misconfiguration is named by its own failed check, with a fix;
a sound set-up passes every check. Against copies of the demo .xlsx and, for Google, the local fake."""

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from kmsheets.cli import cli
from kmsheets.config import load_config
from kmsheets.doctor import diagnose, passed, report_lines
from kmsheets.errors import ConfigError
from kmsheets.google_api import load_credentials
from workbooks import ACCOUNT, DEMO, SENDER, demo_grids

NOW = dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.timezone.utc)  # 10:00 in Bangkok


def checks_by_key(checks):
    return {check.key: check for check in checks}


def failed(checks):
    return {check.key for check in checks if not check.ok}


def demo_copy(tmp_path, edit=None):
    path = tmp_path / "book.xlsx"
    shutil.copy(DEMO, path)
    if edit:
        book = openpyxl.load_workbook(path)
        edit(book)
        book.save(path)
    return path


def rename_header(book, title, old, new):
    for cell in book[title][1]:
        if cell.value == old:
            cell.value = new
            return cell.coordinate
    raise AssertionError(f"no header {old!r} in {title}")


# --- .xlsx

def test_the_demo_set_up_passes_every_check_and_names_them_all(tmp_path, config_for):
    checks = diagnose(config_for(demo_copy(tmp_path)), now=NOW)
    assert passed(checks), [c for c in checks if not c.ok]
    assert [c.key for c in checks] == ["config", "sender", "workbook", "tab.agencies", "tab.people",
                                       "tab.activities", "tab.letters", "sender_row", "format", "folder",
                                       "template.request", "template.reminder", "template.change",
                                       "template.cancel", "emblem", "clock"]
    clock = checks_by_key(checks)["clock"].detail
    assert "now 1 Dec 2026, 10:00" in clock and "Asia/Bangkok" in clock
    assert report_lines(checks, "en")[-1] == "16 of 16 checks passed"  # not formatted, no emblem: warnings


def test_a_sheet_not_formatted_yet_is_a_warning_with_the_command_and_a_formatted_one_passes(tmp_path, config_for):
    from kmsheets.format import format_workbook

    config = config_for(demo_copy(tmp_path))
    before = checks_by_key(diagnose(config, now=NOW))["format"]
    assert before.ok and before.warning and before.detail.startswith("not formatted yet")
    assert "kmsheets format" in before.fix
    format_workbook(config)
    after = checks_by_key(diagnose(config, now=NOW))["format"]
    assert after.ok and not after.warning and after.detail.startswith("formatted (kmsheets format)")


def test_thai_is_the_default_language_and_numbers_are_in_thai_digits(tmp_path, config_for):
    checks = diagnose(config_for(demo_copy(tmp_path), language="th"), now=NOW)
    lines = report_lines(checks, "th")
    assert lines[-1] == "ผ่าน ๑๖ จาก ๑๖ รายการ"
    assert any(line.startswith("✓ นาฬิกาและเขตเวลา: ขณะนี้ ๑ ธันวาคม ๒๕๖๙ เวลา ๑๐:๐๐ น.") for line in lines)


def test_an_emblem_not_set_is_a_warning_with_the_fix(tmp_path, config_for):
    source = demo_copy(tmp_path)
    checks = diagnose(config_for(source), now=NOW)
    emblem = checks_by_key(checks)["emblem"]
    assert emblem.ok and emblem.warning and passed(checks)
    lines = report_lines(checks, "en")
    at = lines.index("! Garuda emblem [letters] emblem: not set: letters keep 3 cm of room but print no emblem")
    assert lines[at + 1] == ('    fix: write [letters] emblem = "garuda.png" (your office\'s emblem image), '
                             'or emblem = "preprinted" for paper that already bears it')
    thai = report_lines(diagnose(config_for(source, language="th"), now=NOW), "th")
    assert any(line.startswith("! ตราครุฑ [letters] emblem: ยังไม่ได้ตั้ง") for line in thai)


def test_an_emblem_image_or_preprinted_paper_passes_and_a_missing_image_fails(tmp_path, config_for):
    from emblem import draw_emblem

    source = demo_copy(tmp_path)
    draw_emblem(tmp_path / "garuda.png")
    for value in ("garuda.png", "preprinted"):
        checks = diagnose(config_for(source, letters={"folder": "letters", "emblem": value}), now=NOW)
        emblem = checks_by_key(checks)["emblem"]
        assert emblem.ok and not emblem.warning and passed(checks), checks
        assert report_lines(checks, "en")[-1] == "16 of 16 checks passed"
    checks = diagnose(config_for(source, letters={"folder": "letters", "emblem": "ครุฑ.png"}), now=NOW)
    emblem = checks_by_key(checks)["emblem"]
    assert not emblem.ok and str(tmp_path / "ครุฑ.png") in emblem.detail and "garuda.png" in emblem.fix
    assert "emblem" in failed(checks)


def test_a_near_miss_header_is_named_with_its_cell_and_the_fix(tmp_path, config_for):
    cells = {}
    path = demo_copy(tmp_path, lambda book: cells.update(
        date=rename_header(book, "กำหนดการ", "วันที่", "วันที")))
    checks = diagnose(config_for(path), now=NOW)
    assert failed(checks) == {"tab.activities"}
    check = checks_by_key(checks)["tab.activities"]
    assert f"{cells['date']} 'วันที'" in check.detail and "'วันที่' (Date)" in check.detail
    assert f"rename {cells['date']} 'วันที' to 'วันที่'" in check.fix
    assert 'activities.date = "วันที"' in check.fix
    lines = report_lines(checks, "en")
    assert any(line.startswith("✗ tab 'กำหนดการ': header") for line in lines)
    assert any(line.startswith("    fix: rename") for line in lines)


def test_a_near_miss_of_an_optional_column_fails_too(tmp_path, config_for):
    # เกษียณ (retire) for เกษียน (endorse): the endorsement dates would go unread and every letter look late
    path = demo_copy(tmp_path, lambda book: rename_header(book, "ทะเบียนหนังสือส่ง", "วันที่เกษียน", "วันที่เกษียณ"))
    check = checks_by_key(diagnose(config_for(path), now=NOW))["tab.letters"]
    assert not check.ok and "'วันที่เกษียณ'" in check.detail and "Endorsed" in check.detail


def test_a_missing_required_column_without_a_near_miss(tmp_path, config_for):
    path = demo_copy(tmp_path, lambda book: rename_header(book, "หน่วยงาน", "ตำแหน่งหัวหน้าหน่วยงาน", "หมายเหตุ"))
    check = checks_by_key(diagnose(config_for(path), now=NOW))["tab.agencies"]
    assert not check.ok and "no column 'ตำแหน่งหัวหน้าหน่วยงาน'" in check.detail
    assert check.fix == "add a column headed 'ตำแหน่งหัวหน้าหน่วยงาน' to row 1"


def test_a_column_named_twice_is_reported(tmp_path, config_for):
    def edit(book):
        sheet = book["ทีมงาน"]
        sheet.cell(1, sheet.max_column + 1, "Name")
    check = checks_by_key(diagnose(config_for(demo_copy(tmp_path, edit)), now=NOW))["tab.people"]
    assert not check.ok and "both name the column" in check.detail


def test_a_renamed_tab_is_named_as_the_near_miss(tmp_path, config_for):
    def edit(book):
        book["ทีมงาน"].title = "ทีมงานฯ"
    checks = diagnose(config_for(demo_copy(tmp_path, edit)), now=NOW)
    assert failed(checks) == {"tab.people"}
    check = checks_by_key(checks)["tab.people"]
    assert "no tab 'ทีมงาน'" in check.detail and "'ทีมงานฯ' has a similar name" in check.detail
    assert check.fix == "rename the tab 'ทีมงานฯ' to 'ทีมงาน', or write [workbook.tabs] people = \"ทีมงานฯ\""


def test_a_missing_tab_is_named(tmp_path, config_for):
    def edit(book):
        del book["ทะเบียนหนังสือส่ง"]
    checks = diagnose(config_for(demo_copy(tmp_path, edit)), now=NOW)
    assert failed(checks) == {"tab.letters"}
    assert checks_by_key(checks)["tab.letters"].fix.startswith("add a tab 'ทะเบียนหนังสือส่ง'")


def test_a_tab_title_typed_in_decomposed_thai_is_the_tab(tmp_path, config_for):
    """'กําหนดการ' (nikhahit + sara aa) is what validate, sync and letters read as 'กำหนดการ': doctor agrees."""
    def edit(book):
        book["กำหนดการ"].title = "ก\u0e4d\u0e32หนดการ"
    assert passed(diagnose(config_for(demo_copy(tmp_path, edit)), now=NOW))


def test_a_config_missing_sender_fields_names_each_key(tmp_path, config_for):
    config = config_for(demo_copy(tmp_path), sender={"agency_id": "AG00", "prefix": "นศ ๐๐๑๗.๒"})
    checks = diagnose(config, now=NOW)
    assert failed(checks) == {"sender"}  # the templates still render, with the signature left blank
    check = checks_by_key(checks)["sender"]
    assert check.detail == "[sender] lacks signatory, position, which every letter needs"
    assert 'signatory = "..."' in check.fix and 'position = "..."' in check.fix


def test_a_sender_agency_not_in_the_agencies_tab(tmp_path, config_for):
    checks = diagnose(config_for(demo_copy(tmp_path), sender={**SENDER, "agency_id": "AG99"}), now=NOW)
    assert failed(checks) == {"sender_row"}
    assert "'AG99' is not in the tab 'หน่วยงาน'" in checks_by_key(checks)["sender_row"].detail


def test_a_missing_workbook_and_a_file_that_is_not_xlsx(tmp_path, config_for):
    checks = diagnose(config_for(tmp_path / "nowhere.xlsx"), now=NOW)
    assert failed(checks) == {"workbook"}  # no tab checks without a workbook
    assert "there is no file" in checks_by_key(checks)["workbook"].detail
    (tmp_path / "notes.xlsx").write_text("not a zip")
    check = checks_by_key(diagnose(config_for(tmp_path / "notes.xlsx"), now=NOW))["workbook"]
    assert not check.ok and "is not an .xlsx workbook" in check.detail


def test_broken_or_missing_templates_fail_their_check(tmp_path, config_for):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "request.docx").write_bytes(b"not a docx")
    checks = diagnose(config_for(demo_copy(tmp_path), letters={
        "folder": str(tmp_path / "letters"), "templates": str(templates)}), now=NOW)
    assert failed(checks) == {"template.request", "template.reminder", "template.change", "template.cancel"}
    found = checks_by_key(checks)
    assert "is not a Word document" in found["template.request"].detail
    assert all("does not exist" in found[f"template.{kind}"].detail for kind in ("reminder", "change", "cancel"))


def test_a_letters_folder_that_is_a_file(tmp_path, config_for):
    (tmp_path / "letters").write_text("")
    check = checks_by_key(diagnose(config_for(demo_copy(tmp_path)), now=NOW))["folder"]
    assert not check.ok and "is a file, not a folder" in check.detail


def test_an_unreadable_config_file_is_the_only_check(tmp_path):
    checks = diagnose(tmp_path / "config.toml", environ={"KMSHEETS_LANGUAGE": "en"})
    assert [(c.key, c.ok) for c in checks] == [("config", False)]
    assert "no config file at" in checks[0].detail
    # TOML that cannot be read names no language: Thai, the default
    (tmp_path / "config.toml").write_text("language = \"en\"\n[workbook]\nsource = \"book.xlsx\"\n[sender\n")
    assert "ไม่ใช่ TOML ที่ถูกต้อง: ผิดที่บรรทัด ๔" in diagnose(tmp_path / "config.toml", environ={})[0].detail
    # a config that reads but cannot be used is said in its own language
    (tmp_path / "config.toml").write_text("language = \"en\"\n[workbook]\nsauce = \"book.xlsx\"\n")
    assert "unknown key(s) in [workbook]: sauce" in diagnose(tmp_path / "config.toml", environ={})[0].detail


# --- the command

@pytest.fixture
def write_config(tmp_path, config_file):
    """write_config(**sender): tmp_path/config.toml for a copy of the demo beside it, these [sender] keys changed."""
    demo_copy(tmp_path)
    return lambda **sender: config_file("book.xlsx", sender={**SENDER, **sender})


def test_the_command_exits_0_when_all_pass_and_2_otherwise(write_config):
    path = write_config()
    result = CliRunner().invoke(cli, ["--config", str(path), "doctor"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith("✓ config file: read")
    write_config(agency_id="AG99")
    result = CliRunner().invoke(cli, ["--config", str(path), "doctor"])
    assert result.exit_code == 2 and "✗ the sender's agency row" in result.output


def test_the_command_prints_one_json_document(write_config):
    path = write_config(signatory="")
    result = CliRunner().invoke(cli, ["--config", str(path), "doctor", "--json"])
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    assert document["ok"] is False
    sender = next(c for c in document["checks"] if c["key"] == "sender")
    assert sender["ok"] is False and "signatory" in sender["detail"] and sender["fix"]


def test_quiet_prints_only_the_failures(write_config):
    path = write_config(agency_id="AG99")
    result = CliRunner().invoke(cli, ["-q", "--config", str(path), "doctor"])
    assert result.exit_code == 2
    assert [line[:1] for line in result.stdout.splitlines()] == ["✗", " "]
    assert "AG99" in result.stdout and "fix:" in result.stdout
    path = write_config()
    result = CliRunner().invoke(cli, ["-q", "--config", str(path), "doctor"])
    assert result.exit_code == 0 and result.stdout == ""


def test_the_command_with_no_config_exits_2(tmp_path):
    result = CliRunner().invoke(cli, ["--config", str(tmp_path / "none.toml"), "doctor"],
                                env={"KMSHEETS_LANGUAGE": "en"})
    assert result.exit_code == 2 and "no config file at" in result.output


# --- Google, through the fake

@pytest.fixture
def google(google_fake, config_for, service_account_file, google_client):
    """(run, key file): run(grids=..., writable=..., key=..., folder=...) diagnoses a Google set-up."""
    def run(grids=None, *, writable=True, key=None, folder=None, client=True, google=None):
        key = key or google_fake.create_spreadsheet("KM", grids or demo_grids())
        folder = folder or google_fake.drive_folder("letters", writable=writable)
        config = config_for(key, letters={"output": "google", "folder": folder},
                            google={"endpoint": google_fake.url, "credentials": str(service_account_file),
                                    **(google or {})})
        return diagnose(config, google_client=google_client if client else None, now=NOW)
    return run, service_account_file


def test_a_sound_google_set_up_passes_in_four_requests(google_fake, google):
    run, _ = google
    checks = run()
    assert passed(checks), [c for c in checks if not c.ok]
    found = checks_by_key(checks)
    assert ACCOUNT in found["credentials"].detail
    assert "Google Sheet 'KM' opens" in found["workbook"].detail
    assert "reachable and writable" in found["folder"].detail
    assert found["format"].detail.startswith("not formatted yet")
    assert [r.kind for r in google_fake.requests] == ["get", "values.batchGet", "get", "files.get"]


def test_the_configured_connection_is_used_when_none_is_given(google_fake, google):
    run, _ = google
    assert passed(run(client=False))
    assert google_fake.count(api="token") == 1  # the key file's own token, fetched from the fake


def test_an_unshared_drive_folder_names_the_account_to_share_with(google):
    run, _ = google
    checks = run(writable=False)
    assert failed(checks) == {"folder"}
    check = checks_by_key(checks)["folder"]
    assert "files cannot be added to it" in check.detail
    assert f"share the folder with {ACCOUNT} as Editor" in check.fix and "Shared Drive" in check.fix


def test_an_unknown_drive_folder(google_fake, google):
    run, _ = google
    check = checks_by_key(run(folder="folder-nobody-shared"))["folder"]
    assert not check.ok and "not found (Google answered 404)" in check.detail and ACCOUNT in check.fix
    # drive.file hides a folder a person made, shared or not: the fix says how to widen the scope
    assert 'set drive_scope = "drive"' in check.fix
    widened = checks_by_key(run(folder="folder-nobody-shared", google={"drive_scope": "drive"}))["folder"]
    assert not widened.ok and "drive_scope" not in widened.fix


def test_a_world_readable_key_file(google):
    run, key_file = google
    os.chmod(key_file, 0o644)
    checks = run()
    assert failed(checks) == {"credentials"}
    check = checks_by_key(checks)["credentials"]
    assert "readable by other users" in check.detail and check.fix == f"chmod 600 {key_file}"


def test_a_group_readable_key_file(google):
    run, key_file = google
    os.chmod(key_file, 0o640)
    assert failed(run()) == {"credentials"}


def test_an_unreadable_key_file(google, monkeypatch):
    run, key_file = google
    real = Path.read_bytes

    def read(path):
        if path == key_file:
            raise PermissionError(13, "Permission denied")
        return real(path)
    monkeypatch.setattr(Path, "read_bytes", read)
    check = checks_by_key(run())["credentials"]
    assert not check.ok and "cannot be read (no permission)" in check.detail


def test_a_key_file_of_the_wrong_kind_never_shows_its_content(google):
    run, key_file = google
    key_file.write_text(json.dumps({"installed": {"client_id": "x", "client_secret": "s3cret"}}))
    check = checks_by_key(run())["credentials"]
    assert not check.ok and "it is an OAuth client file" in check.detail and "s3cret" not in check.detail
    key_file.write_text(json.dumps({"type": "service_account", "client_email": ACCOUNT,
                                    "private_key": "-----BEGIN PRIVATE KEY-----\nbroken\n", "token_uri": "x"}))
    check = checks_by_key(run())["credentials"]
    assert "private_key" in check.detail and "broken" not in check.detail + check.fix


def test_without_working_credentials_nothing_is_asked_of_google(google_fake, google):
    run, key_file = google
    key_file.unlink()
    checks = run(client=False)
    assert {"credentials", "workbook", "folder"} <= failed(checks)
    found = checks_by_key(checks)
    assert f"{key_file}: there is no such file" in found["credentials"].detail
    assert found["workbook"].fix == "fix the Google credentials first, then run kmsheets doctor again"
    assert google_fake.requests == []


def test_a_sheet_not_shared_with_the_account(google):
    run, _ = google
    check = checks_by_key(run(key="x" * 40))["workbook"]
    assert not check.ok and "404" in check.detail and f"share the sheet with {ACCOUNT}" in check.fix


def test_a_google_sheet_missing_a_tab_and_with_a_near_miss_header(google):
    run, _ = google
    grids = demo_grids()
    del grids["ทะเบียนหนังสือส่ง"]
    grids["กำหนดการ"][0] = ["วันที" if h == "วันที่" else h for h in grids["กำหนดการ"][0]]
    checks = run(grids)
    assert failed(checks) == {"tab.letters", "tab.activities"}
    found = checks_by_key(checks)
    assert "no tab 'ทะเบียนหนังสือส่ง'" in found["tab.letters"].detail
    assert "'วันที' looks like 'วันที่' (Date)" in found["tab.activities"].detail


def test_oauth_needs_a_client_file_and_a_saved_login(tmp_path, config_for):
    client_file, token_file = tmp_path / "client_secret.json", tmp_path / "token.json"
    config = config_for(demo_copy(tmp_path), letters={"output": "google", "folder": "f"},
                        google={"credentials": "oauth", "oauth_client": str(client_file),
                                "oauth_token": str(token_file)})
    check = checks_by_key(diagnose(config, now=NOW))["credentials"]
    assert not check.ok and f"{client_file}: there is no such file" in check.detail
    client_file.write_text(json.dumps({"installed": {"client_id": "c", "client_secret": "s"}}))
    os.chmod(client_file, 0o600)
    check = checks_by_key(diagnose(config, now=NOW))["credentials"]
    assert not check.ok and "no Google login yet" in check.detail and "kmsheets validate" in check.fix
    token_file.write_text(json.dumps({"type": "authorized_user", "client_id": "c", "client_secret": "s",
                                      "refresh_token": "r"}))
    os.chmod(token_file, 0o644)
    check = checks_by_key(diagnose(config, google_client=object(), now=NOW))["credentials"]
    assert not check.ok and check.fix == f"chmod 600 {token_file}"
    os.chmod(token_file, 0o600)
    assert checks_by_key(diagnose(config, google_client=object(), now=NOW))["credentials"].ok


@pytest.mark.parametrize("content", ["{not json", '["a list"]', '{"installed": {"client_id": "c"}}',
                                     '{"type": "service_account", "client_email": "x@y"}'])
def test_doctor_and_the_credentials_loader_find_the_same_problem(google, config_file, content):
    run, key_file = google
    key_file.write_text(content, encoding="utf-8")
    check = checks_by_key(run())["credentials"]
    with pytest.raises(ConfigError) as raised:
        load_credentials(load_config(config_file("book.xlsx", google={"credentials": str(key_file)}), environ={}))
    assert not check.ok and str(raised.value) == f"[google] credentials: {check.detail}; {check.fix}"


def test_a_key_file_problem_is_said_in_thai(google_fake, tmp_path, config_for):
    config = config_for(demo_copy(tmp_path), language="th", letters={"output": "google", "folder": "f"},
                        google={"credentials": "nokey.json", "endpoint": google_fake.url})
    check = checks_by_key(diagnose(config, now=NOW))["credentials"]
    assert check.detail == f"{tmp_path / 'nokey.json'}: ไม่มีไฟล์นี้"
    assert check.fix.startswith("ดาวน์โหลดกุญแจ JSON ของบัญชีบริการ")


def test_the_templates_render_with_no_sender_settings_at_all(tmp_path, config_for):
    checks = diagnose(config_for(demo_copy(tmp_path), sender={}), now=NOW)
    assert failed(checks) == {"sender"}  # no sender row to look for; the sample letters still render
    assert {"template.request", "template.reminder"} <= set(checks_by_key(checks))


# --- office computers: the workbook open in Excel, a key file on Windows

def test_a_workbook_open_in_excel_or_libreoffice_fails_its_own_check(tmp_path, config_for):
    path = demo_copy(tmp_path)
    (tmp_path / ".~lock.book.xlsx#").write_text("somchai,PC-01,...", encoding="utf-8")
    checks = diagnose(config_for(path), now=NOW)
    assert failed(checks) == {"workbook_open"}
    check = checks_by_key(checks)["workbook_open"]
    assert check.detail == (f"{path} is open in LibreOffice (its lock file .~lock.book.xlsx# is beside it): kmsheets "
                            "will not write it until it is closed")
    assert check.fix == "close the workbook in LibreOffice; if it is open nowhere, delete .~lock.book.xlsx#, left by a crash"


def test_on_windows_a_key_file_is_judged_by_its_folder_not_by_its_mode(google, monkeypatch, tmp_path):
    run, key_file = google
    monkeypatch.setattr("kmsheets.config.WINDOWS", True)
    os.chmod(key_file, 0o644)  # what a mode says on Windows means nothing: no false alarm
    monkeypatch.setenv("USERPROFILE", str(tmp_path))
    assert failed(run()) == set()
    monkeypatch.setenv("USERPROFILE", str(tmp_path / "somebody-else"))
    check = checks_by_key(run())["credentials"]
    assert not check.ok and "is in a folder other people can read" in check.detail
    assert check.fix.startswith("move it into a folder of your own that is not synced")
    monkeypatch.setenv("USERPROFILE", str(tmp_path.parent))
    onedrive = tmp_path.parent / "OneDrive - Province"  # the key, reached through a link, lies in OneDrive
    onedrive.mkdir(exist_ok=True)
    shutil.move(key_file, onedrive / "service-account.json")
    key_file.symlink_to(onedrive / "service-account.json")
    check = checks_by_key(run())["credentials"]
    assert not check.ok and check.detail.startswith(f"{onedrive / 'service-account.json'} is in a folder other")
