"""A local emulator of the Google Sheets v4 and Drive v3 endpoints kmsheets calls, checked against Google's
discovery documents, for tests that run the real gspread client without touching the internet."""

from .server import GoogleFake, LoggedRequest

__all__ = ["GoogleFake", "LoggedRequest"]
