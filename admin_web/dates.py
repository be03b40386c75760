"""Reading a day typed in an admin form: dd/mm/yyyy (as shown), or YYYY-MM-DD in links."""

from __future__ import annotations

from datetime import date, datetime

_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")
# The days the admin works with: any earlier or later cannot hold visits, and the extremes of
# the calendar overflow when turned into moments in the office's time zone or the period before.
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)


class DateRangeError(ValueError):
    """The requested dates cannot be used; the message (Vietnamese) says why."""


def day_range_problem(first: date, last: date) -> str | None:
    """Return why days from ``first`` to ``last`` are outside what the admin handles, or None."""
    if first < FIRST_DAY or last > LAST_DAY:
        return (
            f"Chỉ xem được các ngày từ {FIRST_DAY:%d/%m/%Y} đến {LAST_DAY:%d/%m/%Y}."
            " Hãy chọn lại ngày."
        )
    return None


def parse_day(raw: str, what: str) -> date:
    """Return the day written in ``raw``; DateRangeError naming ``what`` if it is not a date
    or lies outside FIRST_DAY to LAST_DAY."""
    text = raw.strip()
    for fmt in _FORMATS:
        try:
            day = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        problem = day_range_problem(day, day)
        if problem:
            shown = f"{day.day:02d}/{day.month:02d}/{day.year:04d}"
            raise DateRangeError(f"{what} {shown} nằm ngoài khoảng cho phép. {problem}")
        return day
    shown = text if len(text) <= 30 else text[:30] + "…"
    raise DateRangeError(f"{what} không hợp lệ: “{shown}”. Hãy nhập ngày dạng dd/mm/yyyy.")
