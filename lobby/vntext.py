"""Vietnamese text helpers: NFC normalisation and ASCII transliteration."""

from __future__ import annotations

import unicodedata

# đ/Đ have no canonical decomposition, so NFD leaves them alone: map them by hand.
_NON_DECOMPOSING = str.maketrans({"đ": "d", "Đ": "D"})

# Vietnamese letters: the vowels with all five tones (and none), plus đ.
_BASE_VOWELS = "aăâeêioôơuưy"
_TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]  # none, huyền, sắc, hỏi, ngã, nặng


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC, the one form the software stores and compares."""
    return unicodedata.normalize("NFC", text)


def to_ascii(text: str) -> str:
    """Transliterate Vietnamese to plain ASCII letters: "Biết lỗi" -> "Biet loi".

    Characters that have no ASCII form after removing diacritics are replaced by "?".
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_NON_DECOMPOSING))
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", kept).encode("ascii", "replace").decode("ascii")


def vietnamese_letters() -> list[str]:
    """Return every Vietnamese letter (all vowels with all tones, and đ), both cases, NFC."""
    letters: list[str] = []
    for vowel in _BASE_VOWELS:
        for tone in _TONES:
            lower = nfc(unicodedata.normalize("NFD", vowel) + tone)
            letters.extend([lower, lower.upper()])
    letters.extend(["đ", "Đ"])
    return letters


MAX_SIGN_TEXT = 500


def clean_sign_text(text: str, max_length: int = MAX_SIGN_TEXT) -> str:
    """Return sign text in NFC on one line; ValueError (in Vietnamese) if unusable."""
    text = nfc(text).replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("\t", " ")
    text = " ".join(text.split())
    if not text:
        raise ValueError("Nội dung thông điệp không được để trống.")
    if len(text) > max_length:
        raise ValueError(f"Nội dung dài {len(text)} ký tự; tối đa {max_length} ký tự.")
    bad = sorted({ch for ch in text if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co")})
    if bad:
        codes = ", ".join(f"U+{ord(ch):04X}" for ch in bad)
        raise ValueError(
            f"Nội dung có ký tự điều khiển không hiển thị được ({codes}); hãy xoá chúng."
        )
    return text
