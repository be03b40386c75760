"""Report periods: day, week, month, quarter (quý), half year, year or a custom range of days.

Codes: "2026-11-01" (day), "2026-W45" (ISO week), "2026-11" (month), "2026-Q3" (quarter),
"2026-H1" (half year), "2026" (year); a custom range is given as two days instead of a code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from admin_web.dates import FIRST_DAY, LAST_DAY, day_range_problem
from lobby.clock import format_date

KINDS = ("day", "week", "month", "quarter", "half", "year", "range")
KIND_LABELS = {
    "day": "Ngày",
    "week": "Tuần",
    "month": "Tháng",
    "quarter": "Quý",
    "half": "6 tháng",
    "year": "Năm",
    "range": "Khoảng ngày",
}
_PATTERNS = (
    ("day", re.compile(r"(\d{4})-(\d{2})-(\d{2})")),
    ("week", re.compile(r"(\d{4})-W(\d{2})")),
    ("month", re.compile(r"(\d{4})-(\d{2})")),
    ("quarter", re.compile(r"(\d{4})-Q([1-4])")),
    ("half", re.compile(r"(\d{4})-H([12])")),
    ("year", re.compile(r"(\d{4})")),
)


# Quarters are numbered in Roman numerals in the office's documents: "Quý III/2026".
QUARTER_NUMERALS = ("I", "II", "III", "IV")


class PeriodError(ValueError):
    """A period that cannot be used; the message (Vietnamese) says why."""


@dataclass(frozen=True)
class Period:
    """A period of office days, ``first`` to ``last`` inclusive."""

    kind: str
    first: date
    last: date

    @property
    def days(self) -> int:
        """Return how many days the period has."""
        return (self.last - self.first).days + 1

    @property
    def code(self) -> str:
        """Return the period's code ("2026-Q3"); a custom range gives "first..last" (ISO)."""
        f = self.first
        if self.kind == "day":
            return f.isoformat()
        if self.kind == "week":
            year, week, _ = f.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind == "month":
            return f"{f.year}-{f.month:02d}"
        if self.kind == "quarter":
            return f"{f.year}-Q{(f.month - 1) // 3 + 1}"
        if self.kind == "half":
            return f"{f.year}-H{1 if f.month <= 6 else 2}"
        if self.kind == "year":
            return str(f.year)
        return f"{f.isoformat()}..{self.last.isoformat()}"

    @property
    def label(self) -> str:
        """Return the period in Vietnamese words as the office's documents write it ("Quý
        III/2026", "6 tháng đầu năm 2026", "Tuần 45/2026 (…)")."""
        f, span = self.first, f"{format_date(self.first)} – {format_date(self.last)}"
        if self.kind == "day":
            return f"Ngày {format_date(f)}"
        if self.kind == "week":
            year, week, _ = f.isocalendar()
            return f"Tuần {week}/{year} ({span})"
        if self.kind == "month":
            return f"Tháng {f.month}/{f.year}"
        if self.kind == "quarter":
            return f"Quý {QUARTER_NUMERALS[(f.month - 1) // 3]}/{f.year}"
        if self.kind == "half":
            return f"6 tháng {'đầu' if f.month <= 6 else 'cuối'} năm {f.year}"
        if self.kind == "year":
            return f"Năm {f.year}"
        return f"Từ {format_date(f)} đến {format_date(self.last)}"

    def previous(self) -> Period:
        """Return the period of the same kind just before this one (same length for a range)."""
        if self.kind in ("day", "week", "range"):
            last = self.first - timedelta(days=1)
            return Period(self.kind, last - timedelta(days=self.days - 1), last)
        months = {"month": 1, "quarter": 3, "half": 6, "year": 12}[self.kind]
        index = self.first.year * 12 + self.first.month - 1 - months
        return _months(self.kind, index // 12, index % 12 + 1, months)


def _months(kind: str, year: int, month: int, count: int) -> Period:
    end = year * 12 + month - 1 + count
    next_first = date(end // 12, end % 12 + 1, 1)
    return Period(kind, date(year, month, 1), next_first - timedelta(days=1))


def _within_days(period: Period) -> Period:
    """Return ``period`` if its days are ones the admin handles, else PeriodError."""
    problem = day_range_problem(period.first, period.last)
    if problem:
        raise PeriodError(problem)
    return period


def parse_period(code: str) -> Period:
    """Return the period written as a code ("2026-Q3", "2026-H1", "2026-11", …); PeriodError
    if it is not one or lies outside the days the admin handles."""
    return _within_days(_parse_code(code))


def _parse_code(code: str) -> Period:
    text = code.strip().upper()
    try:
        for kind, pattern in _PATTERNS:
            match = pattern.fullmatch(text)
            if match is None:
                continue
            year, *rest = (int(part) for part in match.groups())
            if not FIRST_DAY.year <= year <= LAST_DAY.year:
                raise PeriodError(day_range_problem(date.min, date.max))
            if kind == "day":
                day = date(year, rest[0], rest[1])
                return Period("day", day, day)
            if kind == "week":
                monday = date.fromisocalendar(year, rest[0], 1)
                return Period("week", monday, monday + timedelta(days=6))
            if kind == "month":
                return _months("month", year, date(year, rest[0], 1).month, 1)
            if kind == "quarter":
                return _months("quarter", year, 3 * rest[0] - 2, 3)
            if kind == "half":
                return _months("half", year, 6 * rest[0] - 5, 6)
            return _months("year", year, 1, 12)
    except PeriodError:
        raise
    except (ValueError, OverflowError):
        pass
    shown = code.strip()[:30]
    raise PeriodError(
        f"Kỳ báo cáo không hợp lệ: “{shown}”. Ví dụ: 2026-Q3 (quý III), 2026-H1 (6 tháng đầu),"
        " 2026-11 (tháng 11), 2026-W45 (tuần 45), 2026 (cả năm)."
    )


def current_period(kind: str, today: date) -> Period:
    """Return the period of ``kind`` that contains ``today``."""
    if kind == "day":
        return Period("day", today, today)
    if kind == "week":
        monday = today - timedelta(days=today.weekday())
        return Period("week", monday, monday + timedelta(days=6))
    months = {"month": 1, "quarter": 3, "half": 6, "year": 12}[kind]
    start = (today.month - 1) // months * months + 1
    return _months(kind, today.year, start, months)


def custom_range(first: date, last: date) -> Period:
    """Return a custom range of days (PeriodError if it ends before it starts)."""
    if first > last:
        raise PeriodError(
            f"Ngày bắt đầu ({format_date(first)}) đang sau ngày kết thúc ({format_date(last)})."
            " Hãy đổi lại hai ngày."
        )
    return _within_days(Period("range", first, last))


def resolve_period(args, today: date, max_days: int | None = None) -> Period:
    """Return the period a request asks for: ``period`` (a code), ``kind`` (the current day,
    week, … up to ``today``), ``from``/``to`` (a custom range, dd/mm/yyyy), else this month."""
    from admin_web.dates import DateRangeError, parse_day

    code, kind = (args.get("period") or "").strip(), (args.get("kind") or "").strip()
    raw_from, raw_to = (args.get("from") or "").strip(), (args.get("to") or "").strip()
    if code:
        period = parse_period(code)
    elif raw_from or raw_to:
        try:
            first = parse_day(raw_from, "Ngày bắt đầu") if raw_from else None
            last = parse_day(raw_to, "Ngày kết thúc") if raw_to else today
        except DateRangeError as exc:
            raise PeriodError(str(exc)) from None
        period = custom_range(first or last, last)
    elif kind in KINDS and kind != "range":
        period = current_period(kind, today)
    else:
        period = current_period("month", today)
    if max_days is not None and period.days > max_days:
        raise PeriodError(
            f"Chỉ xem được tối đa {max_days} ngày một lần. Hãy chọn khoảng ngắn hơn"
            " (tệp CSV thì tải được mọi khoảng)."
        )
    return period


def period_choices(today: date, years: int = 3) -> list[tuple[str, list[Period]]]:
    """Return the periods a picker offers, grouped under a heading: the months of this year and
    the last, then the quarters, half years and years of the last ``years`` years, newest
    first, none starting after ``today``."""
    first_year = today.year - years + 1
    months = [
        _months("month", year, month, 1)
        for year in (today.year, today.year - 1)
        for month in range(12, 0, -1)
    ]
    quarters = [
        _months("quarter", year, 3 * q - 2, 3)
        for year in range(today.year, first_year - 1, -1)
        for q in (4, 3, 2, 1)
    ]
    halves = [
        _months("half", year, 6 * h - 5, 6)
        for year in range(today.year, first_year - 1, -1)
        for h in (2, 1)
    ]
    whole = [_months("year", year, 1, 12) for year in range(today.year, first_year - 1, -1)]
    groups = [("Tháng", months), ("Quý", quarters), ("6 tháng", halves), ("Năm", whole)]
    return [(title, [p for p in periods if p.first <= today]) for title, periods in groups]
