"""What every publisher offers: where letters go, made once each, and made again in place when they change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Mapping, Protocol


@dataclass(frozen=True)
class Rendered:
    """A letter ready to publish."""

    key: str
    number: str
    year: int  # the Buddhist-Era year of its date: with the key and the number, what makes a letter itself
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

    def prepare(self, linked: Mapping[str, str]) -> None:
        """Look at what is there before publishing. `linked` is the registry's document cell per key.

        A Google publisher lists its documents once: to find one an interrupted run made, and to trash a
        second copy of a letter (keeping the one the registry links)."""

    def publish(self, letters: Iterable[Rendered], progress: Progress | None = None) -> list[Published]:
        """Make each letter's document, in order (over the letter's own earlier one, if any); calls `progress`
        as each one is done.

        `letters` may be a generator rendering each letter as it is asked for: a publisher that uploads
        starts on the first while the next is still being rendered.
        """
