"""`kmsheets init`: a working folder with a config.toml and, unless a Google sheet is given, the demo workbook."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from .config import WorkbookConfig
from .errors import ConfigError

DEMO = Path(__file__).resolve().parent / "demo"
EXAMPLE_SOURCE = re.compile(r'^source = "kmsheets/demo/demo\.xlsx"$', re.MULTILINE)


@dataclass(frozen=True)
class Initialized:
    config: Path
    workbook: Path | None  # the demo workbook copied, or None for a Google sheet
    google: str = ""


def init_folder(folder: Path, *, google: str = "", force: bool = False) -> Initialized:
    """Write `folder`/config.toml from config.example.toml, pointing at a copy of the demo workbook
    beside it, or at the Google sheet `google` (a URL or key). Refuses to overwrite without `force`."""
    if google and not WorkbookConfig(source=google).is_google:
        raise ConfigError(key="init_not_a_sheet", value=repr(google),
                          example="https://docs.google.com/spreadsheets/d/<KEY>/edit")
    config = folder / "config.toml"
    workbook = None if google else folder / "demo.xlsx"
    for path in (config, workbook):
        if path is not None and path.exists() and not force:
            raise ConfigError(key="init_exists", path=path)
    folder.mkdir(parents=True, exist_ok=True)
    example = (DEMO / "config.example.toml").read_text(encoding="utf-8")
    source = google or "demo.xlsx"
    text, found = EXAMPLE_SOURCE.subn(f'source = "{source}"', example)
    assert found == 1, "config.example.toml must name the demo workbook in one [workbook] source line"
    config.write_text(text, encoding="utf-8")
    config.chmod(0o600)  # kmsheets warns about a config others can read
    if workbook is not None:
        shutil.copyfile(DEMO / "demo.xlsx", workbook)
    return Initialized(config, workbook, google)
