import subprocess
import sys

import pytest

from kmsheets.errors import LockedError
from kmsheets.lock import workbook_lock


def test_a_second_holder_is_refused_at_once_and_the_lock_frees(tmp_path):
    with workbook_lock("book.xlsx", tmp_path):
        with pytest.raises(LockedError, match="this run wrote nothing"):
            with workbook_lock("book.xlsx", tmp_path):
                pass
        with workbook_lock("other.xlsx", tmp_path):
            pass
    with workbook_lock("book.xlsx", tmp_path):
        pass


def test_the_lock_holds_across_processes(tmp_path):
    script = ("import sys; from pathlib import Path; from kmsheets.lock import workbook_lock\n"
              "from kmsheets.errors import LockedError\n"
              "try:\n    with workbook_lock('book.xlsx', Path(sys.argv[1])): print('got it')\n"
              "except LockedError as e: print('refused', e.exit_code)\n")
    with workbook_lock("book.xlsx", tmp_path):
        other = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True)
    assert other.stdout.strip() == "refused 4"
    again = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True)
    assert again.stdout.strip() == "got it"
