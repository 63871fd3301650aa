"""Files people also have: a workbook open in Excel or LibreOffice, read-only, owned by someone else, on a
read-only disk; a letters folder that cannot be written. Each stops the run in one line with its exit code,
leaving the workbook as it was; and every file kmsheets writes is replaced whole, as its owner had it."""

import json
import os
import re
import stat
import subprocess

import pytest
from click.testing import CliRunner

from kmsheets.backends import xlsx
from kmsheets.cli import cli
from kmsheets.files import write_atomically
from processes import KMSHEETS, NOBODY, ROOT
from workbooks import minimal_grids, write_workbook

TODAY = ("--today", "2026-12-01")
LOG_LINE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} kmsheets (DEBUG|INFO) ")


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def one_line(stderr: str) -> str:
    """The run's only line on stderr besides its log lines: no traceback."""
    lines = [line for line in stderr.strip().splitlines() if not LOG_LINE.match(line)]
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    return lines[0]


def refusal(config, exit_code: int) -> str:
    """The one line both writing commands, sync and letters, stop with, having exited `exit_code`."""
    lines = set()
    for command in ("sync", "letters"):
        refused = run("--config", str(config), command, *TODAY)
        assert refused.exit_code == exit_code
        lines.add(one_line(refused.stderr))
    assert len(lines) == 1, lines
    return lines.pop()


@pytest.fixture
def office(tmp_path, config_file):
    """(folder, workbook, config): the minimal programme, whose sync changes flags and whose letters makes one."""
    workbook = write_workbook(tmp_path / "book.xlsx", minimal_grids())
    return tmp_path, workbook, config_file(workbook)


# --- the workbook open in Excel or LibreOffice

@pytest.mark.parametrize("lock, program", [("~$book.xlsx", "Excel"), (".~lock.book.xlsx#", "LibreOffice")])
def test_a_workbook_open_in_an_office_program_is_not_written_but_still_read(office, lock, program):
    folder, workbook, config = office
    (folder / lock).write_text("someone,PC-01,12345;", encoding="utf-8")
    before = workbook.read_bytes()
    assert refusal(config, 4) == (
        f"kmsheets: {workbook} is open in {program} (its lock file {lock} is beside it): close the workbook "
        f"in {program}, then run again; kmsheets did not change it. If it is open nowhere, {program} crashed "
        f"with it open: delete {lock}")
    assert workbook.read_bytes() == before and not (folder / "letters").exists()
    assert run("--config", str(config), "validate").exit_code == 0
    looked = run("--config", str(config), "sync", *TODAY, "--dry-run", "--json")
    assert looked.exit_code == 0 and json.loads(looked.stdout)["changes"]
    (folder / lock).unlink()
    assert run("--config", str(config), "sync", *TODAY).exit_code == 0
    assert workbook.read_bytes() != before


def test_a_workbook_opened_in_excel_while_kmsheets_worked_is_not_replaced(office, monkeypatch):
    folder, workbook, config = office
    before = workbook.read_bytes()
    rebuild = xlsx.rebuild

    def and_meanwhile_excel_opens_it(*args, **kwargs):
        (folder / "~$book.xlsx").write_text("", encoding="utf-8")
        return rebuild(*args, **kwargs)
    monkeypatch.setattr(xlsx, "rebuild", and_meanwhile_excel_opens_it)
    refused = run("--config", str(config), "sync", *TODAY)
    assert refused.exit_code == 4 and "is open in Excel" in one_line(refused.stderr)
    assert workbook.read_bytes() == before


def test_on_windows_a_workbook_excel_holds_open_exits_4_saying_so(office, monkeypatch):
    folder, workbook, config = office
    before = workbook.read_bytes()

    def windows_refuses(source, target):
        error = PermissionError(13, "Access is denied", str(source), None, str(target))
        error.winerror = 32  # ERROR_SHARING_VIOLATION: how Windows answers while Excel has the file open
        raise error
    monkeypatch.setattr("kmsheets.files.os.replace", windows_refuses)
    refused = run("--config", str(config), "sync", *TODAY)
    assert refused.exit_code == 4
    assert one_line(refused.stderr) == (
        f"kmsheets: {workbook} is open in another program (Excel, Word or LibreOffice), so Windows does not let it "
        "be replaced: close it there, then run again")
    assert workbook.read_bytes() == before
    assert [p.name for p in folder.iterdir() if p.name.startswith(".kmsheets-")] == []


# --- read-only workbooks, folders and file systems

def test_a_read_only_workbook_is_refused_in_one_line_and_kept(office):
    folder, workbook, config = office
    workbook.chmod(0o444)
    before = workbook.read_bytes()
    assert refusal(config, 3) == (f"kmsheets: {workbook} is read-only (mode 0444), and kmsheets must write to it: "
                                  "make it writable, or use --dry-run to look without writing")
    assert workbook.read_bytes() == before and stat.S_IMODE(workbook.stat().st_mode) == 0o444
    assert run("--config", str(config), "sync", *TODAY, "--dry-run").exit_code == 0


