"""The command line: a thin face over the library. Every command is a library function you can call."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import click

from . import __version__
from .config import Config, load_config
from .errors import DateError, KmsheetsError

BANGKOK = ZoneInfo("Asia/Bangkok")


class Group(click.Group):
    """Catches kmsheets' own errors once: a message without a traceback, and the error's exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KmsheetsError as error:
            click.echo(f"kmsheets: {error}", err=True)
            ctx.exit(error.exit_code)


class TodayType(click.ParamType):
    name = "DATE"

    def convert(self, value: Any, param: Any, ctx: Any) -> dt.date:
        if isinstance(value, dt.date):
            return value
        from .thaidate import parse_date

        try:
            return parse_date(value)
        except DateError as error:
            self.fail(str(error), param, ctx)


TODAY = click.option("--today", type=TodayType(), default=None,
                     help="Take this as today (2026-12-01, 1/12/2569, ...): for tests and backfills. "
                          "Default: today in Asia/Bangkok.")
JSON = click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout, and nothing else there.")
DRY_RUN = click.option("--dry-run", is_flag=True, help="Show what would be written, and write nothing.")


def today_in_bangkok() -> dt.date:
    return dt.datetime.now(BANGKOK).date()


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
              help="The config file. Default: $KMSHEETS_CONFIG, then ./config.toml.")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr (for cron).")
@click.version_option(__version__, prog_name="kmsheets")
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None, quiet: bool) -> None:
    """kmsheets: the shared sheet of a provincial KM programme, its official letters, and their endorsement.

    \b
    kmsheets validate     check every row; say which cell is wrong and why
    kmsheets letters      write the official letters the schedule needs, and register them
    kmsheets sync         write overdue-endorsement flags back into the sheet (run it from cron)

    \b
    Exit codes: 0 done (warnings allowed); 1 the sheet has errors (those rows were skipped, the rest
    was done); 2 usage or configuration error; 3 Google or file access failed after retries;
    4 another kmsheets run holds the workbook (nothing was written).
    """
    logging.basicConfig(level=logging.WARNING if quiet else logging.INFO, stream=sys.stderr,
                        format="%(asctime)s kmsheets %(levelname)s %(message)s")
    ctx.obj = config_path


def _config(ctx: click.Context) -> Config:
    return load_config(ctx.obj)


def _emit(as_json: bool, document: dict[str, Any], lines: list[str]) -> None:
    if as_json:
        click.echo(json.dumps(document, ensure_ascii=False, indent=2, default=str))
    else:
        for line in lines:
            click.echo(line)


@cli.command()
@JSON
@click.pass_context
def validate(ctx: click.Context, as_json: bool) -> None:
    """Check every row of every tab: required cells, dates, roles and statuses, unique ids, references
    between tabs, double bookings. Each problem names its tab, A1 cell, value, and what would be right.

    Exits 1 when there are errors, 0 when there are none (warnings allowed).
    """
    from .backends import open_backend
    from .validate import validate as check

    config = _config(ctx)
    validation = check(open_backend(config).read(), config.language)
    errors, warnings = validation.errors, validation.warnings
    lines = [f"{p.severity}: {p}" for p in validation.problems]
    lines.append(f"{len(errors)} errors, {len(warnings)} warnings")
    _emit(as_json, {"errors": len(errors), "warnings": len(warnings),
                    "problems": [p.as_dict() for p in validation.problems]}, lines)
    ctx.exit(1 if errors else 0)


@cli.command()
@TODAY
@DRY_RUN
@JSON
@click.pass_context
def sync(ctx: click.Context, today: dt.date | None, dry_run: bool, as_json: bool) -> None:
    """Compute every letter's and activity's endorsement flag and write the changed flag and note cells
    back into the sheet, in one batched write. Safe for cron: one run at a time, rows found again by id.

    \b
    Flags: MISSED, OVERDUE, NO_LETTER, DUE_SOON, UNSENT, WAITING, ENDORSED, CANCELLED.
    Example crontab line (every hour, 07:00-19:00):
      0 7-19 * * *  kmsheets --quiet --config /etc/kmsheets/config.toml sync
    """
    from .sync import sync as run_sync

    config = _config(ctx)
    result = run_sync(config, today=today or today_in_bangkok(), dry_run=dry_run)
    verb = "would change" if dry_run else "changed"
    lines = [f"{p.severity}: {p}" for p in result.problems if p.severity == "error"]
    lines += [f"{c.tab} {c.key} {c.field}: {c.old!r} -> {c.new!r}" for c in result.changes]
    lines += [f"skipped {s.write.tab} {s.write.key} {s.write.field}: {s.reason}" for s in result.skipped]
    lines.append(f"{verb} {len(result.changes)} cells; {len(result.skipped)} skipped; "
                 f"{sum(p.severity == 'error' for p in result.problems)} rows with errors")
    _emit(as_json, result.as_dict(), lines)
    ctx.exit(result.exit_code)


@cli.command()
@click.option("--kind", "kinds", type=click.Choice(["request", "reminder"]), multiple=True,
              help="Only this kind of letter (repeatable). Default: both.")
@click.option("--activity", "activities", metavar="ID", multiple=True,
              help="Only letters for this activity (repeatable).")
@TODAY
@click.option("--pdf", is_flag=True, help="Also make a .pdf beside each .docx (needs LibreOffice).")
@DRY_RUN
@JSON
@click.pass_context
def letters(ctx: click.Context, kinds: tuple[str, ...], activities: tuple[str, ...], today: dt.date | None,
            pdf: bool, dry_run: bool, as_json: bool) -> None:
    """Write the official letters the schedule needs, number them, and enter them in the send registry.

    One request (ขอความอนุเคราะห์บุคลากร) per activity and per other agency among its staff, addressed to
    that agency's head by position, naming and copying the people requested; one reminder (ติดตามหนังสือ)
    for a request whose endorsement is due soon or late. A letter already in the registry is never made
    again; numbers run per Buddhist-Era year. Letters go to [letters] folder as .docx, or to Google Docs.
    """
    from .backends import open_backend
    from .letters import issue_letters
    from .publishers import open_publisher

    config = _config(ctx)
    backend = open_backend(config)
    publisher = None if dry_run else open_publisher(config, backend, pdf=pdf)
    result = issue_letters(config, today=today or today_in_bangkok(), kinds=kinds or ("request", "reminder"),
                           activity_ids=activities or None, dry_run=dry_run, backend=backend,
                           publisher=publisher,
                           progress=None if as_json else lambda p: click.echo(f"made {p.number}  {p.link}",
                                                                               err=True))
    links = {p.key: p.link for p in result.published}
    lines = [f"{p.severity}: {p}" for p in result.problems if p.severity == "error"]
    lines += [f"{p.number}\t{p.needed.kind}\t{p.to}\t{p.subject}\t{links.get(p.needed.key, '(dry run)')}"
              for p in result.planned]
    lines.append(f"{'would make' if dry_run else 'made'} {len(result.planned)} letters")
    _emit(as_json, result.as_dict(), lines)
    ctx.exit(result.exit_code)


def main() -> None:
    cli(prog_name="kmsheets")
