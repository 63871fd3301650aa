import logging
import os
from pathlib import Path

import pytest

from kmsheets.config import load_config, parse_config, readable_by_others
from kmsheets.errors import ConfigError

REPO = Path(__file__).resolve().parent.parent


def test_example_config_points_at_the_bundled_demo():
    config = load_config(REPO / "config.example.toml", environ={})
    assert config.path(config.workbook.source) == REPO / "kmsheets" / "demo" / "demo.xlsx"
    assert not config.workbook.is_google
    assert config.sender.agency_id == "AG00"
    assert config.endorsement.lead_days == 7 and config.endorsement.warn_days == 3


def test_environment_overrides_the_file_with_typed_values(tmp_path):
    environ = {"KMSHEETS_WORKBOOK_SOURCE": "https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOpQrStUvWxYz/edit",
               "KMSHEETS_ENDORSEMENT_LEAD_DAYS": "10", "KMSHEETS_LETTERS_THAI_DIGITS": "false",
               "KMSHEETS_LANGUAGE": "en"}
    config = parse_config({"workbook": {"source": "a.xlsx"}}, base=tmp_path, environ=environ)
    assert config.workbook.is_google
    assert config.endorsement.lead_days == 10
    assert config.letters.thai_digits is False
    assert config.language == "en"


def test_header_renames_accept_one_text_or_several(tmp_path):
    config = parse_config({"workbook": {"source": "a.xlsx", "headers": {
        "activities": {"date": "วันจัดกิจกรรม"}, "people": {"name": ["ชื่อ", "ชื่อ - นามสกุล"]}}}},
        base=tmp_path, environ={})
    assert config.workbook.headers["activities"]["date"] == ("วันจัดกิจกรรม",)
    assert config.workbook.headers["people"]["name"] == ("ชื่อ", "ชื่อ - นามสกุล")


def test_relative_paths_start_at_the_config_folder(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "config.toml").write_text('[workbook]\nsource = "book.xlsx"\n', encoding="utf-8")
    config = load_config(tmp_path / "sub" / "config.toml", environ={})
    assert config.path(config.workbook.source) == tmp_path / "sub" / "book.xlsx"


@pytest.mark.parametrize("data, says", [
    ({"workbook": {"source": "a.xlsx"}, "langauge": "th"}, "unknown key(s) langauge"),
    ({"workbook": {"source": "a.xlsx", "sauce": 1}}, "unknown key(s) in [workbook]: sauce"),
    ({"workbook": {"source": "a.xlsx"}, "language": "fr"}, 'write "th" or "en"'),
    ({"workbook": {"source": ""}}, "[workbook] source is empty"),
    ({"workbook": {"source": "a.xlsx"}, "endorsement": {"lead_days": "soon"}}, "write a number"),
    ({"workbook": {"source": "a.xlsx"}, "endorsement": {"warn_days": -1}}, "zero or more"),
    ({"workbook": {"source": "a.xlsx"}, "letters": {"output": "fax"}}, 'write "local" or "google"'),
    ({"workbook": {"source": "a.xlsx"}, "letters": {"thai_digits": "maybe"}}, "write true or false"),
    ({"workbook": {"source": "a.xlsx", "tabs": {"peple": "x"}}}, "not peple"),
    ({"workbook": {"source": "a.xlsx", "headers": {"activities": {"dat": "x"}}}}, "has no field 'dat'"),
    ({"workbook": {"source": "a.xlsx"}, "google": {"retries": 0}}, "write 1 or more"),
])
def test_mistakes_name_the_key_and_what_is_allowed(tmp_path, data, says):
    with pytest.raises(ConfigError) as raised:
        parse_config(data, base=tmp_path, environ={})
    assert says in str(raised.value)


