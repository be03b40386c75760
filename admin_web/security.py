"""Request guards and response headers: login by default, session expiry, safe redirects."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import Flask, flash, jsonify, redirect, request, session, url_for
from flask_login import current_user, logout_user

from admin_web.roles import PUBLIC_ENDPOINTS

LOGIN_AT_KEY = "login_at"
CSP = (
    "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none';"
    " object-src 'none'"
)


def is_safe_next(target: str | None) -> bool:
    """Return True if ``target`` is a path on this site (never another host) to go to next."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def mark_login() -> None:
    """Start the login's clock; the session ends session_hours later whatever the activity."""
    session.permanent = True
    session[LOGIN_AT_KEY] = time.time()


def _session_expired(app: Flask) -> bool:
    started = session.get(LOGIN_AT_KEY)
    if not isinstance(started, int | float):
        return True
    return time.time() - started > app.permanent_session_lifetime.total_seconds()


def _current_path() -> str:
    query = request.query_string.decode("utf-8", "replace")
    return request.path + (f"?{query}" if query else "")


def install_guards(app: Flask) -> None:
    """Require a live login for every endpoint not listed as public, and add security headers."""

    @app.before_request
    def require_login():
        if request.endpoint is None or request.endpoint in PUBLIC_ENDPOINTS:
            return None
        message = "Vui lòng đăng nhập để tiếp tục."
        if current_user.is_authenticated:
            if not _session_expired(app):
                return None
            logout_user()
            session.clear()
            message = "Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại."
        if request.path.endswith(".json"):
            return jsonify(error=message), 401
        flash(message, "info")
        target = _current_path() if request.method == "GET" else None
        return redirect(url_for("auth.login", next=target))

    @app.after_request
    def security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("X-Content-Type-Options", "nosniff")
        # no-referrer: the one-time setup link must not leak to another site.
        headers.setdefault("Referrer-Policy", "no-referrer")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if request.endpoint != "static":
            # Pages show office data: keep them out of a shared PC's browser cache.
            headers.setdefault("Cache-Control", "no-store")
        return response
