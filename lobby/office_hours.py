"""The office's working hours and days ([office] working_hours, working_days): when the admin
warns about silent devices, and how many working days a follow-up case has before it is due."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from lobby.clock import office_tz

_HOURS = re.compile(r"\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*")
HOURS_EXPECTED = "'HH:MM-HH:MM' such as '07:00-17:00' (start before end, end at most 24:00)"
DAYS_EXPECTED = "day numbers 1 (Monday) to 7 (Sunday) with ranges and commas, such as '1-5'"


def parse_hours(text: str) -> tuple[int, int]:
    """Return (start, end) in minutes after midnight of 'HH:MM-HH:MM'; ValueError if not one."""
    match = _HOURS.fullmatch(text)
    if not match:
        raise ValueError(HOURS_EXPECTED)
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if h1 > 23 or m1 > 59 or m2 > 59 or end > 24 * 60 or end <= start:
        raise ValueError(HOURS_EXPECTED)
    return start, end


def parse_days(text: str) -> frozenset[int]:
    """Return the weekdays (0 = Monday) of '1-5' or '1-5,7'; ValueError if not such a list."""
    days: set[int] = set()
    for part in text.split(","):
        low, _, high = part.strip().partition("-")
        if not low.strip().isdigit() or not (high.strip() or low).isdigit():
            raise ValueError(DAYS_EXPECTED)
        first, last = int(low), int(high or low)
        if not 1 <= first <= last <= 7:
            raise ValueError(DAYS_EXPECTED)
        days.update(range(first - 1, last))
    return frozenset(days)


def check_hours(value: str) -> str | None:
    """Return None for usable working hours, else what is expected (a settings check)."""
    try:
        parse_hours(value)
    except ValueError:
        return HOURS_EXPECTED
    return None


def check_days(value: str) -> str | None:
    """Return None for usable working days, else what is expected (a settings check)."""
    try:
        parse_days(value)
    except ValueError:
        return DAYS_EXPECTED
    return None


@dataclass(frozen=True)
class OfficeHours:
    """When the office works: minutes ``start`` to ``end`` on ``days`` (0 = Monday)."""

    start: int
    end: int
    days: frozenset[int]
    tz_name: str

    @classmethod
    def from_settings(cls, settings) -> OfficeHours:
        """Return the working hours of [office] working_hours and working_days."""
        start, end = parse_hours(settings.office.working_hours)
        days = parse_days(settings.office.working_days)
        return cls(start, end, days, settings.office.timezone)

    def minutes_open(self, now: datetime) -> float | None:
        """Return how many minutes the office has been open at ``now`` (UTC), or None when it is
        closed."""
        local = now.astimezone(office_tz(self.tz_name))
        minute = local.hour * 60 + local.minute + local.second / 60
        if local.weekday() not in self.days or not self.start <= minute < self.end:
            return None
        opened = minute - self.start
        yesterday = (local.weekday() - 1) % 7
        if self.start == 0 and self.end == 24 * 60 and yesterday in self.days:
            opened += 24 * 60  # open round the clock: midnight is no opening
        return opened

    def is_working_day(self, day: date) -> bool:
        """Tell whether ``day`` is a working day."""
        return day.weekday() in self.days

    def add_working_days(self, day: date, count: int) -> date:
        """Return the working day ``count`` working days after ``day``."""
        if not self.days:
            return day + timedelta(days=count)
        while count > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count -= 1
        return day

    def latest_day_due_before(self, today: date, count: int) -> date:
        """Return the last day whose visits, due ``count`` working days later, are overdue on
        ``today`` (due before it)."""
        day = today - timedelta(days=1)
        while self.add_working_days(day, count) >= today:
            day -= timedelta(days=1)
        return day
