"""Reading cells: the invisible characters an id or a blank row may hide."""

import sys
import unicodedata

from kmsheets.tables import FORMAT_CHARACTERS, key_text


def test_the_format_character_list_is_every_cf_character_this_python_knows():
    every = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    assert [ch for ch in every if not FORMAT_CHARACTERS.fullmatch(ch)] == []


def test_ids_match_whatever_hides_in_them():
    assert key_text(" A\u200b๐๑\ufeff ") == "A01"
    assert key_text("A01") == "A01"
