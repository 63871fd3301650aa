"""Benchmarks: Sheets requests per sync beside the idiomatic gspread way, local time and memory, letters/s.

    python scripts/bench.py                  a table, for sizes of 100, 1,000, 10,000 and 50,000 registry rows
    python scripts/bench.py --json           the same as one JSON document
    python scripts/bench.py --sizes 100,1000 other sizes

Each measurement runs the library functions the CLI runs (`sync.sync`, `validate.validate`,
`letters.issue_letters`) on generated workbooks: real .xlsx files, and the Google emulator of
tests/google_fake reached through the real gspread client. The idiomatic way is written out below,
the way most gspread scripts are (open_by_key, worksheet(), get_all_records() per tab, update_cell()
per changed cell), and measured in the same run. Local times and peak memory come from a fresh
process per measurement; the command line's (`kmsheets --quiet sync`, and `kmsheets sync` with its
summary going to a file) from the command itself, start to end. Above 10,000 rows only the local
measurements run: the idiomatic job would send a request per changed cell (200,000 at 50,000 rows).
Nothing here touches the internet; it needs the dev install (`.[dev]`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
# Only what `kmsheets sync` itself loads, at the top: a measurement process (--child) imports nothing more,
# so its peak memory is the command's. Google, gspread and the emulator are imported where they are used.
from kmsheets.backends.xlsx import XlsxBackend  # noqa: E402
from kmsheets.config import Config, parse_config  # noqa: E402
from kmsheets.schema import TABS  # noqa: E402
from kmsheets.sync import sync  # noqa: E402
from kmsheets.validate import validate  # noqa: E402

TODAY = dt.date(2026, 12, 1)
SENDER = {"agency_id": "AG000", "prefix": "นศ ๐๐๑๗.๒", "signatory": "นายสมชาย ใจดี",
          "position": "พัฒนาการจังหวัด", "unit": "กลุ่มงานส่งเสริมการจัดการความรู้", "phone": "๐ ๗๕๓๕ ๖๑๒๓"}
SYNC_LATENCY = 0.150
LETTER_LATENCY = 0.200
LETTERS = 100
GOOGLE_UP_TO = 10_000  # rows; above, local measurements only


# --- workbooks ------------------------------------------------------------------------------------------

def programme(rows: int, *, registered: bool = True, iso_dates: bool = False) -> dict[str, list[list[Any]]]:
    """A programme with `rows` activities and, when `registered`, one registry row per activity.

    People and agencies grow with it. Each activity borrows one facilitator from another agency; its
    letter is endorsed, sent and late, or not yet sent, in turn (what TODAY has not reached yet is left
    blank), so a first sync changes every flag.
    Without the registry, every activity lies ahead and needs its request letter.
    No one is booked twice on a day: person p works on days p, p + people, ... with people coprime to 60.
    """
    day = (lambda d: d.isoformat()) if iso_dates else (lambda d: d)
    agencies = 8 + rows // 100
    people = max(40, rows // 4)
    while math.gcd(people, 60) != 1:
        people += 1
    grids: dict[str, list[list[Any]]] = {tab.title: [[f.thai for f in tab.fields]] for tab in TABS.values()}
    grids["หน่วยงาน"] += [[f"AG{a:03}", f"หน่วยงานที่ {a}", f"หัวหน้าหน่วยงานที่ {a}", "อำเภอท่าศาลา", "075-000000", ""]
                          for a in range(agencies)]
    grids["ทีมงาน"] += [[f"P{p:05}", f"นายสมชาย ใจดี {p}", "คุณอำนวย", f"AG{1 + p % (agencies - 1):03}",
                         "นักวิชาการ", "ท่าศาลา", "", ""] for p in range(people)]
    for i in range(rows):
        date = TODAY + dt.timedelta(days=i % 60 + (-10 if registered else 8))
        person = i % people
        agency = f"AG{1 + person % (agencies - 1):03}"
        grids["กำหนดการ"].append([f"A{i:05}", "เวทีแลกเปลี่ยนเรียนรู้", day(date), "09.00-12.00 น.", "ศาลาหมู่บ้าน",
                                  "ท่าศาลา", f"P{person:05}", "ตามแผน", "", ""])
        if registered:
            # what has happened by TODAY: a date still ahead is no one's typing (validate warns about it)
            sent = day(date - dt.timedelta(days=20)) if i % 3 and date - dt.timedelta(days=20) <= TODAY else ""
            endorsed = (day(date - dt.timedelta(days=12))
                        if i % 3 == 1 and date - dt.timedelta(days=12) <= TODAY else "")
            grids["ทะเบียนหนังสือส่ง"].append([
                f"A{i:05}/{agency}", f"นศ ๐๐๑๗.๒/{i + 1}", day(date - dt.timedelta(days=21)), "request",
                f"A{i:05}", agency, f"P{person:05}", "ขอความอนุเคราะห์บุคลากร", "", sent, endorsed, "", ""])
    return grids


def write_xlsx(path: Path, grids: dict[str, list[list[Any]]]) -> Path:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    for title, rows in grids.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def config_for(source: str, base: Path, **sections: Any) -> Config:
    return parse_config({"language": "th", "workbook": {"source": source}, "sender": SENDER, **sections},
                        base=base, environ={})


# --- one measurement in a fresh process: wall time and peak memory ---------------------------------------

def child(command: str, path: str) -> None:
    config = config_for(path, Path(path).parent)
    start = time.perf_counter()
    if command == "validate":
        validate(XlsxBackend(Path(path), config.workbook).read(), config.language, today=TODAY)
    else:
        sync(config, today=TODAY)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb}))


def in_fresh_process(command: str, path: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--child", command, str(path)], check=True,
                         capture_output=True, text=True, encoding="utf-8").stdout
    return json.loads(out)


def command_line(path: Path, *options: str) -> dict[str, float]:
    """`kmsheets [OPTIONS] sync` on a fresh copy of the workbook at `path` (every flag new), as a person or
    cron runs it: wall time from start to end, the CPU time and peak memory of that process alone (on a
    busy machine the CPU time says more than the wall time)."""
    copy = path.with_name(f"cli-{path.name}")
    shutil.copy(path, copy)
    config = copy.with_suffix(".toml")
    config.write_text(f'language = "th"\n[workbook]\nsource = "{copy.name}"\n[sender]\n'
                      + "".join(f'{key} = "{value}"\n' for key, value in SENDER.items()), encoding="utf-8")
    start = time.perf_counter()
    with open(copy.with_suffix(".out"), "wb") as out:  # the summary, as when it goes to a file
        process = subprocess.Popen([sys.executable, "-m", "kmsheets", *options, "--config", str(config), "sync",
                                    "--today", TODAY.isoformat()], stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"kmsheets {' '.join(options)} sync exited {process.returncode}")
    return {"seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024}


# --- Google --------------------------------------------------------------------------------------------

def client(fake: Any) -> Any:
    """A gspread HTTP client for the emulator: Google's addresses rewritten to it, no real waiting."""
    from google.auth.credentials import AnonymousCredentials

    from kmsheets.google_api import GoogleHTTPClient
    from kmsheets.retry import RetryPolicy

    return GoogleHTTPClient(AnonymousCredentials(), endpoint=fake.url, timeout=30,
                            policy=RetryPolicy(attempts=3, sleep=lambda s: None))


