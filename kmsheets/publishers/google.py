"""Letters as Google Docs in a Drive folder: each .docx uploaded with conversion, in one multipart request.

Page size, margins and fonts survive a .docx import (an HTML import loses them). Each file carries its key
and number in appProperties, so one files.list at the start of a run finds the documents an interrupted run
made, and they are reused rather than made twice. Uploads run a few at a time, under Drive's per-user rate.
"""

from __future__ import annotations

import json
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Iterable

from gspread.exceptions import APIError

from ..errors import AccessError
from ..google_api import GoogleHTTPClient, access_error
from ..retry import OutcomeUnknown
from .base import Progress, Published, Rendered

FILES = "https://www.googleapis.com/drive/v3/files"
UPLOAD = "https://www.googleapis.com/upload/drive/v3/files"
GOOGLE_DOC = "application/vnd.google-apps.document"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MARK = {"kmsheets": "letter"}  # on every letter kmsheets makes, so a listing finds only ours


class GooglePublisher:
    def __init__(self, folder_id: str, client: GoogleHTTPClient, *, concurrency: int = 8) -> None:
        self.folder = folder_id
        self.client = client
        self.concurrency = concurrency

    def describe(self) -> str:
        return f"Drive folder {self.folder}"

    def existing(self) -> dict[str, Published]:
        found = {}
        for item in self._list():
            properties = item.get("appProperties", {})
            key = properties.get("key", "")
            if key and key not in found:
                found[key] = Published(key, properties.get("number", ""), item.get("webViewLink", ""))
        return found

    def publish(self, letters: Iterable[Rendered], progress: Progress | None = None) -> list[Published]:
        def upload(letter: Rendered) -> Published:
            published = self._upload(letter)
            if progress:
                progress(published)
            return published

        # Submitted one by one as `letters` yields them, so uploads overlap the rendering of later letters.
        with ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="upload") as pool:
            futures = [pool.submit(upload, letter) for letter in letters]
            return [future.result() for future in futures]

    def _list(self) -> list[dict[str, Any]]:
        query = (f"'{self.folder}' in parents and trashed = false and "
                 "appProperties has { key='kmsheets' and value='letter' }")
        params = {"q": query, "fields": "nextPageToken,files(id,name,webViewLink,appProperties)",
                  "pageSize": 1000, "supportsAllDrives": "true", "includeItemsFromAllDrives": "true"}
        files: list[dict[str, Any]] = []
        while True:
            page = self._call("GET", FILES, params=params).json()
            files += page.get("files", [])
            if not page.get("nextPageToken"):
                return files
            params = {**params, "pageToken": page["nextPageToken"]}

    def _upload(self, letter: Rendered) -> Published:
        metadata = {"name": letter.name, "mimeType": GOOGLE_DOC, "parents": [self.folder],
                    "appProperties": {**MARK, "key": letter.key, "number": letter.number}}
        body, content_type = multipart(metadata, letter.docx, DOCX)
        policy, last = self.client.policy, ""
        for attempt in range(policy.attempts):
            try:
                response = self._call("POST", UPLOAD, data=body, headers={"Content-Type": content_type},
                                      params={"uploadType": "multipart", "supportsAllDrives": "true",
                                              "fields": "id,webViewLink"})
                return Published(letter.key, letter.number, response.json().get("webViewLink", ""))
            except OutcomeUnknown as error:
                # The upload may have landed without our hearing of it: look before sending it again.
                last = str(error)
                landed = self.existing()
                if letter.key in landed:
                    return landed[letter.key]
                if attempt + 1 < policy.attempts:  # a 5xx says Google is struggling: back off as for any
                    policy.sleep(policy.delay(attempt))
        raise AccessError(f"uploading letter {letter.key} to {self.describe()} failed {policy.attempts} times, "
                          f"and it is not there (last: {last})")

    def _call(self, method: str, url: str, **kwargs: Any) -> Any:
        try:
            return self.client.request(method, url, **kwargs)
        except APIError as error:
            raise access_error(error, self.describe()) from None


def multipart(metadata: dict[str, Any], media: bytes, media_type: str) -> tuple[bytes, str]:
    """A multipart/related body: the file's JSON metadata, then its content (Drive's simple multipart upload)."""
    boundary = f"kmsheets-{uuid.uuid4().hex}"
    head = (f"--{boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n"
            f"{json.dumps(metadata, ensure_ascii=False)}\r\n"
            f"--{boundary}\r\nContent-Type: {media_type}\r\n\r\n").encode("utf-8")
    return head + media + f"\r\n--{boundary}--\r\n".encode(), f"multipart/related; boundary={boundary}"
