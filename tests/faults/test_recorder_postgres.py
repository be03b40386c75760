"""PostgreSQL: a table lock held by another session sends the vote to the journal, then once in."""

from __future__ import annotations

import psycopg

from kiosk.recorder import DURABLE, VisitRecorder, recorder_store
from lobby.journal import Journal
from lobby.store import Store
from tests.faults.helpers import make_visit
from tests.helpers_wait import wait_for


def test_a_locked_postgresql_store_makes_the_vote_durable_in_the_journal(pg_url, tmp_path):
    recorder = VisitRecorder(
        recorder_store(pg_url, lock_wait_seconds=1.0),
        Journal(tmp_path / "kiosk-journal.jsonl"),
        repeat_interval_seconds=5.0,
        retry_max_seconds=0.5,
    )
    recorder.start()
    reader = Store.open(pg_url, migrate=False)
    locker = psycopg.connect(pg_url.replace("postgresql+psycopg", "postgresql"))
    try:
        locker.execute("LOCK TABLE visits IN ACCESS EXCLUSIVE MODE")  # held until rollback
        visit = make_visit()
        recorder.submit(visit)
        wait_for(lambda: recorder.outcome(visit.id), 4, "the journal to take the vote")
        assert recorder.outcome(visit.id) == DURABLE
        assert recorder.journal.pending_count() == 1

        locker.rollback()
        wait_for(lambda: recorder.pending() == 0, 10, "the journal to drain")
        assert reader.count_visits() == 1
        assert reader.visit_by_id(visit.id) is not None
    finally:
        locker.close()
        reader.close()
        assert recorder.stop()
        recorder.store.close()