def our_sync(fake: Any, grids: dict[str, list[list[Any]]], base: Path) -> tuple[int, int, float]:
    """(requests, cells changed, seconds) of `kmsheets sync` on a new sheet in the emulator."""
    from kmsheets.backends.google import GoogleBackend

    key = fake.create_spreadsheet("KM", grids)
    config = config_for(key, base)
    fake.clear_log()
    start = time.perf_counter()
    result = sync(config, today=TODAY, backend=GoogleBackend(key, config.workbook, client(fake)))
    return len(fake.requests), len(result.changes), time.perf_counter() - start


def idiomatic_sync(gc: Any, key: str, config: Config) -> int:
    """The same job the way a typical gspread script does it; returns the cells it changed."""
    spreadsheet = gc.open_by_key(key)
    sheets, grids = {}, {}
    for name in TABS:
        sheets[name] = spreadsheet.worksheet(config.workbook.title(name))
        records = sheets[name].get_all_records()
        header = list(records[0]) if records else [f.thai for f in TABS[name].fields]
        grids[name] = [header] + [list(record.values()) for record in records]
    from kmsheets.chains import at_first_sight
    from kmsheets.flags import compute_flags
    from kmsheets.sync import facts_changes, flag_changes, flag_rule
    from kmsheets.tables import read_table

    tables = {name: read_table(TABS[name], config.workbook.title(name), grid) for name, grid in grids.items()}
    programme, _ = at_first_sight(validate(tables, config.language, today=TODAY).programme)
    changes = (flag_changes(programme, compute_flags(programme, flag_rule(config, TODAY, programme)), config.language)
               + facts_changes(programme, config.language, config.letters.thai_digits))
    rows = {name: {row[TABS[name].key]: row.number for row in table.rows} for name, table in tables.items()}
    for change in changes:
        table = tables[change.tab]
        sheets[change.tab].update_cell(rows[change.tab][change.key], table.columns[change.field] + 1,
                                        change.text(config.language))
    return len(changes)


