"""The home page: today's figures, the way to each area, and warnings when the sign or a device
is silent."""

from __future__ import annotations

from flask import Blueprint, render_template

from admin_web.blueprints.devices import device_label, seen_text
from admin_web.context import admin_state
from admin_web.results_table import build_table, format_rate
from admin_web.roles import role_required
from admin_web.sign_errors import explain_sign_error
from admin_web.sign_preview import SignView
from lobby import clock

bp = Blueprint("main", __name__)


@bp.get("/")
@role_required("admin")
def index():
    """Show today's votes and satisfaction rate and the sign's status."""
    state = admin_state()
    today = state.today()
    survey = state.survey()
    table = build_table(survey.levels, state.store.daily_level_counts(today, today), today, today)
    sign = SignView(state.settings, state.store)
    status = sign.status()
    sign_warning = sign.warning()
    if sign_warning is None and state.settings.sign.enabled and not status.service_alive:
        # Why the service keeps stopping, as its supervisor recorded it: at once, not after
        # [sign] warn_after_minutes.
        sign_warning = explain_sign_error(status.service_error)
    minutes = state.settings.admin.device_silent_minutes
    silent = [
        (device_label(row), seen_text(row.last_seen_at, state.tz_name))
        for row in state.store.silent_devices(clock.utcnow(), minutes)
    ]
    return render_template(
        "main/index.html",
        today=today,
        totals=table.totals,
        rate=format_rate(table.totals.rate),
        status=status,
        sign_warning=sign_warning,
        enabled_count=len(state.store.enabled_sign_texts()),
        silent_devices=silent,
        silent_minutes=minutes,
    )
