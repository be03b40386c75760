"""Who may do what: roles, the area of every page, and the endpoints open to everyone.

This module is the one place that says which role reaches which page. Every endpoint belongs to
an area (by its blueprint, or by an entry in ENDPOINT_AREAS); the guard in security.py refuses
(403) a logged-in user whose role does not have that area. An endpoint whose blueprint declares
no area is admin-only, so a new blueprint is closed until it is given an area here.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user

# Endpoints reachable without logging in; every other endpoint needs a logged-in user.
# The public page /cong-khai (published information, its forms, the slogan poster) needs no login.
PUBLIC_SITE_ENDPOINTS = frozenset(
    {"public_site.index", "public_site.download", "public_site.poster"}
)
PUBLIC_ENDPOINTS = frozenset({"auth.login", "auth.setup", "static"}) | PUBLIC_SITE_ENDPOINTS

# Area every logged-in user has (logging out, changing one's own password).
EVERYONE = "everyone"
ADMIN_ONLY = "admin"

# Area of each blueprint, by blueprint name.
BLUEPRINT_AREAS: dict[str, str] = {
    "main": "home",
    "sign": "sign",
    "public": "public",
    "results": "results",
    "api": "results",
    "reports": "reports",
    "watchlist": "watchlist",
    "cases": "cases",
    "letters": "letters",
    "paper": "paper",
    # Finding a visit by the short code the kiosk showed: whoever may see results.
    "visit_lookup": "results",
    "users": ADMIN_ONLY,
    "audit": ADMIN_ONLY,
    # The central server's API for its sites: a site's token admits it (security.py); a
    # logged-in browser gets only an answer saying so.
    "central_api": ADMIN_ONLY,
}

# Endpoints whose area differs from their blueprint's.
ENDPOINT_AREAS: dict[str, str] = {
    "auth.logout": EVERYONE,
    "users.own_password": EVERYONE,
    # Letter templates and the office's letter profile: administrators only.
    "letters.template_edit": ADMIN_ONLY,
    "letters.profile": ADMIN_ONLY,
}

# The areas of each role besides EVERYONE; admin has every area.
ROLE_AREAS: dict[str, frozenset[str]] = {
    "admin": frozenset(),
    "editor": frozenset({"sign", "public"}),
    "leader": frozenset({"home", "results", "reports", "watchlist", "cases", "letters", "paper"}),
}
ROLES = tuple(ROLE_AREAS)
ROLE_LABELS = {"admin": "Quản trị", "editor": "Biên tập", "leader": "Lãnh đạo"}

# Where a role lands after logging in: the first of these pages it may open.
LANDING_ENDPOINTS = ("main.index", "sign.index", "results.index", "users.own_password")


def endpoint_area(endpoint: str) -> str:
    """Return the area of an endpoint; one with no declared area is admin-only."""
    if endpoint in ENDPOINT_AREAS:
        return ENDPOINT_AREAS[endpoint]
    blueprint = endpoint.rpartition(".")[0]
    return BLUEPRINT_AREAS.get(blueprint, ADMIN_ONLY)


def role_allows(role: str, endpoint: str) -> bool:
    """Return True if a user with ``role`` may open ``endpoint``."""
    if role not in ROLE_AREAS:
        return False
    area = endpoint_area(endpoint)
    return area == EVERYONE or role == "admin" or area in ROLE_AREAS[role]


def landing_endpoint(role: str, endpoints) -> str:
    """Return the first page a role may open after logging in, among registered ``endpoints``."""
    for endpoint in LANDING_ENDPOINTS:
        if endpoint in endpoints and role_allows(role, endpoint):
            return endpoint
    return "users.own_password"


def role_required(*roles: str) -> Callable:
    """Mark a view as needing a login; who may open it is decided by its area (above).

    Kept for views written before areas existed; the roles given must be known roles. The area
    guard runs before every view, so this adds nothing beyond a login check.
    """
    unknown = [role for role in roles if role not in ROLE_AREAS]
    if not roles or unknown:
        raise ValueError(f"role_required needs known roles, not {roles!r}")

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.is_authenticated:
                abort(401)
            return view(*args, **kwargs)

        guarded.required_roles = roles  # type: ignore[attr-defined]
        return guarded

    return decorate
