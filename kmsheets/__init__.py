"""kmsheets: the shared sheet of a Thai provincial KM programme, its official letters and their endorsements.

Every command is a function here (README: "From Python"): load_config, open_backend, validate, sync,
issue_letters, diagnose (doctor), format_workbook, make_report, init_folder; KmsheetsError is the one exception they raise.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

# sync and validate are imported now: their modules bear their names, and importing the module later (as
# other modules do) would put the module where the function should be. The rest load on first use, so the
# command line starts without what another command needs.
from .sync import sync  # noqa: E402
from .validate import validate  # noqa: E402

_ON_USE = {"load_config": "config", "open_backend": "backends", "issue_letters": "letters", "diagnose": "doctor",
           "format_workbook": "format", "make_report": "report_files", "init_folder": "init", "KmsheetsError": "errors"}

__all__ = ["__version__", "sync", "validate", *_ON_USE]


def __getattr__(name: str) -> Any:
    if name not in _ON_USE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    found = getattr(import_module(f".{_ON_USE[name]}", __name__), name)
    globals()[name] = found
    return found
