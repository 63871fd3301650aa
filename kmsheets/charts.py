"""The report's charts, as PNG files a coordinator shows at a meeting: how many days each agency takes to
endorse, and how many requests were endorsed on time, month by month.

Drawn on matplotlib's Agg canvas (a Figure, never pyplot: no display, no global state). Thai text is set in
Sarabun, which the fontpkg-sarabun package brings and matplotlib's font manager finds, so no computer draws
it as empty boxes for want of a Thai font.
"""

from __future__ import annotations

import contextlib
import functools
from pathlib import Path
from typing import Any, Iterator

import fontpkg.mpl
import pandas as pd
from matplotlib import font_manager, rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from .messages import say
from .tables import shortened
from .thaidate import format_figure, format_month

FAMILY = "Sarabun"
ENDORSEMENT_DAYS = "endorsement_days.png"
ON_TIME_BY_MONTH = "on_time_by_month.png"
_COLOURS = {"bar": "#4C72B0", "range": "#DD8452", "lead": "#55A868", "late": "#C44E52", "note": "#555555"}


@functools.cache
def thai_font() -> Path:
    """The Sarabun file the charts are drawn with, as matplotlib's font manager resolves the family."""
    return Path(font_manager.findfont(fontpkg.mpl.use(FAMILY), fallback_to_default=False))


def endorsement_days_chart(agencies: pd.DataFrame, lead_days: int, path: Path, *, language: str,
                           thai_digits: bool) -> Path:
    """Per agency: the median days from sending to endorsement as a bar, the range on to the 90th percentile
    as a line, and the configured lead days as a dashed line. Agencies with no endorsement are left out."""
    with _in_sarabun():
        return _draw_endorsement_days(agencies, lead_days, path, _Saying(language, thai_digits))


def on_time_chart(months: pd.DataFrame, path: Path, *, language: str, thai_digits: bool) -> Path:
    """Per month of the activity date: the share of requests whose outcome is known that were endorsed on
    time, each bar marked with the counts; a month with none known yet says so."""
    with _in_sarabun():
        return _draw_on_time(months, path, _Saying(language, thai_digits))


@contextlib.contextmanager
def _in_sarabun() -> Iterator[None]:
    """Text made inside takes its font from here: matplotlib reads the family when a text is created."""
    thai_font()
    with rc_context({"font.family": [FAMILY]}):
        yield


def _draw_endorsement_days(agencies: pd.DataFrame, lead_days: int, path: Path, said: _Saying) -> Path:
    timed = agencies.dropna(subset=["median_days"]).sort_values(["median_days", "p90_days"], ascending=False)
    figure, axes = _figure(height=1.4 + 0.55 * max(len(timed), 1))
    axes.set_title(said("chart_days_title"), loc="left", fontsize=13)
    if timed.empty:
        return _save_empty(figure, axes, said, path)
    rows = range(len(timed))
    axes.barh(rows, timed["median_days"], color=_COLOURS["bar"], height=0.55)
    axes.hlines(rows, timed["median_days"], timed["p90_days"], color=_COLOURS["range"], linewidth=3)
    axes.plot(timed["p90_days"], rows, "o", color=_COLOURS["range"])
    axes.axvline(lead_days, color=_COLOURS["lead"], linestyle="--", linewidth=1.5)
    axes.text(lead_days, len(timed) - 0.45, " " + said("chart_lead", days=said.number(lead_days)),
              color=_COLOURS["lead"], va="bottom", fontsize=9)
    axes.set_yticks(list(rows), [shortened(name) for name in timed["name"]])
    axes.set_ylim(-0.6, len(timed) - 0.1)
    reach = max(timed["p90_days"].max(), lead_days)
    axes.set_xlim(0, reach * 1.75)
    for row, agency in zip(rows, timed.itertuples()):
        text = said("chart_days_bar", median=said.number(agency.median_days), p90=said.number(agency.p90_days),
                    endorsed=said.number(agency.endorsed))
        if agency.suggested_lead_days > lead_days:
            text += said("chart_days_suggested", days=said.number(agency.suggested_lead_days))
        axes.text(agency.p90_days + reach * 0.03, row, text, va="center", fontsize=9, color=_COLOURS["note"],
                  bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    axes.set_xlabel(said("chart_days_axis"))
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _: said.number(value)))
    return _save(figure, path)


def _draw_on_time(months: pd.DataFrame, path: Path, said: _Saying) -> Path:
    figure, axes = _figure(height=4.2, width=max(6.0, 1.1 * len(months) + 2))
    axes.set_title(said("chart_on_time_title"), loc="left", fontsize=13)
    if months.empty:
        return _save_empty(figure, axes, said, path)
    columns = range(len(months))
    rates = months["on_time_rate"].fillna(0) * 100
    axes.bar(columns, rates, color=_COLOURS["bar"], width=0.6)
    for column, month in zip(columns, months.itertuples()):
        if month.known:
            text = said("chart_on_time_bar", on_time=said.number(month.on_time), known=said.number(month.known))
        else:
            text = said("chart_not_due")
        axes.text(column, rates.iloc[column] + 2, text, ha="center", va="bottom", fontsize=9, color=_COLOURS["note"])
        if month.missed:
            axes.text(column, rates.iloc[column] + 8, said("chart_missed", missed=said.number(month.missed)),
                      ha="center", va="bottom", fontsize=9, color=_COLOURS["late"])
    axes.set_xticks(list(columns), [format_month(m, language=said.language, short=True, thai_digits=said.thai)
                                    for m in months["month"]])
    axes.set_ylim(0, 118)
    axes.set_ylabel(said("chart_on_time_axis"))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: said.number(value) + "%" if value <= 100 else ""))
    return _save(figure, path)


class _Saying:
    """The catalogue's sentences, and numbers in the digits the report uses."""

    def __init__(self, language: str, thai_digits: bool) -> None:
        self.language, self.thai = language, language == "th" and thai_digits

    def __call__(self, key: str, **params: str) -> str:
        return say(self.language, key, **params)

    def number(self, value: Any) -> str:
        return format_figure(float(value), thai_digits=self.thai)


def _figure(*, height: float, width: float = 9.0) -> tuple[Figure, Any]:
    figure = Figure(figsize=(width, height), dpi=120)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    return figure, axes


def _save_empty(figure: Figure, axes: Any, said: _Saying, path: Path) -> Path:
    axes.set_axis_off()
    axes.text(0.5, 0.5, said("chart_no_data"), ha="center", va="center", fontsize=12, transform=axes.transAxes)
    return _save(figure, path)


def _save(figure: Figure, path: Path) -> Path:
    figure.savefig(path, format="png", bbox_inches="tight")
    return path
