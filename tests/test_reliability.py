"""Reliability (issue 6, parts 2-4): fault storms, a crash between the documents and the registry, overlapping runs.

Every Google test runs the real gspread client against the emulator, with the retry policy's clock replaced by a
recorder: the waits asked for are checked, none is slept.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from google.auth.credentials import AnonymousCredentials

from kmsheets.backends.google import GoogleBackend
from kmsheets.config import parse_config
from kmsheets.errors import AccessError, LockedError
from kmsheets.google_api import connect
from kmsheets.letters import issue_letters
from kmsheets.messages import message
from kmsheets.plan import letter_serial
from kmsheets.publishers.google import GooglePublisher
from kmsheets.retry import RetryPolicy
from kmsheets.sync import sync
from clock import Clock
from workbooks import DEMO, demo_grids, demo_registry_rows

TODAY = dt.date(2026, 12, 1)
ACTIVITIES, REGISTRY = "กำหนดการ", "ทะเบียนหนังสือส่ง"
SENDER = {"agency_id": "AG00", "prefix": "นศ ๐๐๑๗.๒", "signatory": "นายสมชาย ใจดี"}
KEY, NUMBER, DOC = 0, 1, 8  # registry columns in the demo
DEMO_REGISTRY_ROWS = demo_registry_rows()


@pytest.fixture
def fake(google_fake):
    """The emulator (tests/google_fake), by the short name these tests use."""
    return google_fake


class Google:
    """One spreadsheet and one Drive folder in the emulator, and runs of `sync` and `letters` against them."""

    def __init__(self, fake, tmp_path, *, concurrency=4):
        self.fake = fake
        self.key = fake.create_spreadsheet("KM", demo_grids())
        self.folder = fake.drive_folder("letters")
        self.config = parse_config({"workbook": {"source": self.key}, "sender": SENDER,
                                    "letters": {"output": "google", "folder": self.folder,
                                                "concurrency": concurrency},
                                    "google": {"endpoint": fake.url, "timeout": 5.0}},
                                   base=tmp_path, environ={})
        self.sleeps = Clock()

    def backend(self):
        # The configured retry budget ([google] retries, default 5), with the recording clock.
        policy = RetryPolicy(attempts=self.config.google.retries, sleep=self.sleeps.sleep,
                             random=random.Random(7).random)
        return GoogleBackend(self.key, self.config.workbook,
                             connect(self.config, credentials=AnonymousCredentials(), policy=policy))

    def sync(self, **kwargs):
        return sync(self.config, today=TODAY, backend=self.backend(), **kwargs)

    def letters(self, **kwargs):
        backend = self.backend()
        publisher = GooglePublisher(self.folder, backend.client, concurrency=self.config.letters.concurrency)
        return issue_letters(self.config, today=TODAY, backend=backend, publisher=publisher, **kwargs)

    def tab(self, title):
        return self.fake.tab_values(self.key, title)

    def registry(self):
        return self.tab(REGISTRY)[1:]

    def documents(self):
        return [f for f in self.fake.drive_files() if self.folder in f["parents"]]


def assert_registry_sound(google, planned_before=DEMO_REGISTRY_ROWS):
    """Rows unique by key and by number, numbers running without a gap, one Drive document per new key,
    carrying the number the registry gives it, and linked from its row."""
    rows = google.registry()
    keys, numbers = [r[KEY] for r in rows], [r[NUMBER] for r in rows]
    assert len(set(keys)) == len(keys) and len(set(numbers)) == len(numbers)
    assert sorted(letter_serial(n) for n in numbers) == list(range(1, len(numbers) + 1))
    documents = google.documents()
    per_key = Counter(d["appProperties"]["key"] for d in documents)
    assert per_key and set(per_key.values()) == {1}
    new = rows[planned_before:]
    assert set(per_key) == {r[KEY] for r in new}
    by_key = {d["appProperties"]["key"]: d for d in documents}
    for row in new:
        assert by_key[row[KEY]]["appProperties"]["number"] == row[NUMBER]
        assert row[DOC] == by_key[row[KEY]]["webViewLink"]


def without_links(rows):
    return [r[:DOC] + r[DOC + 1:] for r in rows]


# --- part 2: fault storms -----------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_sync_through_a_fault_storm_writes_what_a_calm_run_writes(fake, tmp_path, seed):
    calm, stormy = Google(fake, tmp_path), Google(fake, tmp_path)
    assert calm.sync().changes
    fake.clear_log()
    fake.random_faults(0.3, seed=seed)  # 429 with Retry-After: 1, 500 and 503, on 30 % of requests
    fake.drop_after_apply("values.batchUpdate")  # and the answer to the write is lost after it landed
    result = stormy.sync()
    fake.random_faults(0.0)
    assert result.exit_code == 0 and result.changes and not result.skipped
    for title in (ACTIVITIES, REGISTRY):
        assert stormy.tab(title) == calm.tab(title)
    assert stormy.sync().changes == []
    failed = sum(r.status != 200 for r in fake.requests)
    assert failed and len(stormy.sleeps.waits) == failed + 1  # each failure and the lost answer waited out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_letters_through_a_fault_storm_register_each_letter_once(fake, tmp_path, seed):
    calm, stormy = Google(fake, tmp_path), Google(fake, tmp_path)
    expected = calm.letters()
    fake.clear_log()
    fake.random_faults(0.3, seed=seed)
    fake.drop_after_apply("files.create", times=2)  # two uploads land without their answer
    fake.drop_after_apply("values.append")  # and so does the reservation of the numbers
    result = stormy.letters()
    fake.random_faults(0.0)
    assert [(p.needed.key, p.number) for p in result.planned] == [(p.needed.key, p.number) for p in expected.planned]
    assert without_links(stormy.registry()) == without_links(calm.registry())
    assert_registry_sound(stormy)
    # Each 429 or 5xx was waited out before the next attempt, and a lost upload looked for until Drive's search
    # had caught up, all on the recording clock: nothing slept.
    assert len(stormy.sleeps.waits) >= sum(r.status != 200 for r in fake.requests) > 0
    assert stormy.letters().planned == []


def test_sync_when_google_fails_past_the_retry_budget(fake, tmp_path):
    google = Google(fake, tmp_path)
    before = {title: google.tab(title) for title in (ACTIVITIES, REGISTRY)}
    fake.fail_next(503, times=10 ** 6, kind="values.batchUpdate")
    with pytest.raises(AccessError) as raised:
        google.sync()
    assert raised.value.exit_code == 3
    assert "run `kmsheets sync` again" in str(raised.value)
    assert {title: google.tab(title) for title in (ACTIVITIES, REGISTRY)} == before
    assert fake.count("values.batchUpdate") == google.config.google.retries
    assert len(google.sleeps.waits) == google.config.google.retries - 1


def test_a_429_storm_past_the_budget_waits_as_told_without_sleeping(fake, tmp_path):
    google = Google(fake, tmp_path)
    fake.fail_next(429, times=10 ** 6, retry_after=30)
    with pytest.raises(AccessError, match="HTTP 429") as raised:
        google.sync()
    assert raised.value.exit_code == 3 and "run `kmsheets sync` again" in str(raised.value)
    waits = google.sleeps.waits
    assert len(waits) == google.config.google.retries - 1 and all(30.0 <= w <= 64.0 for w in waits)
    assert sum(waits) > 200  # minutes asked for, on the recording clock


def test_letters_when_uploads_fail_past_the_budget_then_a_rerun(fake, tmp_path):
    google = Google(fake, tmp_path, concurrency=1)  # one upload at a time, so the fault meets the right one
    plan = [p.needed.key for p in google.letters(dry_run=True).planned]
    victim = plan[2]

    def fail_the_victims_upload(request):
        if request.kind == "files.create" and request.body["metadata"]["appProperties"]["key"] == victim:
            fake.fail_next(503, kind="files.create")
    fake.on_request(fail_the_victims_upload)
    with pytest.raises(AccessError) as raised:
        google.letters()
    assert raised.value.exit_code == 3
    message = str(raised.value)
    assert victim in message and "run `kmsheets letters` again" in message and "numbers are reserved" in message
    rows = {r[KEY]: r for r in google.registry()[DEMO_REGISTRY_ROWS:]}
    assert list(rows) == plan  # every number reserved in the registry before any document
    assert rows[victim][DOC].startswith("⏳")  # the one not made is still marked reserved...
    assert all(r[DOC].startswith("https://") for k, r in rows.items() if k != victim)  # ...the others linked
    numbers = {d["appProperties"]["key"]: d["appProperties"]["number"] for d in google.documents()}
    assert victim not in numbers and all(rows[k][NUMBER] == n for k, n in numbers.items())

    fake.clear_hooks()  # Drive answers again
    fake.clear_log()
    rerun = google.letters()
    assert [p.needed.key for p in rerun.planned] == [victim] and fake.count("files.create") == 1
    assert rerun.planned[0].number == rows[victim][NUMBER]  # under the number reserved for it
    assert_registry_sound(google)


def test_letters_when_the_reservation_fails_past_the_budget_then_a_rerun(fake, tmp_path):
    google = Google(fake, tmp_path)
    fake.fail_next(503, times=10 ** 6, kind="values.append")
    with pytest.raises(AccessError) as raised:
        google.letters()
    assert raised.value.exit_code == 3
    assert "no number was reserved" in str(raised.value) and "run `kmsheets letters` again" in str(raised.value)
    assert len(google.registry()) == DEMO_REGISTRY_ROWS and google.documents() == []  # nothing made
    fake.clear_faults()
    google.letters()
    assert_registry_sound(google)


def test_a_crash_right_after_the_uploads_is_repaired_by_the_rerun(fake, tmp_path, monkeypatch):
    google = Google(fake, tmp_path)
    write = GoogleBackend.write

    def crash_at_the_links(self, cells, appends=None):
        if any(c.field == "doc" for c in cells):
            raise KeyboardInterrupt  # the power went between the uploads and the links
        return write(self, cells, appends)
    monkeypatch.setattr(GoogleBackend, "write", crash_at_the_links)
    with pytest.raises(KeyboardInterrupt):
        google.letters()
    monkeypatch.undo()
    made = {d["appProperties"]["key"]: d["appProperties"]["number"] for d in google.documents()}
    reserved = {r[KEY]: r[NUMBER] for r in google.registry()[DEMO_REGISTRY_ROWS:]}
    assert made == reserved
    fake.clear_log()
    google.letters()  # the same computer: the reservations are its own stopped run's, finished now
    assert fake.count("files.create") == 0  # each document found by its key and brought up to date
    assert {r[KEY]: r[NUMBER] for r in google.registry()[DEMO_REGISTRY_ROWS:]} == made
    assert_registry_sound(google)


# --- part 3, locally: .docx files with an .xlsx workbook ------------------------------------------------------

def local(tmp_path):
    path = shutil.copy(DEMO, tmp_path / "book.xlsx")
    config = parse_config({"workbook": {"source": str(path)}, "sender": SENDER,
                           "letters": {"folder": str(tmp_path / "letters")}}, base=tmp_path, environ={})
    return Path(path), config


def local_registry(path):
    sheet = openpyxl.load_workbook(path)[REGISTRY]
    return [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]


def assert_local_sound(path, tmp_path):
    rows = local_registry(path)
    keys, numbers = [r[KEY] for r in rows], [r[NUMBER] for r in rows]
    assert len(set(keys)) == len(keys) and len(set(numbers)) == len(numbers)
    assert sorted(letter_serial(n) for n in numbers) == list(range(1, len(numbers) + 1))
    files = sorted(p.name for p in (tmp_path / "letters").glob("*.docx"))
    new = rows[DEMO_REGISTRY_ROWS:]
    assert len(files) == len(new)  # one document per registered letter, none orphaned
    assert sorted(Path(r[DOC]).name for r in new) == files
    for row in new:  # the file name carries the registered number
        assert Path(row[DOC]).name.split("_")[0].endswith(f"-{letter_serial(row[NUMBER]):04d}")


def test_local_letters_when_the_workbook_cannot_be_written_then_a_rerun(tmp_path, monkeypatch):
    from kmsheets.backends.xlsx import XlsxBackend

    path, config = local(tmp_path)
    before = path.read_bytes()

    def fail(self, cells, appends=None):
        raise AccessError(key="cannot_write", path=self.path, error=message("os_read_only_file_system"))
    monkeypatch.setattr(XlsxBackend, "write", fail)
    with pytest.raises(AccessError) as raised:
        issue_letters(config, today=TODAY)
    monkeypatch.undo()
    assert raised.value.exit_code == 3 and "run `kmsheets letters` again" in str(raised.value)
    assert path.read_bytes() == before and not (tmp_path / "letters").exists()  # nothing made
    issue_letters(config, today=TODAY)
    assert_local_sound(path, tmp_path)


def test_local_letters_interrupted_halfway_then_a_rerun(tmp_path):
    path, config = local(tmp_path)
    plan = issue_letters(config, today=TODAY, dry_run=True).planned
    made = []

    def crash_after_three(published, *_):
        made.append(published)
        if len(made) == 3:
            raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        issue_letters(config, today=TODAY, progress=crash_after_three)
    reserved = local_registry(path)[DEMO_REGISTRY_ROWS:]
    assert [(r[KEY], r[NUMBER]) for r in reserved] == [(p.needed.key, p.number) for p in plan]
    assert all(r[DOC].startswith("⏳") for r in reserved) and len(list((tmp_path / "letters").glob("*"))) == 3
    rerun = issue_letters(config, today=TODAY)
    assert [(p.needed.key, p.number) for p in rerun.planned] == [(p.needed.key, p.number) for p in plan]
    assert_local_sound(path, tmp_path)
    assert issue_letters(config, today=TODAY).planned == []


KILLED_RUN = """
import datetime as dt, os, signal, sys
from pathlib import Path
from kmsheets.config import parse_config
from kmsheets.letters import issue_letters

