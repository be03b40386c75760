"""Admin users. The store keeps password hashes only; hashing lives in admin_web.auth."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select

from lobby import clock
from lobby.store.models import User, UserSession
from lobby.vntext import nfc


@dataclass(frozen=True)
class UserRow:
    """A member of staff as read back."""

    id: int
    username: str
    password_hash: str
    role: str
    active: bool
    created_at: datetime
    site_id: int | None = None  # None: province-wide (every site); else scoped to that site


def _row(u: User) -> UserRow:
    return UserRow(u.id, u.username, u.password_hash, u.role, u.active, u.created_at, u.site_id)


class UsersMixin:
    """Storing admin accounts."""

    def create_user(
        self, username: str, password_hash: str, role: str = "admin", site_id: int | None = None
    ) -> int:
        """Create an account (of ``site_id``, None: province-wide); ValueError if the name is
        empty or already taken."""
        username = nfc(username).strip()
        if not username:
            raise ValueError("Tên đăng nhập không được để trống.")
        with self.session() as s:
            if s.scalar(select(User).where(User.username == username)) is not None:
                raise ValueError(f"Tên đăng nhập '{username}' đã có.")
            user = User(
                username=username,
                password_hash=password_hash,
                role=role,
                active=True,
                created_at=clock.utcnow(),
                site_id=site_id,
            )
            s.add(user)
            s.flush()
            return user.id

    def get_user(self, user_id: int) -> UserRow | None:
        """Return an account by id, or None."""
        with self.session() as s:
            user = s.get(User, user_id)
            return _row(user) if user else None

    def get_user_by_name(self, username: str) -> UserRow | None:
        """Return an account by user name, or None."""
        with self.session() as s:
            user = s.scalar(select(User).where(User.username == nfc(username).strip()))
            return _row(user) if user else None

    def count_users(self, role: str | None = None) -> int:
        """Return how many active accounts exist (of one role, when given)."""
        query = select(func.count()).select_from(User).where(User.active.is_(True))
        if role:
            query = query.where(User.role == role)
        with self.session() as s:
            return s.scalar(query) or 0

    def list_users(self, site_id: int | None = None) -> list[UserRow]:
        """Return every account (active or not), by user name; only those scoped to
        ``site_id`` when given."""
        query = select(User).order_by(User.username)
        if site_id is not None:
            query = query.where(User.site_id == site_id)
        with self.session() as s:
            return [_row(u) for u in s.scalars(query)]

    def set_user_access(self, user_id: int, role: str, site_id: int | None) -> None:
        """Give an account a role and a site (None: province-wide); its logins end, so the
        new access applies at once."""
        with self.session() as s:
            user = s.get(User, user_id)
            if user is not None:
                user.role = role
                user.site_id = site_id
                s.execute(delete(UserSession).where(UserSession.user_id == user_id))

    def set_user_active(self, user_id: int, active: bool) -> None:
        """Enable or disable an account; disabling also ends all of its logins."""
        with self.session() as s:
            user = s.get(User, user_id)
            if user is not None:
                user.active = active
                if not active:
                    s.execute(delete(UserSession).where(UserSession.user_id == user_id))

    def set_password_hash(
        self, user_id: int, password_hash: str, end_sessions: bool = False
    ) -> None:
        """Replace an account's password hash; ``end_sessions`` logs the account out everywhere."""
        with self.session() as s:
            user = s.get(User, user_id)
            if user is not None:
                user.password_hash = password_hash
                if end_sessions:
                    s.execute(delete(UserSession).where(UserSession.user_id == user_id))
