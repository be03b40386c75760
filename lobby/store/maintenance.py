"""Nightly upkeep of a central server's PostgreSQL: the result tallies rewritten in key order.

Tally rows are written as visits come, so one site's rows of a month end up spread over the
whole table, and the province's pages (every site's rows of a period, read per site key range)
would touch a page per row. ``order_tallies`` rewrites the table in primary-key order (site,
dimension, span, day, …: CLUSTER), so each site's period is a few neighbouring pages, and
leaves room on every page so that the day's increments stay where their rows are (an update
that fits on its page keeps the row in place). CLUSTER locks the table while it runs: pushes
wait for it and their forwarders retry, so it belongs to the night. SQLite stores (a site's
own store) need none of this: they hold one site.
"""

from __future__ import annotations

import time

from sqlalchemy.engine import Engine

TALLY_TABLE = "result_tallies"
TALLY_KEY = "result_tallies_pkey"
# Percent of each page filled by the rewrite; the rest takes the increments until the next one.
TALLY_FILLFACTOR = 90
# How long the rewrite waits for the table's lock before giving up (a long push in progress).
LOCK_WAIT = "60s"
SORT_MEMORY = "256MB"


def order_tallies(engine: Engine) -> float | None:
    """Rewrite the result tallies in key order and refresh their statistics (PostgreSQL only);
    return the seconds taken, or None on another database (nothing to do)."""
    if engine.dialect.name != "postgresql":
        return None
    started = time.monotonic()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        # The store's connections bound every statement; this one may take minutes.
        connection.exec_driver_sql("SET statement_timeout = 0")
        connection.exec_driver_sql(f"SET lock_timeout = '{LOCK_WAIT}'")
        connection.exec_driver_sql(f"SET maintenance_work_mem = '{SORT_MEMORY}'")  # the sort
        connection.exec_driver_sql(
            f"ALTER TABLE {TALLY_TABLE} SET (fillfactor = {TALLY_FILLFACTOR})"
        )
        connection.exec_driver_sql(f"CLUSTER {TALLY_TABLE} USING {TALLY_KEY}")
        connection.exec_driver_sql(f"ANALYZE {TALLY_TABLE}")
    return time.monotonic() - started
