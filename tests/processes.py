"""kmsheets in a child process, and files another user owns, which that process may not write."""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
from pathlib import Path

KMSHEETS = [sys.executable, "-m", "kmsheets"]
NOBODY = 65534
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
PR_CAPBSET_DROP = 24  # linux/prctl.h


def run_kmsheets(*args: str, env: dict[str, str] | None = None, bound_by_modes: bool = False,
                 timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`kmsheets ARGS` in a fresh process; `bound_by_modes`: one that file modes bind even when the tests
    run as root (it then keeps uid 0, so owns root's files, but loses the capabilities that let root write
    another user's files)."""
    return subprocess.run([*KMSHEETS, *args], capture_output=True, text=True, encoding="utf-8",
                          env={**os.environ, "PYTHONUTF8": "1", **(env or {})}, timeout=timeout,
                          preexec_fn=_without_root_powers if bound_by_modes and ROOT else None)


def _without_root_powers() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in range(64):  # the ones past the kernel's last are refused: nothing to drop
        libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0)


class OtherUser:
    """Files and folders of another user, readable by this one and not writable (`deny`); kmsheets is
    then run (`run`) as a process file modes bind. `restore` gives everything back for removal."""

    def __init__(self) -> None:
        self.denied: list[Path] = []

    def deny(self, path: Path) -> Path:
        if ROOT:
            os.chown(path, NOBODY, NOBODY)
        path.chmod((0o755 if ROOT else 0o555) if path.is_dir() else (0o644 if ROOT else 0o444))
        self.denied.append(path)
        return path

    def run(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return run_kmsheets(*args, env=env, bound_by_modes=True)

    def restore(self) -> None:
        for path in self.denied:
            if path.exists():
                if ROOT:
                    os.chown(path, os.getuid(), os.getgid())
                path.chmod(0o755 if path.is_dir() else 0o644)
