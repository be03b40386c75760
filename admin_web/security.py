"""Request guards and response headers: login and role by default, safe redirects."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from flask import (
    Flask,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from werkzeug.routing import IntegerConverter

from admin_web.blueprints.central_api import admit_site
from admin_web.context import admin_state
from admin_web.roles import (
    CENTRAL_BLUEPRINTS,
    CENTRE_OWNED_NOTICE,
    PUBLIC_ENDPOINTS,
    SITE_OWNED_NOTICE,
    central_refuses,
    centre_owned,
    centre_refuses,
    site_owned,
    user_allows,
)
from admin_web.session_store import ENDED_KEY
from admin_web.site_scope import check_request_scope, site_query

# The largest id any table holds (signed 64-bit, as in SQLite and PostgreSQL's bigint).
MAX_URL_INT = 2**63 - 1
HSTS_SECONDS = 365 * 24 * 3600
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


class BoundedIntConverter(IntegerConverter):
    """An ``<int:...>`` URL part that no database column can hold gives 404, not a 500."""

    def __init__(self, url_map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_URL_INT)
        super().__init__(url_map, *args, **kwargs)


# Blueprints whose (read-only, GET) endpoints also accept a device's API token instead of a login.
TOKEN_BLUEPRINTS = frozenset({"api"})
# Blueprints a central server's sites reach with their site token only (central_api.py).
SITE_TOKEN_BLUEPRINTS = frozenset({"central_api"})
API_REFUSED_MESSAGE = "Mã API không hợp lệ hoặc đã bị thu hồi."


def allow_upload(max_bytes: int) -> Callable:
    """Let a view receive a request body up to ``max_bytes`` (the app's default limit is small)."""

    def decorate(view: Callable) -> Callable:
        view.max_upload_bytes = max_bytes  # type: ignore[attr-defined]
        return view

    return decorate


def _bearer_token() -> str | None:
    """Return the token of an ``Authorization: Bearer`` header ("" if malformed), else None."""
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _token_login():
    """Admit a device by its API token (None), or answer 401 JSON."""
    token = _bearer_token() or ""
    device = None
    if request.method in ("GET", "HEAD") and token:
        device = admin_state().store.device_for_token(token)
    if device is None:
        response = jsonify(error=API_REFUSED_MESSAGE)
        response.status_code = 401
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
        return response
    g.api_device = device
    return None


def _is_central() -> bool:
    return admin_state().settings.central.role == "central"


def _forwards_to_centre() -> bool:
    """Return True on a site whose survey, people, sign and public pages the centre owns."""
    central = admin_state().settings.central
    return central.role != "central" and bool(central.url)


def may_open(endpoint: str) -> bool:
    """Return True if the logged-in user may open ``endpoint`` on this server (for menus)."""
    if not current_user.is_authenticated or endpoint not in current_app.view_functions:
        return False
    if endpoint.rpartition(".")[0] in CENTRAL_BLUEPRINTS and not _is_central():
        return False
    return user_allows(current_user, endpoint)


def centre_notice() -> str | None:
    """Return the notice a page shows when another server owns what it holds: the centre's on a
    site forwarding to it, a site's on the central server; else None."""
    endpoint = request.endpoint or ""
    if centre_owned(endpoint) and _forwards_to_centre():
        return CENTRE_OWNED_NOTICE
    if site_owned(endpoint) and _is_central():
        return SITE_OWNED_NOTICE
    return None


def _owner_refusal():
    """Refuse a change to what another server owns: 409 with the page's notice, nothing changed."""
    notice = centre_notice() or CENTRE_OWNED_NOTICE
    title = notice.partition(";")[0]
    return render_template("error.html", title=title, message=notice), 409


def _owner_refuses() -> bool:
    """Return True if this request changes what another server owns."""
    endpoint, method = request.endpoint or "", request.method
    if _is_central():
        return central_refuses(endpoint, method)
    return _forwards_to_centre() and centre_refuses(endpoint, method)


def _current_path() -> str:
    query = request.query_string.decode("utf-8", "replace")
    return request.path + (f"?{query}" if query else "")


def install_guards(app: Flask) -> None:
    """Require a live login for every non-public endpoint, and a role with its area; add headers.

    Call before registering blueprints: it also bounds the ``int`` URL converter.
    """
    app.url_map.converters["int"] = BoundedIntConverter
    app.jinja_env.globals["can_open"] = may_open
    app.jinja_env.globals["centre_notice"] = centre_notice
    app.jinja_env.globals["site_query"] = site_query

    @app.before_request
    def require_login():
        if request.endpoint is None or request.endpoint in PUBLIC_ENDPOINTS:
            return None
        if request.blueprint in TOKEN_BLUEPRINTS and _bearer_token() is not None:
            return _token_login()
        if request.blueprint in SITE_TOKEN_BLUEPRINTS and _bearer_token() is not None:
            return admit_site(_bearer_token() or "")
        if current_user.is_authenticated:
            if not user_allows(current_user, request.endpoint):
                abort(403)
            # A user scoped to one site: another site's object or ?site= filter is refused.
            check_request_scope()
            if _owner_refuses():
                return _owner_refusal()
            view = app.view_functions.get(request.endpoint)
            if getattr(view, "max_upload_bytes", None):
                # Before the CSRF check reads the form, so the larger limit applies to it.
                request.max_content_length = view.max_upload_bytes
            return None
        message = "Vui lòng đăng nhập để tiếp tục."
        if session.pop(ENDED_KEY, None) or session.get("_user_id"):
            # The cookie names a login the server no longer keeps: it expired or was ended.
            session.clear()
            message = "Phiên đăng nhập đã hết hạn hoặc đã kết thúc. Vui lòng đăng nhập lại."
        if request.path.endswith(".json") or request.blueprint in (
            TOKEN_BLUEPRINTS | SITE_TOKEN_BLUEPRINTS
        ):
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
        # same-origin: the one-time setup link must not leak to another site, while this
        # site's own forms still carry the Referer that the CSRF check wants over HTTPS.
        headers.setdefault("Referrer-Policy", "same-origin")
        if admin_state().settings.admin.public_url.startswith("https://"):
            # Behind the TLS proxy: browsers must never come back over plain HTTP.
            headers.setdefault("Strict-Transport-Security", f"max-age={HSTS_SECONDS}")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if request.endpoint != "static":
            # Pages show office data: keep them out of a shared PC's browser cache.
            headers.setdefault("Cache-Control", "no-store")
        return response
