"""`kmsheets report`: read the workbook, learn from its registry (lessons.py), and write what a coordinator
shares: report.xlsx, one sheet per table with headers in the config's language, and the charts (charts.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
from openpyxl.styles import Font, PatternFill

from .backends import Backend, open_backend
from .charts import ENDORSEMENT_DAYS, ON_TIME_BY_MONTH, endorsement_days_chart, on_time_chart
from .config import Config
from .errors import AccessError, os_reason
from .lessons import Lessons, registry_lessons
from .messages import say
from .tables import column_letter
from .thaidate import format_month
from .validate import Problem, validate

WORKBOOK = "report.xlsx"
_HEADER_FILL = PatternFill("solid", fgColor="FFD9E7F5")


@dataclass
class ReportResult:
    lessons: Lessons
    folder: Path
    files: list[Path] = field(default_factory=list)
    problems: tuple[Problem, ...] = ()

    @property
    def exit_code(self) -> int:
        """1 when the sheet has errors (their rows are left out of the figures), else 0."""
        return 1 if any(p.severity == "error" for p in self.problems) else 0

    def as_dict(self) -> dict[str, list[dict[str, Any]]]:
        return self.lessons.as_dict()


def report_folder(config: Config) -> Path:
    """Where the report goes by default: a folder 'report' beside the letters folder (beside the config
    file when the letters are in Google Drive)."""
    if config.letters.output == "google":
        return config.path("report")
    return config.path(config.letters.folder).parent / "report"


def make_report(config: Config, *, today: dt.date, since: dt.date | None = None, until: dt.date | None = None,
                out: Path | None = None, backend: Backend | None = None) -> ReportResult:
    """The tables for letters whose activity falls in since..until, written to `out` with the charts."""
    backend = backend or open_backend(config)
    validation = validate(backend.read(), config.language, today=today)
    lessons = registry_lessons(validation.programme, lead_days=config.endorsement.lead_days, today=today,
                               since=since, until=until)
    folder = out or report_folder(config)
    language, thai_digits = config.language, config.language == "th" and config.letters.thai_digits
    try:
        folder.mkdir(parents=True, exist_ok=True)
        files = [write_workbook(lessons, folder / WORKBOOK, language=language, thai_digits=thai_digits),
                 endorsement_days_chart(lessons.agencies, config.endorsement.lead_days, folder / ENDORSEMENT_DAYS,
                                        language=language, thai_digits=thai_digits),
                 on_time_chart(lessons.months, folder / ON_TIME_BY_MONTH, language=language,
                               thai_digits=thai_digits)]
    except OSError as error:
        raise AccessError(key="report_not_written", folder=folder, error=os_reason(error)) from error
    return ReportResult(lessons, folder, files, validation.problems)


def write_workbook(lessons: Lessons, path: Path, *, language: str, thai_digits: bool) -> Path:
    """report.xlsx: a sheet per table, its header in `language`, counts and days as numbers, rates as %."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    months = lessons.months.assign(month=[format_month(m, language=language, thai_digits=thai_digits)
                                          for m in lessons.months["month"]])
    for title, table, percent in (("lesson_sheet_agencies", lessons.agencies, ()),
                                  ("lesson_sheet_months", months, ("on_time_rate",))):
        sheet = book.create_sheet(say(language, title))
        sheet.append([say(language, f"lesson_{column}") for column in table.columns])
        for row in table.itertuples(index=False):
            sheet.append([None if pd.isna(value) else value for value in row])
        for index, column in enumerate(table.columns):
            sheet.column_dimensions[column_letter(index)].width = 34 if column == "name" else 16
            if column in percent:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index + 1, max_col=index + 1):
                    cell.number_format = "0%"
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = _HEADER_FILL
        sheet.freeze_panes = "A2"
    book.save(path)
    return path