book, folder, where, count = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
replace, saves = os.replace, []

def replace_then_maybe_die(source, target):
    # the workbook's atomic replace: die just before the n-th, or just after it
    if str(target).endswith(".xlsx"):
        saves.append(target)
        if where == "before save" and len(saves) == count:
            os.kill(os.getpid(), signal.SIGKILL)
    replace(source, target)
    if str(target).endswith(".xlsx") and where == "after save" and len(saves) == count:
        os.kill(os.getpid(), signal.SIGKILL)

def progress(published, total, made=[]):
    made.append(published)
    if where == "after letters" and len(made) == count:
        os.kill(os.getpid(), signal.SIGKILL)

os.replace = replace_then_maybe_die
config = parse_config({"workbook": {"source": str(book)}, "sender": {"agency_id": "AG00", "prefix": "นศ ๐๐๑๗.๒"},
                       "letters": {"folder": str(folder)}}, base=book.parent, environ={})
issue_letters(config, today=dt.date(2026, 12, 1), progress=progress)
"""


@pytest.mark.parametrize("where, count", [("before save", 1), ("after save", 1), ("after letters", 1),
                                          ("after letters", 7), ("before save", 2), ("after save", 2)])
def test_local_letters_killed_at_any_point_then_a_rerun(tmp_path, where, count):
    """kill -9 while reserving, between letters, or while linking: the rerun finishes under the same numbers,
    one document per registered letter, no number twice, no gap."""
    path, config = local(tmp_path)
    plan = [(p.needed.key, p.number) for p in issue_letters(config, today=TODAY, dry_run=True).planned]
    killed = subprocess.run([sys.executable, "-c", KILLED_RUN, str(path), str(tmp_path / "letters"), where,
                             str(count)], capture_output=True, text=True, timeout=120)
    assert killed.returncode == -9, killed.stderr
    openpyxl.load_workbook(path)  # never a half-written workbook
    issue_letters(config, today=TODAY)
    assert sorted((r[KEY], r[NUMBER]) for r in local_registry(path)[DEMO_REGISTRY_ROWS:]) == sorted(plan)
    assert_local_sound(path, tmp_path)
    assert issue_letters(config, today=TODAY).planned == []


# --- part 4: overlapping runs ----------------------------------------------------------------------------------

BLOCKED_RUN = """
import sys, time
from pathlib import Path
from kmsheets.backends.xlsx import XlsxBackend
from kmsheets.cli import main

