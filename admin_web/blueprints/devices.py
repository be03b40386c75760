"""Devices: every kiosk and sign with its last contact and votes today, its name and place, and
its API token (issued, shown once, revoked here)."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField

from admin_web.audit_log import audited_change
from admin_web.context import admin_state
from admin_web.forms import ButtonForm
from admin_web.people_forms import DeviceForm
from admin_web.site_scope import require_site, site_filter_from_request, sites_of
from lobby import clock
from lobby.store import DeviceStatusRow
from lobby.store.devices import DEVICE_KINDS
from lobby.store.models import Device

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
    require_site(device_sites([row])[row.id])
    return row


# A sign known only from its link health (no devices row) is the local office's.
SIGN_SITE_ID = 1


def device_sites(rows: list[DeviceStatusRow]) -> dict[str, int]:
    """Return the site of each device row, by device id."""
    sites = sites_of(Device, [r.id for r in rows])
    return {r.id: sites.get(r.id, SIGN_SITE_ID) for r in rows}


def of_site(rows: list[DeviceStatusRow], site_id: int | None) -> list[DeviceStatusRow]:
    """Keep the devices of ``site_id`` (all of them for None)."""
    if site_id is None:
        return rows
    sites = device_sites(rows)
    return [r for r in rows if sites[r.id] == site_id]


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
    rows = of_site(state.store.device_statuses(state.today()), site_filter_from_request())
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
        placements=state.store.device_placements(),
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
            with audited_change():
                name, place = form.name.data or "", form.place.data or ""
                store.set_device_label(row.kind, row.id, name, place)
                after = store.device_status(row.kind, row.id, admin_state().today())
                _audit("device.update", row, _label_view(row), _label_view(after))
        except ValueError as exc:
            error = str(exc)
        except LookupError:
            abort(404)
        else:
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
    with audited_change():
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
    with audited_change():
        revoked = admin_state().store.revoke_device_token(row.kind, row.id, current_user.username)
        if revoked:
            _audit(
                "device.token_revoke",
                row,
                {"token_issued_at": row.token.created_at if row.token else None},
                {"token_issued_at": None},
            )
    if revoked:
        flash(f"Đã thu hồi mã API của {device_label(row)}.", "success")
    else:
        flash(f"{device_label(row)} không có mã API nào đang dùng.", "info")
    return redirect(url_for("devices.index"))


class PlacementForm(FlaskForm):
    """Where a kiosk stands: "" (untied), "counter:<id>" or "unit:<id>"."""

    place = SelectField("Kiosk đặt tại", validate_choice=False)


def placement_choices(store, site_id: int | None = None) -> list[tuple[str, str]]:
    """Return the choices of where a kiosk stands: untied, each counter, each unit (in use;
    of the kiosk's site when given)."""
    choices = [("", "Sảnh chung: khách chọn quầy trên kiosk")]
    choices += [
        (f"counter:{c.id}", c.name + (f" — {c.unit_name}" if c.unit_name else ""))
        for c in store.list_counters(site_id=site_id)
        if c.active
    ]
    units = store.list_units(site_id)
    choices += [(f"unit:{u.id}", f"Cả đơn vị: {u.name}") for u in units if u.active]
    return choices


def _place_value(placement) -> str:
    if placement is None:
        return ""
    if placement.counter_id is not None:
        return f"counter:{placement.counter_id}"
    return f"unit:{placement.unit_id}" if placement.unit_id is not None else ""


def _parse_place(value: str) -> tuple[int | None, int | None]:
    """Return (counter_id, unit_id) of a placement choice; ValueError when it is not one."""
    if not value:
        return None, None
    kind, _, number = value.partition(":")
    if kind not in ("counter", "unit") or not number.isdigit():
        raise ValueError(value)
    return (int(number), None) if kind == "counter" else (None, int(number))


@bp.route("/devices/place", methods=["GET", "POST"])
def place():
    """Tie a kiosk to a counter (or a whole unit): it then skips the counter step and shows only
    those officials; untied, it asks the visitor for the counter."""
    row = _device()
    if row.kind != "kiosk":
        abort(404)
    store = admin_state().store
    before = store.device_placement(row.id)
    form = PlacementForm(data=None if request.method == "POST" else {"place": _place_value(before)})
    form.place.choices = placement_choices(store, device_sites([row])[row.id])
    if form.validate_on_submit():
        try:
            if (form.place.data or "") not in {value for value, _label in form.place.choices}:
                raise ValueError(form.place.data)  # another site's counter, or none at all
            counter_id, unit_id = _parse_place(form.place.data or "")
            with audited_change():
                store.set_device_placement(row.id, counter_id, unit_id)
                after = store.device_placement(row.id)
                _audit(
                    "device.place",
                    row,
                    {"place": before.label if before else None},
                    {"place": after.label if after else None},
                )
        except (ValueError, LookupError):
            abort(400)
        where = after.label if after else "sảnh chung"
        flash(f"Đã lưu: {device_label(row)} đặt tại {where}.", "success")
        return redirect(url_for("devices.index"))
    return render_template(
        "devices/place.html", form=form, device=row, label=device_label(row), where=_where(row)
    )
