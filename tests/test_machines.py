"""kmsheets on the computers coordinators have: Windows (no fcntl, a code page that is not UTF-8), macOS,
and a Linux server's cron. Text files name their encoding, the demo runs the same everywhere, --pdf finds
what there is, and the cron wrapper finds the kmsheets of its own virtual environment."""

from __future__ import annotations

import ast
import importlib.machinery
import os
import re
import shutil
import subprocess
import sys
import textwrap
import types
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from docx import Document

from kmsheets.cli import cli
from kmsheets.errors import ConfigError
from kmsheets.publishers import pdf
from processes import KMSHEETS
from workbooks import DEMO

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "kmsheets"
TODAY = ("--today", "2026-12-01")

# --- every text file kmsheets opens names its encoding

TEXT_MODE = re.compile(r"^[rwxa]\+?t?$|^t?[rwxa]\+?$|^[rwxa]t\+?$")


def unnamed_encodings(source: str) -> list[int]:
    """Lines of `source` opening a file in text mode (open, os.fdopen, Path.open, read_text, write_text,
    io.TextIOWrapper, temporary files, subprocess with text=True) without naming its encoding."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        keywords = {k.arg: k.value for k in node.keywords}
        function = node.func
        name = function.id if isinstance(function, ast.Name) else function.attr if isinstance(function, ast.Attribute) else ""
        owner = function.value.id if isinstance(function, ast.Attribute) and isinstance(function.value, ast.Name) else ""
        if name in ("read_text", "write_text"):
            named = "encoding" in keywords or len(node.args) >= (1 if name == "read_text" else 2)
        elif name == "open" and owner != "os" or name == "fdopen":
            method = isinstance(function, ast.Attribute) and owner not in ("io", "os")
            position = 0 if method else 1
            mode = keywords.get("mode", node.args[position] if len(node.args) > position else None)
            if method and not (isinstance(mode, ast.Constant) and isinstance(mode.value, str)
                               and (TEXT_MODE.match(mode.value) or "b" in mode.value)):
                continue  # not Path.open(mode): zipfile's .open(name, "w") and the like are no text files
            if mode is None:
                text = True
            elif isinstance(mode, ast.Constant) and isinstance(mode.value, str):
                text = "b" not in mode.value
            else:
                text = True  # a mode computed at run time: name the encoding anyway
            named = not text or "encoding" in keywords or len(node.args) > position + 2
        elif name == "TextIOWrapper":
            named = "encoding" in keywords or len(node.args) >= 2
        elif name in ("NamedTemporaryFile", "TemporaryFile", "SpooledTemporaryFile"):
            mode = keywords.get("mode")
            named = not (isinstance(mode, ast.Constant) and "b" not in str(mode.value)) or "encoding" in keywords
        elif name in ("run", "Popen", "check_output", "check_call", "call"):
            texty = [keywords.get(k) for k in ("text", "universal_newlines")]
            named = not any(isinstance(v, ast.Constant) and v.value for v in texty) or "encoding" in keywords
        else:
            continue
        if not named:
            found.append(node.lineno)
    return found


def test_the_encoding_check_finds_each_kind_of_unnamed_encoding():
    source = textwrap.dedent("""
        open(path)
        open(path, "w")
        open(path, mode="r+")
        open(path, "rb")
        open(path, "w", encoding="utf-8")
        os.fdopen(handle, "w")
        os.fdopen(handle, "wb")
        os.open(path, os.O_RDONLY)
        path.open("w")
        path.open("wb")
        archive.open("xl/workbook.xml")
        archive.open(name, "w")
        path.read_text()
        path.read_text("utf-8")
        path.write_text(text)
        path.write_text(text, encoding="utf-8")
        io.TextIOWrapper(raw)
        tempfile.NamedTemporaryFile(mode="w")
        tempfile.NamedTemporaryFile()
        subprocess.run(command, text=True)
        subprocess.run(command, text=True, encoding="utf-8")
        subprocess.run(command, capture_output=True)
    """)
    assert unnamed_encodings(source) == [2, 3, 4, 7, 10, 14, 16, 18, 19, 21]


def test_every_text_file_kmsheets_opens_names_its_encoding():
    found = {str(path.relative_to(REPO)): lines for path in sorted(PACKAGE.rglob("*.py"))
             if (lines := unnamed_encodings(path.read_text(encoding="utf-8")))}
    assert found == {}


# --- the demo where fcntl cannot be imported and the preferred encoding is not UTF-8 (as on Windows)

WINDOWS_LIKE = textwrap.dedent("""
    # sitecustomize for the test: fcntl cannot be imported here, as on Windows
    import sys

    class NoFcntl:
        def find_spec(self, name, path=None, target=None):
            if name == "fcntl":
                raise ModuleNotFoundError("No module named 'fcntl'", name=name)
            return None

    sys.modules.pop("fcntl", None)
    sys.meta_path.insert(0, NoFcntl())
