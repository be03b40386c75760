"""Report figures: visits, satisfaction rate and a 0-100 index, overall and per group.

Counting is a GROUP BY in the database (per group, survey version, question, level index and
satisfied flag); only those few aggregated rows are combined here.

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

from sqlalchemy import Integer, and_, cast, extract, func, literal, select
from sqlalchemy.orm import aliased

from lobby.store.models import Answer, Counter, Official, Unit, Visit

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


def _group_columns(by: str | None, dialect: str, tz_name: str, first: date):
    """Return (key, label, joins) for a grouping; label is aggregated with max()."""
    if by is None:
        return None, None, []
    if by in ("unit", "counter", "official"):
        model = {"unit": Unit, "counter": Counter, "official": Official}[by]
        table = aliased(model)
        name = table.full_name if by == "official" else table.name
        code = getattr(Visit, f"{by}_code")
        return code, name, [(table, getattr(Visit, f"{by}_id") == table.id)]
    if by == "question":
        return Answer.question_key, Answer.question_text, []
    if by == "channel":
        return Visit.channel, Visit.channel, []
    if by == "weekday":  # 0 = Sunday on both databases
        if dialect == "sqlite":
            day = cast(func.strftime("%w", Visit.local_day), Integer)
        else:
            day = cast(extract("dow", Visit.local_day), Integer)
        return day, day, []
    if by == "hour":
        if dialect == "sqlite":
            # SQLite knows no time zones: the office's offset at the period's start (Việt Nam
            # has had no daylight saving time since 1975).
            offset = ZoneInfo(tz_name).utcoffset(datetime(first.year, first.month, first.day))
            shift = f"{int((offset or timedelta()).total_seconds())} seconds"
            hour = cast(func.strftime("%H", Visit.created_at, shift), Integer)
        else:
            local = func.timezone(tz_name, func.timezone("UTC", Visit.created_at))
            hour = cast(extract("hour", local), Integer)
        return hour, hour, []
    raise ValueError(f"unknown grouping {by!r}")


class ReportsMixin:
    """Aggregated report figures for the results pages and the API."""

    def _level_counts(self, versions) -> dict[tuple[str, int, str], int]:
        """Return the number of levels of each (survey key, version, question key) of the
        given (survey key, version) pairs, from the stored survey versions."""
        from lobby.settings import ConfigError  # parsing surveys only when reporting
        from lobby.survey import survey_from_text

        counts: dict[tuple[str, int, str], int] = {}
        for key, version in versions:
            row = self.survey_version(key, version)
            if row is None:
                continue
            try:
                survey = survey_from_text(row.source)
            except (ConfigError, ValueError):
                continue
            for question in survey.questions:
                counts[(key, version, question.key)] = len(question.levels)
        return counts

    def report_figures(
        self, first: date, last: date, by: str | None = None, *, include_repeats: bool = False
    ) -> list[Figures]:
        """Return the figures of the office days ``first``..``last`` per group of ``by`` (one
        of DIMENSIONS), or one overall entry when ``by`` is None; repeated presses left out
        unless asked for. Groups are ordered by key."""
        dialect = self.engine.dialect.name
        key, label, joins = _group_columns(by, dialect, self.tz_name, first)
        on = Answer.visit_id == Visit.id
        if by != "question":
            on = and_(on, Answer.position == 0)
        query = select(
            key.label("k") if by is not None else literal("*").label("k"),
            func.max(label) if by is not None else literal(""),
            Visit.survey_key,
            Visit.survey_version,
            Answer.question_key,
            Answer.level_index,
            Answer.satisfied,
            func.count(),
        ).join(Answer, on)
        for table, condition in joins:
            query = query.outerjoin(table, condition)
        grouped = [] if by is None else [key]
        query = query.where(Visit.local_day >= first, Visit.local_day <= last).group_by(
            *grouped,
            Visit.survey_key,
            Visit.survey_version,
            Answer.question_key,
            Answer.level_index,
            Answer.satisfied,
        )
        if not include_repeats:
            query = query.where(Visit.is_repeat.is_(False))
        with self.session() as s:
            tallies = list(s.execute(query))
        levels = self._level_counts({(t[2], t[3]) for t in tallies})
        seen_max: dict[str, int] = {}
        for *_, question, index, _sat, _n in tallies:
            seen_max[question] = max(seen_max.get(question, 0), index)
        groups: dict[object, list] = {}
        for k, name, survey, version, question, index, sat, n in tallies:
            group = groups.setdefault(k, [name, 0, 0, Fraction(0)])
            size = levels.get((survey, version, question), seen_max[question] + 1)
            group[0] = group[0] or name
            group[1] += n
            group[2] += n if sat else 0
            if size > 1:
                group[3] += Fraction(100 * (size - 1 - min(index, size - 1)) * n, size - 1)
        result = []
        numeric = by in ("hour", "weekday")
        for k in sorted(groups, key=lambda g: (g is None, g if numeric else str(g))):
            name, total, satisfied, score = groups[k]
            result.append(
                Figures(
                    None if by is None else (None if k is None else str(k)),
                    "" if name is None else str(name),
                    total,
                    satisfied,
                    _one_decimal(Fraction(satisfied * 100, total)) if total else None,
                    _one_decimal(score / total) if total else None,
                )
            )
        if by is None and not result:
            result.append(Figures(None, "", 0, 0, None, None))
        return result
