"""Letters as .docx files in a local folder (and .pdf beside them with --pdf, see `pdf`).

A letter's file name follows from its year, number and key, so a letter made again, or made by a run after an
interrupted one, lands on the same file: the registry, not the folder, is the memory of what was made.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Mapping

from ..errors import AccessError, os_reason
from ..files import check_folder_writable, remove_leftovers, write_atomically
from .base import Progress, Published, Rendered
from .pdf import pdf_maker


class LocalPublisher:
    def __init__(self, folder: Path, *, pdf: bool = False) -> None:
        self.folder = Path(folder)
        if self.folder.exists() and not self.folder.is_dir():
            raise AccessError(key="not_a_folder", path=self.folder)
        self.make_pdf = pdf_maker() if pdf else None

    def describe(self) -> str:
        return str(self.folder)

    def prepare(self, linked: Mapping[str, str]) -> None:
        """Nothing to look at: a letter's file name is its own (see the module's docstring)."""

    def publish(self, letters: Iterable[Rendered], progress: Progress | None = None) -> list[Published]:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise AccessError(key="cannot_make_folder", path=self.folder, error=os_reason(error)) from None
        check_folder_writable(self.folder)
        remove_leftovers(self.folder)  # this run holds the workbook's lock: no other writes letters now
        published = []
        for letter in letters:
            path = self.folder / f"{letter.name}.docx"
            write_atomically(path, letter.docx)
            if self.make_pdf:
                self.make_pdf(path)
            published.append(Published(letter.key, letter.number, str(path)))
            if progress:
                progress(published[-1])
        return published
