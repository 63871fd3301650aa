"""Is a text in one language? English words in Thai text, Thai script in English text, values aside.

What is not a sentence of either language, and so may stand in both: placeholders ({path}), values in quotes
('A01', "drive"), config keys ([sender] agency_id, drive_scope), options (--today), command lines (kmsheets
letters, chmod 600 ...), file names and paths (config.toml, /tmp/x), URLs, codes in capitals (JSON, HTTP,
KMSHEETS_CONFIG, EACCES) and numbers; and, in Thai, the names of products and of what their screens say
(NAMES). Any other word of Latin letters in Thai text is English in Thai; any Thai letter in English text
is Thai in English.
"""

from __future__ import annotations

import re
from typing import Iterable

# Names a Thai sentence uses as they are: products, and the labels their screens show
NAMES = ("Google Cloud Console", "Google Sheets", "Google Sheet", "Google Docs", "Google Drive", "Google",
         "Shared Drive", "Drive", "OAuth client", "OAuth", "Desktop app", "Editor", "LibreOffice", "Microsoft",
         "Excel", "Word", "Windows", "macOS", "Linux", "OneDrive", "Dropbox", "iCloud", "Jinja", "cron", "kmsheets")

_PLACEHOLDER = re.compile(r"\{[a-z_0-9]*\}")
_QUOTED = re.compile(r"(?<![\w'])'[^'\n]*'(?![\w])|\"[^\"\n]*\"|`[^`\n]*`")
_NOT_WORDS = re.compile("|".join([
    r"https?://\S+",  # URLs
    r"\[[a-z_.]+\](?: [a-z_]+(?:\.[a-z_]+)?)?",  # config sections and keys: [sender] agency_id, [workbook.tabs]
    r"\b[a-z_]+(?= = )",  # a key given its value: language = "th"
    r"\b(?:true|false)\b",  # TOML's own values
    r"(?<!\w)--?[a-z][a-z-]*",  # options
    r"\bkmsheets(?: (?:init|doctor|validate|format|letters|sync|report))?\b",  # commands
    r"\b(?:chmod|pip|apt-get)(?: [\w.-]+)+",  # commands of the system
    r"[\w.~%-]*[/\\][\w./\\%~<>:-]*",  # paths
    r"[\w-]*\.(?:xlsx|docx|toml|json|png|pdf|odt|py|md|org)\b",  # file names, and their kinds: .xlsx
    r"\b[a-z]+(?:[_.][a-z]+)+\b",  # identifiers: agency_id, drive.file
    r"\b[A-Z][A-Z0-9_-]+\b",  # codes: JSON, HTTP, KMSHEETS_CONFIG, UTF-8, EACCES
    r"\b[A-Z]{1,3}[0-9]*\b",  # columns and cells: D, C2
    r"[^\s│]+…",  # a word a table cut short
    r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)+\b",  # the names of errors: ConnectionError
]))
_LATIN_WORD = re.compile(r"[A-Za-z]+")
_THAI = re.compile(r"[\u0e00-\u0e7f]+")


def _plain(text: str, values: Iterable[str]) -> str:
    """The text without what is neither language: the given values first, then quotes, keys, paths, codes."""
    for value in sorted((v for v in values if v), key=len, reverse=True):
        # a value of Latin letters only where it is a whole word: 'date' is not taken out of 'validate'
        text = re.sub(rf"(?<![A-Za-z0-9_]){re.escape(value)}(?![A-Za-z0-9_])" if value.isascii()
                      else re.escape(value), " ", text)
    text = _PLACEHOLDER.sub(" ", text)
    text = _QUOTED.sub(" ", text)
    return _NOT_WORDS.sub(" ", text)


def english_in_thai(text: str, values: Iterable[str] = ()) -> list[str]:
    """The English words in Thai text. `values`: texts quoted from the sheet and the like, which may be in either
    language; a word found in one of them is a value too (a table may wrap a value over two lines)."""
    values = list(values)
    plain = _plain(text, values)
    for name in NAMES:
        plain = re.sub(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", " ", plain)
    return [word for word in _LATIN_WORD.findall(plain) if not any(word in value for value in values)]


def thai_in_english(text: str, values: Iterable[str] = ()) -> list[str]:
    """The Thai words in English text; `values` as for english_in_thai."""
    values = list(values)
    return [word for word in _THAI.findall(_plain(text, values)) if not any(word in value for value in values)]
