"""The sites feeding the central server (province administrators only): their last push,
visits and clock; creating one, issuing it a new push token (shown once) and revoking it.

Served only by the central server ([central] role = "central"); elsewhere every page is 404.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField

from admin_web.audit_log import audited_change
from admin_web.context import admin_state
from admin_web.forms import ButtonForm
from admin_web.site_health import site_health

bp = Blueprint("sites", __name__)


class NewSiteForm(FlaskForm):
    """A new site: its short code and its name."""

    code = StringField("Mã cơ quan (chữ không dấu, chữ số, “-”, “_”)")
    name = StringField("Tên cơ quan")


@bp.before_request
def _central_only():
    if admin_state().settings.central.role != "central":
        abort(404)


def _site(code: str):
    row = admin_state().store.site_by_code(code) if len(code) <= 32 else None
    if row is None:
        abort(404)
    return row


def _audit(action: str, code: str, before, after) -> None:
    admin_state().store.audit(current_user.username, action, f"site:{code}", before, after)


def _page(form: NewSiteForm, error: str | None = None):
    state = admin_state()
    central = state.settings.central
    return render_template(
        "sites/list.html",
        sites=site_health(state),
        form=form,
        error=error,
        button=ButtonForm(),
        silent_hours=central.silent_hours,
        skew_seconds=central.clock_skew_seconds,
    ), (422 if error else 200)


@bp.get("/sites")
def index():
    """List the sites with their last push, visits, clock and token."""
    return _page(NewSiteForm())


@bp.post("/sites")
def create():
    """Create a site and show its first push token, once."""
    form = NewSiteForm()
    if not form.validate_on_submit():
        abort(400)
    store = admin_state().store
    try:
        with audited_change():
            row, token = store.create_site(
                form.code.data or "", form.name.data or "", current_user.username
            )
            _audit("site.create", row.code, None, {"code": row.code, "name": row.name})
    except ValueError as exc:
        return _page(form, str(exc))
    return render_template("sites/token.html", site=row, token=token, new=True)


@bp.post("/sites/<code>/token")
def issue_token(code: str):
    """Issue the site a new push token (its previous one stops working); shown once."""
    if not ButtonForm().validate_on_submit():
        abort(400)
    row = _site(code)
    with audited_change():
        token = admin_state().store.issue_site_token(row.code, current_user.username)
        _audit("site.token_issue", row.code, None, {"token": "mới"})
    return render_template("sites/token.html", site=row, token=token, new=False)


@bp.post("/sites/<code>/token/revoke")
def revoke_token(code: str):
    """Revoke the site's push token: its pushes are refused (401) at once."""
    if not ButtonForm().validate_on_submit():
        abort(400)
    row = _site(code)
    with audited_change():
        revoked = admin_state().store.revoke_site_token(row.code, current_user.username)
        if revoked:
            _audit("site.token_revoke", row.code, {"token": "đang dùng"}, {"token": None})
    if revoked:
        flash(
            f"Đã thu hồi mã truy cập của “{row.name}”: mọi lần gửi bằng mã đó bị từ chối.",
            "success",
        )
    else:
        flash(f"“{row.name}” không có mã truy cập nào đang dùng.", "info")
    return redirect(url_for("sites.index"))
