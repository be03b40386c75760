"""The central server's API for its sites: push (visits, cases, letters), pull (what the centre
manages), officials' photos and public items' forms. Sites authenticate with their site token
only (``Authorization: Bearer``), never a login or a CSRF token; a store whose ``[central]
role`` is not "central" answers 404 to a site. The wire format is lobby/sync/wire.py's.
"""

from __future__ import annotations

import hashlib
import json

from flask import Blueprint, Response, g, jsonify, request

from admin_web.context import admin_state
from lobby import clock
from lobby.central_settings import CENTRAL
from lobby.sync.wire import WireError, decode_body, iso, parse_moment

bp = Blueprint("central_api", __name__, url_prefix="/api/central/v1")
# Sites post JSON with their token: no form, no cookie, so no CSRF token either.
bp.record_once(lambda state: state.app.extensions["csrf"].exempt(bp))

REFUSED = "Mã truy cập của điểm không hợp lệ hoặc đã bị thu hồi."
NOT_CENTRAL = "Máy chủ này không phải máy chủ trung tâm."
NEEDS_SITE = "Cần mã truy cập của điểm (Authorization: Bearer)."
# A push's body, compressed, at most (a batch of issued letters with their DOCX).
MAX_PUSH_BYTES = 64 * 1024 * 1024


def admit_site(token: str):
    """Admit a site by its token (None, with ``g.central_site`` set), or answer 404/401 JSON."""
    state = admin_state()
    if state.settings.central.role != CENTRAL:
        return jsonify(error=NOT_CENTRAL), 404
    site = state.store.site_for_token(token) if token else None
    if site is None:
        response = jsonify(error=REFUSED)
        response.status_code = 401
        response.headers["WWW-Authenticate"] = 'Bearer realm="central"'
        return response
    g.central_site = site
    if request.endpoint == "central_api.push":
        request.max_content_length = MAX_PUSH_BYTES
    return None


def _site():
    """Return the admitted site, or None for a logged-in browser (no site token)."""
    return g.get("central_site")


@bp.post("/push")
def push():
    """Store a batch of the site's visits, cases and letters once; answer what is acknowledged."""
    site = _site()
    if site is None:
        return jsonify(error=NEEDS_SITE), 400
    try:
        payload = decode_body(request.get_data(), request.headers.get("Content-Encoding"))
        if not isinstance(payload, dict):
            raise WireError("the body must be a JSON object")
        sent_at = parse_moment(payload.get("sent_at"), "sent_at")
    except WireError as exc:
        return jsonify(error=f"Dữ liệu gửi lên không hợp lệ: {exc}"), 400
    store = admin_state().store
    now = clock.utcnow()
    try:
        acked = store.ingest_push(site.id, payload, received_at=now)
    except WireError as exc:
        return jsonify(error=f"Dữ liệu gửi lên không hợp lệ: {exc}"), 400
    store.mark_site_push(site.id, (sent_at - now).total_seconds())
    return jsonify(server_time=iso(clock.utcnow()), acked=acked)


@bp.get("/pull")
def pull():
    """Return what the centre manages for the site: survey, units, counters, officials (with
    their photos' SHA-256), sign messages and notices, public information."""
    site = _site()
    if site is None:
        return jsonify(error=NEEDS_SITE), 400
    payload = admin_state().store.pull_payload(site.id)
    # The same content gets the same tag: a site that has it is answered 304, with no body.
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    tag = hashlib.sha256(canonical.encode()).hexdigest()
    if tag in request.if_none_match:
        response = Response(status=304)
    else:
        response = jsonify(server_time=iso(clock.utcnow()), **payload)
    response.set_etag(tag)
    return response


@bp.get("/photo/<code>")
def photo(code: str):
    """Return the photo of one of the site's officials (404 when it has none)."""
    site = _site()
    if site is None:
        return jsonify(error=NEEDS_SITE), 400
    found = admin_state().store.site_official_photo(site.id, code)
    if found is None:
        return jsonify(error="Không có ảnh của cán bộ này."), 404
    data, mime = found
    return Response(data, mimetype=mime)


@bp.get("/file/<sha256>")
def public_file(sha256: str):
    """Return a public item's form by the SHA-256 the pull gave (404 when there is none)."""
    if _site() is None:
        return jsonify(error=NEEDS_SITE), 400
    found = admin_state().store.public_file_by_sha(sha256.lower())
    if found is None:
        return jsonify(error="Không có biểu mẫu này."), 404
    data, mime = found
    return Response(data, mimetype=mime)
