"""`kmsheets format`: the workbook guides the people who edit it, on Google Sheets and in .xlsx alike.

What format sets, touching no cell value:
- every tab: the header row frozen and bold, and each known column wide enough for Thai text;
- both flag columns (activities, registry): a colour per flag, matched by its label in either language
  or by its code (flaglabels.COLOURS);
- drop-downs: status and role from the values validation accepts, and the agency ids (the people's
  agency column, the registry's ถึงหน่วยงาน) from the agencies tab's id column. Date columns are checked
  as dates with a warning only, since Thai text dates are welcome. The staff column holds several ids,
  and the Sheets API has no multi-select drop-down (its discovery document has none), so it stays
  `validate`'s to check;
- kmsheets' own columns (flag, note, and the registry's facts where the tab has it) marked: a protected
  range that warns before an edit on Google, a header comment and a distinct fill in .xlsx.

Format replaces its own earlier rules, which carry a mark, and leaves the team's own alone, so a second
run changes nothing. The plan is pure (formatplan: header rows in, a FormatPlan out); a backend turns it
into its own medium with one read before (`read_format`) and one write after (`write_format`).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Iterable

from .backends import Backend, open_backend
from .backends.base import FormatState
from .config import Config
from .formatplan import Choice, FormatPlan, plan_format, reference
from .lock import workbook_lock
from .tables import column_letter


@dataclass(frozen=True)
class FormatResult:
    workbook: str
    plan: FormatPlan
    replaced: int  # kmsheets' own rules from an earlier format, found and replaced
    dry_run: bool = False

    def as_dict(self) -> dict[str, object]:
        def columns(numbers: Iterable[int]) -> list[str]:
            return [column_letter(number) for number in numbers]

        def choice(c: Choice) -> dict[str, object]:
            if c.source is None:
                return {"column": column_letter(c.column), "values": list(c.values)}
            return {"column": column_letter(c.column), "from": reference(c.source)}

        return {"workbook": self.workbook, "dry_run": self.dry_run, "replaced": self.replaced,
                "tabs": [{"tab": t.name, "title": t.title, "frozen_rows": 1, "bold_header": True,
                          "widths": {column_letter(c): px for c, px in t.widths},
                          "colours": [{"column": column_letter(c.column), "colour": c.colour, "flags": list(c.codes)}
                                      for c in t.colours],
                          "drop_downs": [choice(c) for c in t.choices], "dates": columns(t.dates),
                          "protected": columns(t.owned)} for t in self.plan.tabs]}


def format_workbook(config: Config, *, dry_run: bool = False, backend: Backend | None = None) -> FormatResult:
    """Read what the workbook has (one read), plan, and set it all in one write; a dry run only plans."""
    backend = backend or open_backend(config)
    with contextlib.nullcontext() if dry_run else workbook_lock(backend):
        found: FormatState = backend.read_format()
        plan = plan_format(found.headers, found.titles, config)
        if not dry_run:
            backend.write_format(found, plan)
    return FormatResult(backend.describe(), plan, found.earlier, dry_run)
