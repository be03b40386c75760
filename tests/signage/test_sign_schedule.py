"""The schedule with an injected clock: windows across midnight, weekdays, dates, notices, hours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from signage.items import SignItem
from signage.schedule import (
    ALL_DAYS,
    OfficeHours,
    items_at,
    message_shows,
    next_change,
    parse_days,
    parse_hours,
    parse_time,
)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
ALWAYS = OfficeHours()  # open every minute of every day
MON, TUE, SUN = 1, 2, 64


@dataclass
class Msg:
    text: str
    enabled: bool = True
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    weekdays: int = ALL_DAYS
    window_start: int | None = None
    window_end: int | None = None
    mode: str = "rotate"
    colour: str | None = None
    speed: int | None = None


@dataclass
class Note:
    text: str
    starts_at: datetime
    expires_at: datetime
    ended_at: datetime | None = None


def local(day: int, hour: int, minute: int = 0, month: int = 12) -> datetime:
    """An aware moment at a local time in December 2026 (01/12/2026 is a Tuesday)."""
    return datetime(2026, month, day, hour, minute, tzinfo=TZ)


def texts(items: list[SignItem]) -> list[str]:
    return [i.text for i in items]


def test_a_window_crossing_midnight_belongs_to_the_day_it_opened():
    night = Msg("Trực đêm", window_start=22 * 60, window_end=2 * 60, weekdays=MON)
    assert message_shows(night, local(7, 22, 0), TZ)  # Monday 22:00
    assert message_shows(night, local(8, 1, 59), TZ)  # Tuesday 01:59: Monday's window
    assert not message_shows(night, local(8, 2, 0), TZ)
    assert not message_shows(night, local(8, 22, 0), TZ)  # Tuesday evening: not a Monday
    assert not message_shows(night, local(7, 1, 0), TZ)  # Monday 01:00: Sunday's window
    assert not message_shows(night, local(7, 21, 59), TZ)


def test_weekdays_and_a_daytime_window():
    lunch = Msg("Nghỉ trưa", window_start=11 * 60 + 30, window_end=13 * 60, weekdays=TUE | SUN)
    assert message_shows(lunch, local(1, 12), TZ)  # Tuesday
    assert not message_shows(lunch, local(2, 12), TZ)  # Wednesday
    assert message_shows(lunch, local(6, 11, 30), TZ)  # Sunday
    assert not message_shows(lunch, local(6, 13, 0), TZ)


def test_start_and_end_dates_are_moments_in_utc():
    start = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)  # 08:00 local
    campaign = Msg("Tuần lễ cải cách", starts_at=start, ends_at=start + timedelta(days=2))
    assert not message_shows(campaign, start - timedelta(seconds=1), TZ)
    assert message_shows(campaign, start, TZ)
    assert message_shows(campaign, start + timedelta(days=2, seconds=-1), TZ)
    assert not message_shows(campaign, start + timedelta(days=2), TZ)


def test_disabled_messages_never_show():
    assert not message_shows(Msg("Tắt", enabled=False), local(1, 9), TZ)


def test_style_reaches_the_items_in_order():
    messages = [Msg("Một", mode="hold", colour="green", speed=3), Msg("Hai")]
    assert items_at(messages, [], ALWAYS, local(1, 9), TZ) == [
        SignItem("Một", mode="hold", colour="green", speed=3),
        SignItem("Hai"),
    ]


def test_an_urgent_notice_overrides_until_it_expires_even_after_hours():
    hours = OfficeHours(7 * 60, 17 * 60, parse_days("1-5"), "blank")
    begins = local(1, 16, 50)
    notice = Note("Mất điện từ 17:00", begins, begins + timedelta(minutes=30))
    messages = [Msg("Chào mừng")]
    at = items_at(messages, [notice], hours, begins + timedelta(minutes=5), TZ)
    assert at == [SignItem("Chào mừng"), SignItem("Mất điện từ 17:00", urgent=True)]
    after = items_at(messages, [notice], hours, local(1, 17, 10), TZ)
    assert after == [SignItem("Mất điện từ 17:00", urgent=True)]  # after hours: blank + notice
    assert items_at(messages, [notice], hours, local(1, 17, 20), TZ) == []  # expired
    ended = Note(notice.text, notice.starts_at, notice.expires_at, ended_at=begins)
    assert texts(items_at(messages, [ended], hours, local(1, 16, 55), TZ)) == ["Chào mừng"]


def test_after_hours_blank_or_default_text():
    default = OfficeHours(7 * 60, 17 * 60, parse_days("1-5"), "default", "Ngoài giờ làm việc")
    blank = OfficeHours(7 * 60, 17 * 60, parse_days("1-5"), "blank")
    messages = [Msg("Chào mừng")]
    saturday_noon = local(5, 12)
    assert texts(items_at(messages, [], default, saturday_noon, TZ)) == ["Ngoài giờ làm việc"]
    assert items_at(messages, [], blank, saturday_noon, TZ) == []
    assert texts(items_at(messages, [], blank, local(1, 6, 59), TZ)) == []
    assert texts(items_at(messages, [], blank, local(1, 7, 0), TZ)) == ["Chào mừng"]
    assert texts(items_at(messages, [], blank, local(1, 17, 0), TZ)) == []


def test_next_change_is_the_next_minute_that_changes_what_shows():
    hours = OfficeHours(7 * 60, 17 * 60, parse_days("1-5"), "blank")
    messages = [Msg("Sáng", window_start=8 * 60, window_end=11 * 60)]
    assert next_change(messages, [], hours, local(1, 7, 30), TZ) == local(1, 8)
    assert next_change(messages, [], hours, local(1, 8, 0), TZ) == local(1, 11)
    # Friday 11:00 -> nothing until Monday 08:00 (the weekend and the nights change nothing).
    assert next_change(messages, [], hours, local(4, 11), TZ) == local(7, 8)
    notice = Note("Khẩn", local(1, 9, 15), local(1, 9, 45))
    assert next_change(messages, [notice], hours, local(1, 9), TZ) == local(1, 9, 15)
    assert next_change([], [], ALWAYS, local(1, 9), TZ) is None


def test_office_hours_and_days_parse_from_settings_text():
    assert parse_hours("07:00-17:00") == (420, 1020)
    assert parse_hours("00:00-24:00") == (0, 1440)
    assert parse_days("1-5") == 0b0011111
    assert parse_days("1-5,7") == 0b1011111
    assert parse_time("7:05") == 425
    for bad in ("17:00-07:00", "7-17", "25:00-26:00"):
        with pytest.raises(ValueError):
            parse_hours(bad)
    for bad in ("0-5", "mon", "5-1", ""):
        with pytest.raises(ValueError):
            parse_days(bad)
    with pytest.raises(ValueError, match="HH:MM"):
        parse_time("24:00")


minutes = st.integers(0, 24 * 60 - 1)


@settings(max_examples=200, deadline=None)
@given(start=minutes, end=minutes, weekdays=st.integers(1, ALL_DAYS), at=st.integers(0, 14 * 1440))
def test_window_membership_matches_a_minute_by_minute_model(start, end, weekdays, at):
    """Property: a message shows exactly when the minute is in its window of an opening day."""
    if start == end:
        return
    moment = local(1, 0) + timedelta(minutes=at)
    message = Msg("x", window_start=start, window_end=end, weekdays=weekdays)
    minute = moment.hour * 60 + moment.minute
    day = moment.weekday()
    if start < end:
        expected = start <= minute < end and bool(weekdays >> day & 1)
    else:
        opened_today = minute >= start and bool(weekdays >> day & 1)
        opened_yesterday = minute < end and bool(weekdays >> ((day - 1) % 7) & 1)
        expected = opened_today or opened_yesterday
    assert message_shows(message, moment, TZ) == expected


@settings(max_examples=60, deadline=None)
@given(start=minutes, length=st.integers(1, 1439), at=st.integers(0, 3 * 1440))
def test_nothing_changes_between_now_and_next_change(start, length, at):
    """Property: the items stay the same every minute up to next_change, and differ there."""
    message = Msg("x", window_start=start, window_end=(start + length) % 1440)
    now = local(1, 0) + timedelta(minutes=at)
    upcoming = next_change([message], [], ALWAYS, now, TZ)
    assert upcoming is not None
    before = items_at([message], [], ALWAYS, now, TZ)
    probe = now + timedelta(minutes=1)
    while probe < upcoming:
        assert items_at([message], [], ALWAYS, probe, TZ) == before
        probe += timedelta(minutes=7)
    assert items_at([message], [], ALWAYS, upcoming, TZ) != before
