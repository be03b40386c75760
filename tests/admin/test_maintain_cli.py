"""``python -m admin_web maintain``: on the central server's PostgreSQL a real process rewrites
the result tallies in key order (with room on each page for the day's increments) and the
figures read from them stay the same; on SQLite it has nothing to do."""

from __future__ import annotations

from datetime import date

import psycopg
from sqlalchemy.engine import make_url

from lobby.store import Store
from tests.admin.helpers import run_cli
from tests.admin.reports_data import fill

FIRST, LAST = date(2026, 11, 1), date(2026, 11, 30)

# Whether each tally row's place in the table follows the primary key's order.
IN_KEY_ORDER = """
SELECT bool_and(by_place = by_key) FROM (
    SELECT row_number() OVER (ORDER BY ctid) AS by_place,
        row_number() OVER (ORDER BY site_id, dimension, span, day, group_key, ref_id,
            survey_key, survey_version, question_key, level_key, level_index, satisfied,
            is_repeat) AS by_key
    FROM result_tallies) placed
"""


def _figures(store) -> list:
    return [store.report_figures(FIRST, LAST, by) for by in (None, "official", "hour", "weekday")]


def test_maintain_orders_the_tallies_by_key_and_keeps_the_figures(postgres_server, write_config):
    url = postgres_server.new_database()
    config = write_config(f'[store]\nurl = "{url}"\n\n[central]\nrole = "central"\n')
    store = Store.open(url)
    try:
        fill(store)
        fill(store)  # rows added again after the first ones: no longer in key order
        before = _figures(store)
    finally:
        store.close()
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn) as db:
        assert db.execute(IN_KEY_ORDER).fetchone()[0] is False

    done = run_cli(config, "maintain")
    assert done.returncode == 0, done.stderr
    assert "Đã sắp xếp lại bảng tổng hợp kết quả" in done.stdout

    with psycopg.connect(dsn) as db:
        assert db.execute(IN_KEY_ORDER).fetchone()[0] is True
        options = db.execute(
            "SELECT reloptions FROM pg_class WHERE relname = 'result_tallies'"
        ).fetchone()[0]
        assert options == ["fillfactor=90"]
        clustered = db.execute(
            "SELECT indisclustered FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
            " WHERE c.relname = 'result_tallies_pkey'"
        ).fetchone()[0]
        assert clustered is True
    store = Store.open(url)
    try:
        assert _figures(store) == before
    finally:
        store.close()


def test_maintain_has_nothing_to_do_on_sqlite(write_config):
    config = write_config()
    done = run_cli(config, "maintain")
    assert done.returncode == 0, done.stderr
    assert "Kho SQLite không cần bảo trì này" in done.stdout
