"""A write lock held by another process: the vote is durable in the journal at once, then moved."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from kiosk.recorder import DURABLE, VisitRecorder, recorder_store
from lobby.journal import Journal, decode_line
from lobby.visit_record import VisitRecord
from tests.faults.helpers import LockHolder, make_visit, visit_counts
from tests.helpers_wait import wait_for


@pytest.fixture
def db_path(store, sqlite_url) -> Path:
    """The migrated store's SQLite file."""
    return Path(sqlite_url.removeprefix("sqlite:///"))


@pytest.fixture
def recorder(sqlite_url, tmp_path):
    """A running recorder on the test's store, with a short lock wait and quick retries."""
    opened = VisitRecorder(
        recorder_store(sqlite_url, lock_wait_seconds=1.0),
        Journal(tmp_path / "var" / "kiosk-journal.jsonl"),
        repeat_interval_seconds=5.0,
        retry_max_seconds=0.5,
    )
    opened.start()
    yield opened
    assert opened.stop()
    opened.store.close()


@pytest.fixture
def locker(db_path):
    """Another process that can hold the store's write lock."""
    holder = LockHolder(db_path)
    yield holder
    holder.release()


def test_a_free_store_takes_the_visit_directly(recorder, db_path, caplog):
    visit = make_visit()
    with caplog.at_level(logging.INFO, logger="kiosk.recorder"):
        recorder.submit(visit)
        wait_for(lambda: recorder.outcome(visit.id), 10, "the outcome")
    assert recorder.outcome(visit.id) == DURABLE
    assert visit_counts(db_path) == {visit.id: 1}
    assert recorder.journal.pending_count() == 0
    assert f"{visit.id} vào kho dữ liệu" in caplog.text


def test_a_locked_store_makes_the_vote_durable_in_the_journal_then_once_in_the_store(
    recorder, locker, db_path, caplog
):
    locker.hold()
    first, second = make_visit(1), make_visit(2)
    with caplog.at_level(logging.INFO, logger="kiosk.recorder"):
        recorder.submit(first)
        # submit handed the visit over without waiting for the locked store.
        assert recorder.outcome(first.id) is None
        assert recorder.pending() == 1
        wait_for(lambda: recorder.outcome(first.id), 3, "the journal to take the vote")
        recorder.submit(second)  # behind a journaled visit: straight to the journal, in order
        wait_for(lambda: recorder.outcome(second.id), 3, "the second vote")
    assert (recorder.outcome(first.id), recorder.outcome(second.id)) == (DURABLE, DURABLE)
    assert f"{first.id} vào nhật ký cục bộ" in caplog.text
    assert f"{second.id} vào nhật ký cục bộ" in caplog.text
    assert visit_counts(db_path) == {}
    reopened = Journal(recorder.journal.path)  # what a restart would find on disk
    assert [v.id for v in _read_pending(reopened)] == [first.id, second.id]
    assert recorder.pending() == 2

    locker.release()
    wait_for(lambda: recorder.pending() == 0, 10, "the journal to drain into the store")
    assert visit_counts(db_path) == {first.id: 1, second.id: 1}
    assert recorder.journal.path.stat().st_size == 0


def test_visits_left_in_the_journal_by_a_previous_run_are_replayed_at_start(
    sqlite_url, tmp_path, db_path
):
    path = tmp_path / "journal.jsonl"
    left = Journal(path)
    visits = [make_visit(i) for i in range(3)]
    for visit in visits:
        left.append(visit)
    left.mark_done(visits[0].id)  # the store took this one before the stop
    left.close()

    recorder = VisitRecorder(recorder_store(sqlite_url), Journal(path), repeat_interval_seconds=5.0)
    recorder.start()
    try:
        wait_for(lambda: len(visit_counts(db_path)) == 2, 10, "the replay")
        wait_for(lambda: recorder.pending() == 0, 10, "nothing pending")
    finally:
        assert recorder.stop()
    assert visit_counts(db_path) == {visits[1].id: 1, visits[2].id: 1}
    assert path.stat().st_size == 0


def _read_pending(journal: Journal) -> list[VisitRecord]:
    """Read the journal file the way a restart would (the live recorder holds its lock)."""
    pending = []
    for raw in journal.path.read_bytes().splitlines():
        kind, body = decode_line(raw)
        assert kind == "visit"
        pending.append(VisitRecord.from_json(body))
    return pending
