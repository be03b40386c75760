"""Password hashing with argon2 and the rules a new password must meet."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from lobby.vntext import nfc

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent.parent / "assets" / "common-passwords.txt"

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    """Return an argon2id hash of ``password`` (salted; parameters in the hash itself)."""
    return _hasher.hash(nfc(password))


def verify_password(password_hash: str, password: str) -> bool:
    """Return True if ``password`` matches ``password_hash``."""
    try:
        return _hasher.verify(password_hash, nfc(password))
    except (VerificationError, InvalidHashError):
        return False


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


def password_problem(password: str, confirm: str) -> str | None:
    """Return why a new password is refused (in Vietnamese), or None if it is acceptable."""
    text = nfc(password)
    if len(text) > MAX_PASSWORD_LENGTH:
        return f"Mật khẩu quá dài (tối đa {MAX_PASSWORD_LENGTH} ký tự)."
    if not text.strip():
        return "Mật khẩu không được chỉ gồm dấu cách."
    if len(text) < MIN_PASSWORD_LENGTH:
        return f"Mật khẩu phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự."
    if text.strip().casefold() in common_passwords():
        return "Mật khẩu này quá phổ biến, dễ bị đoán. Hãy chọn mật khẩu khác."
    if text != nfc(confirm):
        return "Hai lần nhập mật khẩu không khớp."
    return None
