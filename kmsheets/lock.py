"""One writer at a time: an exclusive lock per workbook, so overlapping runs never both write.

The lock is a file held through `filelock` (flock on Unix, LockFileEx on Windows), placed where every run
that may write the workbook finds it, whatever its temporary folder: beside a local workbook and named
from it (`.~kmsheets.demo.xlsx.lock`), or, for a Google Sheet, in this user's state folder, named from
the sheet's key (two computers are kept apart by the registry itself). The file is made as the umask says,
so every user the umask lets write files there can take it. The file alone proves nothing, only a held
lock on it: one left behind by a killed run, or by another user's run, never blocks the next.

A holder writes its process id into the file, for the message of a run it refuses.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from pathlib import Path
from typing import Iterator, Mapping, Protocol

from filelock import FileLock, Timeout, lock_descriptor

from .errors import AccessError, LockedError, os_reason
from .messages import message

PREFIX = ".~kmsheets."


class Lockable(Protocol):
    """A workbook as the lock sees it (every backend is one)."""

    def describe(self) -> str: ...

    def lock_file(self) -> Path:
        """The file to lock, where every run that may write this workbook finds it."""

    def check_writable(self) -> None:
        """Raise unless the workbook may be written now (called holding the lock, and before a write)."""


def lock_beside(workbook: Path) -> Path:
    """The lock file of a local workbook: hidden beside it, named from the file it resolves to."""
    real = Path(workbook).resolve()
    return real.with_name(f"{PREFIX}{real.name}.lock")


def lock_for_sheet(key: str, environ: Mapping[str, str] = os.environ) -> Path:
    """The lock file of a Google Sheet, in this user's state folder (made when missing)."""
    folder = state_folder(environ)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise AccessError(key="lock_unwritable", path=folder, error=os_reason(error),
                          folder=folder) from None
    return folder / f"{PREFIX}sheet-{re.sub(r'[^A-Za-z0-9_-]', '_', key)[:120]}.lock"


def state_folder(environ: Mapping[str, str] = os.environ) -> Path:
    """Where kmsheets keeps what a user's runs share: $XDG_STATE_HOME/kmsheets (default ~/.local/state),
    %LOCALAPPDATA%\\kmsheets on Windows, ~/Library/Application Support/kmsheets on macOS."""
    if os.name == "nt":
        base = environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
    elif environ.get("XDG_STATE_HOME"):
        base = environ["XDG_STATE_HOME"]
    elif sys.platform == "darwin":
        base = str(Path.home() / "Library" / "Application Support")
    else:
        base = str(Path.home() / ".local" / "state")
    return Path(base) / "kmsheets"


@contextlib.contextmanager
def workbook_lock(workbook: Lockable) -> Iterator[None]:
    """Hold the workbook's lock, or raise LockedError at once: a second run does not wait for the first.

    Holding it, the workbook must also be writable now (`check_writable`): not open in Excel, not read-only.
    """
    path = workbook.lock_file()
    lock = _acquire(path, workbook.describe())
    try:
        workbook.check_writable()
        yield
    finally:
        lock.release()


def office_lock(workbook: Path) -> tuple[str, Path] | None:
    """('Excel' or 'LibreOffice', its lock file) while that lock file is beside the workbook: it is open
    there, or that program crashed with it open. None when there is none."""
    workbook = Path(workbook)
    for program, name in (("Excel", f"~${workbook.name}"), ("LibreOffice", f".~lock.{workbook.name}#")):
        if (workbook.parent / name).exists():
            return program, workbook.parent / name
    return None


def _acquire(path: Path, source: str) -> FileLock:
    try:
        return _take(path, source)
    except PermissionError:
        if path.exists():
            raise AccessError(key="lock_foreign", path=path) from None
        raise AccessError(key="lock_unwritable", path=path, error=message("os_no_permission"),
                          folder=path.parent) from None
    except OSError as error:
        raise AccessError(key="lock_unwritable", path=path, error=os_reason(error),
                          folder=path.parent) from None


def _take(path: Path, source: str, *, again: bool = True) -> FileLock:
    lock = _new_lock(path)
    try:
        lock.acquire()
    except Timeout:
        raise _refusal(path, source) from None
    except PermissionError:
        # Not ours to open for writing: another user's lock file. Held, it refuses us; left behind, it is
        # removed and made again as ours.
        if again and _removed_if_stale(path, source):
            return _take(path, source, again=False)
        raise
    return lock


def _new_lock(path: Path) -> FileLock:
    try:
        return FileLock(path, timeout=0, on_acquired=_write_holder)
    except ValueError:  # where flock is missing, filelock's soft lock writes the pid itself (its first line)
        return FileLock(path, timeout=0)


def _write_holder(fd: int) -> None:
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, str(os.getpid()).encode("ascii"))


def _holder(path: Path) -> str:
    """The pid the holder wrote, or '' where it cannot be read (Windows keeps a held lock's first byte)."""
    try:
        with open(path, "rb") as handle:
            found = handle.read(64).decode("ascii", "replace").split("\n")[0].strip()
    except OSError:
        return ""
    return found if found.isdigit() else ""


def _refusal(path: Path, source: str) -> LockedError:
    holder = _holder(path)
    if holder:
        return LockedError(key="locked", holder=holder, source=source)
    return LockedError(key="locked_unknown", source=source)


def _removed_if_stale(path: Path, source: str) -> bool:
    """Remove another user's lock file that no run holds; raise LockedError if one does. False when it
    cannot be looked into at all (it cannot even be read)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        if not lock_descriptor(fd, blocking=False):
            raise _refusal(path, source)
        # Removed while locked: a run opening the old file meanwhile finds it unlinked and tries again.
        path.unlink()
        return True
    except OSError:
        return False
    finally:
        os.close(fd)
