"""The library face: the package exports every function the CLI calls, and the README's script runs."""

import contextlib
import io
import re
from pathlib import Path

import kmsheets
from kmsheets.config import load_config
from kmsheets.doctor import diagnose
from kmsheets.init import init_folder
from kmsheets.letters import issue_letters
from kmsheets.report_files import make_report
from kmsheets.sync import sync
from kmsheets.validate import validate

README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_package_exports_the_functions_the_cli_calls():
    assert (kmsheets.load_config, kmsheets.validate, kmsheets.sync, kmsheets.issue_letters, kmsheets.diagnose,
            kmsheets.make_report, kmsheets.init_folder) == (load_config, validate, sync, issue_letters, diagnose,
                                                            make_report, init_folder)
    assert kmsheets.KmsheetsError.exit_code == 2 and set(kmsheets.__all__) >= {"sync", "validate", "diagnose"}


def test_the_readme_script_runs_on_the_demo(tmp_path, monkeypatch):
    script = re.search(r"## From Python.*?```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S).group(1)
    init_folder(tmp_path / "demo")
    monkeypatch.chdir(tmp_path)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(script, "README.md", "exec"), {})
    ok, errors, letters, exit_code = printed.getvalue().splitlines()
    assert (ok, errors, exit_code) == ("True", "[]", "0") and int(letters) > 0
