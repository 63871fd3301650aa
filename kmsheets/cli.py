"""The command line: a thin face over the library. Every command is a library function you can call."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator
from zoneinfo import ZoneInfo

import click
from rich.console import Console, RenderableType

from . import __version__
from .config import Config, language_before_config, load_config
from .errors import ConfigError, KmsheetsError
from .messages import Message, message, say
from .publishers.base import Published
from .schema import TABS
from .thaidate import DateError, parse_date
from .usage import Choice, Command, Folder, in_context, missing_command, no_such_command, usage_message

BANGKOK = ZoneInfo("Asia/Bangkok")
LANGUAGE = "kmsheets.language"  # ctx.meta key: the language of the loaded config
WANTS_JSON = "kmsheets.json"  # ctx.meta key: --json was given, so an error is also a JSON document


class _Command(Command):
    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta[WANTS_JSON] = "--json" in args  # known before any option can fail, an unknown one too
        return super().parse_args(ctx, args)


class Group(click.Group):
    """Catches kmsheets' own errors once: a message without a traceback, and the error's exit code; says
    click's usage errors in the same language (kmsheets.usage)."""

    command_class = _Command

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        with _usage_said():
            return super().make_context(info_name, args, parent, **extra)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        with in_context(ctx):
            return super().parse_args(ctx, args)

    def resolve_command(self, ctx: click.Context,
                        args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        if self.get_command(ctx, args[0]) is None:
            raise no_such_command(self, ctx, args[0])
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            with _usage_said():
                return super().invoke(ctx)
        except KmsheetsError as error:
            said = error.in_language(_language(ctx))
            click.echo(f"kmsheets: {said}", err=True)
            if ctx.meta.get(WANTS_JSON):
                _echo_error(error.key, said, error.exit_code)
            ctx.exit(error.exit_code)


def _echo_error(code: str, message: str, exit_code: int) -> None:
    """With --json, an error too is one JSON document on stdout: its code (the message key: stable English),
    its message (in the language) and the exit code."""
    click.echo(json.dumps({"error": {"code": code, "message": message, "exit_code": exit_code}},
                          ensure_ascii=False, indent=2))


# click shows the help for a bare `kmsheets` through a usage error of its own (click 8.2 on)
_SHOWS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


@contextlib.contextmanager
def _usage_said() -> Iterator[None]:
    """A usage error said in the language, with where to find the help; exit code 2."""
    try:
        yield
    except click.UsageError as error:
        if isinstance(error, _SHOWS_HELP):
            raise
        language, said = _language(error.ctx), usage_message(error)
        command = error.ctx.command_path if error.ctx else "kmsheets"
        click.echo(f"kmsheets: {said.say(language)}", err=True)
        click.echo(say(language, "usage_hint", command=f"{command} --help"), err=True)
        if error.ctx is not None and error.ctx.meta.get(WANTS_JSON):
            _echo_error(said.key, said.say(language), error.exit_code)
        raise click.exceptions.Exit(error.exit_code) from None


def _language(ctx: click.Context | None) -> str:
    """What to speak: the loaded config's language, else what it will be (config.language_before_config)."""
    if ctx is not None and LANGUAGE in ctx.meta:
        return ctx.meta[LANGUAGE]
    return language_before_config(ctx.find_root().params.get("config_path") if ctx is not None else None)


class _SaidFormatter(logging.Formatter):
    """Log lines as ever (time, 'kmsheets', level), their message said in the language of the run: a record
    whose message is a messages.Message is said at this edge, like any other sentence."""

    def __init__(self, language: Callable[[], str]) -> None:
        super().__init__("%(asctime)s kmsheets %(levelname)s %(message)s")
        self.language = language

    def format(self, record: logging.LogRecord) -> str:
        if isinstance(record.msg, Message):
            record = logging.makeLogRecord({**record.__dict__, "msg": record.msg.say(self.language()), "args": None})
        return super().format(record)


TODAY = click.option("--today", metavar="DATE", default=None,
                     help="Take this as today (2026-12-01, 1/12/2569, ...): for tests and backfills. "
                          "Default: today in Asia/Bangkok.")


JSON = click.option("--json", "as_json", is_flag=True,
                    help="Print one JSON document on stdout, and nothing else there (an error too).")
DRY_RUN = click.option("--dry-run", is_flag=True, help="Show what would be written, and write nothing.")


def today_in_bangkok() -> dt.date:
    return dt.datetime.now(BANGKOK).date()


def _today(ctx: click.Context, typed: str | None) -> dt.date:
    """--today as a date, or today in Bangkok."""
    return _date(ctx, typed, "--today") or today_in_bangkok()


def _date(ctx: click.Context, typed: str | None, option: str) -> dt.date | None:
    """A date option's value as a date (None when not given); read after the config, so that a mistake is
    said in its language."""
    if typed is None:
        return None
    try:
        return parse_date(typed)
    except DateError as error:
        raise ConfigError(key="bad_date_option", option=option, value=typed,
                          reason=message(error.reason, **error.params), forms=message("date_forms")) from None


@dataclass(frozen=True)
class Options:
    """What the group's options leave for every command."""

    config_path: Path | None
    quiet: bool


@click.group("kmsheets", cls=Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
             invoke_without_command=True, no_args_is_help=True)  # a missing command is said in the language
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
              help="The config file. Default: $KMSHEETS_CONFIG, then ./config.toml.")
