"""Letters as Google Docs in a Drive folder: each .docx uploaded with conversion, in one multipart request.

Page size, margins and fonts survive a .docx import (an HTML import loses them). Each document carries its key
and number in appProperties. One listing per run (`prepare`) finds the documents of the folder: one an
interrupted run made is filled in rather than made twice, and where a letter has two documents, the one the
registry does not link is moved to the trash (only ever a document kmsheets marked as its own). A letter made
again keeps its document (files.update with the new content), so its link stays. Uploads run a few at a time,
under Drive's per-user rate.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Iterable, Mapping

from gspread.exceptions import APIError

from ..google_api import GoogleHTTPClient, access_error
from ..messages import message
from ..plan import letter_serial
from ..retry import until_landed
from ..thaidate import BE_OFFSET
from .base import Progress, Published, Rendered

log = logging.getLogger(__name__)

FILES = "https://www.googleapis.com/drive/v3/files"
UPLOAD = "https://www.googleapis.com/upload/drive/v3/files"
GOOGLE_DOC = "application/vnd.google-apps.document"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MARK = {"kmsheets": "letter"}  # on every letter kmsheets makes, so a listing finds only ours
LISTED = "id,name,webViewLink,appProperties,createdTime"
_DOCUMENT_ID = re.compile(r"/d/([A-Za-z0-9_-]+)")
# Drive's search catches up with a new file within seconds, not at once: after an upload's answer is lost,
# kmsheets looks again for this long before it sends the letter a second time.
SETTLE_SECONDS = 30.0


Identity = tuple[str, "int | None", int]  # a letter's key, running number and Buddhist-Era year


def identity_of(item: Mapping[str, Any]) -> Identity:
    """Which letter a listed document is: by the key, number and year it carries (a document made before the
    year was kept carries the year it was made in). Keys come back year after year (activities are numbered
    afresh), and last year's letter is never this year's."""
    properties = item.get("appProperties", {})
    year = properties.get("year", "")
    made = item.get("createdTime", "")[:4]
    return (properties.get("key", ""), letter_serial(properties.get("number", "")),
            int(year) if year.isdigit() else int(made) + BE_OFFSET if made.isdigit() else 0)


def letter_identity(letter: Rendered) -> Identity:
    return letter.key, letter_serial(letter.number), letter.year


def document_id(link: str) -> str:
    """The file id in a Google Docs link, or ''."""
    found = _DOCUMENT_ID.search(link)
    return found.group(1) if found else ""


class GooglePublisher:
    def __init__(self, folder_id: str, client: GoogleHTTPClient, *, concurrency: int = 8,
                 settle_seconds: float = SETTLE_SECONDS) -> None:
        self.folder = folder_id
        self.client = client
        self.concurrency = concurrency
        self.settle_seconds = settle_seconds
        self._mine: dict[Identity, dict[str, Any]] = {}  # each letter's document in the folder
        self._drive: str | None = None  # the folder's shared drive, "" for My Drive; looked up once

    def describe(self) -> str:
        return f"Drive folder {self.folder}"

    def prepare(self, linked: Mapping[str, str]) -> None:
        groups: dict[Identity, list[dict[str, Any]]] = {}
        for item in self._list():
            if item.get("appProperties", {}).get("key"):
                groups.setdefault(identity_of(item), []).append(item)
        for found, items in groups.items():
            linked_id = document_id(linked.get(found[0], ""))
            items.sort(key=lambda item: (item["id"] != linked_id, item.get("createdTime", "")))
            self._mine[found] = items[0]
            for extra in items[1:]:
                log.warning(message("log_second_document", key=found[0], second=extra["id"], name=extra.get("name", ""),
                                    kept=items[0]["id"]))
                self._call("PATCH", f"{FILES}/{extra['id']}", json={"trashed": True},
                           params={"supportsAllDrives": "true", "fields": "id"})

    def publish(self, letters: Iterable[Rendered], progress: Progress | None = None) -> list[Published]:
        def upload(letter: Rendered) -> Published:
            published = self._publish(letter)
            if progress:
                progress(published)
            return published

        # Submitted one by one as `letters` yields them, so uploads overlap the rendering of later letters.
        with ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="upload") as pool:
            futures = [pool.submit(upload, letter) for letter in letters]
            return [future.result() for future in futures]

    def _publish(self, letter: Rendered) -> Published:
        target = self._mine.get(letter_identity(letter))
        if target is not None:
            return self._update(target["id"], letter)
        return until_landed(lambda: self._create(letter), lambda: self._landed(letter),
                            self.client.policy, message("what_upload", key=letter.key))

    def _metadata(self, letter: Rendered) -> dict[str, Any]:
        return {"name": letter.name, "appProperties": {**MARK, "key": letter.key, "number": letter.number,
                                                        "year": str(letter.year)}}

    def _create(self, letter: Rendered) -> Published:
        metadata = {**self._metadata(letter), "mimeType": GOOGLE_DOC, "parents": [self.folder]}
        body, content_type = multipart(metadata, letter.docx, DOCX)
        response = self._call("POST", UPLOAD, data=body, headers={"Content-Type": content_type},
                              params={"uploadType": "multipart", "supportsAllDrives": "true",
                                      "fields": "id,webViewLink"})
        return Published(letter.key, letter.number, response.json().get("webViewLink", ""))

    def _update(self, file_id: str, letter: Rendered) -> Published:
        """The letter's document, its content replaced (Drive converts the .docx into the same Google Doc)."""
        body, content_type = multipart(self._metadata(letter), letter.docx, DOCX)
        response = self._call("PATCH", f"{UPLOAD}/{file_id}", data=body, headers={"Content-Type": content_type},
                              params={"uploadType": "multipart", "supportsAllDrives": "true",
                                      "fields": "id,webViewLink"})
        return Published(letter.key, letter.number, response.json().get("webViewLink", ""))

    def _landed(self, letter: Rendered) -> Published | None:
        """The document an upload whose answer was lost made, looked for until Drive's search has caught up."""
        waited, attempt = 0.0, 0
        while True:
            found = [item for item in self._list(key=letter.key) if identity_of(item) == letter_identity(letter)]
            if found:
                return Published(letter.key, letter.number, found[0].get("webViewLink", ""))
            if waited >= self.settle_seconds:
                return None
            pause = min(self.client.policy.delay(attempt), self.settle_seconds - waited)
            self.client.policy.sleep(pause)
            waited, attempt = waited + pause, attempt + 1

    def _list(self, key: str = "") -> list[dict[str, Any]]:
        query = (f"'{self.folder}' in parents and trashed = false and "
                 "appProperties has { key='kmsheets' and value='letter' }")
        if key:
            query += " and appProperties has { key='key' and value='" + key.replace("\\", "\\\\").replace(
                "'", "\\'") + "' }"
        params = {"q": query, "fields": f"nextPageToken,files({LISTED})", "pageSize": 1000,
                  "supportsAllDrives": "true", "includeItemsFromAllDrives": "true", **self._corpus()}
        files: list[dict[str, Any]] = []
        while True:
            page = self._call("GET", FILES, params=params).json()
            files += page.get("files", [])
            if not page.get("nextPageToken"):
                return files
            params = {**params, "pageToken": page["nextPageToken"]}

    def _corpus(self) -> dict[str, str]:
        """Where to search: the folder's shared drive, so that every account the drive is shared with (the cron
        job's service account, a coordinator's own login) sees the same documents."""
        if self._drive is None:
            folder = self._call("GET", f"{FILES}/{self.folder}",
                                params={"fields": "id,driveId", "supportsAllDrives": "true"}).json()
            self._drive = folder.get("driveId", "")
        return {"corpora": "drive", "driveId": self._drive} if self._drive else {}

    def _call(self, method: str, url: str, **kwargs: Any) -> Any:
        try:
            return self.client.request(method, url, **kwargs)
        except APIError as error:
            raise access_error(error, message("what_drive_folder", folder=self.folder), folder=True) from None


def multipart(metadata: dict[str, Any], media: bytes, media_type: str) -> tuple[bytes, str]:
    """A multipart/related body: the file's JSON metadata, then its content (Drive's simple multipart upload)."""
    boundary = f"kmsheets-{uuid.uuid4().hex}"
    head = (f"--{boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n"
            f"{json.dumps(metadata, ensure_ascii=False)}\r\n"
            f"--{boundary}\r\nContent-Type: {media_type}\r\n\r\n").encode("utf-8")
    return head + media + f"\r\n--{boundary}--\r\n".encode(), f"multipart/related; boundary={boundary}"
