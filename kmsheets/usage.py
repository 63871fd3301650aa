"""click's usage errors as sentences of the catalogue, so that a mistyped command is said in the config's language.

click words its usage errors in English only (its gettext has no Thai), and some of its errors carry nothing
but their English text. So kmsheets' commands raise their own (`Usage`, with a message key) where click's
would carry too little: an unknown command, a missing one, extra arguments, a value not among the choices, a
file where a folder belongs; and `usage_message` says the rest from what the error names (the option).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any, Iterator

import click

from .messages import Message, message


class Usage(click.UsageError):
    """A usage error that knows its sentence (a catalogue key and parameters)."""

    def __init__(self, said: Message, ctx: click.Context | None = None) -> None:
        super().__init__(said.say("en"), ctx)
        self.said = said


@contextlib.contextmanager
def in_context(ctx: click.Context) -> Iterator[None]:
    """click's parser raises some usage errors without the context they arose in; give them this one, so that
    their option can be looked up (`usage_message`)."""
    try:
        yield
    except click.UsageError as error:
        if error.ctx is None:
            error.ctx, error.cmd = ctx, ctx.command
        raise


class Command(click.Command):
    """A command whose parsing mistakes are said through the catalogue."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.allow_extra_args = True  # click's own refusal of them is English text only: refused below instead
        with in_context(ctx):
            rest = super().parse_args(ctx, args)
        if rest:
            raise Usage(message("usage_extra_arguments", command=ctx.command_path, args=" ".join(rest)), ctx)
        return rest


class Choice(click.Choice):
    """click.Choice, refusing a value with the catalogue's sentence."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            raise Usage(message("usage_not_a_choice", option=_name(param), value=str(value),
                                choices=", ".join(f"'{choice}'" for choice in self.choices)), ctx) from None


class Folder(click.Path):
    """A folder, which may not exist yet (it is made); a file of that name is refused in the catalogue's words."""

    def __init__(self) -> None:
        super().__init__(file_okay=False, path_type=Path)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            raise Usage(message("usage_not_a_folder", option=_name(param), path=str(value)), ctx) from None


def no_such_command(group: click.Group, ctx: click.Context, name: str) -> Usage:
    return Usage(message("usage_no_command", name=name, commands=", ".join(group.list_commands(ctx))), ctx)


def missing_command(group: click.Group, ctx: click.Context) -> Usage:
    return Usage(message("usage_missing_command", commands=", ".join(group.list_commands(ctx))), ctx)


def usage_message(error: click.UsageError) -> Message:
    """What went wrong with the command line, as a sentence of the catalogue."""
    if isinstance(error, Usage):
        return error.said
    command = error.ctx.command_path if error.ctx else "kmsheets"
    if isinstance(error, click.NoSuchOption):
        near = ", ".join(sorted(error.possibilities or ()))
        return message("usage_no_option_near" if near else "usage_no_option", command=command,
                       option=error.option_name, near=near)
    if isinstance(error, click.BadOptionUsage):
        option = _option(error.ctx, error.option_name)
        flag = option is not None and option.is_flag
        return message("usage_takes_no_value" if flag else "usage_needs_value", option=error.option_name)
    if isinstance(error, click.MissingParameter):
        return message("usage_missing_value", option=_name(error.param))
    if isinstance(error, click.BadParameter):  # a parameter type of click's own: its words, quoted
        return message("usage_bad_value", option=_name(error.param), error=repr(error.message))
    return message("usage_other", error=repr(error.message))


def _option(ctx: click.Context | None, name: str) -> click.Option | None:
    params = ctx.command.params if ctx else []
    return next((p for p in params if isinstance(p, click.Option) and name in (*p.opts, *p.secondary_opts)), None)


def _name(param: click.Parameter | None) -> str:
    """How the command line names the parameter: its longest option, or an argument's metavar (FOLDER)."""
    if param is None:
        return ""
    if isinstance(param, click.Option):
        return max(param.opts, key=len)
    return (param.name or "").upper()
