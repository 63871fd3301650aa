"""One writer per workbook: the lock beside a local workbook (or in the state folder for a Google Sheet),
held across processes whatever their temporary folders, and never blocked by a lock file alone."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
from filelock import FileLock

from kmsheets.backends.google import GoogleBackend
from kmsheets.backends.xlsx import XlsxBackend
from kmsheets.config import WorkbookConfig
from kmsheets.errors import AccessError, LockedError
from kmsheets.lock import lock_beside, workbook_lock
from processes import ROOT, run_kmsheets
from workbooks import minimal_grids, write_workbook

KMSHEETS_PACKAGE = Path(__file__).resolve().parent.parent / "kmsheets"
HOLD = ("import sys; from pathlib import Path; from kmsheets.backends.xlsx import XlsxBackend\n"
        "from kmsheets.config import WorkbookConfig; from kmsheets.lock import workbook_lock\n"
        "with workbook_lock(XlsxBackend(Path(sys.argv[1]), WorkbookConfig())):\n"
        "    print('held', flush=True); sys.stdin.read()\n")


def book(folder: Path, name: str = "book.xlsx") -> XlsxBackend:
    return XlsxBackend(write_workbook(folder / name, minimal_grids()), WorkbookConfig())


def test_a_second_holder_is_refused_at_once_with_the_holders_pid_and_the_lock_frees(tmp_path):
    first = book(tmp_path)
    with workbook_lock(first):
        with pytest.raises(LockedError, match=rf"\(pid {os.getpid()}\).*this run wrote nothing") as refused:
            with workbook_lock(XlsxBackend(first.path, WorkbookConfig())):
                pass
        assert refused.value.exit_code == 4
        with workbook_lock(book(tmp_path, "other.xlsx")):  # another workbook in the same folder
            pass
    with workbook_lock(first):
        pass


def test_the_lock_is_hidden_beside_the_workbook_and_found_through_any_path_to_it(tmp_path):
    workbook = book(tmp_path).path
    assert lock_beside(workbook) == tmp_path.resolve() / ".~kmsheets.book.xlsx.lock"
    (tmp_path / "elsewhere").mkdir()
    link = tmp_path / "elsewhere" / "link.xlsx"
    link.symlink_to(workbook)
    with workbook_lock(XlsxBackend(workbook, WorkbookConfig())):
        with pytest.raises(LockedError):
            with workbook_lock(XlsxBackend(link, WorkbookConfig())):
                pass


def test_two_processes_with_different_temporary_folders_exclude_each_other(tmp_path, config_file):
    workbook = book(tmp_path).path
    config = config_file(workbook)
    (tmp_path / "tmp-a").mkdir()
    (tmp_path / "tmp-b").mkdir()
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(workbook)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env={**os.environ, "TMPDIR": str(tmp_path / "tmp-a")})
    try:
        assert holder.stdout.readline().strip() == "held"
        refused = run_kmsheets("--config", str(config), "sync", "--today", "2026-12-01",
                               env={"TMPDIR": str(tmp_path / "tmp-b")})
        assert refused.returncode == 4, refused.stderr
        assert f"(pid {holder.pid})" in refused.stderr and "wrote nothing" in refused.stderr
    finally:
        holder.communicate("", timeout=30)
    again = run_kmsheets("--config", str(config), "sync", "--today", "2026-12-01",
                         env={"TMPDIR": str(tmp_path / "tmp-b")})
    assert again.returncode == 0, again.stderr


def test_a_lock_file_left_by_a_killed_run_does_not_block(tmp_path):
    workbook = book(tmp_path)
    lock_beside(workbook.path).write_text("4242", encoding="ascii")
    with workbook_lock(workbook):
        assert lock_beside(workbook.path).read_text(encoding="ascii") == str(os.getpid())


def test_a_holder_whose_pid_cannot_be_read_is_named_without_a_pid(tmp_path):
    workbook = book(tmp_path)
    with FileLock(lock_beside(workbook.path)):  # holds it, having written nothing into it
        with pytest.raises(LockedError) as refused:
            with workbook_lock(workbook):
                pass
    message = str(refused.value)
    assert message.startswith("another kmsheets run is writing to") and "(pid" not in message
    assert "another process" not in message


def test_a_lock_file_another_user_left_is_taken_over(tmp_path, other_user, config_file):
    workbook = book(tmp_path).path
    config = config_file(workbook)
    stale = lock_beside(workbook)
    stale.write_text("4242", encoding="ascii")
    other_user.deny(stale)  # theirs, 0644: this user cannot open it for writing
    result = other_user.run("--config", str(config), "sync", "--today", "2026-12-01")
    assert result.returncode == 0, result.stderr
    assert stale.stat().st_uid == os.getuid()  # made again, as this user's


def test_a_lock_another_user_holds_refuses_with_its_pid(tmp_path, other_user, config_file):
    workbook = book(tmp_path).path
    config = config_file(workbook)
    with workbook_lock(XlsxBackend(workbook, WorkbookConfig())):
        other_user.deny(lock_beside(workbook))
        result = other_user.run("--config", str(config), "sync", "--today", "2026-12-01")
    assert result.returncode == 4, result.stderr
    assert f"(pid {os.getpid()})" in result.stderr and "Traceback" not in result.stderr


def test_a_lock_file_of_another_user_that_cannot_be_read_exits_3_in_one_line(tmp_path, other_user, config_file):
    folder = tmp_path / "office"
    folder.mkdir()
    workbook = book(folder).path
    config = config_file(workbook)
    stale = lock_beside(workbook)
    stale.write_text("", encoding="ascii")
    other_user.deny(stale).chmod(0o600 if ROOT else 0o000)
    other_user.deny(folder)  # nor can it be removed
    result = other_user.run("--config", str(config), "sync", "--today", "2026-12-01")
    assert result.returncode == 3, result.stderr
    assert result.stderr.strip().splitlines() == [
        f"kmsheets: the lock file {stale} belongs to another user and cannot be opened or removed: if no kmsheets "
        "run is going on, let that user or an administrator delete it"]


def test_a_folder_where_the_lock_cannot_be_made_exits_3_in_one_line(tmp_path, other_user, config_file):
    folder = tmp_path / "office"
    folder.mkdir()
    workbook = book(folder).path
    config = config_file(workbook)
    other_user.deny(folder)
    result = other_user.run("--config", str(config), "sync", "--today", "2026-12-01")
    assert result.returncode == 3, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"kmsheets: cannot make the lock file {lock_beside(workbook)}")
    assert "Traceback" not in result.stderr


def test_a_google_sheet_is_locked_in_the_state_folder_by_its_key(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    sheet = GoogleBackend("1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-", WorkbookConfig(), client=None)
    same = GoogleBackend("https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-/edit",
                         WorkbookConfig(), client=None)
    other = GoogleBackend("1ZyXwVuTsRqPoNmLkJiHgFeDcBa9876543210_-", WorkbookConfig(), client=None)
    assert sheet.lock_file() == tmp_path / "state" / "kmsheets" / ".~kmsheets.sheet-1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-.lock"
    with workbook_lock(sheet):
        with pytest.raises(LockedError, match="Google Sheet 1AbC"):
            with workbook_lock(same):
                pass
        with workbook_lock(other):
            pass


def test_no_module_of_kmsheets_imports_a_unix_only_module_at_load_time():
    unix_only = {"fcntl", "grp", "pwd", "resource", "termios", "tty", "pty", "posix", "syslog", "msvcrt", "winreg"}
    found = []
    for path in KMSHEETS_PACKAGE.rglob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [f"{path.name}: {name}" for name in names if name.split(".")[0] in unix_only]
    assert found == []


def test_kmsheets_cli_imports_where_fcntl_cannot_be_imported():
    blocked = ("import sys\nclass Block:\n    def find_spec(self, name, path=None, target=None):\n"
               "        if name == 'fcntl': raise ImportError('no fcntl here')\n"
               "sys.meta_path.insert(0, Block()); sys.modules.pop('fcntl', None)\n"
               "import kmsheets.cli, kmsheets.lock, kmsheets.files; print('imported')\n")
    done = subprocess.run([sys.executable, "-c", blocked], capture_output=True, text=True)
    assert done.stdout.strip() == "imported", done.stderr
