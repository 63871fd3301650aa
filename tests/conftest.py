"""Shared fixtures. The Google emulator's fixtures live with it, in tests/google_fake/fixtures.py."""

import pytest

from processes import OtherUser

pytest_plugins = ["google_fake.fixtures"]


@pytest.fixture(autouse=True)
def _state_folder(tmp_path_factory, monkeypatch):
    """The locks of Google Sheets go to this session's state folder, not to the user's own."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.getbasetemp() / "state"))


@pytest.fixture
def other_user():
    """Files of another user, and kmsheets run as a process their modes bind (see tests/processes.py)."""
    other = OtherUser()
    yield other
    other.restore()
