"""Characters a 7-bit board cannot draw: nearest ASCII, transliteration, and what stays "?"."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from lobby.vntext import vietnamese_letters
from signage.charmap import to_board_ascii, unsupported_chars


def test_office_typography_maps_to_nearest_ascii():
    text = "Giờ làm việc – 7:30—17:00 “đúng giờ” ‘nhé’… 25° 10.000₫"
    assert to_board_ascii(text) == ("Gio lam viec - 7:30-17:00 \"dung gio\" 'nhe'... 25 do 10.000d")


def test_every_vietnamese_letter_is_transliterated_with_nothing_left_as_question_mark():
    letters = "".join(vietnamese_letters())
    assert unsupported_chars(letters) == []
    assert to_board_ascii(letters).isalpha() and to_board_ascii(letters).isascii()


def test_decomposed_input_gives_the_same_result():
    text = "Biết lỗi, sửa lỗi"
    assert to_board_ascii(unicodedata.normalize("NFD", text)) == "Biet loi, sua loi"


def test_unsupported_characters_are_listed_once_in_order():
    assert unsupported_chars("Xin chào 😀 ☎ 😀 ?") == ["😀", "☎"]
    assert to_board_ascii("a😀b") == "a?b"


def test_control_characters_become_spaces():
    assert to_board_ascii("a\x02b\x1bc\x7f") == "a b c "


@given(st.text())
def test_output_is_always_printable_ascii(text):
    out = to_board_ascii(text)
    assert all(0x20 <= ord(ch) < 0x7F for ch in out)
