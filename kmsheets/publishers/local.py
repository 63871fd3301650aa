"""Letters as .docx files in a local folder (and .pdf beside them where LibreOffice is installed).

A letter's file name follows from its year, number and key, so a letter made again, or made by a run after an
interrupted one, lands on the same file: the registry, not the folder, is the memory of what was made.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterable, Mapping

from ..errors import AccessError, ConfigError
from .base import Progress, Published, Rendered
from .pdf import convert_to_pdf, libreoffice


class LocalPublisher:
    def __init__(self, folder: Path, *, pdf: bool = False) -> None:
        self.folder = Path(folder)
        self.pdf = pdf
        if pdf and not libreoffice():
            raise ConfigError("--pdf needs LibreOffice (soffice) on the PATH; install it "
                              "(apt-get install libreoffice-writer) or leave out --pdf")

    def describe(self) -> str:
        return str(self.folder)

    def prepare(self, linked: Mapping[str, str]) -> None:
        """Nothing to look at: a letter's file name is its own (see the module's docstring)."""

    def publish(self, letters: Iterable[Rendered], progress: Progress | None = None) -> list[Published]:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise AccessError(f"cannot make the letters folder {self.folder}: {error.strerror}") from None
        published = []
        for letter in letters:
            path = self.folder / f"{letter.name}.docx"
            _write_atomically(path, letter.docx)
            if self.pdf:
                convert_to_pdf(path)
            published.append(Published(letter.key, letter.number, str(path)))
            if progress:
                progress(published[-1])
        return published


def _write_atomically(path: Path, data: bytes) -> None:
    handle, temp = tempfile.mkstemp(prefix=".kmsheets-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except OSError as error:
        Path(temp).unlink(missing_ok=True)
        raise AccessError(f"cannot write {path}: {error.strerror}") from None

