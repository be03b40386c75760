"""Survey results: counts per level per day, and the CSV export of every visit."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request, stream_with_context

from admin_web.context import admin_state
from admin_web.csv_export import csv_chunks
from admin_web.dates import DateRangeError, resolve_range
from admin_web.results_table import build_table, format_rate
from admin_web.roles import role_required

bp = Blueprint("results", __name__, url_prefix="/results")

MAX_PAGE_DAYS = 366


@bp.get("")
@role_required("admin")
def index():
    """Show the table of counts per level per day for the chosen dates (last 30 days by default)."""
    state = admin_state()
    raw_from, raw_to = request.args.get("from"), request.args.get("to")
    try:
        first, last = resolve_range(raw_from, raw_to, state.today(), max_days=MAX_PAGE_DAYS)
    except DateRangeError as exc:
        return (
            render_template(
                "results/index.html",
                error=str(exc),
                table=None,
                raw_from=raw_from or "",
                raw_to=raw_to or "",
            ),
            400,
        )
    survey = state.survey()
    table = build_table(survey.levels, state.store.daily_level_counts(first, last), first, last)
    return render_template(
        "results/index.html",
        error=None,
        table=table,
        survey=survey,
        repeats=state.store.count_repeats(first, last),
        first=first,
        last=last,
        raw_from=first.isoformat(),
        raw_to=last.isoformat(),
        format_rate=format_rate,
    )


@bp.get("/export.csv")
@role_required("admin")
def export_csv():
    """Download every visit of the chosen dates as CSV for Excel (UTF-8 with a BOM)."""
    state = admin_state()
    try:
        first, last = resolve_range(request.args.get("from"), request.args.get("to"), state.today())
    except DateRangeError as exc:
        return render_template("error.html", title="Ngày không hợp lệ", message=str(exc)), 400
    store, tz_name = state.store, state.tz_name
    chunks = stream_with_context(csv_chunks(store.iter_visits(first, last), tz_name))
    filename = f"ket-qua-danh-gia_{first.isoformat()}_{last.isoformat()}.csv"
    return Response(
        chunks,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
