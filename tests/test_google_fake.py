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


def upload(fake, metadata, *, file_id=""):
    """A multipart upload (files.create), or with `file_id` the content of that file replaced (files.update)."""
    from kmsheets.publishers.google import multipart

    body, content_type = multipart(metadata, b"PK docx", "application/octet-stream")
    url = f"{fake.url}/upload/drive/v3/files{'/' + file_id if file_id else ''}?uploadType=multipart&fields=id"
    return requests.request("PATCH" if file_id else "POST", url, data=body, headers={"Content-Type": content_type},
                            timeout=5)


def test_a_pre_generated_id_is_refused_for_a_google_doc_as_drive_does(google_fake):
    from kmsheets.publishers.google import GOOGLE_DOC

    folder = google_fake.drive_folder("letters")
    refused = upload(google_fake, {"id": "1AbCpreGenerated", "name": "L", "mimeType": GOOGLE_DOC, "parents": [folder]})
    assert refused.status_code == 400
    assert refused.json()["error"]["errors"][0]["reason"] == "generatedIdNotSupported"
    plain = upload(google_fake, {"id": "1AbCpreGenerated", "name": "L.docx", "parents": [folder]})
    assert plain.status_code == 200 and plain.json()["id"] == "1AbCpreGenerated"  # other files may take one


def test_a_new_file_is_listed_only_once_the_search_has_caught_up(google_fake):
    from kmsheets.publishers.google import GOOGLE_DOC

    now = [100.0]
    google_fake.clock, google_fake.list_lag = (lambda: now[0]), 3.0
    folder = google_fake.drive_folder("letters")
    assert upload(google_fake, {"name": "L", "mimeType": GOOGLE_DOC, "parents": [folder]}).status_code == 200

    def listed():
        return requests.get(f"{google_fake.url}/drive/v3/files", params={"q": f"'{folder}' in parents"},
                            timeout=5).json()["files"]
    assert listed() == []
    now[0] += 3.0
    assert len(listed()) == 1


def test_files_update_replaces_the_content_in_place_and_trashes_by_metadata(google_fake):
    from kmsheets.publishers.google import GOOGLE_DOC

    folder = google_fake.drive_folder("letters")
    made = upload(google_fake, {"name": "L", "mimeType": GOOGLE_DOC, "parents": [folder],
                                "appProperties": {"key": "A01/AG01", "number": "1"}}).json()["id"]
    assert upload(google_fake, {"appProperties": {"number": "2"}}, file_id=made).status_code == 200
    item = google_fake.files[made]
    assert item["revisions"] == 2 and item["appProperties"] == {"key": "A01/AG01", "number": "2"}
    trashed = requests.patch(f"{google_fake.url}/drive/v3/files/{made}", json={"trashed": True}, timeout=5)
    assert trashed.status_code == 200 and google_fake.files[made]["trashed"]


def batch_update(fake, key, *requests_):
    return requests.post(f"{fake.url}/v4/spreadsheets/{key}:batchUpdate", json={"requests": list(requests_)},
                         timeout=5)


def column(sheet_id, index, **rows):
    return {"sheetId": sheet_id, "startColumnIndex": index, "endColumnIndex": index + 1, **rows}


def test_a_batch_update_field_kind_or_condition_google_does_not_define_is_refused(google_fake):
    key = google_fake.create_spreadsheet("KM", {"Sheet1": [["a"]]})
    sheet_id = google_fake.spreadsheets[key].sheet_ids["Sheet1"]
    made_up_kind = batch_update(google_fake, key, {"addWidget": {"sheetId": sheet_id}})
    made_up_field = batch_update(google_fake, key, {"addProtectedRange": {"protectedRange": {
        "range": column(sheet_id, 0), "warningOnly": True, "colour": "red"}}})
    bad_enum = batch_update(google_fake, key, {"setDataValidation": {"range": column(sheet_id, 0), "rule": {
        "condition": {"type": "ONE_OF_SET"}}}})
    bad_mask = batch_update(google_fake, key, {"repeatCell": {"range": column(sheet_id, 0), "cell": {},
                                                              "fields": "userEnteredFormat.textFormat.heavy"}})
    assert [r.status_code for r in (made_up_kind, made_up_field, bad_enum, bad_mask)] == [400] * 4
    assert "addWidget" in made_up_kind.json()["error"]["message"] and "colour" in made_up_field.json()["error"]["message"]
    assert "heavy" in bad_mask.json()["error"]["message"]
    # defined, but not where it is used: a list is data validation only, never a conditional format
    list_format = batch_update(google_fake, key, {"addConditionalFormatRule": {"rule": {
        "ranges": [column(sheet_id, 0)], "booleanRule": {"condition": {"type": "ONE_OF_LIST",
                                                                        "values": [{"userEnteredValue": "x"}]},
                                                          "format": {}}}}})
    assert list_format.status_code == 400 and "conditional formatting" in list_format.json()["error"]["message"]
    unknown_field = requests.get(f"{google_fake.url}/v4/spreadsheets/{key}",
                                 params={"fields": "sheets(properties(title,colour))"}, timeout=5)
    assert unknown_field.status_code == 400 and "colour" in unknown_field.json()["error"]["message"]


