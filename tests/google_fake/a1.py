"""A1 notation as Google reads it: 'Title'!A1:B2, Title, 'Title'!1:1, 'Title'!C:C, A2:Z."""

from __future__ import annotations

import re
from dataclasses import dataclass

_CELL = re.compile(r"([A-Z]*)(\d*)")


class RangeError(ValueError):
    pass


@dataclass(frozen=True)
class Range:
    title: str
    first_row: int | None  # 1-based, inclusive; None = unbounded
    first_col: int | None  # 0-based
    last_row: int | None
    last_col: int | None


def column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


def column_letters(index: int) -> str:
    letters, index = "", index + 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def split_title(text: str) -> tuple[str, str]:
    if text.startswith("'"):
        end, title = 1, ""
        while end < len(text):
            if text[end] == "'":
                if text[end + 1:end + 2] == "'":
                    title, end = title + "'", end + 2
                    continue
                return title, text[end + 1:].removeprefix("!")
            title, end = title + text[end], end + 1
        raise RangeError(text)
    title, _, cells = text.partition("!")
    return title, cells


def parse(text: str, titles: list[str]) -> Range:
    """Parse a range; an unquoted text that is a tab title is the whole tab."""
    if text in titles:
        return Range(text, None, None, None, None)
    title, cells = split_title(text)
    if title not in titles:
        raise RangeError(text)
    if not cells:
        return Range(title, None, None, None, None)
    first, _, last = cells.partition(":")
    start = _CELL.fullmatch(first.upper())
    end = _CELL.fullmatch((last or first).upper())
    if not start or not end or not (start.group(1) or start.group(2)):
        raise RangeError(text)

    def col(m):
        return column_index(m.group(1)) if m.group(1) else None

    def row(m):
        return int(m.group(2)) if m.group(2) else None

    return Range(title, row(start), col(start), row(end), col(end))


def quote(title: str) -> str:
    """Google quotes a title in a reply only where A1 needs it: other characters, or a title like a cell (D3)."""
    plain = re.fullmatch(r"\w+", title) and not re.fullmatch(r"[A-Za-z]{1,3}\d+|[Rr]\d+[Cc]\d+", title)
    return title if plain else "'" + title.replace("'", "''") + "'"
