"""Password hashing with argon2 and the rules a new password must meet."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context

from admin_web.context import EXTENSION
from lobby.vntext import nfc, to_ascii

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256
# zxcvbn's score (0-4) a new password must reach: 3 is "safely unguessable" for an online attack.
MIN_STRENGTH_SCORE = 3
# Words everybody in a Vietnamese office tries first; guessed like the user's and office's names.
OFFICE_WORDS = (
    "matkhau",
    "mật khẩu",
    "admin",
    "administrator",
    "quantri",
    "quản trị",
    "quantrivien",
    "congso",
    "công sở",
    "sonoivu",
    "sở nội vụ",
    "ubnd",
    "uybannhandan",
    "tiepdan",
    "tiếp dân",
    "motcua",
    "một cửa",
    "canbo",
    "cán bộ",
    "danhgia",
    "hailong",
    "phuong",
    "huyen",
    "tinh",
    "vietnam",
    "hanoi",
    "hochiminh",
)
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent.parent / "assets" / "common-passwords.txt"

_hasher = PasswordHasher()
# Each argon2 computation holds 64 MiB while it runs: at most this many at once, so a burst of
# logins cannot take the server's memory; the others wait up to HASH_WAIT_SECONDS for a turn.
HASH_SLOTS = 2
HASH_WAIT_SECONDS = 10.0
_slots = threading.BoundedSemaphore(HASH_SLOTS)
# A hash of a random text no one knows, with the current parameters: a login with an unknown
# name is checked against it, so it takes as long as a wrong password and no hash is made.
DUMMY_HASH = (
    "$argon2id$v=19$m=65536,t=3,p=4$Stcm2FqOipkj0lIkYyXxBw"
    "$u9N0wqGf1zg0UoY22M3JmHzR2NA1455wObXK0VDXQ6o"
)
BUSY_MESSAGE = "Máy chủ đang bận kiểm tra các lần đăng nhập khác. Hãy đợi vài giây rồi thử lại."


class HashingBusy(RuntimeError):
    """No turn to compute a password hash came in time; the message (Vietnamese) says so."""


@contextmanager
def _hashing_turn() -> Iterator[None]:
    if not _slots.acquire(timeout=HASH_WAIT_SECONDS):
        raise HashingBusy(BUSY_MESSAGE)
    try:
        yield
    finally:
        _slots.release()


def hash_password(password: str) -> str:
    """Return an argon2id hash of ``password`` (salted; parameters in the hash itself)."""
    with _hashing_turn():
        return _hasher.hash(nfc(password))


def verify_password(password_hash: str, password: str) -> bool:
    """Return True if ``password`` matches ``password_hash`` (HashingBusy if no turn came)."""
    with _hashing_turn():
        try:
            return _hasher.verify(password_hash, nfc(password))
        except (VerificationError, InvalidHashError):
            return False


def verify_dummy(password: str) -> None:
    """Spend the time of one real check on ``password``, for a name that has no account."""
    verify_password(DUMMY_HASH, password)


def needs_rehash(password_hash: str) -> bool:
    """Return True if the hash was made with weaker parameters than the current ones."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """Return the shipped list of common passwords (NFC, case-folded)."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(
        nfc(line).strip().casefold() for line in lines if line.strip() and not line.startswith("#")
    )


def _guessable_words(context: Iterable[str]) -> list[str]:
    """Return the words an attacker would try: each given text and its words, with and without
    Vietnamese marks, with and without spaces, plus the office words."""
    words: set[str] = set()
    for raw in (*context, *OFFICE_WORDS):
        text = nfc(raw or "").strip().casefold()
        for form in (text, to_ascii(text)):
            if form:
                words.update((form, form.replace(" ", "")))
                words.update(part for part in form.split() if len(part) >= 3)
    return sorted(words)


def _weakness(match: dict) -> str:
    """Return, in Vietnamese, what makes one part of a password easy to guess."""
    token, pattern = match.get("token", ""), match.get("pattern")
    if pattern == "dictionary" and match.get("dictionary_name") == "user_inputs":
        return f"có “{token}”: tên đăng nhập, tên cơ quan hoặc một từ quen thuộc ở công sở"
    if pattern == "dictionary" and match.get("dictionary_name") == "passwords":
        return f"có “{token}”, một mật khẩu phổ biến"
    if pattern == "dictionary":
        return f"có từ dễ đoán “{token}”"
    if pattern == "repeat":
        return f"lặp lại ký tự hoặc cụm ký tự (“{token}”)"
    if pattern == "sequence":
        return f"có dãy ký tự liên tiếp (“{token}”)"
    if pattern == "spatial":
        return f"có các phím liền nhau trên bàn phím (“{token}”)"
    if pattern in ("date", "regex"):
        return f"có ngày tháng hoặc năm (“{token}”)"
    return "quá ngắn so với độ phức tạp"


def strength_problem(password: str, context: Iterable[str] = ()) -> str | None:
    """Return why ``password`` is too easy to guess (Vietnamese), judged by zxcvbn with the
    user's and the office's names as ``context``; None if it is strong enough."""
    from zxcvbn import zxcvbn  # 13 MB of word lists: loaded when a password is first judged

    text = nfc(password)
    result = zxcvbn(text[:100], user_inputs=_guessable_words(context))
    own = [m for m in result["sequence"] if m.get("dictionary_name") == "user_inputs"]
    # Also refused: half or more of it is the user's or office's name (zxcvbn alone lets
    # "Sonoivu2026!!" pass as score 3).
    built_on_names = 2 * sum(len(m["token"]) for m in own) >= len(text)
    if result["score"] >= MIN_STRENGTH_SCORE and not built_on_names:
        return None
    guessable = [m for m in result["sequence"] if m.get("pattern") != "bruteforce"]
    reasons = [_weakness(m) for m in sorted(guessable, key=lambda m: -len(m.get("token", "")))]
    why = "; ".join(dict.fromkeys(reasons[:2])) or _weakness({})
    return (
        f"Mật khẩu quá dễ đoán: {why}. Hãy dùng một câu dài gồm vài từ không liên quan đến"
        " nhau và đến cơ quan, ví dụ “mèo-vàng-ăn-phở-lúc-9-giờ”."
    )


def office_names() -> tuple[str, ...]:
    """Return the office's names when called inside the admin web (else none), as password
    context."""
    if not has_app_context():
        return ()
    state = current_app.extensions.get(EXTENSION)
    if state is None:
        return ()
    return (state.settings.office.name, state.settings.office.parent)


def password_problem(password: str, confirm: str, context: Iterable[str] = ()) -> str | None:
    """Return why a new password is refused (in Vietnamese), or None if it is acceptable;
    ``context``: the user name and the office's names, which it must not be built on."""
    text = nfc(password)
    if len(text) > MAX_PASSWORD_LENGTH:
        return f"Mật khẩu quá dài (tối đa {MAX_PASSWORD_LENGTH} ký tự)."
    if not text.strip():
        return "Mật khẩu không được chỉ gồm dấu cách."
    if len(text) < MIN_PASSWORD_LENGTH:
        return f"Mật khẩu phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự."
    if text.strip().casefold() in common_passwords():
        return "Mật khẩu này quá phổ biến, dễ bị đoán. Hãy chọn mật khẩu khác."
    weak = strength_problem(text, context)
    if weak:
        return weak
    if text != nfc(confirm):
        return "Hai lần nhập mật khẩu không khớp."
    return None
