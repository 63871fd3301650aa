"""pytest fixtures: a fresh emulator per test, on 127.0.0.1 with a free port."""

from __future__ import annotations

from typing import Iterator

import pytest

from .server import GoogleFake


@pytest.fixture
def google_fake() -> Iterator[GoogleFake]:
    fake = GoogleFake().start()
    try:
        yield fake
    finally:
        fake.stop()
