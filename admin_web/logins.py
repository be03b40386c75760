"""Logins kept on the server (the cookie holds only a random session id, the store the rest),
and the trace failed logins leave in the server's log and the audit log."""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app, request, session
from flask_login import current_user, login_user, logout_user

from admin_web.accounts import StaffUser
from admin_web.context import admin_state
from lobby.store import UserRow
from lobby.vntext import nfc

log = logging.getLogger("admin_web")


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


# Failed logins are kept as bursts per name: a burst lasts while failures keep coming within
# FAILURE_BURST_SECONDS of each other. The audit log gets a row at a burst's 1st, 10th, 100th…
# failure (with the count so far), so a guessing attack leaves a trace without flooding it.
FAILURE_BURST_SECONDS = 15 * 60
_BURSTS_KEY = "lobby_failed_login_bursts"
MAX_BURSTS = 10_000
FAILED_LOGIN_ACTOR = "(chưa đăng nhập)"


@dataclass
class _Burst:
    first: float
    last: float
    count: int = 0
    addresses: set[str] = field(default_factory=set)


def _bursts() -> tuple[OrderedDict[str, _Burst], threading.Lock]:
    return current_app.extensions.setdefault(_BURSTS_KEY, (OrderedDict(), threading.Lock()))


def _audited_count(count: int) -> bool:
    """Return True for 1, 10, 100, 1000…: the counts a burst's audit rows are written at."""
    return count == 1 or (count % 10 == 0 and _audited_count(count // 10))


def record_failed_login(address: str, username: str) -> None:
    """Log a failed login on the server's log, and in the audit log once per burst and count."""
    name, now = nfc(username).strip()[:64], time.monotonic()
    key = name.casefold()
    bursts, lock = _bursts()
    with lock:
        burst = bursts.pop(key, None)
        if burst is None or now - burst.last > FAILURE_BURST_SECONDS:
            burst = _Burst(now, now)
        burst.last, burst.count = now, burst.count + 1
        if len(burst.addresses) < 100:
            burst.addresses.add(address)
        bursts[key] = burst
        while len(bursts) > MAX_BURSTS:
            bursts.popitem(last=False)
        count, addresses = burst.count, len(burst.addresses)
        minutes = max(1, round((now - burst.first) / 60))
    log.warning(
        "failed login for name %r from %s (%d in this burst, from %d addresses)",
        name,
        address,
        count,
        addresses,
    )
    if _audited_count(count):
        after = {
            "failures": count,
            "addresses": addresses,
            "last_address": address,
            "minutes": minutes,
        }
        admin_state().store.audit(FAILED_LOGIN_ACTOR, "login.failed", f"tên: {name}", None, after)
