"""Report figures: visits, satisfaction rate and a 0-100 index, overall and per group.

Counting is a GROUP BY in the database over the exact rollup ``result_tallies`` (whole months
from month rows, the rest from day rows, see lobby.store.tallies): per group, survey version and
question it sums the answers, the satisfied ones and their level indexes, as integers; only those
few rows are combined here, and every figure is rounded once from an exact quotient of integers.

Satisfaction rate = satisfied answers / answers, in % (what was satisfied when the answer was
given, stored with it). Index = mean over answers of 100 * (n - 1 - level_index) / (n - 1),
where n is the number of levels the question had in the survey version answered (read from the
stored survey versions; when a version is missing, the highest level index seen + 1): the first
(best) level scores 100, the last (worst) 0. Hour and weekday are in the office's time zone.

Every reader takes ``site_id`` (None: every site of the store, one on a site's own store). The
tallies' key starts with the site, so one site's figures are a range of the primary key; units,
counters and officials are grouped per site (their codes are unique within a site only).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from math import lcm
from zoneinfo import ZoneInfo

from sqlalchemy import BigInteger, case, cast, func, literal, select
from sqlalchemy.orm import aliased

from lobby.store.models import Counter, FollowupCase, Letter, Official, Site, Unit, Visit
from lobby.store.sites import listed_site_clause
from lobby.store.tallies import SLOT_MINUTES, period_rows
from lobby.store.tallies import TABLE as TALLY
from lobby.store.visits import DayLevelCount

# Groupings offered; "question" counts every question, the others the overall question only.
DIMENSIONS = ("unit", "counter", "official", "question", "channel", "hour", "weekday")
# Also accepted by report_figures: the overall question per site (key: the site's code).
SITE = "site"


@dataclass(frozen=True, slots=True)
class Figures:
    """The figures of one group (``key`` None for the whole period)."""

    key: str | None
    label: str
    answers: int
    satisfied: int
    rate: Decimal | None
    index: Decimal | None
    # The site of a unit, counter or official (or of a "site" group); None for other groups.
    site_id: int | None = None


@dataclass(frozen=True)
class DayFigures:
    """A period's overall question from one read of its day tallies: the counts per office day
    and level (as ``daily_level_counts``), the figures per weekday and of the whole period (as
    ``report_figures``)."""

    counts: list[DayLevelCount]
    weekdays: list[Figures]
    total: Figures


@dataclass(frozen=True)
class SiteSummary:
    """One site's line in the province's table: its figures in a period and the one before,
    follow-up cases of the period's visits still open, letters issued in the period."""

    site_id: int
    code: str
    name: str
    figures: Figures
    before: Figures | None
    cases_open: int
    letters_sent: int