""")


def environment(tmp_path: Path, *, windows_like: bool) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("LC_", "LANG", "PYTHON"))}
    if not windows_like:
        return {**env, "PYTHONUTF8": "1"}
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(WINDOWS_LIKE, encoding="utf-8")
    # Without fcntl outside Windows, filelock falls back to its soft lock and says so once; on Windows it
    # uses LockFileEx and says nothing.
    return {**env, "PYTHONPATH": str(site), "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0", "LC_ALL": "C",
            "LANG": "C", "PYTHONWARNINGS": "ignore:only soft file lock is available"}


def demo_run(folder: Path, env: dict[str, str], config_file) -> dict[str, object]:
    """validate, letters and sync on a copy of the demo in `folder`: what each said, the letters, the registry."""
    folder.mkdir()
    workbook = shutil.copy(DEMO, folder / "demo.xlsx")
    config = config_file(workbook, language="th", letters={"folder": str(folder / "letters")})
    said = []
    for command in (["validate"], ["letters", *TODAY], ["sync", *TODAY]):
        done = subprocess.run([*KMSHEETS, "--config", str(config), *command], capture_output=True, env=env,
                              cwd=folder, timeout=300)
        assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
        for stream in (done.stdout, done.stderr):  # bytes: they must be UTF-8 whatever the locale
            said.append(re.sub(rb"(?m)^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ ", b"", stream).decode("utf-8"))
    letters = {}
    for path in sorted((folder / "letters").iterdir()):
        if path.suffix == ".docx":
            document = Document(path)
            cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
            letters[path.name] = [p.text for p in document.paragraphs] + cells
        else:
            letters[path.name] = path.read_bytes()
    book = openpyxl.load_workbook(workbook)
    sheets = {sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()] for sheet in book.worksheets}
    return {"said": said, "letters": letters, "workbook": sheets}


def test_the_demo_runs_alike_without_fcntl_under_an_ascii_locale(tmp_path, config_file):
    env = environment(tmp_path, windows_like=True)
    probe = subprocess.run([sys.executable, "-c", "import locale, sys; print(locale.getpreferredencoding(False), "
                            "sys.flags.utf8_mode)\ntry:\n import fcntl\nexcept ImportError: print('no fcntl')"],
                           capture_output=True, text=True, encoding="utf-8", env=env)
    (encoding, utf8_mode), fcntl = probe.stdout.splitlines()[0].split(), probe.stdout.splitlines()[1]
    assert encoding.lower().replace("-", "").replace("_", "") != "utf8" and utf8_mode == "0", probe.stdout
    assert fcntl == "no fcntl"
    windows_like = demo_run(tmp_path / "office", env, config_file)
    shutil.move(tmp_path / "office", tmp_path / "done")  # the same folder again: tables and logs show its path
    assert windows_like == demo_run(tmp_path / "office", environment(tmp_path, windows_like=False), config_file)


# --- --pdf with what the computer has; --open

def test_libreoffice_is_found_where_its_installers_put_it(monkeypatch):
    monkeypatch.setenv("PATH", "")  # not on the PATH, as on most Windows and macOS computers
    windows = r"C:\Program Files\LibreOffice\program\soffice.exe"
    assert pdf.libreoffice("win32", {}, exists=lambda place: place == windows) == windows
    assert pdf.libreoffice("win32", {"ProgramFiles(x86)": r"D:\Apps (x86)"},
                           exists=lambda place: place.startswith("D:")) == r"D:\Apps (x86)\LibreOffice\program\soffice.exe"
    mac = "/Applications/LibreOffice.app/Contents/MacOS/soffice"
    assert pdf.libreoffice("darwin", {}, exists=lambda place: place == mac) == mac
    assert pdf.libreoffice("linux", {}, exists=lambda place: True) is None


def test_without_libreoffice_word_makes_the_pdf_through_docx2pdf(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", "")
    monkeypatch.setattr(pdf, "libreoffice", lambda platform: None)
    assert not pdf.word_available("linux")  # docx2pdf drives Word: Windows and macOS only
    word = types.ModuleType("docx2pdf")
    word.__spec__ = importlib.machinery.ModuleSpec("docx2pdf", None)
    converted = []

    def convert(source, target):  # what docx2pdf.convert does with Word: one PDF from one .docx
        converted.append((source, target))
        Path(target).write_bytes(b"%PDF-1.7")
    word.convert = convert
    monkeypatch.setitem(sys.modules, "docx2pdf", word)
    letter = tmp_path / "2569-0001_A01-AG01.docx"
    pdf.pdf_maker("win32")(letter)
    assert converted == [(str(letter), str(letter.with_suffix(".pdf")))]
    word.convert = lambda source, target: None  # Word finished without a PDF
    letter.with_suffix(".pdf").unlink()
    with pytest.raises(Exception, match="Word could not make a PDF of .*2569-0001_A01-AG01.docx: no PDF came out"):
        pdf.pdf_maker("darwin")(letter)


def test_without_libreoffice_or_word_pdf_says_how_to_get_one(monkeypatch, tmp_path, config_file):
    monkeypatch.setenv("PATH", "")
    monkeypatch.setattr(pdf, "libreoffice", lambda platform: None)
    with pytest.raises(ConfigError, match="--pdf needs LibreOffice or Microsoft Word"):
        pdf.pdf_maker("win32")
    workbook = shutil.copy(DEMO, tmp_path / "demo.xlsx")
    result = CliRunner().invoke(cli, ["--config", str(config_file(workbook)), "letters", *TODAY, "--pdf"])
    assert result.exit_code == 2 and 'pip install "kmsheets[word]"' in result.stderr
    assert not (tmp_path / "letters").exists()


def test_open_says_so_when_nothing_could_open_the_folder(monkeypatch, tmp_path, config_file):
    monkeypatch.setattr("click.launch", lambda place, **kw: 1)  # a server without a desktop: no xdg-open
    workbook = shutil.copy(DEMO, tmp_path / "demo.xlsx")
    result = CliRunner().invoke(cli, ["--config", str(config_file(workbook)), "letters", *TODAY, "--open"])
    assert result.exit_code == 0
    assert f"{tmp_path / 'letters'} could not be opened on this computer: open it yourself" in result.stderr


# --- cron: PATH=/usr/bin:/bin, and the wrapper finds the kmsheets of its own virtual environment

def cron_layout(root: Path, *, with_venv: bool) -> Path:
    """/opt/kmsheets as the README lays it out: scripts/kmsheets-cron beside .venv/bin/kmsheets."""
    (root / "scripts").mkdir(parents=True)
    script = shutil.copy(REPO / "scripts" / "kmsheets-cron", root / "scripts" / "kmsheets-cron")
    if with_venv:
        (root / ".venv" / "bin").mkdir(parents=True)
        (root / ".venv" / "bin" / "kmsheets").symlink_to(Path(sys.executable).parent / "kmsheets")
    return Path(script)


def cron(script: Path, home: Path, config: Path) -> subprocess.CompletedProcess[str]:
    """The script as cron runs it: an empty environment but for PATH, HOME and the crontab's variable."""
    home.mkdir(exist_ok=True)
    return subprocess.run(["env", "-i", "PATH=/usr/bin:/bin", f"HOME={home}", f"KMSHEETS_CONFIG={config}", str(script),
                           *TODAY], capture_output=True, text=True, encoding="utf-8", timeout=300)


def test_the_cron_wrapper_runs_the_kmsheets_of_its_virtual_environment_with_crons_path(tmp_path, config_file):
    workbook = shutil.copy(DEMO, tmp_path / "demo.xlsx")
    before = Path(workbook).read_bytes()
    done = cron(cron_layout(tmp_path / "opt", with_venv=True), tmp_path / "home", config_file(workbook))
    assert done.returncode == 0, done.stderr
    assert Path(workbook).read_bytes() != before  # the flags are in
    log = tmp_path / "home" / ".local" / "state" / "kmsheets" / "sync.log"
    assert log.exists() and log.read_text(encoding="utf-8") == ""  # --quiet: nothing to say when all is well


def test_the_cron_wrapper_without_a_kmsheets_says_what_to_set(tmp_path):
    done = cron(cron_layout(tmp_path / "opt", with_venv=False), tmp_path / "home", tmp_path / "config.toml")
    assert done.returncode == 127
    assert "set KMSHEETS_BIN=/path/to/venv/bin/kmsheets" in done.stderr
