"""Time helpers: everything is stored in UTC and shown in the office's time zone as dd/mm/yyyy."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

OFFICE_TZ_NAME = "Asia/Ho_Chi_Minh"


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


def office_tz(name: str = OFFICE_TZ_NAME) -> ZoneInfo:
    """Return the office's time zone (Asia/Ho_Chi_Minh unless configured otherwise)."""
    return ZoneInfo(name)


def to_local(moment: datetime, tz_name: str = OFFICE_TZ_NAME) -> datetime:
    """Convert an aware (or naive UTC) datetime to the office's local time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(office_tz(tz_name))


def local_day(moment: datetime, tz_name: str = OFFICE_TZ_NAME) -> date:
    """Return the office's calendar day on which ``moment`` falls."""
    return to_local(moment, tz_name).date()


def format_date(day: date | datetime, tz_name: str = OFFICE_TZ_NAME) -> str:
    """Format a date (or a moment, converted to local time) as dd/mm/yyyy."""
    if isinstance(day, datetime):
        day = to_local(day, tz_name).date()
    return day.strftime("%d/%m/%Y")


def format_datetime(moment: datetime | None, tz_name: str = OFFICE_TZ_NAME) -> str:
    """Format a moment as 'dd/mm/yyyy HH:MM:SS' in the office's time zone ('' for None)."""
    if moment is None:
        return ""
    return to_local(moment, tz_name).strftime("%d/%m/%Y %H:%M:%S")
