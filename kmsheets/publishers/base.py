"""What every publisher offers: where letters go, and how a rerun finds the ones an interrupted run made."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Protocol


@dataclass(frozen=True)
class Rendered:
    """A letter ready to publish."""

    key: str
    number: str
    name: str  # a file name without extension, e.g. 2569-0012_A03-AG02
    docx: bytes


@dataclass(frozen=True)
class Published:
    key: str
    number: str
    link: str  # a file path or a Google Docs URL


Progress = Callable[[Published], None]


class Publisher(Protocol):
    def describe(self) -> str: ...

    def existing(self) -> dict[str, Published]:
        """Every letter document this publisher holds, by key: an earlier run's, registered or not."""

    def publish(self, letters: Iterable[Rendered], progress: Progress | None = None) -> list[Published]:
        """Make each letter's document, in order; calls `progress` as each one is done.

        `letters` may be a generator rendering each letter as it is asked for: a publisher that uploads
        starts on the first while the next is still being rendered.
        """
