"""Survey results for a period: figures, the previous period beside them, groups with charts,
counts per level per day, and the CSV export of every answer; on a central server of every site
(with a table of the sites) or of one (``?site=<code>``)."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request, stream_with_context

from admin_web.charts import Bar, bar_chart, distinct_labels, group_bar, sorted_bars
from admin_web.context import admin_state
from admin_web.csv_export import export_chunks
from admin_web.periods import KIND_LABELS, PeriodError, period_choices, resolve_period
from admin_web.report_data import change_text, site_rows, thresholds
from admin_web.results_table import (
    DIMENSION_TITLES,
    build_table,
    format_index,
    format_rate,
    group_label,
)
from admin_web.site_picker import SiteView, site_view
from lobby.store.reports import DIMENSIONS

bp = Blueprint("results", __name__, url_prefix="/results")

MAX_PAGE_DAYS = 366
# Across every site the table of sites stands for these: thousands of officials of hundreds of
# sites in one chart say nothing; a site's page (and the API, the watchlist) has them.
PER_SITE_DIMENSIONS = ("unit", "counter", "official")


def include_repeats() -> bool:
    """Return True if the request asks to count repeated presses too."""
    return request.args.get("repeats") == "1"


def _group(store, by: str, period, repeats: bool, least: int, view: SiteView, figures=None) -> dict:
    """One grouping: its rows for the table and its chart (rates sorted, few visits greyed; hours
    and weekdays in their own order, by count); ``figures``: the grouping's, when already read."""
    if figures is None:
        figures = store.report_figures(
            period.first, period.last, by, include_repeats=repeats, site_id=view.site_id
        )
    labels = [view.label(group_label(by, f.key, f.label), f.site_id) for f in figures]
    if by in ("official", "counter", "unit"):  # two officials of one name: their codes tell
        labels = distinct_labels(labels, [f.key or "" for f in figures])
    rows = list(zip(labels, figures, strict=True))
    if by in ("hour", "weekday"):
        bars = [Bar(label, f.answers, f"{f.answers:,} lượt".replace(",", ".")) for label, f in rows]
        chart = bar_chart(f"{DIMENSION_TITLES[by]}: số lượt", bars)
        muted = False
    else:
        bars = sorted_bars([group_bar(label, f, least) for label, f in rows])
        chart = bar_chart(f"{DIMENSION_TITLES[by]}: tỷ lệ hài lòng", bars, maximum=100)
        muted = any(bar.muted for bar in bars)
    return {
        "by": by,
        "title": DIMENSION_TITLES[by],
        "rows": rows,
        "chart": chart,
        "muted": muted,
        "least": least,
    }


def period_query(period, repeats: bool, site: dict | None = None) -> dict:
    """Return the query parameters that ask for ``period`` again (for links), of the same site
    (``site``: SiteView.query)."""
    query = {"period": period.code} if period.kind != "range" else {}
    if period.kind == "range":
        query = {"from": period.first.strftime("%d/%m/%Y"), "to": period.last.strftime("%d/%m/%Y")}
    query = {**query, **(site or {})}
    return {**query, "repeats": "1"} if repeats else query


@bp.get("")
def index():
    """Show the figures of a period (this month by default) beside the previous period's."""
    state = admin_state()
    view = site_view(state)
    args = request.args
    form = {
        "from": args.get("from", ""),
        "to": args.get("to", ""),
        "period": args.get("period", ""),
        "repeats": include_repeats(),
    }
    try:
        period = resolve_period(args, state.today(), max_days=MAX_PAGE_DAYS)
    except PeriodError as exc:
        page = render_template(
            "results/index.html",
            error=str(exc),
            form=form,
            kinds=KIND_LABELS,
            choices=period_choices(state.today()),
            view=view,
        )
        return page, 400
    store, repeats, site = state.store, include_repeats(), view.site_id
    least = thresholds(state.settings)[2]
    previous = period.previous()
    # The day tallies the table of days needs give the period's figures and weekdays too.
    days = store.day_figures(period.first, period.last, include_repeats=repeats, site_id=site)
    (before,) = store.report_figures(
        previous.first, previous.last, include_repeats=repeats, site_id=site
    )
    survey = state.survey()
    table = build_table(survey.levels, days.counts, period.first, period.last)
    form["from"], form["to"] = period.first.strftime("%d/%m/%Y"), period.last.strftime("%d/%m/%Y")
    sites = site_rows(store, period, repeats) if view.province else []
    read = {"weekday": days.weekdays}
    return render_template(
        "results/index.html",
        error=None,
        form=form,
        kinds=KIND_LABELS,
        choices=period_choices(state.today()),
        view=view,
        period=period,
        previous=previous,
        totals=days.total,
        before=before,
        sites=sites,
        groups=[
            _group(store, by, period, repeats, least, view, read.get(by))
            for by in DIMENSIONS
            if not (view.province and by in PER_SITE_DIMENSIONS)
        ],
        table=table,
        survey=survey,
        repeats=store.count_repeats(period.first, period.last, site_id=site),
        include_repeats=repeats,
        query=period_query(period, repeats, view.query),
        keep=period_query(period, repeats),
        previous_query=period_query(previous, repeats, view.query),
        format_rate=format_rate,
        format_index=format_index,
        change_text=change_text,
    )


@bp.get("/export.csv")
def export_csv():
    """Download every answer of the chosen period as CSV for Excel (UTF-8 with a BOM)."""
    state = admin_state()
    view = site_view(state)
    try:
        period = resolve_period(request.args, state.today())
    except PeriodError as exc:
        return render_template("error.html", title="Kỳ không hợp lệ", message=str(exc)), 400
    chunks = stream_with_context(
        export_chunks(state.store, period.first, period.last, view.site_id)
    )
    days = f"{period.first.isoformat()}_{period.last.isoformat()}"
    filename = f"ket-qua-danh-gia{view.file_part}_{days}.csv"
    return Response(
        chunks,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
