"""Telex typing for the on-screen keyboard: marks, tones on the right vowel, NFC, bounded."""

from __future__ import annotations

import unicodedata

import pytest

from kiosk.telex import set_tone, telex


@pytest.mark.parametrize(
    ("keys", "text"),
    [
        ("aa", "â"),
        ("aw", "ă"),
        ("ee", "ê"),
        ("oo", "ô"),
        ("ow", "ơ"),
        ("uw", "ư"),
        ("dd", "đ"),
        ("DDaau", "Đâu"),
        ("vieetj", "việt"),
        ("Vieetj Nam", "Việt Nam"),
        ("nguwowif", "người"),
        ("dduwowngf", "đường"),
        ("tieengs", "tiếng"),
        ("toans", "toán"),
        ("quys", "quý"),
        ("giaf", "già"),
        ("muaf", "mùa"),
        ("tuwj", "tự"),
        ("raats hafi longf", "rất hài lòng"),
        ("xin looxi", "xin lỗi"),
        ("casz", "ca"),
        ("cass", "cas"),
        ("caa", "câ"),
        ("caaa", "caa"),
        ("baaf", "bầ"),
        ("caf phee", "cà phê"),
    ],
)
def test_telex_keys_make_vietnamese(keys, text):
    assert telex(keys) == text
    assert unicodedata.is_normalized("NFC", telex(keys))


@pytest.mark.parametrize(
    ("keys", "modern", "old"), [("hoaf", "hoà", "hòa"), ("thuys", "thuý", "thúy")]
)
def test_tones_on_oa_and_uy_follow_either_placement(keys, modern, old):
    assert telex(keys) in (modern, old)


def test_the_tone_moves_when_the_word_grows():
    assert telex("hoas") in ("hoá", "hóa")
    assert telex("hoasn") == "hoán"
    assert telex("tuyeetj") == "tuyệt"


def test_the_tone_keys_of_the_screen_place_the_tone_too():
    assert set_tone("hoang", "f") == "hoàng"
    assert set_tone("Viet", "j") == "Viẹt"
    assert set_tone("cà", "z") == "ca"
    assert set_tone("", "s") == "" and set_tone("xyz ", "s") == "xyz "