@click.option("-q", "--quiet", is_flag=True,
              help="For cron: no summary; only the rows with errors on stdout, warnings and errors on stderr.")
@click.version_option(__version__, prog_name="kmsheets")
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None, quiet: bool) -> None:
    """kmsheets: the shared sheet of a provincial KM programme, its official letters, and their endorsement.

    \b
    kmsheets init DIR     start: a config.toml and the demo workbook in DIR
    kmsheets doctor       check the set-up: config, credentials, sheet, headers, Drive folder, templates
    kmsheets validate     check every row; say which cell is wrong and why
    kmsheets format       colours, drop-downs and protected columns for the sheet's editors
    kmsheets letters      write the official letters the schedule needs, and register them
    kmsheets sync         write overdue-endorsement flags back into the sheet (run it from cron)
    kmsheets report       what the registry teaches per agency and month: report.xlsx and charts

    \b
    Output: a summary table (coloured on a terminal), --json on every command for one JSON document,
    -q/--quiet for cron (only the errors, if any).

    \b
    Exit codes: 0 done (warnings allowed); 1 the sheet has errors (those rows were skipped, the rest
    was done); 2 usage or configuration error; 3 Google or file access failed after retries;
    4 another kmsheets run holds the workbook (nothing was written).
    """
    ctx.obj = Options(config_path, quiet)
    if ctx.invoked_subcommand is None:
        raise missing_command(cli, ctx)
    _log_to_stderr(ctx, logging.WARNING if quiet else logging.INFO)


