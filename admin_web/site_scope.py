"""Which site a logged-in user may see and change: province-wide users (users.site_id NULL) see
every site; a user scoped to a site sees its own only, and gets 403 for another site's object
(by the id in the URL, or as a view looks it up) or ``?site=`` filter."""

from __future__ import annotations

from collections.abc import Iterable

from flask import abort, request
from flask_login import current_user
from sqlalchemy import select

from admin_web.context import admin_state
from lobby.store.models import (
    Counter,
    Device,
    FollowupCase,
    Letter,
    Official,
    Site,
    Unit,
    User,
    Visit,
)

# The URL parts naming an object that belongs to a site, and the table holding it.
SCOPED_URL_ARGS = {
    "case_id": FollowupCase,
    "letter_id": Letter,
    "official_id": Official,
    "unit_id": Unit,
    "counter_id": Counter,
    "user_id": User,
}
# The device the devices pages act on is named in the query (?kind=...&id=...), as are the case
# or visit a new letter answers (?case=..., ?visit=...).
DEVICE_BLUEPRINT = "devices"
SITE_ARG = "site"
MAX_CODE = 32
_MISSING = object()


def user_site_id() -> int | None:
    """Return the site the logged-in user is scoped to, or None for a province-wide user."""
    return getattr(current_user, "site_id", None)


def require_site(site_id: int | None) -> None:
    """Abort 403 when a scoped user reaches an object of another site (or a province one)."""
    own = user_site_id()
    if own is not None and site_id != own:
        abort(403)


def site_of(model, key) -> int | None | object:
    """Return the site of one row (None: province-wide), or ``_MISSING`` if there is none."""
    with admin_state().store.session() as s:
        found = s.execute(select(model.site_id).where(model.id == key)).first()
    return _MISSING if found is None else found[0]


def sites_of(model, keys: Iterable) -> dict:
    """Return the site of each of the rows ``keys`` that exists."""
    keys = list(keys)
    if not keys:
        return {}
    with admin_state().store.session() as s:
        return dict(s.execute(select(model.id, model.site_id).where(model.id.in_(keys))).all())


def require_row_site(model, key) -> None:
    """Abort 403 when a scoped user reaches a row of another site; a missing row is left to
    the view (its 404)."""
    site = site_of(model, key)
    if site is not _MISSING:
        require_site(site)  # type: ignore[arg-type]


def site_id_by_code(code: str) -> int | None:
    """Return the id of the site with ``code``, or None."""
    if not code or len(code) > MAX_CODE:
        return None
    with admin_state().store.session() as s:
        return s.scalar(select(Site.id).where(Site.code == code))


def site_filter_from_request() -> int | None:
    """Return the site a page is filtered to by ``?site=<code>``: a scoped user's own site
    always (another code: 403); for a province user the named site (unknown: 404) or None."""
    code = request.args.get(SITE_ARG, "").strip()
    own = user_site_id()
    if own is not None:
        if code and site_id_by_code(code) != own:
            abort(403)
        return own
    if not code:
        return None
    site_id = site_id_by_code(code)
    if site_id is None:
        abort(404)
    return site_id


def site_query() -> dict[str, str]:
    """Return the current request's ``?site=`` as query arguments to keep in links and forms."""
    code = request.args.get(SITE_ARG, "")
    return {SITE_ARG: code[:MAX_CODE]} if code else {}


def check_request_scope() -> None:
    """Refuse (403) a scoped user's request naming another site's object (in its URL, or the
    case, visit or device in its query) or another site in ``?site=``."""
    if user_site_id() is None:
        return
    if request.args.get(SITE_ARG):
        site_filter_from_request()
    for name, value in (request.view_args or {}).items():
        model = SCOPED_URL_ARGS.get(name)
        if model is not None:
            require_row_site(model, value)
    case = request.args.get("case", "")
    if case.isdigit() and int(case) < 2**31:  # else no case: the view answers 404
        require_row_site(FollowupCase, int(case))
    visit = request.args.get("visit", "")
    if visit and len(visit) <= 36:
        require_row_site(Visit, visit)
    if request.blueprint == DEVICE_BLUEPRINT and request.args.get("id"):
        require_row_site(Device, request.args["id"][:300])
