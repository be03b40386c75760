"""JSON API of the results' figures, for other tools and later a central server.

Needs a logged-in session (area "results" in roles.py) or a device's API token, issued on the
devices page and sent as ``Authorization: Bearer <token>`` (security.py checks it; read-only).
On a central server ``site=<code>`` gives one site's figures (default: every site's), and the
groups of units, counters and officials name each one's site.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from admin_web.blueprints.results import MAX_PAGE_DAYS, include_repeats
from admin_web.context import admin_state
from admin_web.periods import Period, PeriodError, resolve_period
from admin_web.site_picker import SiteView, site_view
from lobby.store.reports import DIMENSIONS, Figures

bp = Blueprint("api", __name__, url_prefix="/api")


def _period(period: Period) -> dict:
    return {
        "code": period.code,
        "kind": period.kind,
        "label": period.label,
        "first": period.first.isoformat(),
        "last": period.last.isoformat(),
    }


def _figures(f: Figures, view: SiteView | None = None) -> dict:
    body = {
        "key": f.key,
        "label": f.label,
        "answers": f.answers,
        "satisfied": f.satisfied,
        "rate": None if f.rate is None else float(f.rate),
        "index": None if f.index is None else float(f.index),
    }
    if view is not None and view.central and f.site_id is not None:
        body["site"] = view.query_of(f.site_id).get("site")
    return body


@bp.get("/results")
def results():
    """Return the figures of a period (same parameters as /results), its previous period's
    totals, and the figures per group; ``by`` limits the groups to one dimension."""
    state = admin_state()
    view = site_view(state)
    try:
        period = resolve_period(request.args, state.today(), max_days=MAX_PAGE_DAYS)
    except PeriodError as exc:
        return jsonify(error=str(exc)), 400
    by = request.args.get("by")
    if by is not None and by not in DIMENSIONS:
        return jsonify(
            error=f"Cách chia không hợp lệ: “{by[:30]}”. Chọn một trong: " + ", ".join(DIMENSIONS)
        ), 400
    store, repeats = state.store, include_repeats()
    options = {"include_repeats": repeats, "site_id": view.site_id}
    previous = period.previous()
    (totals,) = store.report_figures(period.first, period.last, **options)
    (before,) = store.report_figures(previous.first, previous.last, **options)
    groups = {
        name: [
            _figures(f, view)
            for f in store.report_figures(period.first, period.last, name, **options)
        ]
        for name in ([by] if by else DIMENSIONS)
    }
    site = {"site": view.code or None} if view.central else {}
    return jsonify(
        **site,
        period=_period(period),
        previous=_period(previous),
        include_repeats=repeats,
        totals=_figures(totals),
        previous_totals=_figures(before),
        groups=groups,
        rate_rule="satisfied answers / answers x 100 (overall question; by=question: each)",
        index_formula="mean of 100 * (n - 1 - level_index) / (n - 1) per answer",
    )
