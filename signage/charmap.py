"""What a 7-bit board can draw of a text: nearest ASCII punctuation, Vietnamese transliterated."""

from __future__ import annotations

import unicodedata

from lobby.vntext import nfc, to_ascii

# Typography people paste from word processors, and the symbols offices write on notices.
NEAREST_ASCII = {
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2012": "-",
    "\u2212": "-",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u2026": "...",
    "\u20ab": "d",  # đồng sign
    "\u00b0": " do",  # độ
    "\u00a0": " ",
    "\u2022": "*",
    "\u00d7": "x",
    "\u2192": "->",
}
_TABLE = str.maketrans(NEAREST_ASCII)


def to_board_ascii(text: str) -> str:
    """Return ``text`` as printable ASCII: nearest forms, transliteration, controls as spaces.

    What has no ASCII form becomes "?" (see ``unsupported_chars``).
    """
    ascii_text = to_ascii(nfc(text).translate(_TABLE))
    return "".join(" " if ord(ch) < 0x20 or ord(ch) == 0x7F else ch for ch in ascii_text)


def unsupported_chars(text: str) -> list[str]:
    """Return the distinct characters of ``text`` that would still show as "?" on an ASCII board."""
    out: list[str] = []
    for ch in nfc(text):
        if ch == "?" or ch in out:
            continue
        if "?" in to_board_ascii(ch) and not unicodedata.combining(ch):
            out.append(ch)
    return out
