"""Looking up a visit by the short code the kiosk's thank-you screen shows the citizen, for staff
who may see results (a citizen quoting the code on the phone or at the counter)."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from admin_web.context import admin_state
from admin_web.site_scope import site_filter_from_request

bp = Blueprint("visit_lookup", __name__, url_prefix="/tra-ma")

CODE_LENGTH = 6
MAX_SHOWN = 20


def _typed_code(value: str | None) -> str:
    """Return the code as typed, without spaces and in capitals (as the kiosk shows it)."""
    return "".join((value or "").split()).upper()[:40]


@bp.get("")
def index():
    """Find the visits of a short code (time, place, official, rating); the form when none."""
    code = _typed_code(request.args.get("ma"))
    error, visits = None, []
    if code:
        if len(code) != CODE_LENGTH or any(c not in "0123456789ABCDEF" for c in code):
            error = (
                f"Mã “{code}” không đúng dạng: mã lượt đánh giá gồm {CODE_LENGTH} ký tự, là chữ "
                "số 0–9 và chữ cái A–F, như trên màn hình cảm ơn của kiosk."
            )
        else:
            site_id = site_filter_from_request()
            visits = admin_state().store.visits_by_code(code, MAX_SHOWN, site_id)
    status = 422 if error else 200
    return render_template(
        "visit_lookup/index.html", code=code, error=error, visits=visits, max_shown=MAX_SHOWN
    ), status
