"""The one exception family kmsheets raises; the CLI catches it once and exits with its code."""


from __future__ import annotations

from typing import Any


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
        from .messages import say  # messages needs thaidate, which raises DateError: import at use

        return say(language, self.key, **self.params)


class ConfigError(KmsheetsError):
    """The configuration or the command line is wrong (exit 2)."""

    exit_code = 2


class SheetError(KmsheetsError):
    """The workbook's shape is wrong: a tab or a required column is missing (exit 1)."""

    exit_code = 1


class DateError(KmsheetsError, ValueError):
    """A value that cannot be read as a date or time for certain.

    `reason` says why; the message adds `forms`, the forms that would be read, when given, so that a caller
    saying it in another language (validation) can take the reason alone.
    """

    exit_code = 1

    def __init__(self, reason: str, *, forms: str = "") -> None:
        super().__init__(f"{reason}; {forms}" if forms else reason)
        self.reason = reason


class AccessError(KmsheetsError):
    """Google or the file system failed, after retries (exit 3)."""

    exit_code = 3


class LockedError(KmsheetsError):
    """Another kmsheets run holds the workbook's lock (exit 4)."""

    exit_code = 4
