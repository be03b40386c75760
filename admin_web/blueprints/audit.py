"""The audit log page: every change, filtered by user, action and dates, and its CSV export."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

from flask import Blueprint, Response, render_template, request, stream_with_context

from admin_web.audit_words import action_label, change_text, changes, target_label
from admin_web.context import admin_state
from admin_web.csv_export import BOM, neutralise
from admin_web.dates import DateRangeError, parse_day
from admin_web.paging import requested_page
from lobby import clock
from lobby.store import AuditRow

bp = Blueprint("audit", __name__, url_prefix="/audit")

HEADER = ("Thời gian", "Người làm", "Thao tác", "Đối tượng", "Trước", "Sau", "Chi tiết")
PAGE_SIZE = 50
MAX_FILTER_LENGTH = 64


class Filters:
    """The page's filters from the query string; ``error`` says (in Vietnamese) what is wrong."""

    def __init__(self, args, tz_name: str) -> None:
        self.user = (args.get("user") or "").strip()[:MAX_FILTER_LENGTH]
        self.action = (args.get("action") or "").strip()[:MAX_FILTER_LENGTH]
        self.raw_from = (args.get("from") or "").strip()[:30]
        self.raw_to = (args.get("to") or "").strip()[:30]
        self.start = self.end = None
        self.error = None
        try:
            if self.raw_from:
                self.start = self._moment(parse_day(self.raw_from, "Từ ngày"), tz_name)
            if self.raw_to:
                self.end = self._moment(parse_day(self.raw_to, "Đến ngày"), tz_name, next_day=True)
        except DateRangeError as exc:
            self.error = str(exc)
        if self.start and self.end and self.start >= self.end:
            self.error = "Từ ngày đang sau Đến ngày. Hãy đổi lại hai ngày."

    @staticmethod
    def _moment(day: date, tz_name: str, next_day: bool = False) -> datetime:
        if next_day:
            day = day + timedelta(days=1) if day < date.max else day
        return datetime.combine(day, time.min, clock.office_tz(tz_name)).astimezone(UTC)

    def args(self) -> dict:
        """Return the filters as query string arguments (for the pages' links)."""
        pairs = (("user", self.user), ("action", self.action))
        pairs += (("from", self.raw_from), ("to", self.raw_to))
        return {key: value for key, value in pairs if value}

    def query(self) -> dict:
        """Return the store query's keyword arguments."""
        return {
            "username": self.user or None,
            "action": self.action or None,
            "start": self.start,
            "end": self.end,
        }


@bp.get("")
def index():
    """Show the newest changes matching the filters."""
    state = admin_state()
    filters = Filters(request.args, state.tz_name)
    page = requested_page(request.args, PAGE_SIZE)
    entries = []
    if not filters.error:
        page = page.with_total(state.store.count_audit_entries(**filters.query()))
        entries = state.store.audit_entries(**filters.query(), limit=page.size, offset=page.offset)
    return render_template(
        "audit/list.html",
        filters=filters,
        entries=[_shown(entry, state.tz_name) for entry in entries],
        actions=_action_choices(state.store.audit_actions()),
        page=page,
        page_args=filters.args(),
    ), (400 if filters.error else 200)


def _shown(entry: AuditRow, tz_name: str) -> dict:
    """Return an entry as the page shows it: in words, its changes one per line."""
    return {
        "at": entry.at,
        "username": entry.username,
        "action": entry.action,
        "action_label": action_label(entry.action),
        "target": entry.target,
        "target_label": target_label(entry.target),
        "changes": [change_text(c) for c in changes(entry.before, entry.after, tz_name)],
    }


def _action_choices(actions: list[str]) -> list[tuple[str, str]]:
    """Return the recorded actions as (code, words), sorted by their words."""
    return sorted(((a, action_label(a)) for a in actions), key=lambda c: (c[1], c[0]))


def _cells(entry: AuditRow, tz_name: str) -> list[str]:
    return [
        clock.format_datetime(entry.at, tz_name),
        entry.username,
        entry.action,
        entry.target,
        entry.before or "",
        entry.after or "",
        # The same change in words, for a reader of the spreadsheet.
        f"{action_label(entry.action)} – {target_label(entry.target)}: "
        + "; ".join(change_text(c) for c in changes(entry.before, entry.after, tz_name)),
    ]


def _csv(entries: Iterator[AuditRow], tz_name: str) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(cells) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([neutralise(cell) for cell in cells])
        return buffer.getvalue()

    yield BOM + line(HEADER)
    for entry in entries:
        yield line(_cells(entry, tz_name))


@bp.get("/export.csv")
def export_csv():
    """Download the matching changes as CSV for Excel (BOM, formulas neutralised)."""
    state = admin_state()
    filters = Filters(request.args, state.tz_name)
    if filters.error:
        return render_template(
            "audit/list.html",
            filters=filters,
            entries=[],
            actions=_action_choices(state.store.audit_actions()),
        ), 400
    rows = state.store.iter_audit_entries(**filters.query())
    return Response(
        stream_with_context(_csv(rows, state.tz_name)),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="nhat-ky-thay-doi.csv"'},
    )