def idiomatic(fake: Any, grids: dict[str, list[list[Any]]], base: Path) -> tuple[int, int]:
    """(requests, cells changed) of the idiomatic job on a new sheet in the emulator."""
    import gspread
    from google.auth.credentials import AnonymousCredentials

    key = fake.create_spreadsheet("KM", grids)
    # the same HTTP client as kmsheets' (gspread builds its own from auth and session: hand it ours)
    gc = gspread.Client(AnonymousCredentials(), http_client=lambda auth, session=None: client(fake))
    fake.clear_log()
    changed = idiomatic_sync(gc, key, config_for(key, base))
    return len(fake.requests), changed


# --- letters -------------------------------------------------------------------------------------------

def letters_locally(base: Path) -> float:
    from kmsheets.letters import issue_letters
    from kmsheets.publishers.local import LocalPublisher

    path = write_xlsx(base / "letters.xlsx", programme(LETTERS, registered=False))
    config = config_for(str(path), base, letters={"folder": str(base / "out")})
    start = time.perf_counter()
    result = issue_letters(config, today=TODAY, kinds=("request",),
                           publisher=LocalPublisher(base / "out"))
    assert len(result.published) == LETTERS, len(result.published)
    return LETTERS / (time.perf_counter() - start)


def letters_to_google(base: Path, concurrency: int) -> float:
    from google_fake.server import GoogleFake

    from kmsheets.backends.google import GoogleBackend
    from kmsheets.letters import issue_letters
    from kmsheets.publishers.google import GooglePublisher

    fake = GoogleFake().start()
    try:
        key = fake.create_spreadsheet("KM", programme(LETTERS, registered=False, iso_dates=True))
        folder = fake.drive_folder("letters")
        config = config_for(key, base, letters={"output": "google", "folder": folder, "concurrency": concurrency})
        api = client(fake)
        fake.latency = LETTER_LATENCY
        start = time.perf_counter()
        result = issue_letters(config, today=TODAY, kinds=("request",), backend=GoogleBackend(key, config.workbook, api),
                               publisher=GooglePublisher(folder, api, concurrency=concurrency))
        seconds = time.perf_counter() - start
        assert len(result.published) == LETTERS and len(fake.drive_files()) == LETTERS
        return seconds
    finally:
        fake.stop()


# --- the report ----------------------------------------------------------------------------------------