ready, go = Path(sys.argv[1]), Path(sys.argv[2])
write = XlsxBackend.write

def write_when_told(self, *args, **kwargs):
    ready.touch()  # the lock is held and the sheet read: the other run may start
    deadline = time.monotonic() + 20
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    return write(self, *args, **kwargs)

XlsxBackend.write = write_when_told
sys.argv = ["kmsheets", *sys.argv[3:]]
main()
"""


def test_two_local_syncs_at_once_one_writes_the_other_exits_4(tmp_path):
    path, _ = local(tmp_path)
    config = tmp_path / "config.toml"
    config.write_text(f'language = "en"\n[workbook]\nsource = "{path}"\n[sender]\nagency_id = "AG00"\n',
                      encoding="utf-8")
    env = {**os.environ, "TMPDIR": str(tmp_path)}  # both runs keep their lock in this test's own folder
    command = ["--config", str(config), "sync", "--today", TODAY.isoformat()]
    ready, go = tmp_path / "ready", tmp_path / "go"
    first = subprocess.Popen([sys.executable, "-c", BLOCKED_RUN, str(ready), str(go), *command], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 10
        while not ready.exists() and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert ready.exists(), first.communicate()
        before = path.read_bytes()
        second = subprocess.run([sys.executable, "-m", "kmsheets", *command], env=env, capture_output=True, check=False,
                                text=True, timeout=20)
        assert second.returncode == 4, second.stderr
        assert "wrote nothing" in second.stderr and path.read_bytes() == before
        go.touch()
        out, err = first.communicate(timeout=20)
    finally:
        go.touch()
        if first.poll() is None:
            first.kill()
    assert first.returncode == 0, err
    assert "changed" in out and path.read_bytes() != before
    again = subprocess.run([sys.executable, "-m", "kmsheets", *command, "--dry-run"], env=env, check=False,
                           capture_output=True, text=True, timeout=20)
    assert again.returncode == 0 and "would change 0 cells" in again.stdout


def test_two_local_letters_runs_with_different_temporary_folders_number_every_letter_once(tmp_path):
    """The lock sits beside the workbook: a run whose TMPDIR differs (systemd's PrivateTmp, another user) is
    still refused while the first reserves, and the registry ends with every key and number once, no gap."""
    path, config = local(tmp_path)
    config_file = tmp_path / "config.toml"
    config_file.write_text(f'language = "en"\n[workbook]\nsource = "{path}"\n[sender]\nagency_id = "AG00"\n'
                           f'prefix = "{SENDER["prefix"]}"\n[letters]\nfolder = "{tmp_path / "letters"}"\n',
                           encoding="utf-8")
    command = ["--config", str(config_file), "letters", "--today", TODAY.isoformat()]
    ready, go = tmp_path / "ready", tmp_path / "go"
    for name in ("tmp-a", "tmp-b"):
        (tmp_path / name).mkdir()
    first = subprocess.Popen([sys.executable, "-c", BLOCKED_RUN, str(ready), str(go), *command],
                             env={**os.environ, "TMPDIR": str(tmp_path / "tmp-a")}, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        while not ready.exists() and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert ready.exists(), first.communicate()
        second = subprocess.run([sys.executable, "-m", "kmsheets", *command], capture_output=True, text=True,
                                env={**os.environ, "TMPDIR": str(tmp_path / "tmp-b")}, timeout=60)
        assert second.returncode == 4, second.stderr
        go.touch()
        out, err = first.communicate(timeout=60)
    finally:
        go.touch()
        if first.poll() is None:
            first.kill()
    assert first.returncode == 0, err
    assert_local_sound(path, tmp_path)
    assert issue_letters(config, today=TODAY).planned == []


def test_two_google_syncs_at_once_one_writes_the_other_is_refused(fake, tmp_path):
    google = Google(fake, tmp_path)
    inside, release = threading.Event(), threading.Event()

    def hold_the_first_read(request):
        if request.kind == "values.batchGet" and not inside.is_set():
            inside.set()
            release.wait(10)
    fake.on_request(hold_the_first_read)
    results = []
    first = threading.Thread(target=lambda: results.append(google.sync()))
    first.start()
    try:
        assert inside.wait(10)
        with pytest.raises(LockedError, match="wrote nothing") as raised:
            google.sync()
        assert raised.value.exit_code == 4
        assert fake.count() == 2  # the first run's two reads: the refused run sent nothing at all
    finally:
        release.set()
        first.join(10)
    assert results and results[0].changes
    assert fake.count("values.batchUpdate") == 1
    assert google.sync().changes == []
