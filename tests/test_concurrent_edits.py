"""People edit the sheet while `sync` runs: flags stay on their own rows, and nothing of theirs is touched.

An edit lands either before sync's re-read of the ids (then every flag must land on its own row at once) or
in the last instant between that re-read and the write (then a flag may land on another row, but only in the
flag and note columns, and the next sync puts every flag back).
"""

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kmsheets.errors import SheetError
from kmsheets.sync import sync
from kmsheets.tables import column_letter, key_text
from test_sync import TODAY, grids

ACTIVITIES, LETTERS = "กำหนดการ", "ทะเบียนหนังสือส่ง"
OWN = ("การติดตาม", "หมายเหตุการติดตาม")  # the flag and note headers
FACTS = "ข้อมูลที่แจ้งในหนังสือ"  # and, in the registry, what each letter said: kmsheets' only columns
NEW_ROWS = itertools.count()
OPTIONAL = {ACTIVITIES: ("สถานที่", "ตำบล"), LETTERS: ("เรื่อง", "เอกสาร")}


def apply(fake, key, edit):
    """One person's edit of a tab, as the Sheets UI would make it."""
    kind, tab, seed = edit
    grid = fake.tab_values(key, tab)
    header, rows = grid[0], len(grid) - 1
    at = 2 + seed % max(rows, 1)  # a data row
    if kind == "insert above":
        row = list(grid[at - 1]) if rows else []
        made = next(NEW_ROWS)  # a new id each time: a repeated id is an error people fix, not a flag to place
        row[0] = f"A9{made:04}" if tab == ACTIVITIES else f"A{2 * (made % 6) + 1:05}/AG01"
        if tab == LETTERS:
            row[1] = f"นศ/{900 + made}"
        fake.insert_rows(key, tab, at, [row])
    elif kind == "delete a row" and rows > 1:
        fake.delete_rows(key, tab, at)
    elif kind == "sort":
        fake.sort_rows(key, tab, seed % 3, reverse=bool(seed % 2))
    elif kind == "rename a header" and OPTIONAL[tab][seed % 2] in header:
        column = header.index(OPTIONAL[tab][seed % 2])
        fake.set_values(key, tab, f"{column_letter(column)}1", [[f"{header[column]} (แก้)"]])
    elif kind == "flag by hand":
        fake.set_values(key, tab, f"{column_letter(header.index(OWN[0]))}{at}", [["ตามแล้ว"]])
    elif kind == "clear the endorsed date" and tab == LETTERS:
        fake.set_values(key, tab, f"{column_letter(header.index('วันที่เกษียน'))}{at}", [[""]])


def own_columns(fake, key, tab):
    header = fake.tab_values(key, tab)[0]
    return {header.index(text) for text in (*OWN, FACTS) if text in header}


def others(grid, own):
    """Every cell people own, by (row, column)."""
    return {(r, c): v for r, row in enumerate(grid) for c, v in enumerate(row) if c not in own and v not in ("", None)}


edits = st.lists(st.tuples(
    st.tuples(st.sampled_from(["insert above", "delete a row", "sort", "rename a header", "flag by hand",
                               "clear the endorsed date"]),
              st.sampled_from([ACTIVITIES, LETTERS]), st.integers(0, 10**6)),
    st.sampled_from(["before the re-read", "in the last instant"])), min_size=1, max_size=4)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits)
def test_random_edits_during_sync_never_touch_other_cells_and_flags_find_their_rows(google_fake, config_for,
                                                                                    google_backend, plan):
    fake = google_fake
    fake.clear_hooks()
    global NEW_ROWS
    NEW_ROWS = itertools.count()
    key = fake.create_spreadsheet("KM", grids(12))
    config = config_for(key)
    own = {tab: own_columns(fake, key, tab) for tab in (ACTIVITIES, LETTERS)}
    seen = {"reads": 0, "before write": None}

    def hook(request):
        if request.kind == "values.batchGet":
            seen["reads"] += 1
            if seen["reads"] == 2:  # the re-read of the ids is arriving
                for edit, when in plan:
                    if when == "before the re-read":
                        apply(fake, key, edit)
        if request.kind == "values.batchUpdate":
            for edit, when in plan:
                if when == "in the last instant":
                    apply(fake, key, edit)
            seen["before write"] = {tab: fake.tab_values(key, tab) for tab in own}

    fake.on_request(hook)
    result = sync(config, today=TODAY, backend=google_backend(key))
    fake.clear_hooks()
    if seen["before write"] is None:
        return  # nothing to write
    after = {tab: fake.tab_values(key, tab) for tab in own}
    for tab in own:  # never a cell outside kmsheets' own columns
        assert others(after[tab], own[tab]) == others(seen["before write"][tab], own[tab])

    if all(when == "before the re-read" for _, when in plan):  # every flag on its own row at once
        skipped = {(s.write.tab, s.write.key, s.write.field) for s in result.skipped}
        written = {(c.tab, key_text(c.key), c.field): c.text(config.language) for c in result.changes
                   if (c.tab, c.key, c.field) not in skipped}
        for name, tab in (("activities", ACTIVITIES), ("letters", LETTERS)):
            header, before = after[tab][0], seen["before write"][tab]
            for number, row in enumerate(after[tab][1:], start=1):
                for field, text in zip(("flag", "note"), OWN):
                    column = header.index(text)
                    value = row[column] if column < len(row) else ""
                    expected = written.get((name, key_text(row[0]), field))
                    was = before[number][column] if column < len(before[number]) else ""
                    assert value == (was if expected is None else expected), (tab, number, field)

    sync(config, today=TODAY, backend=google_backend(key))  # the next run puts every flag back
    assert sync(config, today=TODAY, dry_run=True, backend=google_backend(key)).changes == []


def test_renaming_the_flag_header_mid_run_writes_nothing_and_says_which_column(google_fake, config_for,
                                                                               google_backend):
    key = google_fake.create_spreadsheet("KM", grids(6))
    config = config_for(key)
    before = google_fake.tab_values(key, ACTIVITIES)
    column = column_letter(before[0].index(OWN[0]))

    def rename(request):
        if request.kind == "values.batchGet" and google_fake.count("values.batchGet") == 2:
            google_fake.set_values(key, ACTIVITIES, f"{column}1", [["ติดตาม?"]])
    google_fake.on_request(rename)
    with pytest.raises(SheetError, match="การติดตาม"):
        sync(config, today=TODAY, backend=google_backend(key))
    assert google_fake.count("values.batchUpdate") == 0
    assert google_fake.tab_values(key, ACTIVITIES)[1:] == before[1:]