def test_missing_and_broken_files_are_config_errors(tmp_path):
    with pytest.raises(ConfigError, match="no config file"):
        load_config(tmp_path / "nope.toml", environ={})
    (tmp_path / "bad.toml").write_text("language = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(tmp_path / "bad.toml", environ={})


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
@pytest.mark.parametrize("mode, open_to_others", [(0o600, False), (0o400, False), (0o700, False), (0o640, True),
                                                  (0o604, True), (0o620, True), (0o644, True), (0o666, True)])
def test_readable_by_others_is_any_group_or_other_bit(tmp_path, mode, open_to_others):
    path = tmp_path / "secret.json"
    path.write_text("{}", encoding="utf-8")
    os.chmod(path, mode)
    assert readable_by_others(path) is open_to_others
    assert readable_by_others(str(path)) is open_to_others


def test_a_missing_file_is_not_readable_by_others(tmp_path):
    assert readable_by_others(tmp_path / "nope.json") is False


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
def test_a_google_config_file_others_can_read_is_a_warning_with_the_fix(tmp_path, caplog):
    local = tmp_path / "local.toml"
    local.write_text('[workbook]\nsource = "book.xlsx"\n', encoding="utf-8")
    os.chmod(local, 0o644)
    with caplog.at_level(logging.WARNING):
        load_config(local, environ={})
    assert not caplog.records  # names no sheet, folder or key: nothing to keep private
    path = tmp_path / "config.toml"
    path.write_text('[workbook]\nsource = "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"\n', encoding="utf-8")
    os.chmod(path, 0o644)
    with caplog.at_level(logging.WARNING):
        load_config(path, environ={})
    [record] = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert str(path) in record.getMessage() and f"chmod 600 {path}" in record.getMessage()
    caplog.clear()
    os.chmod(path, 0o600)
    with caplog.at_level(logging.WARNING):
        load_config(path, environ={})
    assert not caplog.records


def test_the_drive_scope_is_drive_file_unless_widened(tmp_path):
    from kmsheets.google_api import scopes

    narrow = parse_config({"workbook": {"source": "book.xlsx"}}, base=tmp_path, environ={})
    assert scopes(narrow) == ["https://www.googleapis.com/auth/spreadsheets",
                              "https://www.googleapis.com/auth/drive.file"]
    wide = parse_config({"workbook": {"source": "book.xlsx"}, "google": {"drive_scope": "drive"}}, base=tmp_path,
                        environ={})
    assert scopes(wide)[1] == "https://www.googleapis.com/auth/drive"
    with pytest.raises(ConfigError, match="drive_scope = 'everything'; write 'drive.file' or 'drive'"):
        parse_config({"workbook": {"source": "b.xlsx"}, "google": {"drive_scope": "everything"}}, base=tmp_path,
                     environ={})


def test_the_sender_address_is_given_in_lines(tmp_path):
    lines = ["ศาลากลางจังหวัดนครศรีธรรมราช", "ถนนราชดำเนิน นศ ๘๐๐๐๐"]
    as_list = parse_config({"workbook": {"source": "b.xlsx"}, "sender": {"address": lines}}, base=tmp_path, environ={})
    as_text = parse_config({"workbook": {"source": "b.xlsx"}, "sender": {"address": "\n".join(lines) + "\n  \n"}},
                           base=tmp_path, environ={})
    from_env = parse_config({"workbook": {"source": "b.xlsx"}}, base=tmp_path,
                            environ={"KMSHEETS_SENDER_ADDRESS": "\n".join(lines)})
    assert as_list.sender.address == as_text.sender.address == from_env.sender.address == tuple(lines)
    assert parse_config({"workbook": {"source": "b.xlsx"}}, base=tmp_path, environ={}).sender.address == ()
    with pytest.raises(ConfigError, match=r"\[sender\] address = \[1, 2\]: write a list of lines"):
        parse_config({"workbook": {"source": "b.xlsx"}, "sender": {"address": [1, 2]}}, base=tmp_path, environ={})


def test_the_emblem_is_an_image_file_or_preprinted_paper(tmp_path):
    def emblem(value):
        return parse_config({"workbook": {"source": "b.xlsx"}, "letters": {"emblem": value}}, base=tmp_path,
                            environ={}).emblem_image()

    assert emblem("garuda.png") == tmp_path / "garuda.png"  # from the config file's folder
    assert emblem("preprinted") is None and emblem("") is None


def test_the_example_config_gives_the_sender_lines_and_leaves_the_emblem_to_the_office():
    config = load_config(REPO / "config.example.toml", environ={})
    assert config.sender.address and config.sender.fax and config.letters.emblem == ""


def test_learned_lead_days_are_off_unless_asked_for(tmp_path):
    assert load_config(REPO / "config.example.toml", environ={}).endorsement.learn is False
    config = parse_config({"workbook": {"source": "a.xlsx"}}, base=tmp_path,
                          environ={"KMSHEETS_ENDORSEMENT_LEARN": "true"})
    assert config.endorsement.learn is True


@pytest.mark.parametrize("path, shared", [
    (r"C:\Users\somchai\kmsheets\service-account.json", False),
    (r"c:\users\SOMCHAI\AppData\Local\kmsheets\authorized_user.json", False),
    (r"C:\kmsheets\service-account.json", True),  # every user of the computer may read C:\ folders
    (r"C:\Users\Public\service-account.json", True),
    (r"C:\Users\somchai\OneDrive - Province\kmsheets\service-account.json", True),
    (r"C:\Users\somchai\Dropbox\service-account.json", True),
    (r"\\fileserver\office\service-account.json", True),
])
def test_on_windows_a_secret_is_exposed_by_its_folder(monkeypatch, path, shared):
    from kmsheets import config

    monkeypatch.setattr(config, "WINDOWS", True)
    monkeypatch.setattr(config.os.path, "abspath", lambda p: p)  # these are Windows paths, on any system
    assert config.exposure(path, {"USERPROFILE": r"C:\Users\somchai"}) == ("in_shared_folder" if shared else "")
