"""What `kmsheets format` sets on each tab, decided from the tabs' header rows alone (pure).

Both backends turn a FormatPlan into their own medium (backends/sheetsformat.py: Sheets API requests;
backends/formatxml.py: .xlsx XML). Every rule format makes carries MARK, so that the next format finds
its own rules and replaces them, and leaves the team's alone.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from .config import Config
from .flaglabels import COLOURS, forms
from .messages import say
from .schema import ROLES, STATUSES, TABS
from .tables import Cell, column_letter, locate_columns, text
from .thaitext import is_thai

MARK = "kmsheets"  # in every rule format makes, so that the next format finds and replaces it
OWNED = ("flag", "note", "facts")  # the columns kmsheets writes, where a tab has them

# Column widths in pixels, for Thai text at the sheet's default size: an id, a date, a short word need
# little; names, positions, places and notes need room. A column is never narrower than its header.
WIDTHS = {"id": 100, "key": 130, "activity_id": 110, "agency_id": 110, "number": 130, "name": 220,
          "head_title": 260, "address": 260, "phone": 110, "email": 190, "role": 100, "position": 180,
          "tambon": 110, "title": 260, "date": 110, "issued": 110, "sent": 110, "endorsed": 110, "time": 120,
          "place": 200, "staff": 150, "status": 100, "kind": 130, "people": 150, "subject": 320, "doc": 220,
          "flag": 160, "note": 380, "facts": 320}
# Light backgrounds (Google Sheets' own conditional-format palette), as RRGGBB
COLOUR_RGB = {"red": "F4C7C3", "amber": "FCE8B2", "grey": "E8EAED", "green": "B7E1CD"}
OWNED_RGB = "D9D2E9"  # the header fill of kmsheets' own columns: a light purple, unlike the usual blue or grey
PIXELS_PER_CHARACTER = 8  # a Thai or Latin letter at 10-11 pt; Thai vowel and tone marks take no room
PADDING = 16


@dataclass(frozen=True)
class Colouring:
    """A background colour for the cells of a flag column that read as one of `codes`."""

    column: int
    colour: str  # red, amber, grey or green
    codes: tuple[str, ...]

    @property
    def texts(self) -> tuple[str, ...]:
        """The cell texts that take the colour: each code, and its label in either language."""
        return tuple(form for code in self.codes for form in forms(code))


@dataclass(frozen=True)
class Choice:
    """A drop-down: a list of `values`, or the cells below the header of `source` (tab title, column)."""

    column: int
    values: tuple[str, ...] = ()
    source: tuple[str, int] | None = None


@dataclass(frozen=True)
class TabPlan:
    name: str
    title: str
    header: tuple[Cell, ...]  # the header row as it is: every cell of it is made bold
    widths: tuple[tuple[int, int], ...]  # (column, pixels)
    colours: tuple[Colouring, ...]
    choices: tuple[Choice, ...]
    dates: tuple[int, ...]
    owned: tuple[int, ...]

    def heading(self, column: int) -> str:
        return text(self.header[column]) if column < len(self.header) else column_letter(column)


@dataclass(frozen=True)
class Texts:
    """What the workbook says to its editors, in the configured language."""

    owned: str  # on kmsheets' own columns: a Google protected range's description, an .xlsx header comment
    choice: str  # to a value not in a drop-down's list (.xlsx shows it; Sheets says its own)
    agency: str  # to an agency id not in the agencies tab
    date: str  # to a value that is not a date cell


@dataclass(frozen=True)
class FormatPlan:
    tabs: tuple[TabPlan, ...]
    texts: Texts


def plan_format(headers: Mapping[str, Sequence[Cell]], titles: Mapping[str, str], config: Config) -> FormatPlan:
    """What format sets on each tab, from the tabs' header rows as they are now; `titles` are the tabs'
    titles as the workbook spells them."""
    workbook, language = config.workbook, config.language
    columns = {name: locate_columns(TABS[name], titles[name], headers[name], workbook.headers.get(name))
               for name in TABS}
    agencies = (titles["agencies"], columns["agencies"]["id"])
    drop_downs: dict[tuple[str, str], dict] = {
        ("activities", "status"): {"values": accepted(STATUSES, language)},
        ("people", "role"): {"values": accepted([*ROLES, *ROLES.values()], language)},
        ("people", "agency_id"): {"source": agencies},
        ("letters", "agency_id"): {"source": agencies}}
    tabs = []
    for name, tab in TABS.items():
        found = columns[name]
        header = tuple(headers[name])
        flag = found.get("flag")
        tabs.append(TabPlan(
            name, titles[name], header,
            widths=tuple((column, max(WIDTHS.get(field, 120), _pixels(text(header[column]))))
                         for field, column in sorted(found.items(), key=lambda item: item[1])),
            colours=() if flag is None else tuple(Colouring(flag, colour, codes) for colour, codes in COLOURS.items()),
            choices=tuple(Choice(found[field], **choice) for (tab_name, field), choice in drop_downs.items()
                          if tab_name == name and field in found),
            dates=tuple(found[f.name] for f in tab.fields if f.date and f.name in found),
            owned=tuple(found[field] for field in OWNED if field in found)))
    texts = Texts(say(language, "format_owned"), say(language, "format_choice_error"),
                  say(language, "format_agency_error", tab=agencies[0]), say(language, "format_date_warning"))
    return FormatPlan(tuple(tabs), texts)


def accepted(words: Iterable[str], language: str) -> tuple[str, ...]:
    """Every accepted word once, those in the sheet's language first."""
    unique = list(dict.fromkeys(words))
    return tuple(sorted(unique, key=lambda word: is_thai(word) != (language == "th")))


def colour_formula(cell: str, texts: Sequence[str]) -> str:
    """A conditional format's formula (without '='), true where `cell` holds one of `texts` (in any case).
    It carries MARK as N("kmsheets"), which is 0 in Sheets, Excel and LibreOffice alike."""
    quoted = ",".join(f'{cell}="{t.replace(chr(34), chr(34) * 2)}"' for t in texts)
    return f'AND(OR({quoted}),N("{MARK}")=0)'


def reference(source: tuple[str, int], last_row: int | None = None) -> str:
    """The cells below the header of a (tab title, column), as a formula names them: 'หน่วยงาน'!$A$2:$A,
    or down to `last_row`."""
    title, column = source
    letter = column_letter(column)
    quoted = "'" + title.replace("'", "''") + "'"
    return f"{quoted}!${letter}$2:${letter}" + (f"${last_row}" if last_row else "")


def is_ours(formula: str) -> bool:
    """A conditional format made by format: its formula carries the mark."""
    return f'N("{MARK}")' in formula


def _pixels(header: str) -> int:
    """The width a header's text needs: marks written above or below a letter take no room."""
    letters = sum(1 for char in header if unicodedata.category(char) not in ("Mn", "Cf"))
    return letters * PIXELS_PER_CHARACTER + PADDING
