"""The retry policy's clock in tests: it records every wait asked of it and sleeps none."""

from __future__ import annotations


class Clock:
    def __init__(self) -> None:
        self.waits: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
