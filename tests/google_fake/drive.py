"""Drive v3 as kmsheets uses it: multipart upload with conversion, files.list by appProperties (in My Drive or a
shared drive, with the search lagging behind new files as Drive's does), files.get, and files.update (content
replaced in place, or metadata such as trashed)."""

from __future__ import annotations

import re
from typing import Any

GOOGLE_DOC = "application/vnd.google-apps.document"
GOOGLE_TYPES = re.compile(r"application/vnd\.google-apps\.")
_TERM = re.compile(r"'([^']*)' in parents|trashed = (true|false)|mimeType = '([^']*)'|"
                   r"appProperties has \{ key='([^']*)' and value='((?:[^'\\]|\\.)*)' \}")
LISTED = "id,name,mimeType,webViewLink,appProperties,createdTime"


def matches(item: dict[str, Any], query: str) -> bool:
    for found in _TERM.finditer(query):
        parent, trashed, mime, key, value = found.groups()
        if parent is not None and parent not in item["parents"]:
            return False
        if trashed is not None and item["trashed"] != (trashed == "true"):
            return False
        if mime is not None and item["mimeType"] != mime:
            return False
        if key is not None and item["appProperties"].get(key) != re.sub(r"\\(.)", r"\1", value):
            return False
    return True


def handle(fake: Any, request: Any) -> Any:
    from .server import GoogleError

    q = {k: v[-1] for k, v in request.query.items()}
    if request.kind == "files.create":
        if not isinstance(request.body, dict) or "metadata" not in request.body:
            raise GoogleError(400, "Media upload expected a multipart body")
        metadata = request.body["metadata"]
        mime = metadata.get("mimeType", request.body["media_type"])
        if "id" in metadata and GOOGLE_TYPES.match(mime):
            raise GoogleError(400, "Generated IDs are not supported for Google Docs Editors files.",
                              "generatedIdNotSupported")
        drive = ""
        for parent in metadata.get("parents", []):
            if parent not in fake.folders:
                raise GoogleError(404, f"File not found: {parent}.")
            if not fake.folders[parent]:
                raise GoogleError(403, "The user does not have sufficient permissions for this file.")
            drive = fake.files[parent].get("driveId", "")
        file_id = metadata.get("id") or f"doc{next(fake._ids)}"
        item = {"id": file_id, "name": metadata.get("name", "Untitled"), "mimeType": mime,
                "parents": metadata.get("parents", []), "appProperties": metadata.get("appProperties", {}),
                "trashed": False, "media": request.body["media"], "createdTime": fake.stamp(), "made": fake.clock(),
                "webViewLink": f"https://docs.google.com/document/d/{file_id}/edit", "revisions": 1,
                **({"driveId": drive} if drive else {})}
        fake.files[file_id] = item
        return _fields(item, q.get("fields", "id"))
    if request.kind == "files.list":
        if q.get("corpora") == "drive" and not q.get("driveId"):
            raise GoogleError(400, "The driveId parameter must be specified if and only if corpora is set to drive.")
        items = [f for f in fake.files.values() if matches(f, q.get("q", "")) and _listed(fake, f, q)]
        size, start = int(q.get("pageSize", 100)), int(q.get("pageToken", 0) or 0)
        page = {"files": [_fields(f, LISTED) for f in items[start:start + size]]}
        if start + size < len(items):
            page["nextPageToken"] = str(start + size)
        return page
    item = fake.files.get(request.path.rsplit("/", 1)[-1])
    if item is None:
        raise GoogleError(404, "File not found.")
    if request.kind == "files.get":
        if item["id"] in fake.folders:  # what the caller may do in it: a folder not shared writable says False
            item = {**item, "capabilities": {"canAddChildren": fake.folders[item["id"]]}}
        return _fields(item, q.get("fields", "id,name,mimeType"))
    if request.kind == "files.update":
        body = request.body if isinstance(request.body, dict) else {}
        metadata = body.get("metadata", body) if "/upload/" in request.path else body
        if "/upload/" in request.path:
            if "media" not in body:
                raise GoogleError(400, "Media upload expected a multipart body")
            item["media"] = body["media"]
            item["revisions"] += 1
        for name in ("name", "trashed"):
            if name in metadata:
                item[name] = metadata[name]
        item["appProperties"] = {**item["appProperties"], **metadata.get("appProperties", {})}
        return _fields(item, q.get("fields", "id"))
    raise GoogleError(400, f"{request.kind} is not emulated")


def _listed(fake: Any, item: dict[str, Any], q: dict[str, str]) -> bool:
    """Whether a search finds the file: made long enough ago, and in the corpus searched."""
    if "made" in item and fake.clock() - item["made"] < fake.list_lag:
        return False
    if q.get("corpora") == "drive":
        return item.get("driveId") == q["driveId"]
    return not item.get("driveId") or q.get("includeItemsFromAllDrives") == "true"


def _fields(item: dict[str, Any], fields: str) -> dict[str, Any]:
    # top-level names only: capabilities(canAddChildren) and capabilities/canAddChildren both give capabilities
    wanted = {re.split(r"[(/]", f)[0].strip()
              for f in re.sub(r"files\(|\)|nextPageToken", "", fields).split(",") if f.strip()}
    return {k: v for k, v in item.items() if k in wanted}
