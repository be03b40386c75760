"""Password hashing with argon2 and the rules a new password must meet."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from lobby.vntext import nfc

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024

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


def password_problem(password: str, confirm: str) -> str | None:
    """Return why a new password is refused (in Vietnamese), or None if it is acceptable."""
    if len(nfc(password)) < MIN_PASSWORD_LENGTH:
        return f"Mật khẩu phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự."
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Mật khẩu quá dài (tối đa {MAX_PASSWORD_LENGTH} ký tự)."
    if nfc(password) != nfc(confirm):
        return "Hai lần nhập mật khẩu không khớp."
    return None