def _log_to_stderr(ctx: click.Context, level: int) -> None:
    """kmsheets' log lines (and other libraries' warnings) on stderr while the command runs."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_SaidFormatter(lambda: _language(ctx)))
    handler.setLevel(level)
    logging.getLogger("kmsheets").setLevel(level)
    root = logging.getLogger()
    root.addHandler(handler)
    ctx.call_on_close(lambda: root.removeHandler(handler))


def _config(ctx: click.Context) -> Config:
    config = load_config(ctx.obj.config_path)
    ctx.meta[LANGUAGE] = config.language  # errors from here on are said in it
    return config


def _emit(ctx: click.Context, as_json: bool, document: Callable[[], dict[str, Any]],
          report: Callable[[], RenderableType], errors: Callable[[], RenderableType | None]) -> None:
    """One JSON document, or the report; with --quiet only `errors` (the rows with errors), if any.

    Each is made only when shown: at 50,000 rows the ones not shown cost seconds and hundreds of MB.
    """
    if as_json:
        click.echo(json.dumps(document(), ensure_ascii=False, indent=2, default=str))
    elif not ctx.obj.quiet:
        _console().print(report())
    elif (shown := errors()) is not None:
        _console().print(shown)


def _console(*, stderr: bool = False) -> Console:
    # Colour only on a terminal (rich's own test, which also honours NO_COLOR); wide enough for Thai text.
    return Console(stderr=stderr, highlight=False, width=None if _is_terminal(stderr) else 160)


def _is_terminal(stderr: bool) -> bool:
    return (sys.stderr if stderr else sys.stdout).isatty()


@cli.command()
@TODAY
@JSON
@click.pass_context
def validate(ctx: click.Context, today: str | None, as_json: bool) -> None:
    """Check every row of every tab: required cells, dates, roles and statuses, unique ids, references
    between tabs, double bookings, merged cells. Each problem names its tab, A1 cell, value, and what would
    be right. A date more than two years from today is an error (a slip, such as a bare number or a year
    the sheet read as 19xx); an endorsement dated after today is a warning.

    Exits 1 when there are errors, 0 when there are none (warnings allowed).
    """
    from .backends import open_backend
    from .report import errors_report, validation_report
    from .validate import validate as check

    config = _config(ctx)
    validation = check(open_backend(config).read(), config.language, today=_today(ctx, today))
    errors, warnings = validation.errors, validation.warnings
    _emit(ctx, as_json, lambda: {"errors": len(errors), "warnings": len(warnings),
                                 "problems": [p.as_dict() for p in validation.problems]},
          lambda: validation_report(validation.problems, config.language),
          lambda: errors_report(errors, config.language))
    ctx.exit(1 if errors else 0)


@cli.command()
@TODAY
@DRY_RUN
@JSON
@click.pass_context
def sync(ctx: click.Context, today: str | None, dry_run: bool, as_json: bool) -> None:
    """Compute every letter's and activity's endorsement flag and write the changed flag and note cells
    back into the sheet, in one batched write. Safe for cron: one run at a time, rows found again by id.

    \b
    The sheet shows each flag as a label in the config's language (Thai: เลยกำหนดเกษียน, ...); labels in
    either language and the bare codes are read back. --json keeps the codes: MISSED, CHANGED, OVERDUE,
    NO_LETTER, DUE_SOON, UNSENT, WAITING, ENDORSED, CANCELLED, SUPERSEDED.
    Also records, for registry rows seen for the first time, what their letter said.
    Example crontab line (every hour, 07:00-19:00):
      0 7-19 * * *  kmsheets --quiet --config /etc/kmsheets/config.toml sync
    """
    from .report import errors_report, sync_report
    from .sync import sync as run_sync

    config = _config(ctx)
    result = run_sync(config, today=_today(ctx, today), dry_run=dry_run)
    titles = {name: config.workbook.title(name) for name in TABS}
    _emit(ctx, as_json, result.as_dict, lambda: sync_report(result, config.language, titles),
          lambda: errors_report(result.problems, config.language))
    ctx.exit(result.exit_code)


@cli.command()
@click.option("--kind", "kinds", type=Choice(["request", "reminder", "change", "cancel"]), multiple=True,
              help="Only this kind of letter (repeatable). Default: every kind.")
@click.option("--activity", "activities", metavar="ID", multiple=True,
              help="Only letters for this activity (repeatable).")
@TODAY
@click.option("--pdf", is_flag=True, help="Also make a .pdf beside each .docx (needs LibreOffice).")
@click.option("--open", "open_folder", is_flag=True,
              help="Open the letters folder afterwards (the local folder, or the Drive folder in a browser).")
@DRY_RUN
@JSON
@click.pass_context
def letters(ctx: click.Context, kinds: tuple[str, ...], activities: tuple[str, ...], today: str | None,
            pdf: bool, open_folder: bool, dry_run: bool, as_json: bool) -> None:
    """Write the official letters the schedule needs, number them in the send registry, and link them there.

    \b
    request   one per activity and per other agency among its staff, to that agency's head by position,
              naming and copying the people requested (ขอความอนุเคราะห์)
    reminder  for the letter that asks for consent, sent, whose endorsement is due soon or late (ติดตาม)
    change    when a letter that went out no longer matches the schedule: day, time, place or people
              (แจ้งเปลี่ยนแปลง); a letter not sent yet is made again in place instead, same number
    cancel    when the activity was cancelled or removed, or the agency's people withdrawn, after a
              letter went out (แจ้งยกเลิก)

    Numbers are reserved in the registry before any letter is made, and run per Buddhist-Era year; a key
    in the registry is never made twice, and a run that stopped is finished by the next one under the same
    numbers. Letters go to [letters] folder as .docx, or to Google Docs.
    """
    from .backends import open_backend
    from .letters import issue_letters
    from .plan import KINDS
    from .publishers import letters_location, open_publisher
    from .report import errors_report, letters_report

    config = _config(ctx)
    day = _today(ctx, today)
    backend = open_backend(config)
    publisher = None if dry_run else open_publisher(config, backend, pdf=pdf)
    with _letters_progress(config.language, shown=not (as_json or ctx.obj.quiet)) as progress:
        result = issue_letters(config, today=day, kinds=kinds or KINDS,
                               activity_ids=activities or None, dry_run=dry_run, backend=backend,
                               publisher=publisher, progress=progress)
    _emit(ctx, as_json, result.as_dict, lambda: letters_report(result, config.language),
          lambda: errors_report(result.problems, config.language))
    if open_folder:
        place = letters_location(config)
        if not as_json:
            click.echo(say(config.language, "opening", place=place), err=True)
        if click.launch(place) != 0:  # no program to open it with (a server without a desktop)
            click.echo(say(config.language, "open_failed", place=place), err=True)
    ctx.exit(result.exit_code)


@cli.command()
@click.option("--since", metavar="DATE", default=None, help="Only activities on or after this date.")
@click.option("--until", metavar="DATE", default=None, help="Only activities on or before this date.")
@TODAY
@click.option("--out", type=Folder(), default=None,
              help="The folder for report.xlsx and the charts. Default: a folder 'report' beside the letters.")
@JSON
@click.pass_context
def report(ctx: click.Context, since: str | None, until: str | None, today: str | None, out: Path | None,
           as_json: bool) -> None:
    """What the send registry teaches: per agency, its requests, how many were sent, endorsed, on time
    (endorsed by the due date, lead_days before the activity) and missed (the day passed without an
    endorsement), the median and 90th-percentile days from sending to endorsement, and the lead days it
    needs; per month of the activity date, the requests, on-time rate, misses, changes and cancellations.

    \b
    Writes report.xlsx (a sheet per table) and two PNG charts for a meeting:
      endorsement_days.png   days to endorsement per agency (median, and the range to the 90th percentile)
      on_time_by_month.png   the share of requests endorsed on time, month by month
    Reads the workbook only. Exits 1 when the sheet has errors (those rows are left out of the figures).
    """
    from .report import errors_report, lessons_report
    from .report_files import make_report

    config = _config(ctx)
    result = make_report(config, today=_today(ctx, today), since=_date(ctx, since, "--since"),
                         until=_date(ctx, until, "--until"), out=out)
    _emit(ctx, as_json, result.as_dict, lambda: lessons_report(result, config.language),
          lambda: errors_report(result.problems, config.language))
    ctx.exit(result.exit_code)


@contextlib.contextmanager
def _letters_progress(language: str, *, shown: bool) -> Iterator[Callable[[Published, int], None] | None]:
    """A progress bar on a terminal; elsewhere (cron, a pipe) a log line per letter."""
    if not shown:
        yield None
        return
    if not _is_terminal(stderr=True):
        yield lambda published, total: logging.getLogger("kmsheets.letters").info(
            message("log_made", number=published.number, link=published.link))
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=_console(stderr=True), transient=True) as bar:
        task = bar.add_task(say(language, "progress_letters"), total=None)

        def advance(published: Published, total: int) -> None:
            bar.update(task, total=total, advance=1)
        yield advance


@cli.command("format")
@DRY_RUN
@JSON
@click.pass_context
def format_command(ctx: click.Context, dry_run: bool, as_json: bool) -> None:
    """Prepare the workbook for the people who edit it, without changing any cell's value: header rows
    frozen and bold, columns wide enough for Thai; the flag columns coloured by flag (in either language);
    drop-downs for status, role and agency ids; date columns checked as dates (a warning only, Thai text
    dates stay allowed); kmsheets' own columns protected with a warning (Google) or marked with a header
    comment and fill (.xlsx). Run it again at any time: it replaces its own rules and keeps the team's.
    On Google it costs one read and one write.
    """
    from .format import format_workbook
    from .report import format_report

    config = _config(ctx)
    result = format_workbook(config, dry_run=dry_run)
    _emit(ctx, as_json, result.as_dict, lambda: format_report(result, config.language), lambda: None)


@cli.command()
@JSON
@click.pass_context
def doctor(ctx: click.Context, as_json: bool) -> None:
    """Check the whole set-up, one line each with ✓, ! (a warning) or ✗, and for each ✗ and ! the fix: the
    config file and its [sender] keys; the Google credentials (present, of the configured kind, not readable by
    group or others); the workbook opens; every tab and header is found (near-misses such as 'วันที' for 'วันที่'
    are named); the sender's own agency row; the letters folder (a Drive folder: reachable and writable); the
    letter templates render a sample letter; the Garuda emblem ([letters] emblem; not set: a warning); the clock
    and time zone (shown, not judged). Reads only; writes nothing.

    Exits 0 when every check passes (warnings too), 2 (configuration) when any fails.
    """
    from rich.text import Text

    from .doctor import diagnose, report_lines

    def shown(lines: list[str]) -> Text:  # plain text, never rich markup: details quote [sender] and the like
        text = Text("\n".join(lines), no_wrap=True, overflow="ignore")
        text.highlight_regex(r"(?m)^✓", "green")
        text.highlight_regex(r"(?m)^✗", "bold red")
        text.highlight_regex(r"(?m)^!", "yellow")
        return text

    checks = diagnose(ctx.obj.config_path, now=dt.datetime.now(BANGKOK))
    failures = [c for c in checks if not c.ok]
    _emit(ctx, as_json, lambda: {"ok": checks.ok, "checks": [c.as_dict() for c in checks]},
          lambda: shown(report_lines(checks, checks.language)),
          lambda: shown(report_lines(failures, checks.language)[:-1]) if failures else None)
    ctx.exit(0 if checks.ok else 2)


@cli.command()
@click.argument("folder", type=Folder(), default=".")
@click.option("--google", "google", metavar="URL|KEY", default="",
              help="Use this Google Sheet instead of a copy of the demo workbook.")
@click.option("--force", is_flag=True, help="Overwrite an existing config.toml (and demo.xlsx).")
@click.option("--language", type=Choice(["th", "en"]), default=None,
              help="The language of what init says. Default: $KMSHEETS_LANGUAGE, else th (the config's own "
                   "`language` is th; change it there).")
@JSON
@click.pass_context
def init(ctx: click.Context, folder: Path, google: str, force: bool, language: str | None, as_json: bool) -> None:
    """Start here: write FOLDER/config.toml (default: the current folder) and a copy of the demo
    workbook beside it, or, with --google, a config for your own Google Sheet. Nothing is overwritten
    without --force. Then edit [sender] in config.toml and run the commands it prints.
    """
    from .init import init_folder

    language = language or _language(ctx)
    ctx.meta[LANGUAGE] = language  # what init says, its errors too
    made = init_folder(folder, google=google, force=force)
    config = made.config
    steps = [("validate", "init_step_validate"), ("letters --dry-run", "init_step_letters"),
             ("sync", "init_step_sync")]
    if google:
        steps[:0] = [("doctor", "init_step_doctor"), ("format", "init_step_format")]
    commands = [f"kmsheets --config {shlex.quote(str(config))} {command}" for command, _ in steps]
    if as_json:
        click.echo(json.dumps({"config": str(config), "workbook": str(made.workbook or ""), "google": google,
                               "next": commands}, ensure_ascii=False, indent=2))
        return
    if ctx.obj.quiet:
        return
    click.echo(say(language, "init_done_google", config=config, sheet=google) if google
               else say(language, "init_done", config=config, workbook=made.workbook))
    for number, (command, (_, what)) in enumerate(zip(commands, steps), start=1):
        click.echo(f"  {number}. {command}\n     {say(language, what)}")


def main() -> None:
    for stream in (sys.stdout, sys.stderr):
        _speak_utf8(stream)
    cli(prog_name="kmsheets")


def _speak_utf8(stream: Any) -> None:
    """What kmsheets writes to a file or a pipe is UTF-8 on every computer (Windows would write cp874 or
    cp1252, and a cron log would change with the locale); a terminal keeps its own encoding, and a character
    it cannot show comes out as '?' rather than stopping the run."""
    if not hasattr(stream, "reconfigure"):
        return
    if stream.isatty():
        stream.reconfigure(errors="replace")
    else:
        stream.reconfigure(encoding="utf-8", errors="replace")
