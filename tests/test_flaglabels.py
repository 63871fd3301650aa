"""Flag labels: the sheet's words for each flag code, in Thai and English, and every form read back."""

import pytest

from kmsheets.flaglabels import CODES, COLOURS, code_of, colour, forms, label

# The labels the brief fixes for Thai sheets, word for word
THAI = {"MISSED": "เลยวันกิจกรรม", "OVERDUE": "เลยกำหนดเกษียน", "CHANGED": "กำหนดการเปลี่ยน",
        "NO_LETTER": "ยังไม่มีหนังสือ", "DUE_SOON": "ใกล้กำหนดเกษียน", "UNSENT": "ยังไม่ส่งหนังสือ",
        "WAITING": "รอเกษียน", "ENDORSED": "เกษียนแล้ว", "CANCELLED": "ยกเลิก", "SUPERSEDED": "มีฉบับใหม่แทน"}


def test_the_thai_labels_are_the_agreed_ones():
    assert {code: label(code, "th") for code in CODES} == THAI


def test_english_labels_are_english_and_no_two_flags_share_a_label():
    english = [label(code, "en") for code in CODES]
    assert all(text.isascii() and text[0].isupper() for text in english)
    assert len(set(english)) == len(set(THAI.values())) == len(CODES)


@pytest.mark.parametrize("code", CODES)
def test_every_form_of_a_flag_reads_back_as_its_code(code):
    for text in forms(code):
        assert code_of(text) == code
        assert code_of(f"  {text.lower()}\u200b ") == code  # case, spaces and a zero-width space aside


def test_text_that_is_no_flag_stays_as_typed():
    assert code_of("") == "" and code_of(" โทรแล้ว ") == "โทรแล้ว"
    assert label("", "th") == "" and label("โทรแล้ว", "en") == "โทรแล้ว"


def test_each_flag_has_exactly_one_colour():
    assert sorted(code for codes in COLOURS.values() for code in codes) == sorted(CODES)
    assert colour("OVERDUE") == "red" and colour("NO_LETTER") == "amber" and colour("ENDORSED") == "green"
    assert colour("whatever") == ""
