"""The home page: today's figures, the way to each area, and a warning when the sign is silent."""

from __future__ import annotations

from flask import Blueprint, render_template

from admin_web.context import admin_state
from admin_web.results_table import build_table, format_rate
from admin_web.roles import role_required
from admin_web.sign_preview import SignView

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
    return render_template(
        "main/index.html",
        today=today,
        totals=table.totals,
        rate=format_rate(table.totals.rate),
        status=sign.status(),
        sign_warning=sign.warning(),
        enabled_count=len(state.store.enabled_sign_texts()),
    )
