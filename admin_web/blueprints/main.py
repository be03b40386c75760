"""The home page: the period's figures, the weekly trend, the top reasons and the overdue cases
for those who may see results, and warnings when the sign or a device is silent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user

from admin_web.blueprints.devices import device_label, of_site, seen_text
from admin_web.context import admin_state
from admin_web.periods import (
    KIND_LABELS,
    Period,
    PeriodError,
    current_period,
    period_choices,
    resolve_period,
)
from admin_web.results_table import build_table, format_rate
from admin_web.roles import role_required, user_allows
from admin_web.sign_errors import explain_sign_error
from admin_web.sign_preview import SignView
from admin_web.site_health import site_warnings
from admin_web.site_scope import user_site_id
from lobby import clock
from lobby.office_hours import OfficeHours

bp = Blueprint("main", __name__)

TREND_WEEKS = 8
OVERDUE_SHOWN = 10


@dataclass(frozen=True)
class Week:
    """One week of the trend: its Monday, visits and satisfaction rate."""

    monday: date
    total: int
    rate: str
    share: int  # visits as a percentage of the busiest week, for the bar


def _can(endpoint: str) -> bool:
    return user_allows(current_user, endpoint)


def _period(args, today: date) -> tuple[Period, str | None]:
    try:
        return resolve_period(args, today), None
    except PeriodError as exc:
        return current_period("month", today), str(exc)


def _weekly_trend(state, today: date) -> list[Week]:
    """Return the last weeks up to this one, from the day tallies (summed per week here)."""
    this_monday = today - timedelta(days=today.weekday())
    first = this_monday - timedelta(weeks=TREND_WEEKS - 1)
    levels = state.survey().levels
    counts = state.store.daily_level_counts(first, today, site_id=user_site_id())
    weeks = []
    for n in range(TREND_WEEKS):
        monday = first + timedelta(weeks=n)
        sunday = min(monday + timedelta(days=6), today)
        week_counts = [c for c in counts if monday <= c.day <= sunday]
        totals = build_table(levels, week_counts, monday, monday).totals
        weeks.append((monday, totals.total, format_rate(totals.rate)))
    busiest = max((total for _, total, _ in weeks), default=0) or 1
    return [Week(m, t, r, round(100 * t / busiest)) for m, t, r in weeks]


def _reason_labels(state) -> dict[str, str]:
    try:
        return {r.key: r.label for r in state.survey().followup.reasons}
    except Exception:  # noqa: BLE001  (a broken survey file must not hide the home page)
        return {}


def overdue_moment(settings, today: date) -> datetime:
    """Return the moment (UTC) before which an open case's visit makes it overdue today."""
    hours = OfficeHours.from_settings(settings)
    last_day = hours.latest_day_due_before(today, settings.cases.due_working_days)
    start = datetime.combine(last_day + timedelta(days=1), time.min, clock.office_tz(hours.tz_name))
    return start.astimezone(UTC)


def _silent_devices(state) -> list[dict]:
    """Return the kiosks and signs silent too long, only once the office has been open that
    long today (a device switched off overnight is not news before then)."""
    minutes = state.settings.admin.device_silent_minutes
    now = clock.utcnow()
    opened = OfficeHours.from_settings(state.settings).minutes_open(now)
    if opened is None or opened < minutes:
        return []
    rows = of_site(state.store.silent_devices(now, minutes), user_site_id())
    can_edit = _can("devices.edit")
    return [
        {
            "label": device_label(row) if row.name else None,
            "id": row.id,
            "kind": row.kind,
            "seen": seen_text(row.last_seen_at, state.tz_name),
            "place": row.place,
            "edit": url_for("devices.edit", kind=row.kind, id=row.id) if can_edit else None,
        }
        for row in rows
    ]


def _sign(state) -> dict:
    sign = SignView(state.settings, state.store)
    status = sign.status()
    warning = sign.warning()
    if warning is None and state.settings.sign.enabled and not status.service_alive:
        # Why the service keeps stopping, as its supervisor recorded it: at once, not after
        # [sign] warn_after_minutes.
        warning = explain_sign_error(status.service_error)
    return {
        "status": status,
        "warning": warning,
        "enabled_count": len(state.store.enabled_sign_texts()),
    }


def _forwarding(state):
    """Return what a site forwarding to the central server last managed (None elsewhere)."""
    central = state.settings.central
    if central.role != "site" or not central.url:
        return None
    from lobby.sync.status import forwarding_status

    status = forwarding_status(state.store)
    return {"failing": status.failing, "message": status.message(state.tz_name)}


@bp.get("/")
@role_required("admin")
def index():
    """Show the chosen period's figures (this month by default), the weekly trend, the top
    reasons and the overdue cases, and what is silent; each part only to those who may open
    the page it links to."""
    state = admin_state()
    today = state.today()
    period, period_error = _period(request.args, today)
    figures = None
    if _can("results.index"):
        levels = state.survey().levels
        table = build_table(
            levels,
            state.store.daily_level_counts(period.first, period.last, site_id=user_site_id()),
            period.first,
            period.last,
        )
        labels = _reason_labels(state)
        reasons = [
            (labels.get(key, key), n)
            for key, n in state.store.top_reasons(period.first, period.last, site_id=user_site_id())
        ]
        figures = {
            "totals": table.totals,
            "columns": table.columns,
            "rate": format_rate(table.totals.rate),
            "trend": _weekly_trend(state, today),
            "reasons": reasons,
        }
    overdue = None
    if _can("cases.index"):
        before = overdue_moment(state.settings, today)
        site_id = user_site_id()
        overdue = {
            "count": state.store.count_listed_cases(due_before=before, site_id=site_id),
            "cases": state.store.list_cases(
                due_before=before, limit=OVERDUE_SHOWN, site_id=site_id
            ),
            "days": state.settings.cases.due_working_days,
        }
    return render_template(
        "main/index.html",
        today=today,
        period=period,
        period_error=period_error,
        choices=period_choices(today),
        kinds=KIND_LABELS,
        figures=figures,
        overdue=overdue,
        sign=_sign(state) if _can("sign.index") else None,
        silent_devices=_silent_devices(state),
        silent_minutes=state.settings.admin.device_silent_minutes,
        sites=site_warnings(state) if user_site_id() is None else None,
        forwarding=_forwarding(state),
        at_minute=lambda moment: clock.format_datetime(moment, state.tz_name)[:16],
    )