def test_a_workbook_on_a_read_only_file_system_is_refused_in_one_line(office):
    folder, workbook, config = office
    if subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode != 0:
        pytest.skip("this system lets no unprivileged process mount a file system read-only (unshare -rm)")
    before = workbook.read_bytes()
    script = ('mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" && shift && exec "$@"')
    done = subprocess.run(["unshare", "-rm", "sh", "-c", script, "sh", str(folder), *KMSHEETS, "--config",
                           str(config), "sync", *TODAY], capture_output=True, text=True, encoding="utf-8",
                          env={**os.environ, "PYTHONUTF8": "1"})
    assert done.returncode == 3, done.stderr
    assert one_line(done.stderr).startswith(f"kmsheets: cannot make the lock file {folder.resolve()}/.~kmsheets."
                                            "book.xlsx.lock (the file system is read-only)")
    assert workbook.read_bytes() == before


def test_a_workbook_another_user_owns_is_refused_in_one_line(office, other_user):
    folder, workbook, config = office
    other_user.deny(workbook)
    refused = other_user.run("--quiet", "--config", str(config), "sync", *TODAY)
    assert refused.returncode == 3
    assert one_line(refused.stderr) == (f"kmsheets: this user cannot write {workbook}: let the user running "
                                        "kmsheets write it")


def test_a_letters_folder_that_cannot_be_written_stops_letters_in_one_line(office, other_user):
    folder, workbook, config = office
    (folder / "letters").mkdir()
    other_user.deny(folder / "letters")
    refused = other_user.run("--quiet", "--config", str(config), "letters", *TODAY)
    assert refused.returncode == 3
    assert one_line(refused.stderr).startswith(f"kmsheets: this user cannot make files in {folder / 'letters'}: "
                                               "let the user running kmsheets write to that folder; the numbers are "
                                               "reserved in the send registry and 0 of 1 letters were made")


def test_a_letters_path_that_is_a_file_stops_letters_in_one_line(office):
    folder, workbook, config = office
    (folder / "letters").write_text("not a folder", encoding="utf-8")
    refused = run("--config", str(config), "letters", *TODAY)
    assert refused.exit_code == 3
    assert one_line(refused.stderr).startswith(f"kmsheets: {folder / 'letters'} is not a folder (a file has its "
                                               "name): set [letters] folder to a folder, or move that file away")


# --- what a replaced or new file is like

def test_a_replaced_workbook_keeps_its_mode_owner_and_group(office):
    folder, workbook, config = office
    workbook.chmod(0o664)
    if ROOT:  # a root run must not take a person's workbook over
        os.chown(workbook, NOBODY, NOBODY)
    before = workbook.stat()
    assert run("--config", str(config), "sync", *TODAY).exit_code == 0
    after = workbook.stat()
    assert after.st_ino != before.st_ino  # replaced, not written in place
    assert (stat.S_IMODE(after.st_mode), after.st_uid, after.st_gid) == (0o664, before.st_uid, before.st_gid)


def test_new_letters_take_the_mode_the_umask_gives(office):
    folder, workbook, config = office
    done = subprocess.run([*KMSHEETS, "--config", str(config), "letters", *TODAY], capture_output=True, text=True,
                          encoding="utf-8", umask=0o027)
    assert done.returncode == 0, done.stderr
    letters = list((folder / "letters").glob("*.docx"))
    assert letters and {stat.S_IMODE(p.stat().st_mode) for p in letters} == {0o640}


def test_leftovers_of_a_killed_write_are_removed_by_the_next_holder_of_the_lock(office):
    folder, workbook, config = office
    (folder / "letters").mkdir()
    leftovers = [folder / ".kmsheets-book.xlsx.1a2b3c4d", folder / "letters" / ".kmsheets-2569-0099_A09-AG09.docx.0000beef"]
    others = [folder / ".kmsheets-other.xlsx.1a2b3c4d", folder / ".kmsheets-book.xlsx-notes.txt"]
    for path in leftovers + others:
        path.write_bytes(b"half a file")
    assert run("--config", str(config), "letters", *TODAY).exit_code == 0
    assert [p for p in leftovers if p.exists()] == [] and all(p.exists() for p in others)


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "letter.docx"
    target.write_bytes(b"old")

    def disk_full(*args):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr("kmsheets.files.os.replace", disk_full)
    with pytest.raises(Exception, match=f"cannot write {target}: the disk is full") as failed:
        write_atomically(target, b"new")
    assert failed.value.exit_code == 3
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["letter.docx"]
