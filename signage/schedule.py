"""Which items the sign shows at a given moment: messages, schedules, office hours, notices.

Pure: no store, no clock of its own. The caller passes the messages and notices (objects with the
attributes of lobby.store.sign.SignMessageRow / NoticeRow), the office hours and ``now``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo
from typing import Protocol

from lobby import office_hours
from signage.items import SignItem

ALL_DAYS = 0b1111111
MINUTES_PER_DAY = 24 * 60
LOOKAHEAD_DAYS = 8
_TIME = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


class ScheduledMessage(Protocol):
    """What the schedule reads of a message."""

    text: str
    enabled: bool
    starts_at: datetime | None
    ends_at: datetime | None
    weekdays: int
    window_start: int | None
    window_end: int | None
    mode: str
    colour: str | None
    speed: int | None


class Notice(Protocol):
    """What the schedule reads of an urgent notice."""

    text: str
    starts_at: datetime
    expires_at: datetime
    ended_at: datetime | None


@dataclass(frozen=True)
class OfficeHours:
    """When the office is open (local minutes, weekday mask) and what the board shows otherwise."""

    start: int = 0
    end: int = MINUTES_PER_DAY
    days: int = ALL_DAYS
    after_hours: str = "blank"  # "blank" or "default"
    after_hours_text: str = ""

    @classmethod
    def from_settings(cls, settings) -> OfficeHours:
        """Return the office hours configured in ``[sign]``."""
        sign = settings.sign
        start, end = parse_hours(sign.office_hours)
        return cls(
            start, end, parse_days(sign.office_days), sign.after_hours, sign.after_hours_text
        )

    def open_at(self, local: datetime) -> bool:
        """Tell whether the office is open at this local time."""
        minute = local.hour * 60 + local.minute
        return bool(self.days >> local.weekday() & 1) and self.start <= minute < self.end


def parse_time(text: str) -> int:
    """Return the minutes after midnight of 'HH:MM' (ValueError in Vietnamese if it is not one)."""
    match = _TIME.match(text)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValueError(f"Giờ “{text.strip()}” không hợp lệ; hãy nhập dạng HH:MM, ví dụ 07:30.")
    return int(match.group(1)) * 60 + int(match.group(2))


def format_time(minutes: int) -> str:
    """Return minutes after midnight as 'HH:MM'."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_hours(text: str) -> tuple[int, int]:
    """Return (start, end) minutes of 'HH:MM-HH:MM' (end may be 24:00); ValueError if not.

    The same rule as the office's working hours (lobby/office_hours.py), which owns it.
    """
    try:
        return office_hours.parse_hours(text)
    except ValueError as exc:
        raise ValueError(f"expected {exc}, got {text!r}") from None


def parse_days(text: str) -> int:
    """Return the weekday mask (bit 0 = Monday) of '1-5' or '1-5,7' (1 = Monday, 7 = Sunday)."""
    try:
        days = office_hours.parse_days(text)
    except ValueError as exc:
        raise ValueError(f"expected {exc}, got {text!r}") from None
    return sum(1 << day for day in days)


def notice_active(notice: Notice, now: datetime) -> bool:
    """Tell whether an urgent notice overrides the sign at ``now``."""
    return notice.ended_at is None and notice.starts_at <= now < notice.expires_at


def message_shows(message: ScheduledMessage, now: datetime, tz: tzinfo) -> bool:
    """Tell whether an enabled message's dates, weekdays and daily window include ``now``.

    A window that crosses midnight (22:00-02:00) belongs to the day it opened: its part after
    midnight shows when the previous day is one of the message's weekdays.
    """
    if not message.enabled:
        return False
    if message.starts_at is not None and now < message.starts_at:
        return False
    if message.ends_at is not None and now >= message.ends_at:
        return False
    local = now.astimezone(tz)
    minute = local.hour * 60 + local.minute
    day = local.weekday()
    start, end = message.window_start, message.window_end
    if start is None or end is None:
        in_window = True
    elif start < end:
        in_window = start <= minute < end
    elif minute >= start:
        in_window = True
    elif minute < end:
        in_window, day = True, (day - 1) % 7
    else:
        in_window = False
    return in_window and bool(message.weekdays >> day & 1)


def _item(message: ScheduledMessage) -> SignItem:
    return SignItem(message.text, mode=message.mode, colour=message.colour, speed=message.speed)


def items_at(
    messages: Sequence[ScheduledMessage],
    notices: Sequence[Notice],
    hours: OfficeHours,
    now: datetime,
    tz: tzinfo,
) -> list[SignItem]:
    """Return the items the board should show at ``now`` (aware), in order.

    Urgent notices override everything (office hours too): they come as urgent items after the
    scheduled ones, which the board keeps behind them. Outside office hours the board is blank or
    shows the after-hours text.
    """
    urgent = [SignItem(n.text, urgent=True) for n in notices if notice_active(n, now)]
    if not hours.open_at(now.astimezone(tz)):
        if hours.after_hours == "default" and hours.after_hours_text.strip():
            return [SignItem(hours.after_hours_text.strip())] + urgent
        return urgent
    return [_item(m) for m in messages if message_shows(m, now, tz)] + urgent


def _candidates(
    messages: Sequence[ScheduledMessage],
    notices: Sequence[Notice],
    hours: OfficeHours,
    now: datetime,
    tz: tzinfo,
) -> list[datetime]:
    moments = {n.starts_at for n in notices} | {n.expires_at for n in notices}
    moments |= {m.starts_at for m in messages if m.starts_at} | {
        m.ends_at for m in messages if m.ends_at
    }
    minutes = {0, hours.start % MINUTES_PER_DAY, hours.end % MINUTES_PER_DAY}
    for m in messages:
        minutes |= {x for x in (m.window_start, m.window_end) if x is not None}
    today = now.astimezone(tz).date()
    for offset in range(LOOKAHEAD_DAYS):
        day = today + timedelta(days=offset)
        for minute in minutes:
            local = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=tz)
            moments.add(local)
    return sorted(m for m in moments if m > now)


def next_change(
    messages: Sequence[ScheduledMessage],
    notices: Sequence[Notice],
    hours: OfficeHours,
    now: datetime,
    tz: tzinfo,
) -> datetime | None:
    """Return the first moment after ``now`` when the items change (None within 8 days)."""
    current = items_at(messages, notices, hours, now, tz)
    for moment in _candidates(messages, notices, hours, now, tz):
        if items_at(messages, notices, hours, moment, tz) != current:
            return moment
    return None
