"""Report periods: codes read and written, Vietnamese labels, the previous period, bad input."""

from __future__ import annotations

from datetime import date

import pytest

from admin_web.periods import (
    PeriodError,
    current_period,
    custom_range,
    parse_period,
    resolve_period,
)


@pytest.mark.parametrize(
    "code, kind, first, last, label",
    [
        ("2026-Q3", "quarter", date(2026, 7, 1), date(2026, 9, 30), "Quý III/2026"),
        ("2026-H1", "half", date(2026, 1, 1), date(2026, 6, 30), "6 tháng đầu năm 2026"),
        ("2026-H2", "half", date(2026, 7, 1), date(2026, 12, 31), "6 tháng cuối năm 2026"),
        ("2026", "year", date(2026, 1, 1), date(2026, 12, 31), "Năm 2026"),
        ("2024-02", "month", date(2024, 2, 1), date(2024, 2, 29), "Tháng 2/2024"),
        ("2026-W45", "week", date(2026, 11, 2), date(2026, 11, 8), "Tuần 45/2026"),
        ("2026-11-01", "day", date(2026, 11, 1), date(2026, 11, 1), "Ngày 01/11/2026"),
    ],
)
def test_codes_are_read_and_written_back(code, kind, first, last, label):
    period = parse_period(code)
    assert (period.kind, period.first, period.last) == (kind, first, last)
    assert period.code == code
    assert period.label.startswith(label)


@pytest.mark.parametrize(
    "code, previous",
    [
        ("2026-Q1", "2025-Q4"),
        ("2026-H1", "2025-H2"),
        ("2026-H2", "2026-H1"),
        ("2026", "2025"),
        ("2026-01", "2025-12"),
        ("2026-03", "2026-02"),
        ("2026-W01", "2025-W52"),
        ("2026-03-01", "2026-02-28"),
    ],
)
def test_the_previous_period_is_the_one_just_before(code, previous):
    assert parse_period(code).previous().code == previous


def test_the_previous_custom_range_has_the_same_length_just_before():
    period = custom_range(date(2026, 11, 1), date(2026, 11, 10))
    before = period.previous()
    assert (before.first, before.last) == (date(2026, 10, 22), date(2026, 10, 31))
    assert period.label == "Từ 01/11/2026 đến 10/11/2026"


@pytest.mark.parametrize("code", ["2026-Q5", "2026-13", "2026-H3", "2026-W54", "quý 3", ""])
def test_bad_codes_give_a_vietnamese_error_with_what_was_typed(code):
    with pytest.raises(PeriodError, match="Kỳ báo cáo không hợp lệ") as caught:
        parse_period(code)
    assert code in str(caught.value)


def test_current_periods_contain_today():
    today = date(2026, 8, 15)
    assert current_period("quarter", today).code == "2026-Q3"
    assert current_period("half", today).code == "2026-H2"
    assert current_period("week", today).first == date(2026, 8, 10)
    assert current_period("month", today).last == date(2026, 8, 31)


def test_requests_read_dd_mm_yyyy_and_keep_what_was_typed_in_errors():
    today = date(2026, 11, 28)
    period = resolve_period({"from": "01/11/2026", "to": "10/11/2026"}, today)
    assert (period.kind, period.first, period.last) == (
        "range",
        date(2026, 11, 1),
        date(2026, 11, 10),
    )
    assert resolve_period({}, today).code == "2026-11"
    assert resolve_period({"kind": "quarter"}, today).code == "2026-Q4"
    with pytest.raises(PeriodError, match="“32/11/2026”"):
        resolve_period({"from": "32/11/2026"}, today)
    with pytest.raises(PeriodError, match="đang sau ngày kết thúc"):
        resolve_period({"from": "10/11/2026", "to": "01/11/2026"}, today)
    with pytest.raises(PeriodError, match="tối đa 366 ngày"):
        resolve_period({"from": "01/01/2020"}, today, max_days=366)
