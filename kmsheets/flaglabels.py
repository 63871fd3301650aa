"""A flag as people see it: its label in the sheet's language and its colour; and any form of it read back.

flags.py computes codes (MISSED, OVERDUE, ...), which `--json` keeps for programs. The sheet shows each
as a label in the configured language (the catalogue's flag_* entries), so a flag cell is read back
whichever language wrote it, and a sheet still holding a code from before labels is read too.
"""

from __future__ import annotations

from .messages import say
from .schema import normalize_header

CODES = ("MISSED", "CHANGED", "OVERDUE", "NO_LETTER", "DUE_SOON", "UNSENT", "WAITING", "ENDORSED", "CANCELLED",
         "SUPERSEDED")

# One colour per flag, in the sheet (kmsheets format) and in the terminal: red needs a phone call now,
# amber soon, grey is waiting on someone or over, green is done.
COLOURS = {"red": ("MISSED", "OVERDUE", "CHANGED"), "amber": ("DUE_SOON", "NO_LETTER"),
           "grey": ("UNSENT", "WAITING", "CANCELLED", "SUPERSEDED"), "green": ("ENDORSED",)}


def label(code: str, language: str) -> str:
    """What the sheet shows for `code`; text that is no code ('', or what a person typed) stays as it is."""
    return say(language, f"flag_{code.lower()}") if code in CODES else code


def forms(code: str) -> tuple[str, str, str]:
    """Every text that reads as `code`: the code itself and its Thai and English labels."""
    return code, label(code, "th"), label(code, "en")


def code_of(text: str) -> str:
    """The code a flag cell stands for, from a label in either language or the code itself (case, spaces
    and invisible characters aside, as for headers); any other text comes back as typed, stripped."""
    return _READ.get(normalize_header(text), text.strip())


def colour(code: str) -> str:
    """red, amber, grey or green; '' for text that is no code."""
    return next((name for name, codes in COLOURS.items() if code in codes), "")


_READ = {normalize_header(form): code for code in CODES for form in forms(code)}
