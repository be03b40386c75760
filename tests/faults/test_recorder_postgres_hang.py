"""PostgreSQL frozen mid-use (SIGSTOP: connections open, no answers): the visitor is thanked
within the save time limit from the journal, and every visit is stored exactly once after."""

from __future__ import annotations

from kiosk.recorder import DURABLE, VisitRecorder, recorder_store
from lobby.journal import Journal
from tests.faults.helpers import make_visit
from tests.faults.pg_faults import frozen, visit_counts
from tests.helpers_wait import wait_for

SAVE_TIMEOUT = 1.0


def test_a_frozen_postgresql_server_costs_the_visitor_only_the_save_time_limit(
    postgres_server, pg_url, tmp_path
):
    recorder = VisitRecorder(
        recorder_store(pg_url, lock_wait_seconds=1.0),
        Journal(tmp_path / "kiosk-journal.jsonl"),
        repeat_interval_seconds=0.0,
        save_timeout_seconds=SAVE_TIMEOUT,
        retry_max_seconds=0.5,
    )
    recorder.start()
    try:
        first = make_visit(0)
        recorder.submit(first)  # opens the recorder's connection: it stays open in the freeze
        wait_for(lambda: recorder.outcome(first.id), 10, "the first visit")
        assert recorder.pending() == 0

        visits = [make_visit(n) for n in range(1, 4)]
        with frozen(postgres_server):
            for visit in visits:
                recorder.submit(visit)
                # The server answers nothing until the block ends: thanks can only come from
                # the save time limit and the journal.
                wait_for(lambda v=visit: recorder.outcome(v.id), SAVE_TIMEOUT + 4, "thanks")
                assert recorder.outcome(visit.id) == DURABLE
            assert recorder.journal.pending_count() == len(visits)
            assert recorder.pending() == len(visits)

        # The write that hung lands now, and the journal's replay of the same visit finds it.
        wait_for(lambda: recorder.pending() == 0, 30, "the journal to drain into the store")
        counts = visit_counts(pg_url)
        assert counts == {v.id: 1 for v in [first, *visits]}
    finally:
        assert recorder.stop()
        recorder.store.close()
