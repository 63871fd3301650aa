"""The one exception family kmsheets raises; the CLI catches it once and exits with its code."""

from __future__ import annotations

import errno
from typing import Any

from .messages import Message, message, say


class KmsheetsError(Exception):
    """Something the user can act on, raised with a message key of the catalogue (`messages.CATALOGUE`) and
    its parameters; ``str(error)`` says what and how in English, `in_language("th")` in Thai. The CLI says it
    in the config's language, and --json gives its key as the error's code.
    """

    exit_code = 2

    def __init__(self, *, key: str, **params: Any) -> None:
        self.key, self.params = key, params
        super().__init__(self.in_language("en"))

    def in_language(self, language: str) -> str:
        return say(language, self.key, **self.params)

    def as_message(self) -> Message:
        """The error as a sentence still to be said, to be quoted in another error's."""
        return Message(self.key, self.params)


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


# Why the system refused a file operation, by errno: the system's own text (strerror) is English everywhere
_OS_REASONS = {getattr(errno, name): key for name, key in (
    ("EACCES", "os_no_permission"), ("EPERM", "os_no_permission"), ("ENOENT", "os_not_found"),
    ("EISDIR", "os_is_folder"), ("ENOTDIR", "os_not_a_folder"), ("ENOSPC", "os_disk_full"), ("EDQUOT", "os_quota"),
    ("EROFS", "os_read_only_file_system"), ("EBUSY", "os_busy"), ("ETXTBSY", "os_busy"),
    ("ENAMETOOLONG", "os_name_too_long"), ("EIO", "os_disk_failed"), ("EEXIST", "os_exists"))
    if hasattr(errno, name)}  # not every system knows every name


def os_reason(error: OSError) -> Message:
    """Why `error` happened, as a sentence of the catalogue; an errno it does not know by its code (EMFILE)."""
    if error.errno in _OS_REASONS:
        return message(_OS_REASONS[error.errno])
    code = errno.errorcode.get(error.errno or 0) or getattr(error, "winerror", None) or type(error).__name__
    return message("os_other", code=str(code))
