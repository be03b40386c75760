"""Telex typing for the on-screen keyboard: "aa"→"â", "dd"→"đ", s f r x j for tones, z removes.

Pure text in, text out (NFC). Tones go on the vowel modern spelling puts them on ("hoà", "thuý",
"người", "toán"); a second press of the same modifier undoes it and types the letter.
"""

from __future__ import annotations

import unicodedata

TONE_KEYS = {"s": "\u0301", "f": "\u0300", "r": "\u0309", "x": "\u0303", "j": "\u0323"}
_TONE_MARKS = frozenset(TONE_KEYS.values())
_CIRCUMFLEX = {"a": "â", "e": "ê", "o": "ô"}
_HOOK = {"a": "ă", "o": "ơ", "u": "ư"}
_PLAIN = {v: k for k, v in (_CIRCUMFLEX | _HOOK).items()}
_VOWELS = frozenset("aăâeêioôơuưy")
_MARKED = frozenset("ăâêôơư")


def split(ch: str) -> tuple[str, str]:
    """Return (base letter without tone, tone mark or "") for one character."""
    nfd = unicodedata.normalize("NFD", ch)
    tone = next((m for m in nfd if m in _TONE_MARKS), "")
    base = unicodedata.normalize("NFC", "".join(m for m in nfd if m not in _TONE_MARKS))
    return base, tone


def join(base: str, tone: str) -> str:
    """Return ``base`` carrying ``tone`` (NFC)."""
    return unicodedata.normalize("NFC", base + tone)


def _word_start(text: str) -> int:
    i = len(text)
    while i > 0 and text[i - 1].isalpha():
        i -= 1
    return i


def _vowel_span(word: list[str]) -> tuple[int, int] | None:
    """Return [start, end) of the word's vowel nucleus, skipping the u of "qu" and i of "gi"."""
    lower = [split(ch)[0].lower() for ch in word]
    idx = [i for i, b in enumerate(lower) if b in _VOWELS]
    if not idx:
        return None
    start, end = idx[0], idx[0] + 1
    while end < len(lower) and lower[end] in _VOWELS:
        end += 1
    if end - start > 1 and start > 0:
        before = lower[start - 1]
        if (before == "q" and lower[start] == "u") or (before == "g" and lower[start] == "i"):
            start += 1
    return start, end


def tone_position(word: list[str]) -> int | None:
    """Return the index of the letter that carries the tone in ``word``, or None (no vowel)."""
    span = _vowel_span(word)
    if span is None:
        return None
    start, end = span
    lower = [split(ch)[0].lower() for ch in word]
    nucleus = lower[start:end]
    marked = [i for i, b in enumerate(nucleus) if b in _MARKED]
    if marked:
        # "ươ": the tone goes on ơ; otherwise on the (last) letter with a mark.
        return start + marked[-1]
    if len(nucleus) == 1:
        return start
    closed = end < len(word)
    if closed or len(nucleus) == 3:
        return start + (len(nucleus) - 1 if closed else 1)
    if "".join(nucleus) in ("oa", "oe", "uy"):
        return start + 1
    return start


def _retone(word: list[str], tone: str) -> list[str] | None:
    where = tone_position(word)
    if where is None:
        return None
    word = [join(split(ch)[0], "") if split(ch)[1] else ch for ch in word]
    base = word[where]
    word[where] = join(base, tone)
    return word


def _current_tone(word: list[str]) -> str:
    return next((t for t in (split(ch)[1] for ch in word) if t), "")


def _same_case(model: str, letter: str) -> str:
    return letter.upper() if model.isupper() else letter


def type_key(text: str, key: str) -> str:
    """Return ``text`` after typing ``key`` (one character) with Telex rules."""
    start = _word_start(text)
    head, word = text[:start], list(text[start:])
    low = key.lower()
    if not word or not key.isalpha():
        return unicodedata.normalize("NFC", text + key)
    tone = _current_tone(word)
    if low in TONE_KEYS and tone_position(word) is not None:
        if tone == TONE_KEYS[low]:
            return head + "".join(_retone(word, "") or word) + key
        return head + "".join(_retone(word, TONE_KEYS[low]) or word)
    if low == "z" and tone:
        return head + "".join(_retone(word, "") or word)
    if low == "d":
        if word[-1] in "dD" and len(word) == 1:
            return head + _same_case(word[-1], "đ")
        if word[-1] in "đĐ" and len(word) == 1:
            return head + word[-1].translate(str.maketrans("đĐ", "dD")) + key
    lower = [split(ch)[0].lower() for ch in word]
    if low in _CIRCUMFLEX:
        for i in range(len(word) - 1, -1, -1):
            if lower[i] == low:
                word[i] = _same_case(word[i], join(_CIRCUMFLEX[low], split(word[i])[1]))
                return head + "".join(_retone(word, tone) if tone else word)
            if lower[i] == _CIRCUMFLEX[low]:
                word[i] = _same_case(word[i], join(low, split(word[i])[1]))
                return head + "".join(word) + key
    if low == "w":
        changed = False
        joined = "".join(lower)
        at = joined.rfind("uo")
        if at >= 0 and (at == 0 or lower[at - 1] != "q"):
            for i in (at, at + 1):
                word[i] = _same_case(word[i], join(_HOOK[lower[i]], split(word[i])[1]))
            changed = True
        else:
            for i in range(len(word) - 1, -1, -1):
                if lower[i] in _HOOK:
                    word[i] = _same_case(word[i], join(_HOOK[lower[i]], split(word[i])[1]))
                    changed = True
                    break
                if lower[i] in _PLAIN and _PLAIN[lower[i]] in _HOOK:
                    word[i] = _same_case(word[i], join(_PLAIN[lower[i]], split(word[i])[1]))
                    return head + "".join(word) + key
        if changed:
            return head + "".join(_retone(word, tone) if tone else word)
    typed = word + [key]
    if tone:
        retoned = _retone(typed, tone)
        typed = retoned if retoned else typed
    return unicodedata.normalize("NFC", head + "".join(typed))


def set_tone(text: str, key: str) -> str:
    """Put the tone of Telex key ``key`` (s f r x j, or z for none) on the last word of ``text``."""
    start = _word_start(text)
    word = list(text[start:])
    retoned = _retone(word, TONE_KEYS.get(key.lower(), "")) if word else None
    return text if retoned is None else text[:start] + "".join(retoned)


def telex(keys: str) -> str:
    """Return what typing ``keys`` one by one produces (for tests and examples)."""
    text = ""
    for key in keys:
        text = type_key(text, key)
    return text
