"""The catalogue: every sentence in both languages, with the same placeholders, each in its own language only."""

from __future__ import annotations

import datetime as dt
import string

import pytest

from kmsheets.messages import CATALOGUE, say
from languages import english_in_thai, thai_in_english


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_sentence_is_in_both_languages_with_the_same_placeholders(key):
    entry = CATALOGUE[key]
    assert isinstance(entry, tuple) and len(entry) == 2 and all(isinstance(text, str) for text in entry)
    thai, english = entry
    assert thai.strip() and english.strip()
    # English alone adds the plural ending of a number it names: {days_s} after {days}
    plurals = {name for name in placeholders(english) - placeholders(thai)
               if name.endswith("_s") and name[:-2] in placeholders(english)}
    assert placeholders(thai) == placeholders(english) - plurals


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_a_thai_sentence_has_no_english_and_an_english_one_no_thai(key):
    thai, english = CATALOGUE[key]
    assert english_in_thai(thai) == [], thai
    assert thai_in_english(english) == [], english


def test_the_checks_find_a_sentence_of_the_other_language_and_let_values_be():
    assert english_in_thai("✗ ไฟล์ตั้งค่า: no config file at /tmp/x.toml") == ["no", "config", "file", "at"]
    assert english_in_thai("แท็บ 'activities' ไม่มีคอลัมน์ 'วันที่' (Date)") == ["Date"]
    assert english_in_thai("ตั้ง [google] drive_scope = \"drive\" แล้วรัน kmsheets letters --dry-run ดู config.toml") \
        == []
    assert english_in_thai("Google answered 404 ไม่พบ", values=["Google answered 404"]) == []
    assert thai_in_english("endorsed 20 พ.ย. 69") == ["พ", "ย"]
    assert thai_in_english("the agency's tab 'กำหนดการ' and the coordinator's") == []


def test_english_notes_say_english_dates_and_the_right_plurals():
    day = dt.date(2026, 11, 20)
    assert say("en", "note_endorsed", date=day) == "endorsed 20 Nov 2026"
    assert say("th", "note_endorsed", date=day) == "เกษียนแล้ว ๒๐ พ.ย. ๖๙"
    one = say("en", "note_due_soon", date=day, days=1, head="Mayor", phone="075-1")
    many = say("en", "note_due_soon", date=day, days=3, head="Mayor", phone="075-1")
    assert "(1 day left)" in one and "(3 days left)" in many and "20 Nov 2026" in one
    assert say("en", "note_overdue", days=1, head="Mayor", phone="") == "endorsement 1 day late: phone the Mayor "
    assert say("th", "note_overdue", days=3, head="นายก", phone="") == "เลยกำหนดเกษียน ๓ วัน: โทรติดตาม นายก "
