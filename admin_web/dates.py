"""Reading the date range of a results request: YYYY-MM-DD (date pickers) or dd/mm/yyyy (typed)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from lobby.clock import format_date

DEFAULT_DAYS = 30
_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


class DateRangeError(ValueError):
    """The requested dates cannot be used; the message (Vietnamese) says why."""


def parse_day(raw: str, what: str) -> date:
    """Return the day written in ``raw``; DateRangeError naming ``what`` if it is not a date."""
    text = raw.strip()
    for fmt in _FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    shown = text if len(text) <= 30 else text[:30] + "…"
    raise DateRangeError(f"{what} không hợp lệ: “{shown}”. Hãy nhập ngày dạng dd/mm/yyyy.")


def resolve_range(
    raw_from: str | None, raw_to: str | None, today: date, max_days: int | None = None
) -> tuple[date, date]:
    """Return (first, last) from the request, defaulting to the 30 days up to ``today``."""
    last = parse_day(raw_to, "Ngày kết thúc") if raw_to and raw_to.strip() else today
    if raw_from and raw_from.strip():
        first = parse_day(raw_from, "Ngày bắt đầu")
    else:
        try:
            first = last - timedelta(days=DEFAULT_DAYS - 1)
        except OverflowError:
            first = date.min
    if first > last:
        raise DateRangeError(
            f"Ngày bắt đầu ({format_date(first)}) đang sau ngày kết thúc ({format_date(last)})."
            " Hãy đổi lại hai ngày."
        )
    if max_days is not None and (last - first).days + 1 > max_days:
        raise DateRangeError(
            f"Chỉ xem được tối đa {max_days} ngày một lần. Hãy chọn khoảng ngắn hơn"
            " (tệp CSV thì tải được mọi khoảng)."
        )
    return first, last