def test_a_batch_update_is_applied_whole_or_not_at_all(google_fake):
    key = google_fake.create_spreadsheet("KM", {"Sheet1": [["a"]]})
    sheet_id = google_fake.spreadsheets[key].sheet_ids["Sheet1"]
    protect = {"addProtectedRange": {"protectedRange": {"range": column(sheet_id, 0), "warningOnly": True}}}
    failed = batch_update(google_fake, key, protect, {"deleteProtectedRange": {"protectedRangeId": 999}})
    assert failed.status_code == 400 and "999" in failed.json()["error"]["message"]
    got = requests.get(f"{google_fake.url}/v4/spreadsheets/{key}", params={"fields": "sheets(protectedRanges)"},
                       timeout=5).json()
    assert got == {"sheets": [{}]}
    made = batch_update(google_fake, key, protect).json()
    assert made["replies"][0]["addProtectedRange"]["protectedRange"]["warningOnly"] is True


def test_get_returns_the_ranges_asked_with_formats_and_validation_and_only_the_fields_asked(google_fake):
    key = google_fake.create_spreadsheet("KM", {"Sheet1": [["หัว", "2"], ["x"]], "Other": [["o"]]})
    sheet_id = google_fake.spreadsheets[key].sheet_ids["Sheet1"]
    assert batch_update(google_fake, key,
                        {"repeatCell": {"range": {"sheetId": sheet_id, "endRowIndex": 1},
                                        "cell": {"userEnteredFormat": {"textFormat": {"bold": True}}},
                                        "fields": "userEnteredFormat.textFormat.bold"}},
                        {"setDataValidation": {"range": column(sheet_id, 1, startRowIndex=1),
                                               "rule": {"condition": {"type": "DATE_IS_VALID"}}}},
                        {"updateDimensionProperties": {"range": {"sheetId": sheet_id, "dimension": "COLUMNS",
                                                                 "startIndex": 1, "endIndex": 2},
                                                       "properties": {"pixelSize": 150}, "fields": "pixelSize"}},
                        {"updateSheetProperties": {"properties": {"sheetId": sheet_id,
                                                                  "gridProperties": {"frozenRowCount": 1}},
                                                   "fields": "gridProperties.frozenRowCount"}}).status_code == 200
    got = requests.get(f"{google_fake.url}/v4/spreadsheets/{key}", params={
        "ranges": "Sheet1!A1:B2", "fields": "sheets(properties(title,gridProperties(frozenRowCount)),"
                                            "data(columnMetadata(pixelSize),rowData(values(formattedValue,"
                                            "userEnteredFormat,dataValidation))))"}, timeout=5).json()
    bold = {"userEnteredFormat": {"textFormat": {"bold": True}}}
    assert got == {"sheets": [{"properties": {"title": "Sheet1", "gridProperties": {"frozenRowCount": 1}},
                               "data": [{"columnMetadata": [{"pixelSize": 100}, {"pixelSize": 150}],
                                         "rowData": [{"values": [{"formattedValue": "หัว", **bold},
                                                                 {"formattedValue": "2", **bold}]},
                                                     {"values": [{"formattedValue": "x"}, {"dataValidation": {
                                                         "condition": {"type": "DATE_IS_VALID"}}}]}]}]}]}