def _one_decimal(numerator: int, denominator: int) -> Decimal:
    """Return numerator / denominator rounded half up to one decimal (the division is exact to
    28 digits whatever the fraction's form, so equal fractions round alike)."""
    return (Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.1"), ROUND_HALF_UP)


_REF_TABLES = {"unit": Unit, "counter": Counter, "official": Official}


def _hour_of_slot(tz_name: str, first: date):
    """Return a function turning a UTC quarter-hour into the office's hour, with the office's
    offset at the period's start (Việt Nam has had no daylight saving time since 1975)."""
    offset = ZoneInfo(tz_name).utcoffset(datetime(first.year, first.month, first.day))
    minutes = int((offset or timedelta()).total_seconds()) // 60
    return lambda slot: ((int(slot) * SLOT_MINUTES + minutes) % 1440) // 60


def _tally_query(
    by: str | None,
    first: date,
    last: date,
    include_repeats: bool,
    site_id: int | None = None,
    site_ids=None,
    per_level: bool = False,
):
    """Return the query summing the tallies of a grouping over the period (GROUP BY in SQL): per
    group, survey version and question (and level index when ``per_level``) the answers, the
    satisfied ones, the sum and the highest of their level indexes."""
    t = TALLY.c
    dimension = {None: "total", "hour": "utc_slot", SITE: "total"}.get(by, by)
    key, keys, site, table = t.group_key, [t.group_key, t.ref_id], literal(0), None
    label = func.max(t.label)
    if by in _REF_TABLES:
        table = aliased(_REF_TABLES[by])
        name = table.full_name if by == "official" else table.name
        label, join, site = func.max(name), t.ref_id == table.id, t.site_id
        keys.append(t.site_id)
    elif by == SITE:
        table = aliased(Site)
        key, label, site = func.max(table.code), func.max(table.name), t.site_id
        join, keys = t.site_id == table.id, [t.site_id]
    columns = (t.survey_key, t.survey_version, t.question_key)
    if per_level:
        columns = (*columns, t.level_index)
    # Whole numbers (PostgreSQL's sum of bigint is numeric), read as Python ints.
    sums = (
        cast(func.sum(t.n), BigInteger),
        cast(func.sum(case((t.satisfied, t.n), else_=0)), BigInteger),
        cast(func.sum(t.level_index * t.n), BigInteger),
        func.max(t.level_index),
    )
    query = select(key, label, site, *columns[:3], *sums).where(
        period_rows(
            dimension,
            first,
            last,
            include_repeats=include_repeats,
            site_id=site_id,
            site_ids=site_ids,
        )
    )
    if table is not None:
        query = query.outerjoin(table, join)
    return query.group_by(*keys, *columns)


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

    def _tally_sums(
        self,
        by: str | None,
        first: date,
        last: date,
        include_repeats: bool,
        site_id: int | None,
        site_ids: Iterable[int] | None,
        per_level: bool = False,
    ) -> list[tuple]:
        """Return the sums of _tally_query as tuples of ((group key, site or None), label,
        survey key, version, question, answers, satisfied, sum of level indexes, highest level
        index), hours and weekdays as numbers."""
        query = _tally_query(by, first, last, include_repeats, site_id, site_ids, per_level)
        hour = _hour_of_slot(self.tz_name, first) if by == "hour" else None
        per_site = by in (*_REF_TABLES, SITE)
        rows = []
        with self.connection() as c:
            # One row at a time: few objects alive at once for the garbage collector to walk.
            for k, name, site, survey, version, question, *sums in c.execute(query):
                if by is None:
                    k = None
                elif by in ("weekday", "hour"):
                    k = name = hour(k) if hour else int(k)
                elif by in _REF_TABLES:
                    k = k or None
                group = (k, site if per_site else None)
                rows.append((group, name, survey, version, question, *sums))
        return rows

    def report_figures(
        self,
        first: date,
        last: date,
        by: str | None = None,
        *,
        include_repeats: bool = False,
        site_id: int | None = None,
        site_ids: Iterable[int] | None = None,
    ) -> list[Figures]:
        """Return the figures of the office days ``first``..``last`` per group of ``by`` (one
        of DIMENSIONS, or SITE), or one overall entry when ``by`` is None; repeated presses left
        out unless asked for; of one site (``site_id``), of some (``site_ids``) or of every
        site. Groups are ordered by key, then site."""
        if by is not None and by not in (*DIMENSIONS, SITE):
            raise ValueError(f"unknown grouping {by!r}")
        where = (by, first, last, include_repeats, site_id, site_ids)
        figures = self._combined(by, self._tally_sums(*where))
        if figures is None:
            figures = self._combined(by, self._tally_sums(*where, per_level=True), True)
        if by is None and not figures:
            figures.append(Figures(None, "", 0, 0, None, None))
        return figures

    def _combined(self, by: str | None, rows: list[tuple], per_level=False) -> list | None:
        """Return the figures of _tally_sums rows per group, ordered by key, then site; None
        when a row of several levels has an index past its question's worst level (it counts
        as the worst: only rows of one level index each, ``per_level``, say how many)."""
        levels = self._level_counts({(row[2], row[3]) for row in rows})
        seen_max: dict[str, int] = {}
        for *_, question, _n, _sat, _indexes, highest in rows:
            seen_max[question] = max(seen_max.get(question, 0), highest)
        # Per group: label, answers, satisfied, and per step count (levels - 1) the sum of steps
        # above the worst level; in flat dicts of numbers, which the garbage collector need not
        # walk (thousands of officials would otherwise each leave it a list to scan).
        labels: dict[tuple, str] = {}
        answers: dict[tuple, int] = {}
        satisfied: dict[tuple, int] = {}
        above: dict[tuple, int] = {}
        for k, name, survey, version, question, n, sat, indexes, highest in rows:
            steps = levels.get((survey, version, question), seen_max[question] + 1) - 1
            if steps > 0 and highest > steps and not per_level:
                return None
            label = "" if name is None else str(name)
            labels[k] = max(labels.get(k, ""), label)  # the greatest, so the same on any order
            answers[k] = answers.get(k, 0) + n
            satisfied[k] = satisfied.get(k, 0) + sat
            if steps > 0:
                step = (k, steps)
                above[step] = above.get(step, 0) + (steps * n - indexes if highest <= steps else 0)
        step_counts: dict[tuple, tuple[int, ...]] = {}
        for k, steps in above:
            step_counts[k] = (*step_counts.get(k, ()), steps)
        numeric = by in ("hour", "weekday")

        def order(group: tuple) -> tuple:
            k, site = group
            return (k is None, k if numeric else str(k), site or 0)

        result = []
        for group in sorted(answers, key=order):
            (k, site), name, total = group, labels[group], answers[group]
            if not total:
                result.append(Figures(None if k is None else str(k), name, 0, 0, None, None, site))
                continue
            # Index = sum over step counts d of 100 * v / d, over the answers: one fraction.
            counts = step_counts.get(group, ())
            common, score = lcm(*counts), 0
            for d in counts:
                score += 100 * above[(group, d)] * (common // d)
            result.append(
                Figures(
                    None if k is None else str(k),
                    name,
                    total,
                    satisfied[group],
                    _one_decimal(satisfied[group] * 100, total),
                    _one_decimal(score, common * total),
                    site,
                )
            )
        return result

    def day_figures(
        self, first: date, last: date, *, include_repeats: bool = False, site_id: int | None = None
    ) -> DayFigures:
        """Return the counts per office day and level of the overall question of ``first``..
        ``last``, its figures per weekday and of the whole period (of one site, or of every
        site; repeated presses left out unless asked for), all from one read of the day
        tallies, which a results page needs anyway for its table of days."""
        t = TALLY.c
        columns = (t.day, t.level_key, t.satisfied, t.survey_key, t.survey_version)
        columns += (t.question_key, t.level_index)
        rows = period_rows(
            "total", first, last, include_repeats=include_repeats, daily=True, site_id=site_id
        )
        query = select(*columns, cast(func.sum(t.n), BigInteger)).where(rows).group_by(*columns)
        with self.connection() as c:
            found = c.execute(query).all()
        counts: dict[tuple, int] = {}
        weekdays, overall = [], []
        for day, level, satisfied, survey, version, question, index, n in found:
            key = (day, level, bool(satisfied))
            counts[key] = counts.get(key, 0) + n
            sums = (survey, version, question, n, n if satisfied else 0, index * n, index)
            weekday = day.isoweekday() % 7  # 0 = Sunday, as the tallies key weekdays
            weekdays.append(((weekday, None), weekday, *sums))
            overall.append(((None, None), "", *sums))
        total = self._combined(None, overall, per_level=True)
        return DayFigures(
            [DayLevelCount(day, level, n, sat) for (day, level, sat), n in sorted(counts.items())],
            self._combined("weekday", weekdays, per_level=True),
            total[0] if total else Figures(None, "", 0, 0, None, None),
        )

    def period_counts(self, first: date, last: date, site_id: int | None = None) -> tuple[int, int]:
        """Return how many visits and answers the office days ``first``..``last`` have (of one
        site, or of every site), repeated presses included (as in the raw data), from the exact
        tallies: the "visits" rows count visits, the "question" rows every answer."""
        t = TALLY.c
        counted = [
            select(func.coalesce(func.sum(t.n), 0)).where(
                period_rows(dimension, first, last, include_repeats=True, site_id=site_id)
            )
            for dimension in ("visits", "question")
        ]
        with self.session() as s:
            visits, answers = (s.execute(query).scalar_one() for query in counted)
        return int(visits), int(answers)

    def visit_years(self, site_id: int | None = None) -> list[int]:
        """Return the years that have visits (of one site, or of any), newest first."""
        query = select(func.min(Visit.local_day), func.max(Visit.local_day))
        if site_id is not None:
            query = query.where(Visit.site_id == site_id)
        with self.session() as s:
            first, last = s.execute(query).one()
        if first is None:
            return []
        if isinstance(first, str):  # SQLite may hand back text for an aggregate of dates
            first, last = date.fromisoformat(first), date.fromisoformat(last)
        return list(range(last.year, first.year - 1, -1))

    def site_summaries(
        self, first: date, last: date, before: tuple[date, date], *, include_repeats=False
    ) -> list[SiteSummary]:
        """Return every site's figures for the office days ``first``..``last`` beside those of
        the period ``before`` (its first and last day), with the follow-up cases of the period's
        visits still open and the letters the site issued in the period: one GROUP BY per
        figure, never a query per site. Sites come in the order of their codes."""
        repeats = {"include_repeats": include_repeats}
        now = {f.site_id: f for f in self.report_figures(first, last, SITE, **repeats)}
        earlier = {f.site_id: f for f in self.report_figures(*before, SITE, **repeats)}
        open_cases = (
            select(FollowupCase.site_id, func.count())
            .join(Visit, Visit.id == FollowupCase.visit_id)
            .where(Visit.local_day >= first, Visit.local_day <= last)
            .where(FollowupCase.status != "resolved")
            .group_by(FollowupCase.site_id)
        )
        start, end = _utc_bounds(self.tz_name, first, last)
        letters = (
            select(Letter.site_id, func.count())
            .where(Letter.issued_at >= start, Letter.issued_at < end)
            .group_by(Letter.site_id)
        )
        with self.session() as s:
            cases = {site: int(n) for site, n in s.execute(open_cases)}
            sent = {site: int(n) for site, n in s.execute(letters)}
            listed = select(Site.id, Site.code, Site.name).where(listed_site_clause())
            sites = list(s.execute(listed.order_by(Site.code)))
        empty = Figures(None, "", 0, 0, None, None)
        return [
            SiteSummary(
                site_id,
                code,
                name,
                now.get(site_id, empty),
                earlier.get(site_id),
                cases.get(site_id, 0),
                sent.get(site_id, 0),
            )
            for site_id, code, name in sites
        ]


def _utc_bounds(tz_name: str, first: date, last: date) -> tuple[datetime, datetime]:
    """Return the UTC moments bounding the office days ``first``..``last``."""
    tz = ZoneInfo(tz_name)
    start = datetime.combine(first, datetime.min.time(), tz)
    end = datetime.combine(last + timedelta(days=1), datetime.min.time(), tz)
    return start.astimezone(UTC), end.astimezone(UTC)
