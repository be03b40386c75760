"""Logins kept on the server: the cookie holds only a random session id, the store the rest."""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import request, session
from flask_login import current_user, login_user, logout_user

from admin_web.accounts import StaffUser
from admin_web.context import admin_state
from lobby.store import UserRow


def _lifetimes() -> tuple[timedelta, timedelta]:
    admin = admin_state().settings.admin
    return timedelta(hours=admin.session_hours), timedelta(minutes=admin.idle_minutes)


def start_login(row: UserRow) -> None:
    """Log ``row`` in with a fresh server-side session; nothing from before carries over."""
    session.clear()
    token = secrets.token_urlsafe(32)
    lifetime, _idle = _lifetimes()
    admin_state().store.create_session(
        token,
        row.id,
        lifetime,
        ip=request.remote_addr or "",
        user_agent=request.headers.get("User-Agent", ""),
    )
    session.permanent = True
    login_user(StaffUser(row, token))


def load_login(token: str) -> StaffUser | None:
    """Return the user of a live session id (Flask-Login's user loader), or None."""
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        return None
    state = admin_state()
    _lifetime, idle = _lifetimes()
    live = state.store.live_session(token, idle)
    if live is None:
        return None
    row = state.store.get_user(live.user_id)
    return StaffUser(row, token) if row and row.active else None


def end_login() -> None:
    """End the current login on the server and clear the cookie's session."""
    if current_user.is_authenticated:
        admin_state().store.end_session(current_user.get_id())
    logout_user()
    session.clear()
