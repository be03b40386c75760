"""Staff accounts: creating one, checking a login, and the user object Flask-Login keeps."""

from __future__ import annotations

import unicodedata

from flask_login import UserMixin

from admin_web.passwords import (
    hash_password,
    needs_rehash,
    office_names,
    password_problem,
    verify_dummy,
    verify_password,
)
from admin_web.roles import ROLES
from lobby.store import Store, UserRow
from lobby.vntext import nfc

MAX_USERNAME_LENGTH = 64


class AccountError(ValueError):
    """An account cannot be created; the message (Vietnamese) says why."""


class StaffUser(UserMixin):
    """A logged-in member of staff, as Flask-Login sees them; its id is the server session's."""

    def __init__(self, row: UserRow, session_id: str) -> None:
        self.user_id = row.id
        self.username = row.username
        self.role = row.role
        self.site_id = row.site_id  # None: province-wide; else the one site it may see
        self._active = row.active
        self._session_id = session_id

    @property
    def is_active(self) -> bool:
        """Return whether the account may log in."""
        return self._active

    def get_id(self) -> str:
        """Return what the cookie carries: the random id of this login's server session."""
        return self._session_id


def username_problem(username: str) -> str | None:
    """Return why a user name is refused (in Vietnamese), or None if it is acceptable."""
    name = nfc(username).strip()
    if not name:
        return "Tên đăng nhập không được để trống."
    if len(name) > MAX_USERNAME_LENGTH:
        return f"Tên đăng nhập tối đa {MAX_USERNAME_LENGTH} ký tự."
    if any(unicodedata.category(ch).startswith("C") or ch.isspace() for ch in name):
        return "Tên đăng nhập không được có dấu cách hay ký tự điều khiển."
    return None


def create_account(
    store: Store, username: str, password: str, confirm: str, role: str = "admin"
) -> int:
    """Create an account after checking name and password; AccountError (Vietnamese) if refused."""
    context = (username, *office_names())
    problem = username_problem(username) or password_problem(password, confirm, context)
    if problem:
        raise AccountError(problem)
    if role not in ROLES:
        raise AccountError(f"Vai trò '{role}' không tồn tại.")
    try:
        return store.create_user(nfc(username).strip(), hash_password(password), role=role)
    except ValueError as exc:
        raise AccountError(str(exc)) from None


def authenticate(store: Store, username: str, password: str) -> UserRow | None:
    """Return the account if the name and password match an active account, else None."""
    row = store.get_user_by_name(username) if username.strip() else None
    if row is None or not row.active:
        # Spend the same time as a real check so a wrong name cannot be told from a wrong password.
        verify_dummy(password)
        return None
    if not verify_password(row.password_hash, password):
        return None
    if needs_rehash(row.password_hash):
        store.set_password_hash(row.id, hash_password(password))
    return row


def set_password(store: Store, user_id: int, password: str, confirm: str) -> None:
    """Give an account a new password and end all its logins; AccountError if refused."""
    row = store.get_user(user_id)
    context = ((row.username,) if row else ()) + office_names()
    problem = password_problem(password, confirm, context)
    if problem:
        raise AccountError(problem)
    store.set_password_hash(user_id, hash_password(password), end_sessions=True)


def account_view(row: UserRow) -> dict:
    """Return what the audit log keeps of an account (never its password hash)."""
    return {"username": row.username, "role": row.role, "active": row.active}