def measure(sizes: list[int], say: Callable[[str], None]) -> dict[str, Any]:
    report: dict[str, Any] = {"sizes": [], "machine": machine()}
    with tempfile.TemporaryDirectory(prefix="kmsheets-bench-") as folder:
        base = Path(folder)
        for rows in sizes:
            say(f"{rows} rows: workbook")
            grids = programme(rows)
            path = write_xlsx(base / f"book{rows}.xlsx", grids)
            say(f"{rows} rows: the command line, --quiet and with its summary")
            quiet = command_line(path, "--quiet")
            shown = command_line(path)
            say(f"{rows} rows: local validate and sync")
            checked = in_fresh_process("validate", path)
            first = in_fresh_process("sync", path)  # every flag new: the biggest write
            again = in_fresh_process("sync", path)  # the steady state: nothing to change
            size = {"rows": rows, "cli_quiet_sync_s": round(quiet["seconds"], 2),
                    "cli_quiet_sync_cpu_s": round(quiet["cpu_seconds"], 2),
                    "cli_quiet_sync_peak_mb": round(quiet["peak_mb"]), "cli_sync_s": round(shown["seconds"], 2),
                    "local_validate_s": round(checked["seconds"], 3),
                    "local_validate_peak_mb": round(checked["peak_mb"]),
                    "local_sync_s": round(first["seconds"], 3), "local_sync_peak_mb": round(first["peak_mb"]),
                    "local_sync_unchanged_s": round(again["seconds"], 3)}
            if rows <= GOOGLE_UP_TO:
                say(f"{rows} rows: Sheets requests, ours and the idiomatic way")
                size.update(google(rows, base))
            report["sizes"].append(size)
        say("letters: local, then to Google serially and concurrently")
        concurrency = config_for("x.xlsx", base).letters.concurrency
        local = letters_locally(base)
        serial = letters_to_google(base, 1)
        concurrent = letters_to_google(base, concurrency)
        report["letters"] = {"count": LETTERS, "local_per_s": round(local, 1), "google_serial_s": round(serial, 2),
                             "google_concurrent_s": round(concurrent, 2), "concurrency": concurrency,
                             "ratio": round(concurrent / serial, 3), "latency_s": LETTER_LATENCY}
    return report


def google(rows: int, base: Path) -> dict[str, float]:
    """Sheets requests per sync, ours and the idiomatic way, and our sync's time at SYNC_LATENCY."""
    from google_fake.server import GoogleFake

    iso = programme(rows, iso_dates=True)
    fake = GoogleFake().start()
    try:
        ours, changed, _ = our_sync(fake, iso, base)
        theirs, they_changed = idiomatic(fake, iso, base)
        if they_changed != changed:
            raise SystemExit(f"the two jobs differ: kmsheets changed {changed} cells, the idiomatic "
                             f"one {they_changed}; their request counts would not compare")
        fake.latency = SYNC_LATENCY
        _, _, google_seconds = our_sync(fake, iso, base)
    finally:
        fake.stop()
    return {"sync_requests": ours, "idiomatic_requests": theirs, "ratio": round(theirs / ours, 1),
            "google_sync_s": round(google_seconds, 3)}


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def table(report: dict[str, Any]) -> str:
    lines = [f"machine: {report['machine']}", "",
             "| rows | Sheets requests per sync | idiomatic gspread | ratio | local validate | local sync "
             "(all flags new) | peak memory | local sync (no change) | `kmsheets --quiet sync` | peak memory "
             "| `kmsheets sync` > file | Google sync at 150 ms/request |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for s in report["sizes"]:
        google = (f"{s['sync_requests']} | {s['idiomatic_requests']:,} | {s['ratio']:,}×" if "sync_requests" in s
                  else "– | – | –")
        at_latency = f"{s['google_sync_s']:.2f} s" if "google_sync_s" in s else "–"
        lines.append(f"| {s['rows']:,} | {google} | {s['local_validate_s']:.2f} s | {s['local_sync_s']:.2f} s "
                     f"| {s['local_sync_peak_mb']} MB | {s['local_sync_unchanged_s']:.2f} s "
                     f"| {s['cli_quiet_sync_s']:.2f} s | {s['cli_quiet_sync_peak_mb']} MB | {s['cli_sync_s']:.2f} s "
                     f"| {at_latency} |")
    letters = report["letters"]
    lines += ["", f"{letters['count']} letters: {letters['local_per_s']} letters/s rendered to local .docx; "
              f"to Google at {letters['latency_s'] * 1000:.0f} ms/request: {letters['google_serial_s']} s one at a time, "
              f"{letters['google_concurrent_s']} s {letters['concurrency']} at a time "
              f"({letters['ratio']:.2f} of the serial time)"]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000,50000", help="registry rows per workbook, comma-separated")
    parser.add_argument("--json", action="store_true", help="print one JSON document instead of the table")
    parser.add_argument("--child", nargs=2, metavar=("COMMAND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    say = (lambda message: None) if args.json else (lambda message: print(message, file=sys.stderr))
    report = measure([int(s) for s in args.sizes.split(",")], say)
    print(json.dumps(report, indent=2) if args.json else table(report))


if __name__ == "__main__":
    main()
