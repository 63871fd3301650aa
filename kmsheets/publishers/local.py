"""Letters as .docx files in a local folder (and .pdf beside them where LibreOffice is installed), with an
index.csv of what was written, which a rerun reads to find letters an interrupted run made."""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path
from typing import Iterable

from ..errors import AccessError, ConfigError
from .base import Progress, Published, Rendered
from .pdf import convert_to_pdf, libreoffice

INDEX = "index.csv"
INDEX_FIELDS = ("key", "number", "file")


class LocalPublisher:
    def __init__(self, folder: Path, *, pdf: bool = False) -> None:
        self.folder = Path(folder)
        self.pdf = pdf
        if pdf and not libreoffice():
            raise ConfigError("--pdf needs LibreOffice (soffice) on the PATH; install it "
                              "(apt-get install libreoffice-writer) or leave out --pdf")

    def describe(self) -> str:
        return str(self.folder)

    def existing(self) -> dict[str, Published]:
        found = {}
        for row in self._index():
            if (self.folder / row["file"]).exists():
                found[row["key"]] = Published(row["key"], row["number"], str(self.folder / row["file"]))
        return found

    def publish(self, letters: Iterable[Rendered], progress: Progress | None = None) -> list[Published]:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise AccessError(f"cannot make the letters folder {self.folder}: {error.strerror}") from None
        published = []
        for letter in letters:
            path = self.folder / f"{letter.name}.docx"
            # The index first: a crash between the two leaves a row whose file is missing, which `existing`
            # ignores, never a document the next run cannot find (and would make again, under another name).
            self._add_to_index(letter, path)
            _write_atomically(path, letter.docx)
            if self.pdf:
                convert_to_pdf(path)
            published.append(Published(letter.key, letter.number, str(path)))
            if progress:
                progress(published[-1])
        return published

    def _index(self) -> list[dict[str, str]]:
        try:
            with open(self.folder / INDEX, newline="", encoding="utf-8") as handle:
                return list(csv.DictReader(handle))
        except FileNotFoundError:
            return []

    def _add_to_index(self, letter: Rendered, path: Path) -> None:
        index = self.folder / INDEX
        new = not index.exists()
        with open(index, "a", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            if new:
                writer.writerow(INDEX_FIELDS)
            writer.writerow((letter.key, letter.number, path.name))


def _write_atomically(path: Path, data: bytes) -> None:
    handle, temp = tempfile.mkstemp(prefix=".kmsheets-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except OSError as error:
        Path(temp).unlink(missing_ok=True)
        raise AccessError(f"cannot write {path}: {error.strerror}") from None

