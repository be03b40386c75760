"""The result tallies stay exact: figures read from them equal a straight recount of the answers.

Visits come from ``record_visit`` (random officials known and unknown, channels, hours around
midnight, repeated presses, two survey versions with different scales and one version that is
not stored) and from the demo bulk writer, on SQLite and on PostgreSQL. For several periods
(whole months, ranges cutting months, one day) and every grouping, ``report_figures``,
``daily_level_counts`` and ``count_repeats`` must equal what the visits' answers give.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

from sqlalchemy import select

from lobby.clock import to_local
from lobby.demo_data import write_demo_data
from lobby.store import Store, db
from lobby.store.reports import DIMENSIONS
from lobby.store.tallies import TABLE, rebuild
from lobby.survey import survey_from_text
from tests.store.random_visits import PERIODS, record_random_visits

ROOT = Path(__file__).resolve().parents[2]


def _levels(store, rows) -> dict:
    sizes = {}
    for key, version in {(r.survey_key, r.survey_version) for r in rows}:
        stored = store.survey_version(key, version)
        if stored is not None:
            for q in survey_from_text(stored.source).questions:
                sizes[(key, version, q.key)] = len(q.levels)
    return sizes


def _group(row, answer, by, tz):
    if by is None:
        return None, ""
    if by in ("unit", "counter", "official"):
        return getattr(row, f"{by}_code"), getattr(row, f"{by}_name")
    if by == "question":
        return answer.question_key, answer.question_text
    if by == "channel":
        return row.channel, row.channel
    value = to_local(row.created_at, tz).hour if by == "hour" else row.local_day.isoweekday() % 7
    return value, str(value)


def _one(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.1"), ROUND_HALF_UP
    )


def _recount(rows, sizes, first, last, by, repeats, tz) -> dict:
    picked = []
    for row in rows:
        if first <= row.local_day <= last and (repeats or not row.is_repeat):
            for answer in row.answers if by == "question" else row.answers[:1]:
                picked.append((row, answer))
    seen: dict[str, int] = {}
    for _row, a in picked:
        seen[a.question_key] = max(seen.get(a.question_key, 0), a.level_index)
    groups: dict = {}
    for row, a in picked:
        key, label = _group(row, a, by, tz)
        g = groups.setdefault(key, ["", 0, 0, Fraction(0)])
        g[0] = max(g[0], label or "")
        size = sizes.get((row.survey_key, row.survey_version, a.question_key))
        size = size or seen[a.question_key] + 1
        g[1] += 1
        g[2] += a.satisfied
        if size > 1:
            g[3] += Fraction(100 * (size - 1 - min(a.level_index, size - 1)), size - 1)
    result = {
        (None if key is None or by is None else str(key)): (
            label,
            total,
            sat,
            _one(Fraction(sat * 100, total)),
            _one(score / total),
        )
        for key, (label, total, sat, score) in groups.items()
    }
    if by is None and not result:
        result[None] = ("", 0, 0, None, None)
    return result


def _figures(store, first, last, by, repeats) -> dict:
    return {
        f.key: (f.label, f.answers, f.satisfied, f.rate, f.index)
        for f in store.report_figures(first, last, by, include_repeats=repeats)
    }


def _tallies(store) -> list:
    with store.engine.connect() as connection:
        return sorted(tuple(r) for r in connection.execute(select(TABLE)))


def test_figures_from_tallies_equal_a_recount_of_the_answers(any_store):
    store = any_store
    record_random_visits(store, 400)
    base = (ROOT / "assets" / "survey.toml").read_text(encoding="utf-8")
    full = (ROOT / "assets" / "survey-full.toml").read_text(encoding="utf-8")
    now = datetime(2026, 12, 20, 3, 0, tzinfo=UTC)
    write_demo_data(store, base, full, 2500, seed=5, force=True, now=now)
    rows = list(store.iter_visits(date(2025, 1, 1), date(2028, 1, 1)))
    assert len(rows) == 2900
    assert sum(r.is_repeat for r in rows) > 20
    assert {r.survey_version for r in rows} >= {1, 2, 9}
    sizes = _levels(store, rows)
    tz = store.tz_name
    for first, last in PERIODS:
        for repeats in (False, True):
            for by in (None, *DIMENSIONS):
                expected = _recount(rows, sizes, first, last, by, repeats, tz)
                assert _figures(store, first, last, by, repeats) == expected, (first, last, by)
            counts = Counter()
            for row in rows:
                if first <= row.local_day <= last and (repeats or not row.is_repeat):
                    if row.answers:
                        a = row.answers[0]
                        counts[(row.local_day, a.level_key, a.satisfied)] += 1
            found = store.daily_level_counts(first, last, include_repeats=repeats)
            assert {(c.day, c.level_key, c.satisfied): c.count for c in found} == dict(counts)
        repeats_found = sum(r.is_repeat for r in rows if first <= r.local_day <= last)
        assert store.count_repeats(first, last) == repeats_found


def test_rebuilding_the_tallies_from_the_visits_gives_the_same_rows(any_store):
    record_random_visits(any_store, 150, seed=11)
    before = _tallies(any_store)
    assert before
    with any_store.engine.begin() as connection:
        assert rebuild(connection, batch=40) == 150
    assert _tallies(any_store) == before


def test_the_migration_fills_the_tallies_of_visits_stored_before_it(store_url):
    store = Store.open(store_url)
    record_random_visits(store, 120, seed=3)
    before = _tallies(store)
    db.downgrade(store.engine, "0008")  # back to the schema before the tallies
    store.close()
    store = Store.open(store_url)  # applies 0009 and every later migration
    try:
        assert _tallies(store) == before
        (total,) = store.report_figures(date(2026, 10, 1), date(2027, 3, 31), include_repeats=True)
        names = [c.name for c in TABLE.columns]
        rows = [dict(zip(names, t, strict=True)) for t in before]
        daily_totals = [r["n"] for r in rows if (r["dimension"], r["span"]) == ("total", "d")]
        assert total.answers == sum(daily_totals)
    finally:
        store.close()
