"""Login sessions kept on the server: created at login, ended at logout, disable or reset."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select

from lobby import clock
from lobby.store.models import User, UserSession

# last_seen is written at most this often, so reading pages does not write on every request.
TOUCH_EVERY = timedelta(seconds=30)


def hash_session_id(session_id: str) -> str:
    """Return how a session id is kept at rest (SHA-256 hex): a stolen table opens no session."""
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SessionRow:
    """A live login as read back."""

    user_id: int
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    ip: str
    user_agent: str


class SessionsMixin:
    """Storing login sessions."""

    def create_session(
        self, session_id: str, user_id: int, lifetime: timedelta, ip: str = "", user_agent: str = ""
    ) -> None:
        """Keep a new login (its id hashed) that ends ``lifetime`` from now at the latest."""
        now = clock.utcnow()
        with self.session() as s:
            s.execute(delete(UserSession).where(UserSession.expires_at <= now))
            s.add(
                UserSession(
                    id_hash=hash_session_id(session_id),
                    user_id=user_id,
                    created_at=now,
                    last_seen_at=now,
                    expires_at=now + lifetime,
                    ip=ip[:64],
                    user_agent=user_agent[:300],
                )
            )

    def live_session(self, session_id: str, idle: timedelta) -> SessionRow | None:
        """Return the login if it exists, has not expired or idled out, and its user is active.

        A live login's last_seen is brought up to now; a dead one is deleted.
        """
        now = clock.utcnow()
        key = hash_session_id(session_id)
        with self.session() as s:
            row = s.get(UserSession, key)
            if row is None:
                return None
            user = s.get(User, row.user_id)
            if (
                user is None
                or not user.active
                or row.expires_at <= now
                or (now - row.last_seen_at > idle)
            ):
                s.delete(row)
                return None
            if now - row.last_seen_at >= TOUCH_EVERY:
                row.last_seen_at = now
            return SessionRow(
                row.user_id,
                row.created_at,
                row.last_seen_at,
                row.expires_at,
                row.ip,
                row.user_agent,
            )

    def session_data(self, session_id: str) -> str | None:
        """Return the data kept with a login ("" if none yet), or None if the login is gone."""
        with self.session() as s:
            row = s.get(UserSession, hash_session_id(session_id))
            return None if row is None else (row.data_json or "")

    def save_session_data(self, session_id: str, data: str) -> None:
        """Keep ``data`` with a login (nothing happens if the login is gone)."""
        with self.session() as s:
            row = s.get(UserSession, hash_session_id(session_id))
            if row is not None:
                row.data_json = data

    def end_session(self, session_id: str) -> None:
        """End one login (logout)."""
        with self.session() as s:
            s.execute(delete(UserSession).where(UserSession.id_hash == hash_session_id(session_id)))

    def end_user_sessions(self, user_id: int) -> int:
        """End every login of a user (disabled, or password reset); return how many ended."""
        with self.session() as s:
            return s.execute(delete(UserSession).where(UserSession.user_id == user_id)).rowcount

    def count_sessions(self, user_id: int | None = None) -> int:
        """Return how many logins are kept (of one user, when given)."""
        query = select(func.count()).select_from(UserSession)
        if user_id is not None:
            query = query.where(UserSession.user_id == user_id)
        with self.session() as s:
            return s.scalar(query) or 0
