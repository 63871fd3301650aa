"""Drive v3 as kmsheets uses it: multipart upload with conversion, files.list by appProperties, files.get."""

from __future__ import annotations

import re
from typing import Any

GOOGLE_DOC = "application/vnd.google-apps.document"
_TERM = re.compile(r"'([^']*)' in parents|trashed = (true|false)|mimeType = '([^']*)'|"
                   r"appProperties has \{ key='([^']*)' and value='([^']*)' \}")


def matches(item: dict[str, Any], query: str) -> bool:
    for found in _TERM.finditer(query):
        parent, trashed, mime, key, value = found.groups()
        if parent is not None and parent not in item["parents"]:
            return False
        if trashed is not None and item["trashed"] != (trashed == "true"):
            return False
        if mime is not None and item["mimeType"] != mime:
            return False
        if key is not None and item["appProperties"].get(key) != value:
            return False
    return True


def handle(fake: Any, request: Any) -> Any:
    from .server import GoogleError

    q = {k: v[-1] for k, v in request.query.items()}
    if request.kind == "files.create":
        if not isinstance(request.body, dict) or "metadata" not in request.body:
            raise GoogleError(400, "Media upload expected a multipart body")
        metadata = request.body["metadata"]
        for parent in metadata.get("parents", []):
            if parent not in fake.folders:
                raise GoogleError(404, f"File not found: {parent}.")
            if not fake.folders[parent]:
                raise GoogleError(403, "The user does not have sufficient permissions for this file.")
        file_id = f"doc{next(fake._ids)}"
        item = {"id": file_id, "name": metadata.get("name", "Untitled"),
                "mimeType": metadata.get("mimeType", request.body["media_type"]),
                "parents": metadata.get("parents", []), "appProperties": metadata.get("appProperties", {}),
                "trashed": False, "media": request.body["media"],
                "webViewLink": f"https://docs.google.com/document/d/{file_id}/edit"}
        fake.files[file_id] = item
        return _fields(item, q.get("fields", "id"))
    if request.kind == "files.list":
        items = [f for f in fake.files.values() if matches(f, q.get("q", ""))]
        size, start = int(q.get("pageSize", 100)), int(q.get("pageToken", 0) or 0)
        page = {"files": [_fields(f, "id,name,mimeType,webViewLink,appProperties") for f in items[start:start + size]]}
        if start + size < len(items):
            page["nextPageToken"] = str(start + size)
        return page
    if request.kind == "files.get":
        item = fake.files.get(request.path.rsplit("/", 1)[-1])
        if item is None:
            raise GoogleError(404, "File not found.")
        if item["id"] in fake.folders:  # what the caller may do in it: a folder not shared writable says False
            item = {**item, "capabilities": {"canAddChildren": fake.folders[item["id"]]}}
        return _fields(item, q.get("fields", "id,name,mimeType"))
    raise GoogleError(400, f"{request.kind} is not emulated")


def _fields(item: dict[str, Any], fields: str) -> dict[str, Any]:
    # top-level names only: capabilities(canAddChildren) and capabilities/canAddChildren both give capabilities
    wanted = {re.split(r"[(/]", f)[0].strip()
              for f in re.sub(r"files\(|\)|nextPageToken", "", fields).split(",") if f.strip()}
    return {k: v for k, v in item.items() if k in wanted}
