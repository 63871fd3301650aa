"""Writing a file whole or not at all, as the person who owns it would have it.

The workbook and every letter are written the same way: into a temporary file beside the target, then
renamed over it, so a crash or a full disk leaves the old file whole. A replaced file keeps its mode,
owner and group; a new one gets the mode the umask gives, like any file a program makes. Failures come
back as one AccessError (exit 3), or a LockedError (exit 4) where Windows says another program has the
file open.

Temporary files are named from their target (`.kmsheets-demo.xlsx.1a2b3c4d`), so a run holding the
workbook's lock knows which are leftovers of a killed run, and removes them.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from .errors import AccessError, LockedError, os_reason

TEMPORARY = ".kmsheets-"
# Windows' answers when a file another program holds open is replaced: access denied, sharing and lock
# violations (Excel keeps an open workbook so).
_IN_USE = frozenset({5, 32, 33})


def write_atomically(path: Path, data: bytes) -> None:
    """Put `data` at `path` in one rename; the caller holds the lock of the workbook `path` belongs to."""
    path = Path(path)
    remove_leftovers(path.parent, path.name)
    temporary = path.with_name(f"{TEMPORARY}{path.name}.{secrets.token_hex(4)}")
    try:
        before = _stat(path)
        # 0o666 less the umask, as the system makes files; mkstemp's 0o600 would hide letters from colleagues
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            if before is not None:
                _keep_ownership(temporary, before)
            os.replace(temporary, path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    except OSError as error:
        raise failure(path, error) from None


def failure(path: Path, error: OSError) -> AccessError | LockedError:
    """The error to raise for a file that could not be written."""
    if getattr(error, "winerror", None) in _IN_USE:
        return LockedError(key="file_in_use", path=path)
    return AccessError(key="cannot_write", path=path, error=os_reason(error))


def check_replaceable(path: Path) -> None:
    """Raise AccessError when `path` cannot be replaced: read-only by its mode (which binds root too, here),
    on a read-only file system, or in a folder this user cannot write."""
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        raise failure(path, error) from None
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise AccessError(key="file_read_only", path=path, mode=f"{stat.S_IMODE(mode):04o}")
    if _on_read_only_file_system(path):
        raise AccessError(key="read_only_file_system", path=path)
    if not os.access(path, os.W_OK):
        raise AccessError(key="file_not_writable", path=path)
    check_folder_writable(path.parent)


def check_folder_writable(folder: Path) -> None:
    """Raise AccessError when files cannot be made in `folder`: not a folder, read-only or not this user's."""
    if not folder.is_dir():
        raise AccessError(key="not_a_folder", path=folder)
    if _on_read_only_file_system(folder):
        raise AccessError(key="read_only_file_system", path=folder)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise AccessError(key="folder_not_writable", path=folder)


def remove_leftovers(folder: Path, name: str = "") -> None:
    """Remove the temporary files earlier writes of `name` (of any file, without a name) left in `folder`.

    Only a run holding the workbook's lock writes, so one holding it knows none of these is being written.
    """
    try:
        found = list(Path(folder).glob(f"{TEMPORARY}{name}*"))
    except OSError:
        return
    for leftover in found:
        if name and not leftover.name.startswith(f"{TEMPORARY}{name}."):
            continue  # another file whose name starts the same
        try:
            if leftover.is_file():
                leftover.unlink()
        except OSError:
            pass  # not ours to remove: it stays, and harms nothing


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None


def _keep_ownership(temporary: Path, before: os.stat_result) -> None:
    """The new file takes the old one's owner and group where this user may give them (root may: so a
    root run never takes a person's workbook over), then its mode."""
    if hasattr(os, "chown"):
        for owner, group in ((before.st_uid, before.st_gid), (-1, before.st_gid)):
            try:
                os.chown(temporary, owner, group)
                break
            except OSError:
                continue
    os.chmod(temporary, stat.S_IMODE(before.st_mode))


def _on_read_only_file_system(path: Path) -> bool:
    if not hasattr(os, "statvfs"):
        return False
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        return False
