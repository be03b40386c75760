"""The results table: counts per level per office day, built from SQL-aggregated counts only.

The satisfaction rate counts the answers that were satisfied when they were given (stored with
each answer), so editing the survey never changes past rates; the current survey only gives the
columns their order and labels.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from lobby.store import DayLevelCount
from lobby.store.answer_export import CHANNEL_LABELS
from lobby.survey import Level


@dataclass(frozen=True)
class Column:
    """One level column: its stored key, the label shown, and whether it counts as satisfied."""

    key: str
    label: str
    satisfied: bool
    in_survey: bool = True


@dataclass(frozen=True)
class Row:
    """Counts of one day (or of the whole range when ``day`` is None), in column order."""

    day: date | None
    counts: tuple[int, ...]
    total: int
    rate: Decimal | None


@dataclass(frozen=True)
class ResultsTable:
    """Columns, one row per day from first to last, and a totals row."""

    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    totals: Row

    @property
    def has_retired_levels(self) -> bool:
        """Return True if some votes were for levels no longer in the survey."""
        return any(not column.in_survey for column in self.columns)


def satisfaction_rate(satisfied: int, total: int) -> Decimal | None:
    """Return satisfied / total as a percentage rounded half-up to 1 decimal (None if no votes)."""
    if total <= 0:
        return None
    return (Decimal(satisfied) * 100 / Decimal(total)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def format_rate(rate: Decimal | None) -> str:
    """Format a rate the Vietnamese way ("83,9%"), or "–" when there were no votes."""
    return "–" if rate is None else f"{rate:.1f}".replace(".", ",") + "%"


def _row(
    day: date | None, columns: Sequence[Column], by_key: dict[str, int], satisfied: int
) -> Row:
    counts = tuple(by_key.get(column.key, 0) for column in columns)
    total = sum(counts)
    return Row(day, counts, total, satisfaction_rate(satisfied, total))


def build_table(
    levels: Sequence[Level], counts: Iterable[DayLevelCount], first: date, last: date
) -> ResultsTable:
    """Arrange aggregated counts as a table with the survey's levels as columns, in order."""
    per_day: dict[date, dict[str, int]] = {}
    overall: dict[str, int] = {}
    satisfied: dict[date | None, int] = {}
    for item in counts:
        day = per_day.setdefault(item.day, {})
        day[item.level_key] = day.get(item.level_key, 0) + item.count
        overall[item.level_key] = overall.get(item.level_key, 0) + item.count
        if item.satisfied:
            satisfied[item.day] = satisfied.get(item.day, 0) + item.count
            satisfied[None] = satisfied.get(None, 0) + item.count
    columns = [Column(level.key, level.label, level.satisfied) for level in levels]
    known = {level.key for level in levels}
    # Votes for a level since removed from the survey still count: shown under their stored key.
    columns += [
        Column(key, key, False, in_survey=False) for key in sorted(overall) if key not in known
    ]
    rows = []
    day = first
    while day <= last:
        rows.append(_row(day, columns, per_day.get(day, {}), satisfied.get(day, 0)))
        if day == date.max:
            break
        day += timedelta(days=1)
    return ResultsTable(
        tuple(columns), tuple(rows), _row(None, columns, overall, satisfied.get(None, 0))
    )


DIMENSION_TITLES = {
    "unit": "Theo đơn vị",
    "counter": "Theo quầy",
    "official": "Theo cán bộ",
    "question": "Theo tiêu chí (câu hỏi)",
    "channel": "Theo kênh đánh giá",
    "hour": "Theo giờ trong ngày",
    "weekday": "Theo thứ trong tuần",
}
WEEKDAYS = ("Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy")


def group_label(by: str, key: str | None, label: str) -> str:
    """Return the words shown for one group of a grouping ("Thứ Hai", "9 giờ", a name)."""
    if key is None:
        return "(không rõ)"
    if by == "hour":
        return f"{int(key)} giờ"
    if by == "weekday":
        return WEEKDAYS[int(key)]
    if by == "channel":
        return CHANNEL_LABELS.get(key, key)
    return label or key


def format_index(index: Decimal | None) -> str:
    """Format a 0-100 index the Vietnamese way ("55,6"), or "–" when there were no answers."""
    return "–" if index is None else f"{index:.1f}".replace(".", ",")
