"""Report figures: visits, satisfaction rate and a 0-100 index, overall and per group.

Counting is a GROUP BY in the database over the exact rollup ``result_tallies`` (per group,
survey version, question, level index and satisfied flag; whole months from month rows, the
rest from day rows, see lobby.store.tallies); only those few aggregated rows are combined here.

Satisfaction rate = satisfied answers / answers, in % (what was satisfied when the answer was
given, stored with it). Index = mean over answers of 100 * (n - 1 - level_index) / (n - 1),
where n is the number of levels the question had in the survey version answered (read from the
stored survey versions; when a version is missing, the highest level index seen + 1): the first
(best) level scores 100, the last (worst) 0. Hour and weekday are in the office's time zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from lobby.store.models import Counter, Official, Unit, Visit
from lobby.store.tallies import SLOT_MINUTES, period_rows
from lobby.store.tallies import TABLE as TALLY

# Groupings offered; "question" counts every question, the others the overall question only.
DIMENSIONS = ("unit", "counter", "official", "question", "channel", "hour", "weekday")


@dataclass(frozen=True)
class Figures:
    """The figures of one group (``key`` None for the whole period)."""

    key: str | None
    label: str
    answers: int
    satisfied: int
    rate: Decimal | None
    index: Decimal | None


def _one_decimal(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.1"), ROUND_HALF_UP
    )


_REF_TABLES = {"unit": Unit, "counter": Counter, "official": Official}


def _hour_of_slot(tz_name: str, first: date):
    """Return a function turning a UTC quarter-hour into the office's hour, with the office's
    offset at the period's start (Việt Nam has had no daylight saving time since 1975)."""
    offset = ZoneInfo(tz_name).utcoffset(datetime(first.year, first.month, first.day))
    minutes = int((offset or timedelta()).total_seconds()) // 60
    return lambda slot: ((int(slot) * SLOT_MINUTES + minutes) % 1440) // 60


def _tally_query(by: str | None, first: date, last: date, include_repeats: bool):
    """Return the query summing the tallies of a grouping over the period (GROUP BY in SQL)."""
    t = TALLY.c
    dimension = {None: "total", "hour": "utc_slot"}.get(by, by)
    if by in _REF_TABLES:
        table = aliased(_REF_TABLES[by])
        name = table.full_name if by == "official" else table.name
        label = func.max(name)
    else:
        table, label = None, func.max(t.label)
    columns = (t.survey_key, t.survey_version, t.question_key, t.level_index, t.satisfied)
    query = select(t.group_key, label, *columns, func.sum(t.n)).where(
        period_rows(dimension, first, last, include_repeats=include_repeats)
    )
    if table is not None:
        query = query.outerjoin(table, t.ref_id == table.id)
    return query.group_by(t.group_key, t.ref_id, *columns)


class ReportsMixin:
    """Aggregated report figures for the results pages and the API."""

    def _level_counts(self, versions) -> dict[tuple[str, int, str], int]:
        """Return the number of levels of each (survey key, version, question key) of the
        given (survey key, version) pairs, from the stored survey versions."""
        from lobby.settings import ConfigError  # parsing surveys only when reporting
        from lobby.survey import survey_from_text

        # A stored version never changes: each is read and parsed once per store object.
        known: dict[tuple[str, int], dict[str, int]] = self.__dict__.setdefault("_levels", {})
        counts: dict[tuple[str, int, str], int] = {}
        for key, version in versions:
            if (key, version) not in known:
                row = self.survey_version(key, version)
                if row is None:
                    continue
                try:
                    survey = survey_from_text(row.source)
                except (ConfigError, ValueError):
                    survey = None
                sizes = {q.key: len(q.levels) for q in survey.questions} if survey else {}
                known[(key, version)] = sizes
            for question, size in known[(key, version)].items():
                counts[(key, version, question)] = size
        return counts

    def report_figures(
        self, first: date, last: date, by: str | None = None, *, include_repeats: bool = False
    ) -> list[Figures]:
        """Return the figures of the office days ``first``..``last`` per group of ``by`` (one
        of DIMENSIONS), or one overall entry when ``by`` is None; repeated presses left out
        unless asked for. Groups are ordered by key."""
        if by is not None and by not in DIMENSIONS:
            raise ValueError(f"unknown grouping {by!r}")
        with self.session() as s:
            found = list(s.execute(_tally_query(by, first, last, include_repeats)))
        hour = _hour_of_slot(self.tz_name, first) if by == "hour" else None
        tallies = []
        for k, name, survey, version, question, index, sat, n in found:
            if by in ("weekday", "hour"):
                k = name = hour(k) if hour else int(k)
            elif by in _REF_TABLES:
                k = k or None
            tallies.append((k, name, survey, version, question, index, sat, int(n)))
        levels = self._level_counts({(t[2], t[3]) for t in tallies})
        seen_max: dict[str, int] = {}
        for *_, question, index, _sat, _n in tallies:
            seen_max[question] = max(seen_max.get(question, 0), index)
        groups: dict[object, list] = {}
        for k, name, survey, version, question, index, sat, n in tallies:
            # [label, answers, satisfied, {steps: sum of steps above the worst level}]
            group = groups.setdefault(k, ["", 0, 0, {}])
            size = levels.get((survey, version, question), seen_max[question] + 1)
            group[0] = max(group[0], "" if name is None else str(name))  # the same on any order
            group[1] += n
            group[2] += n if sat else 0
            if size > 1:
                steps = group[3]
                steps[size - 1] = steps.get(size - 1, 0) + (size - 1 - min(index, size - 1)) * n
        result = []
        numeric = by in ("hour", "weekday")
        for k in sorted(groups, key=lambda g: (g is None, g if numeric else str(g))):
            name, total, satisfied, steps = groups[k]
            score = sum((Fraction(100 * v, d) for d, v in steps.items()), Fraction(0))
            result.append(
                Figures(
                    None if by is None else (None if k is None else str(k)),
                    name,
                    total,
                    satisfied,
                    _one_decimal(Fraction(satisfied * 100, total)) if total else None,
                    _one_decimal(score / total) if total else None,
                )
            )
        if by is None and not result:
            result.append(Figures(None, "", 0, 0, None, None))
        return result

    def period_counts(self, first: date, last: date) -> tuple[int, int]:
        """Return how many visits and answers the office days ``first``..``last`` have, repeated
        presses included (as in the raw data), from the exact tallies: the "visits" rows count
        visits, the "question" rows every answer to every question."""
        t = TALLY.c
        counted = [
            select(func.coalesce(func.sum(t.n), 0)).where(
                period_rows(dimension, first, last, include_repeats=True)
            )
            for dimension in ("visits", "question")
        ]
        with self.session() as s:
            visits, answers = (s.execute(query).scalar_one() for query in counted)
        return int(visits), int(answers)

    def visit_years(self) -> list[int]:
        """Return the years that have visits, newest first."""
        with self.session() as s:
            first, last = s.execute(
                select(func.min(Visit.local_day), func.max(Visit.local_day))
            ).one()
        if first is None:
            return []
        if isinstance(first, str):  # SQLite may hand back text for an aggregate of dates
            first, last = date.fromisoformat(first), date.fromisoformat(last)
        return list(range(last.year, first.year - 1, -1))
