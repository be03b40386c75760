"""``day_figures``: one read of a period's day tallies gives what a results page otherwise reads
three times (counts per day and level, figures per weekday, the period's figures), equal to
``daily_level_counts`` and ``report_figures``, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import date

from tests.store.random_visits import PERIODS, record_random_visits


def test_day_figures_equal_the_separate_readers(any_store):
    store = any_store
    record_random_visits(store, 400, seed=13)
    empty = (date(2030, 1, 1), date(2030, 1, 31))
    for first, last in [*PERIODS, empty]:
        for repeats in (False, True):
            found = store.day_figures(first, last, include_repeats=repeats)
            kept = {"include_repeats": repeats}
            assert found.counts == store.daily_level_counts(first, last, **kept)
            assert found.weekdays == store.report_figures(first, last, "weekday", **kept)
            assert [found.total] == store.report_figures(first, last, **kept)
            if (first, last) != empty:
                assert found.total.answers > 0 and found.weekdays, (first, last)


def test_day_figures_of_one_site(any_store):
    store = any_store
    record_random_visits(store, 120, seed=17)
    first, last = PERIODS[0]
    found = store.day_figures(first, last, site_id=1)
    assert found.counts == store.daily_level_counts(first, last, site_id=1)
    assert [found.total] == store.report_figures(first, last, site_id=1)
    assert store.day_figures(first, last, site_id=2).counts == []
