"""The registry as a ledger (pure): reservation marks, and how runs that reserved at once settle, alike."""

import datetime as dt

from kmsheets.ledger import Taken, abandoned, parse_reservation, reservation_mark, settle
from kmsheets.model import Reservation

NOW = dt.datetime(2026, 11, 27, 8, 30, tzinfo=dt.timezone.utc)


def rows(*spec):
    """('run', 'KEY', serial) per row, in registry order, below seven rows of earlier letters."""
    earlier = [Taken(n + 1, f"OLD{n}", n, 2569, "") for n in range(1, 8)]
    return earlier + [Taken(8 + i, key, serial, 2569, run) for i, (run, key, serial) in enumerate(spec)]


def outcome(registry, run, keys, first=None):
    """What `run` does about its rows; it planned them from `first` (by default, its lowest row's number)."""
    first = first or min(row.serial for row in registry if row.run == run)
    found = settle(registry, run, keys, 2569, "นศ", thai_digits=False, first=first)
    return sorted(found.lost), {k: int(v.rsplit("/", 1)[1]) for k, v in found.renumbered.items()}


def test_a_mark_is_read_back_and_says_whose_it_is():
    mine = Reservation("a1b2c3d4", "9f3e", NOW)
    mark = reservation_mark(mine, "จองเลขแล้ว กำลังทำเอกสาร")
    assert mark == "⏳ จองเลขแล้ว กำลังทำเอกสาร (a1b2c3d4@9f3e 2026-11-27T08:30Z)"
    assert parse_reservation(mark) == mine and parse_reservation(f"  {mark} ") == mine
    assert parse_reservation("https://docs.google.com/document/d/x/edit") is None
    assert parse_reservation("⏳ กำลังทำ") is None


def test_who_finishes_a_reservation_left_behind():
    this = Reservation("00000001", "aaaa", NOW)
    elsewhere = Reservation("00000002", "bbbb", NOW - dt.timedelta(minutes=5))
    assert not abandoned(this, this, exclusive=True)  # never one's own
    assert abandoned(elsewhere, this, exclusive=True)  # a local file under this run's lock
    assert not abandoned(elsewhere, this, exclusive=False)  # a shared sheet: maybe still at work
    assert abandoned(Reservation("00000003", "aaaa", NOW), this, exclusive=False)  # this computer: it stopped
    assert abandoned(Reservation("00000002", "bbbb", NOW - dt.timedelta(minutes=15)), this, exclusive=False)


def test_alone_nothing_moves():
    registry = rows(("A", "K1", 8), ("A", "K2", 9))
    assert outcome(registry, "A", ["K1", "K2"]) == ([], {})


def test_the_lower_block_gives_up_the_keys_the_upper_one_took():
    registry = rows(("A", "K1", 8), ("A", "K2", 9), ("B", "K1", 8), ("B", "K2", 9))
    assert outcome(registry, "A", ["K1", "K2"]) == ([], {})
    assert outcome(registry, "B", ["K1", "K2"]) == (["K1", "K2"], {})


def test_different_letters_the_lower_block_numbers_on_after_the_upper():
    registry = rows(("B", "K3", 8), ("A", "K1", 8), ("A", "K2", 9))
    assert outcome(registry, "B", ["K3"]) == ([], {})
    assert outcome(registry, "A", ["K1", "K2"]) == ([], {"K1": 9, "K2": 10})


def test_a_run_that_lost_some_letters_closes_the_gap_they_leave():
    """A planned K1..K4 (8..11), B planned K3 (8) and went in first: A gives up K3 and numbers K1, K2, K4
    9, 10, 11 around B's 8, so the year has 8..11 once each."""
    registry = rows(("B", "K3", 8), ("A", "K1", 8), ("A", "K2", 9), ("A", "K3", 10), ("A", "K4", 11))
    lost, renumbered = outcome(registry, "A", ["K1", "K2", "K3", "K4"])
    assert lost == ["K3"] and renumbered == {"K1": 9, "K2": 10}  # K4 keeps its 11


def test_other_years_and_undated_rows():
    registry = [Taken(2, "OLD", 8, 2568, ""), Taken(3, "UNDATED", 9, None, ""), Taken(4, "K1", 8, 2569, "A")]
    assert outcome(registry, "A", ["K1"]) == ([], {})  # 2568's /8 is another year's
    registry.append(Taken(5, "K2", 9, 2569, "A"))
    assert outcome(registry, "A", ["K1", "K2"]) == ([], {"K2": 10})  # an undated /9 may be this year's


def test_keys_are_matched_as_people_mistype_them():
    registry = rows(("", "A01/AG01", 8), ("A", "A01/AG01", 9))
    assert outcome(registry, "A", ["a01/ag01"]) == (["a01/ag01"], {})


def test_a_planned_letter_never_appended_leaves_no_gap():
    """The run planned K1 (/8) and K2 (/9); K1's key was in the registry by then, so only K2 went in: it moves
    down to /8."""
    registry = rows(("", "K1", 20), ("A", "K2", 9))
    assert outcome(registry, "A", ["K1", "K2"], first=8) == (["K1"], {"K2": 8})
