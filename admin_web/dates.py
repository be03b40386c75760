"""Reading a day typed in an admin form: dd/mm/yyyy (as shown), or YYYY-MM-DD in links."""

from __future__ import annotations

from datetime import date, datetime

_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")


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
