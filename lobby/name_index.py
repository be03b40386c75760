"""Keys stored beside an official's name so the database can search and order the admin's lists.

``search_text`` is the name, code and title without Vietnamese marks, lower case: "Nguyễn Văn
Bình" is found by "binh", "Bình" or "BINH". ``sort_key`` is :func:`lobby.vnsort.name_key` written
as digits, so that ORDER BY on it gives the Vietnamese order by given name on any database and
any collation (strings of digits compare the same way everywhere).
"""

from __future__ import annotations

from lobby.vnsort import sort_key
from lobby.vntext import nfc, to_ascii

SEARCH_TEXT_LENGTH = 600
SORT_KEY_LENGTH = 600


def search_text(*parts: str | None) -> str:
    """Return the text a search without marks is matched against ("nguyen van binh cb01")."""
    joined = " ".join(nfc(p or "") for p in parts)
    return " ".join(fold(joined).split())[:SEARCH_TEXT_LENGTH]


def fold(text: str) -> str:
    """Return ``text`` without Vietnamese marks, lower case (a search term or stored text)."""
    return to_ascii(nfc(text)).casefold()


def _word(word: str) -> str:
    letters, tones, _ = sort_key(word)
    # Three digits a letter (0 marks the end of the word, so "An" comes before "Anh"),
    # then one digit a tone, the same count as the letters.
    return "".join(f"{min(r + 1, 999):03d}" for r in letters) + "000" + "".join(map(str, tones))


def name_sort_key(full_name: str) -> str:
    """Return the digits ordering full names by given name, then middle names, then family name
    (the order of :func:`lobby.vnsort.name_key`)."""
    words = nfc(full_name).split()
    if not words:
        return ""
    given = _word(words[-1])
    middle = "".join("1" + _word(w) for w in words[1:-1]) + "0"
    family = _word(words[0]) if len(words) > 1 else ""
    return (given + middle + family)[:SORT_KEY_LENGTH]
