"""Copy the recorded Google traffic that tests/test_google_fake.py replays into tests/data/google-recordings/,
keeping only what the test reads: the Sheets values requests (method, address, body) with their answers (status,
body), and the spreadsheets.batchUpdate requests that add or rename tabs.

The recordings come from gspread's own test suite (see google-recordings/README.md); they hold a lot more
(Drive calls, every header) that the test never looks at. Run this again to add a cassette:

    python tests/data/trim_google_recordings.py PATH/TO/google-recordings
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

OUT = Path(__file__).resolve().parent / "google-recordings"
CASSETTES = ["SpreadsheetTest.test_values_get", "SpreadsheetTest.test_values_batch_get",
             "WorksheetTest.test_append_row", "WorksheetTest.test_batch_get", "WorksheetTest.test_batch_update",
             "WorksheetTest.test_update_and_get", "WorksheetTest.test_update_cell_unicode",
             "WorksheetTest.test_update_cell_multiline", "WorksheetTest.test_get_all_values",
             "WorksheetTest.test_get_all_values_title_is_a1_notation", "WorksheetTest.test_update_cells_noncontiguous"]


def trimmed(cassette: dict) -> dict:
    kept = []
    for interaction in cassette["interactions"]:
        request, response = interaction["request"], interaction["response"]
        path = urlsplit(request["uri"]).path
        if not path.startswith("/v4/spreadsheets/"):
            continue  # Drive: making and deleting the spreadsheet
        answer = {}
        if "/values" in path:
            answer = {"status": {"code": response["status"]["code"]}, "body": {"string": response["body"]["string"]}}
        elif not path.endswith(":batchUpdate"):
            continue  # the spreadsheet's metadata
        kept.append({"request": {"method": request["method"], "uri": request["uri"], "body": request["body"]},
                     "response": answer})
    return {"interactions": kept}


def main(source: Path) -> None:
    OUT.mkdir(exist_ok=True)
    for name in CASSETTES:
        data = json.loads((source / f"{name}.json").read_text(encoding="utf-8"))
        (OUT / f"{name}.json").write_text(json.dumps(trimmed(data), ensure_ascii=False, indent=1) + "\n",
                                          encoding="utf-8")
        print(f"wrote {OUT / name}.json")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
