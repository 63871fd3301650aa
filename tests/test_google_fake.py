"""The emulator against real Google traffic (tests/data/google-recordings), and its refusals."""

import importlib.util
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

DATA = Path(__file__).resolve().parent / "data"
_spec = importlib.util.spec_from_file_location("trim_google_recordings", DATA / "trim_google_recordings.py")
recordings = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(recordings)
REPLAYED = ("values.get", "values.batchGet", "values.batchUpdate", "values.append", "values.update")


def kind_of(method, path):
    from google_fake.discovery import match

    found, _ = match(method, path, set())
    return found.id.split(".", 1)[1].removeprefix("spreadsheets.") if found else None


def shape(value):
    """Keys and values, without ids, urls and grid-size-dependent range ends."""
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items() if k not in ("spreadsheetId", "range", "tableRange")}
    if isinstance(value, list):
        return [shape(v) for v in value]
    return value


@pytest.mark.parametrize("cassette", recordings.CASSETTES)
def test_replays_recorded_values_traffic_with_the_same_answers(google_fake, cassette):
    interactions = json.loads((recordings.OUT / f"{cassette}.json").read_text(encoding="utf-8"))["interactions"]
    replayed = 0
    key = None
    for interaction in interactions:
        request, response = interaction["request"], interaction["response"]
        parts = urlsplit(request["uri"])
        if parts.path.startswith("/v4/spreadsheets/") and key != parts.path.split("/")[3].split(":")[0]:
            key = parts.path.split("/")[3].split(":")[0]
            google_fake.create_spreadsheet("recorded", {"Sheet1": []}, spreadsheet_id=key)
        body = json.loads(request["body"]) if request["body"] else None
        for add in (body or {}).get("requests", []) if isinstance(body, dict) else []:
            tabs = google_fake.spreadsheets[key].tabs
            if "addSheet" in add:
                tabs[add["addSheet"]["properties"]["title"]] = []
            title = add.get("updateSheetProperties", {}).get("properties", {}).get("title")
            if title:  # a rename of the first tab
                google_fake.spreadsheets[key].tabs = {title: tabs.pop("Sheet1"), **tabs}
        if kind_of(request["method"], parts.path) not in REPLAYED:
            continue
        answer = requests.request(request["method"], google_fake.url + parts.path + ("?" + parts.query if parts.query else ""),
                                  json=body, timeout=5)
        assert answer.status_code == response["status"]["code"], (request["uri"], answer.text)
        assert shape(answer.json()) == shape(json.loads(response["body"]["string"])), request["uri"]
        replayed += 1
    assert replayed


def test_a_path_or_parameter_google_does_not_define_is_refused(google_fake):
    key = google_fake.create_spreadsheet("KM", {"Sheet1": [["a"]]})
    made_up = requests.get(f"{google_fake.url}/v4/spreadsheets/{key}/values:batchRead", timeout=5)
    assert made_up.status_code == 400 and made_up.json()["error"]["status"] == "INVALID_ARGUMENT"
    bad_param = requests.get(f"{google_fake.url}/v4/spreadsheets/{key}/values/Sheet1?renderAs=x", timeout=5)
    assert bad_param.status_code == 400 and "renderAs" in bad_param.json()["error"]["message"]
    assert [r.kind for r in google_fake.requests] == ["rejected", "rejected"]


def test_an_unknown_spreadsheet_is_404_in_googles_shape(google_fake):
    answer = requests.get(f"{google_fake.url}/v4/spreadsheets/nope/values/Sheet1", timeout=5)
    assert answer.status_code == 404 and answer.json()["error"]["status"] == "NOT_FOUND"


def test_drive_multipart_upload_then_list_by_app_properties_with_paging(google_fake):
    from kmsheets.publishers.google import GOOGLE_DOC, multipart

    folder = google_fake.drive_folder("letters")
    for n in range(3):
        body, content_type = multipart({"name": f"L{n}", "mimeType": GOOGLE_DOC, "parents": [folder],
                                        "appProperties": {"kmsheets": "letter", "key": f"A0{n}/AG01"}},
                                       b"PK docx", "application/octet-stream")
        made = requests.post(f"{google_fake.url}/upload/drive/v3/files?uploadType=multipart&supportsAllDrives=true"
                             "&fields=id,webViewLink", data=body, headers={"Content-Type": content_type}, timeout=5)
        assert made.status_code == 200 and made.json()["webViewLink"].startswith("https://docs.google.com/document/d/")
    query = f"'{folder}' in parents and trashed = false and appProperties has {{ key='kmsheets' and value='letter' }}"
    first = requests.get(f"{google_fake.url}/drive/v3/files", params={"q": query, "pageSize": 2}, timeout=5).json()
    second = requests.get(f"{google_fake.url}/drive/v3/files",
                          params={"q": query, "pageSize": 2, "pageToken": first["nextPageToken"]}, timeout=5).json()
    assert [f["appProperties"]["key"] for f in first["files"] + second["files"]] == ["A00/AG01", "A01/AG01", "A02/AG01"]
    assert all(f["mimeType"] == GOOGLE_DOC for f in google_fake.drive_files())
