"""What the send registry teaches (pure, pandas): how each agency endorses, how each month went, and how
early each agency must be asked.

Only request letters are judged; a request is
- on time: endorsed on or before its due date (its activity's date less the configured lead_days);
- missed: its activity day passed without an endorsement (a cancelled activity misses nothing);
- known: its outcome is known, being endorsed, or past its due date with its activity not cancelled.
Days to endorsement run from the sent date to the endorsed date, for requests that have both.
An agency's suggested lead days are max(lead_days, ceil(p90 of those days)) once it has MIN_ENDORSED of
them, and lead_days until then. The period (since, until) selects letters by their activity's date.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .model import Programme

MIN_ENDORSED = 3
AGENCY_COLUMNS = ("agency_id", "name", "requests", "sent", "endorsed", "on_time", "missed", "median_days",
                  "p90_days", "suggested_lead_days")
MONTH_COLUMNS = ("month", "requests", "known", "on_time", "on_time_rate", "missed", "changes", "cancellations")
# Letter kinds counted per month, by the column that counts them.
_COUNTED_KINDS = {"requests": "request", "changes": "change", "cancellations": "cancel"}


@dataclass(frozen=True)
class Lessons:
    agencies: pd.DataFrame  # AGENCY_COLUMNS, one row per agency asked in the period, by id
    months: pd.DataFrame  # MONTH_COLUMNS, one row per month ('2026-11') of activities with letters, in order

    def as_dict(self) -> dict[str, list[dict[str, Any]]]:
        """Plain JSON values: counts as ints, figures as floats, null where there is no figure."""
        return {name: json.loads(table.to_json(orient="records", force_ascii=False))
                for name, table in (("agencies", self.agencies), ("months", self.months))}


def registry_lessons(programme: Programme, *, lead_days: int, today: dt.date, since: dt.date | None = None,
                     until: dt.date | None = None) -> Lessons:
    """The per-agency and per-month tables for letters whose activity falls in since..until (both included)."""
    letters = _letters(programme)
    if since is not None:
        letters = letters[letters["activity_date"] >= pd.Timestamp(since)]
    if until is not None:
        letters = letters[letters["activity_date"] <= pd.Timestamp(until)]
    letters = _judged(letters, lead_days, today)
    return Lessons(_agency_table(letters[letters["kind"] == "request"], programme, lead_days),
                   _month_table(letters))


def learned_lead_days(programme: Programme, lead_days: int) -> dict[str, int]:
    """Each agency's lead days (agency id -> days), learned from every endorsed request on record."""
    requests = _letters(programme)
    requests = requests[requests["kind"] == "request"]
    learned = requests.groupby("agency_id")["days"].agg(suggested_lead_days, lead_days=lead_days)
    return {agency: int(learned.get(agency, lead_days)) for agency in programme.agencies}


def suggested_lead_days(days: pd.Series, lead_days: int) -> int:
    """max(lead_days, ceil(p90)) of an agency's days to endorsement, or lead_days with too few of them."""
    days = days.dropna()
    if len(days) < MIN_ENDORSED:
        return lead_days
    # Rounded first: the interpolated p90 of whole days can come out as 15.000000000000002.
    return max(lead_days, math.ceil(round(days.quantile(0.9), 6)))


def _letters(programme: Programme) -> pd.DataFrame:
    """One row per registry letter whose activity is in the programme."""
    rows = [(letter.kind, letter.agency_id, activity.date, activity.status == "cancelled", letter.sent,
             letter.endorsed) for letter in programme.letters.values()
            if (activity := programme.activities.get(letter.activity_id)) is not None]
    frame = pd.DataFrame(rows, columns=["kind", "agency_id", "activity_date", "cancelled", "sent", "endorsed"])
    for column in ("activity_date", "sent", "endorsed"):
        frame[column] = pd.to_datetime(frame[column])
    frame["cancelled"] = frame["cancelled"].astype(bool)
    days = (frame["endorsed"] - frame["sent"]).dt.days
    # Endorsed before sent is a typing slip (validation warns of it), not a speed.
    frame["days"] = days.where(days >= 0)
    return frame


def _judged(letters: pd.DataFrame, lead_days: int, today: dt.date) -> pd.DataFrame:
    """The letters with what the module doc defines: on_time, missed, known (false for other kinds)."""
    request = letters["kind"] == "request"
    endorsed = letters["endorsed"].notna()
    due = letters["activity_date"] - pd.Timedelta(days=lead_days)
    today = pd.Timestamp(today)
    return letters.assign(
        on_time=request & endorsed & (letters["endorsed"] <= due),
        missed=request & ~endorsed & ~letters["cancelled"] & (letters["activity_date"] < today),
        known=request & (endorsed | (~letters["cancelled"] & (due < today))))


def _agency_table(requests: pd.DataFrame, programme: Programme, lead_days: int) -> pd.DataFrame:
    by = requests.groupby("agency_id", sort=True)
    table = pd.DataFrame({
        "requests": by.size(),
        "sent": by["sent"].count(),
        "endorsed": by["endorsed"].count(),
        "on_time": by["on_time"].sum(),
        "missed": by["missed"].sum(),
        "median_days": by["days"].median(),
        "p90_days": by["days"].quantile(0.9),
        "suggested_lead_days": by["days"].agg(suggested_lead_days, lead_days=lead_days),
    })
    table["name"] = [programme.agencies[a].name if a in programme.agencies else a for a in table.index]
    return table.rename_axis("agency_id").reset_index()[list(AGENCY_COLUMNS)]


def _month_table(letters: pd.DataFrame) -> pd.DataFrame:
    counted = letters.assign(**{column: letters["kind"] == kind for column, kind in _COUNTED_KINDS.items()})
    counted = counted[counted[list(_COUNTED_KINDS)].any(axis=1)]
    month = counted["activity_date"].dt.strftime("%Y-%m").rename("month")
    table = counted.groupby(month, sort=True)[
        ["requests", "known", "on_time", "missed", "changes", "cancellations"]].sum().astype(int)
    table["on_time_rate"] = table["on_time"] / table["known"].where(table["known"] > 0)
    return table.reset_index()[list(MONTH_COLUMNS)]
