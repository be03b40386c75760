"""The kiosk's loader while the store is locked by another process: one line when its refreshes
start failing, one when they work again, never a traceback per refresh."""

from __future__ import annotations

import logging

from kiosk.loader import Loader
from lobby.store import Store, db
from tests.faults.helpers import LockHolder
from tests.helpers_wait import wait_for


def _records(caplog, level: int) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "kiosk.loader" and r.levelno == level]


def test_a_locked_store_is_logged_once_when_refreshes_fail_and_once_when_they_work(
    store, sqlite_url, survey, caplog
):
    caplog.set_level(logging.DEBUG, logger="kiosk.loader")
    # The kiosk's own store waits 30 s for a lock; a short wait makes many refreshes fail fast.
    impatient = Store(db.make_engine(sqlite_url, wait_seconds=0.05))
    loader = Loader(impatient, survey, interval=0.02)
    loader.device_id = "kiosk-loader-test"  # each refresh writes "alive": the lock stops it
    loader.load()
    holder = LockHolder(impatient.engine.url.database)
    holder.hold()
    try:
        loader.start()
        wait_for(lambda: len(_records(caplog, logging.DEBUG)) >= 5, 30, "five failed refreshes")
        warnings = _records(caplog, logging.WARNING)
        assert len(warnings) == 1
        assert "database is locked" in warnings[0].getMessage()
        assert warnings[0].exc_info is None  # a store fault: no traceback
    finally:
        holder.release()
    try:
        wait_for(lambda: _records(caplog, logging.INFO), 30, "the refresh to work again")
        assert "trở lại" in _records(caplog, logging.INFO)[0].getMessage()
        assert len(_records(caplog, logging.WARNING)) == 1
    finally:
        loader.stop()
        impatient.close()
