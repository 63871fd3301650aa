"""The one exception family kmsheets raises; the CLI catches it once and exits with its code."""


class KmsheetsError(Exception):
    """Something the user can act on; ``str(error)`` says what and how."""

    exit_code = 2


class ConfigError(KmsheetsError):
    """The configuration or the command line is wrong (exit 2)."""

    exit_code = 2


class SheetError(KmsheetsError):
    """The workbook's shape is wrong: a tab or a required column is missing (exit 1)."""

    exit_code = 1


class DateError(KmsheetsError, ValueError):
    """A value that cannot be read as a date or time for certain."""

    exit_code = 1


class AccessError(KmsheetsError):
    """Google or the file system failed, after retries (exit 3)."""

    exit_code = 3


class LockedError(KmsheetsError):
    """Another kmsheets run holds the workbook's lock (exit 4)."""

    exit_code = 4
