"""Where the workbook lives: a local .xlsx file (the default) or a Google Sheet."""

from __future__ import annotations

from ..config import Config
from .base import Backend, CellWrite, Probe, WriteReport


def open_backend(config: Config, *, google_client=None) -> Backend:
    """The backend for `[workbook] source`; `google_client` replaces the configured Google connection (tests)."""
    if config.workbook.is_google:
        from ..google_api import connect
        from .google import GoogleBackend

        return GoogleBackend(config.workbook.source, config.workbook, google_client or connect(config),
                             language=config.language)
    from .xlsx import XlsxBackend

    return XlsxBackend(config.path(config.workbook.source), config.workbook, language=config.language)


__all__ = ["Backend", "CellWrite", "Probe", "WriteReport", "open_backend"]
