"""The one exception family kmsheets raises; the CLI catches it once and exits with its code."""

from __future__ import annotations

from typing import Any

from .messages import say


class KmsheetsError(Exception):
    """Something the user can act on; ``str(error)`` says what and how, in English.

    Raised with a message key of the catalogue (`messages.CATALOGUE`) and its parameters, an error can also
    be said in Thai: `in_language("th")`. The CLI says it in the config's language.
    """

    exit_code = 2

    def __init__(self, message: str = "", *, key: str = "", **params: Any) -> None:
        self.key, self.params = key, params
        super().__init__(self._said("en") if key else message)

    def in_language(self, language: str) -> str:
        return self._said(language) if self.key else str(self)

    def as_message(self) -> object:
        """The error as a sentence still to be said (messages.Message), to be quoted in another error's."""
        from .messages import Message  # see _said

        return Message(self.key, self.params) if self.key else str(self)

    def _said(self, language: str) -> str:
        return say(language, self.key, **self.params)


class ConfigError(KmsheetsError):
    """The configuration or the command line is wrong (exit 2)."""

    exit_code = 2


class SheetError(KmsheetsError):
    """The workbook's shape is wrong: a tab or a required column is missing (exit 1)."""

    exit_code = 1


class AccessError(KmsheetsError):
    """Google or the file system failed, after retries (exit 3)."""

    exit_code = 3


class LockedError(KmsheetsError):
    """Another kmsheets run holds the workbook's lock (exit 4)."""

    exit_code = 4
