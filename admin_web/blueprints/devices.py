"""Devices: every kiosk and sign with its last contact and votes today, its name and place, and
its API token (issued, shown once, revoked here)."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from admin_web.context import admin_state
from admin_web.forms import ButtonForm
from admin_web.people_forms import DeviceForm
from lobby import clock
from lobby.store import DeviceStatusRow
from lobby.store.devices import DEVICE_KINDS

bp = Blueprint("devices", __name__)

KIND_LABELS = {"kiosk": "Kiosk", "sign": "Bảng LED"}
MAX_DEVICE_ID = 300


def seen_text(moment: datetime | None, tz_name: str) -> str:
    """Format a last-contact moment as dd/mm/yyyy HH:MM in the office's time zone."""
    if moment is None:
        return "Chưa liên lạc"
    return clock.to_local(moment, tz_name).strftime("%d/%m/%Y %H:%M")


def device_label(row: DeviceStatusRow) -> str:
    """Return "Kiosk “Sảnh tầng 1”": the kind and the name (or id) of a device."""
    return f"{KIND_LABELS.get(row.kind, row.kind)} “{row.label}”"


def _device() -> DeviceStatusRow:
    kind, device_id = request.args.get("kind", ""), request.args.get("id", "")
    if kind not in DEVICE_KINDS or not device_id or len(device_id) > MAX_DEVICE_ID:
        abort(404)
    state = admin_state()
    row = state.store.device_status(kind, device_id, state.today())
    if row is None:
        abort(404)
    return row


def _where(row: DeviceStatusRow) -> dict:
    return {"kind": row.kind, "id": row.id}


def _label_view(row: DeviceStatusRow) -> dict:
    return {"name": row.name, "place": row.place}


def _audit(action: str, row: DeviceStatusRow, before, after) -> None:
    target = f"device:{row.kind}:{row.id}"
    admin_state().store.audit(current_user.username, action, target, before, after)


@bp.get("/devices")
def index():
    """List every kiosk and sign with its last contact, votes today and API token."""
    state = admin_state()
    now = clock.utcnow()
    minutes = state.settings.admin.device_silent_minutes
    rows = state.store.device_statuses(state.today())
    silent = {
        (r.kind, r.id)
        for r in rows
        if r.last_seen_at is not None and (now - r.last_seen_at).total_seconds() > minutes * 60
    }
    return render_template(
        "devices/list.html",
        devices=rows,
        silent=silent,
        minutes=minutes,
        kinds=KIND_LABELS,
        seen=lambda moment: seen_text(moment, state.tz_name),
        label=device_label,
        where=_where,
        button=ButtonForm(),
    )


@bp.route("/devices/edit", methods=["GET", "POST"])
def edit():
    """Give a kiosk or sign a name and a place."""
    row = _device()
    form = DeviceForm(
        data=None if request.method == "POST" else {"name": row.name, "place": row.place}
    )
    error = None
    if form.validate_on_submit():
        store = admin_state().store
        try:
            store.set_device_label(row.kind, row.id, form.name.data or "", form.place.data or "")
        except ValueError as exc:
            error = str(exc)
        except LookupError:
            abort(404)
        else:
            after = store.device_status(row.kind, row.id, admin_state().today())
            _audit("device.update", row, _label_view(row), _label_view(after))
            flash(f"Đã lưu: {device_label(after)}.", "success")
            return redirect(url_for("devices.index"))
    return render_template(
        "devices/edit.html",
        form=form,
        device=row,
        error=error,
        label=device_label(row),
        where=_where(row),
    ), (422 if error else 200)


@bp.post("/devices/token")
def issue_token():
    """Issue a new API token for a device (its previous one stops working); shown once."""
    if not ButtonForm().validate_on_submit():
        abort(400)
    row = _device()
    store = admin_state().store
    token = store.issue_device_token(row.kind, row.id, current_user.username)
    after = store.device_status(row.kind, row.id, admin_state().today())
    _audit(
        "device.token_issue",
        row,
        {"token_issued_at": row.token.created_at if row.token else None},
        {"token_issued_at": after.token.created_at if after.token else None},
    )
    return render_template(
        "devices/token.html",
        token=token,
        label=device_label(row),
        api_url=url_for("api.results", _external=True),
    )


@bp.post("/devices/token/revoke")
def revoke_token():
    """Revoke a device's API token: calls with it are refused at once."""
    if not ButtonForm().validate_on_submit():
        abort(400)
    row = _device()
    if admin_state().store.revoke_device_token(row.kind, row.id, current_user.username):
        _audit(
            "device.token_revoke",
            row,
            {"token_issued_at": row.token.created_at if row.token else None},
            {"token_issued_at": None},
        )
        flash(f"Đã thu hồi mã API của {device_label(row)}.", "success")
    else:
        flash(f"{device_label(row)} không có mã API nào đang dùng.", "info")
    return redirect(url_for("devices.index"))
