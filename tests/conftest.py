"""Shared fixtures. The Google emulator's fixtures live with it, in tests/google_fake/fixtures.py."""

pytest_plugins = ["google_fake.fixtures"]
