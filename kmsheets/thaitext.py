"""Thai text folded to one form for matching: what looks the same to a person is the same to kmsheets.

Keyboards, PDFs and old documents put the same Thai word into different code points: nikhahit + sara aa
(ํ + า) for sara am (ำ), two sara e (เ + เ) for sara ae (แ), a tone mark typed before its vowel, a doubled
mark. Unicode NFC joins none of these (Thai has no canonical decompositions), so tab titles, headers,
roles, statuses and ids go through pythainlp's `normalize` as well before they are compared.
"""

from __future__ import annotations

import atexit
import difflib
import functools
import os
import shutil
import tempfile
import unicodedata


def _writable_pythainlp_data() -> None:
    """pythainlp makes its data folder (~/pythainlp-data) when imported, and fails where it cannot: a cron
    user whose HOME is missing or read-only could not even run `sync --dry-run`. kmsheets reads none of that
    data, so in that case the folder is a temporary one, removed at exit. A folder set by the user
    (PYTHAINLP_DATA, or the older PYTHAINLP_DATA_DIR) is left alone."""
    if os.environ.get("PYTHAINLP_DATA") or os.environ.get("PYTHAINLP_DATA_DIR"):
        return
    try:
        os.makedirs(os.path.expanduser(os.path.join("~", "pythainlp-data")), exist_ok=True)
    except OSError:
        folder = tempfile.mkdtemp(prefix="kmsheets-pythainlp-")
        os.environ["PYTHAINLP_DATA"] = folder
        atexit.register(shutil.rmtree, folder, ignore_errors=True)


_writable_pythainlp_data()

from pythainlp.util import normalize as _thai_normalize  # noqa: E402  (after its data folder is settled)


@functools.lru_cache(maxsize=4096)
def is_thai(text: str) -> bool:
    """Whether the text has any Thai letter, digit or mark."""
    return any("\u0e00" <= char <= "\u0e7f" for char in text)


def fold(text: str) -> str:
    """`text` in the one form kmsheets compares: NFC, then pythainlp's normalize (sara am composed, sara e
    doubled into sara ae, tone marks after their vowels, repeated marks and zero-width spaces removed, runs
    of spaces made one, none around it)."""
    if not text.isascii():
        text = _thai_normalize(unicodedata.normalize("NFC", text))
    return " ".join(text.split())


def what_differs(text: str) -> str:
    """How `text` differs from its folded form, for a message that quotes it: 'ํ+า → ำ'; '' when only
    spaces or invisible characters differ (nobody reading the message could see those anyway)."""
    shown = " ".join(unicodedata.normalize("NFC", text).split())
    folded = fold(text)
    changes = []
    for a1, a2, b1, b2 in _changed_spans(shown, folded):
        typed, standard = shown[a1:a2], folded[b1:b2]
        if _visible(typed) or _visible(standard):
            changes.append(f"{_spelled(typed)} → {_spelled(standard)}")
    return ", ".join(changes)


def _changed_spans(one: str, other: str) -> list[tuple[int, int, int, int]]:
    """The spans where `one` and `other` differ; changes one character apart are one span (a tone mark
    moved past its vowel is one change, not an insertion and a deletion)."""
    spans: list[list[int]] = []
    matcher = difflib.SequenceMatcher(None, one, other, autojunk=False)
    for operation, a1, a2, b1, b2 in matcher.get_opcodes():
        if operation == "equal":
            continue
        if spans and a1 - spans[-1][1] <= 1:
            spans[-1][1], spans[-1][3] = a2, b2
        else:
            spans.append([a1, a2, b1, b2])
    return [(a1, a2, b1, b2) for a1, a2, b1, b2 in spans]


def _visible(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf" and not ch.isspace())


def _spelled(text: str) -> str:
    """Characters one by one, a combining mark on a dotted circle: 'ํ+า' reads as '◌ํ+า'."""
    if not text:
        return "∅"
    return "+".join(f"◌{ch}" if unicodedata.combining(ch) or unicodedata.category(ch) == "Mn" else ch
                    for ch in text)
