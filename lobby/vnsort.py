"""Vietnamese collation: alphabet order (a ă â b c d đ ...), tones second; names by given name;
names with numbers in natural order ("Quầy 2" before "Quầy 10")."""

from __future__ import annotations

import re
import unicodedata

ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_RANK = {letter: i for i, letter in enumerate(ALPHABET)}
# Dictionary order of tones: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONE_RANK = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _letter(ch: str) -> tuple[int, int]:
    nfd = unicodedata.normalize("NFD", ch.lower())
    tone = next((m for m in nfd if m in _TONE_RANK), "")
    base = unicodedata.normalize("NFC", "".join(m for m in nfd if m not in _TONE_RANK))
    rank = _RANK.get(base)
    # Letters outside the Vietnamese alphabet (f, j, w, z, digits) sort after it, by code point.
    return (rank if rank is not None else len(ALPHABET) + ord(base[:1] or " ")), _TONE_RANK[tone]


def sort_key(text: str) -> tuple:
    """Return a key that orders words as a Vietnamese dictionary: letters first, then tones."""
    letters = [_letter(ch) for ch in unicodedata.normalize("NFC", text) if not ch.isspace()]
    return tuple(r for r, _ in letters), tuple(t for _, t in letters), text


_NUMBER = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple:
    """Return a key ordering names the Vietnamese way with their numbers by value, so that
    "Quầy 2" comes before "Quầy 10" and "Tổ 1A" before "Tổ 1B"."""
    parts = []
    for i, part in enumerate(_NUMBER.split(unicodedata.normalize("NFC", text))):
        if i % 2:
            parts.append((0, int(part), ()))
        elif part.strip():
            letters, tones, _ = sort_key(part)
            parts.append((1, letters, tones))
    return tuple(parts), text


def first_letter(name: str) -> str:
    """Return the letter of the Vietnamese alphabet a given name is filed under, upper case
    without its tone ("Ánh" -> "A", "Ân" -> "Â", "Đức" -> "Đ"); "" for a name without one."""
    for ch in unicodedata.normalize("NFC", name.strip()):
        if ch.isspace():
            continue
        nfd = unicodedata.normalize("NFD", ch.upper())
        base = "".join(m for m in nfd if m not in _TONE_RANK)
        return unicodedata.normalize("NFC", base)
    return ""


def given_name(full_name: str) -> str:
    """Return the given name (the last word) of a Vietnamese full name."""
    words = full_name.split()
    return words[-1] if words else ""


def name_key(full_name: str) -> tuple:
    """Return a key ordering full names by given name, then middle names, then family name."""
    words = full_name.split()
    if not words:
        return ((), (), (), full_name)
    given = sort_key(words[-1])[:2]
    middle = tuple(sort_key(w)[:2] for w in words[1:-1])
    family = sort_key(words[0])[:2] if len(words) > 1 else ()
    return given, middle, family, full_name
