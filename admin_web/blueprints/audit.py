"""The audit log page: every change, filtered by user, action and dates, and its CSV export."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

from flask import Blueprint, Response, render_template, request, stream_with_context

from admin_web.context import admin_state
from admin_web.csv_export import BOM, neutralise
from admin_web.dates import DateRangeError, parse_day
from lobby import clock
from lobby.store import AuditRow

bp = Blueprint("audit", __name__, url_prefix="/audit")

HEADER = ("Thời gian", "Người làm", "Thao tác", "Đối tượng", "Trước", "Sau")
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
    entries = [] if filters.error else state.store.audit_entries(**filters.query())
    return render_template(
        "audit/list.html",
        filters=filters,
        entries=entries,
        actions=state.store.audit_actions(),
    ), (400 if filters.error else 200)


def _cells(entry: AuditRow, tz_name: str) -> list[str]:
    return [
        clock.format_datetime(entry.at, tz_name),
        entry.username,
        entry.action,
        entry.target,
        entry.before or "",
        entry.after or "",
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
            "audit/list.html", filters=filters, entries=[], actions=state.store.audit_actions()
        ), 400
    rows = state.store.iter_audit_entries(**filters.query())
    return Response(
        stream_with_context(_csv(rows, state.tz_name)),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="nhat-ky-thay-doi.csv"'},
    )
