"""One writer at a time: an exclusive lock per workbook, so overlapping cron runs never both write."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import tempfile
from pathlib import Path
from typing import Iterator

from .errors import LockedError


def lock_path(source: str, directory: Path | None = None) -> Path:
    """The lock file for a workbook source, in the temporary folder shared by every run on this machine."""
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]
    return Path(directory or tempfile.gettempdir()) / f"kmsheets-{digest}.lock"


@contextlib.contextmanager
def workbook_lock(source: str, directory: Path | None = None) -> Iterator[None]:
    """Hold the workbook's lock, or raise LockedError at once: a second run does not wait for the first."""
    path = lock_path(source, directory)
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(handle, 64, 0).decode(errors="replace").strip() or "another process"
            raise LockedError(key="locked", holder=holder, source=source) from None
        os.ftruncate(handle, 0)
        os.pwrite(handle, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(handle)
