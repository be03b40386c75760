"""Who may do what: the role_required decorator and the endpoints open to everyone."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user

# Endpoints reachable without logging in; every other endpoint needs a logged-in user.
PUBLIC_ENDPOINTS = frozenset({"auth.login", "auth.setup", "static"})


def role_required(*roles: str) -> Callable:
    """Let only logged-in users with one of ``roles`` through; others get 403."""
    if not roles:
        raise ValueError("role_required needs at least one role")

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.is_authenticated:
                abort(401)
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        guarded.required_roles = roles  # type: ignore[attr-defined]
        return guarded

    return decorate
