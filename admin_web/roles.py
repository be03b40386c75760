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

# Pages holding what belongs to every site at once (the survey, the sign's messages, public
# information, letter templates, the audit log, the list of sites): a user scoped to one site
# (users.site_id set) is refused them whatever its role.
PROVINCE_BLUEPRINTS = frozenset({"sites", "audit", "survey", "sign", "public"})
PROVINCE_ENDPOINTS = frozenset({"letters.templates", "letters.template_edit", "letters.profile"})

# Pages only a central server ([central] role = "central") serves; elsewhere they answer 404.
CENTRAL_BLUEPRINTS = frozenset({"sites"})

# What the central server owns once a site forwards to it ([central] url set): the survey,
# units, counters and officials, the sign's messages and notices, public information. On such a
# site these pages are read-only: every POST to them is refused (409) with CENTRE_OWNED_NOTICE.
CENTRE_OWNED_BLUEPRINTS = frozenset({"survey", "people", "sign", "public"})
# POSTs to those pages that change nothing (a preview is drawn, not stored).
CENTRE_OWNED_READ_POSTS = frozenset({"sign.preview"})
CENTRE_OWNED_NOTICE = "Do máy chủ trung tâm quản lý; sửa trên máy chủ trung tâm."

# What each site owns: its paper entries, cases, letters and devices. The central server shows
# them read-only (the site's next push would overwrite a change made there): every POST to these
# pages is refused (409) with SITE_OWNED_NOTICE. Letter templates stay the centre's own.
SITE_OWNED_BLUEPRINTS = frozenset({"paper", "cases", "letters", "devices"})
SITE_OWNED_NOTICE = "Do cơ quan gửi số liệu quản lý; sửa trên máy của cơ quan đó."

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


def scope_allows(site_id: int | None, endpoint: str) -> bool:
    """Return True if a user of ``site_id`` (None: province-wide) may open ``endpoint``."""
    if site_id is None:
        return True
    blueprint = endpoint.rpartition(".")[0]
    return blueprint not in PROVINCE_BLUEPRINTS and endpoint not in PROVINCE_ENDPOINTS


def centre_owned(endpoint: str) -> bool:
    """Return True if ``endpoint`` shows or changes what the central server owns."""
    return endpoint.rpartition(".")[0] in CENTRE_OWNED_BLUEPRINTS


def site_owned(endpoint: str) -> bool:
    """Return True if ``endpoint`` shows or changes what a site owns (read-only centrally)."""
    blueprint = endpoint.rpartition(".")[0]
    return blueprint in SITE_OWNED_BLUEPRINTS and endpoint not in PROVINCE_ENDPOINTS


def central_refuses(endpoint: str, method: str) -> bool:
    """Return True if the central server must refuse this request (a change of a site's)."""
    return method not in ("GET", "HEAD", "OPTIONS") and site_owned(endpoint)


def centre_refuses(endpoint: str, method: str) -> bool:
    """Return True if a site forwarding to a central server must refuse this request."""
    if method in ("GET", "HEAD", "OPTIONS"):
        return False
    return centre_owned(endpoint) and endpoint not in CENTRE_OWNED_READ_POSTS


def user_allows(user, endpoint: str) -> bool:
    """Return True if the logged-in ``user`` may open ``endpoint``: its role's areas, less the
    province's pages when it is scoped to one site."""
    role, site_id = getattr(user, "role", ""), getattr(user, "site_id", None)
    return role_allows(role, endpoint) and scope_allows(site_id, endpoint)


def landing_endpoint(role: str, endpoints, site_id: int | None = None) -> str:
    """Return the first page a role (of ``site_id``, None: province-wide) may open after
    logging in, among registered ``endpoints``."""
    for endpoint in LANDING_ENDPOINTS:
        if (
            endpoint in endpoints
            and role_allows(role, endpoint)
            and scope_allows(site_id, endpoint)
        ):
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
