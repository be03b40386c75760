"""A full disk (a file-size limit, RLIMIT_FSIZE): the vote fails honestly and nothing is lost."""

from __future__ import annotations

from pathlib import Path

from lobby.journal import Journal
from tests.faults.helpers import LockHolder, recorder_process, visit_counts


def test_a_full_disk_fails_the_vote_keeps_the_journal_intact_and_loses_nothing(
    store, sqlite_url, tmp_path
):
    db_path = Path(sqlite_url.removeprefix("sqlite:///"))
    journal = tmp_path / "var" / "kiosk-journal.jsonl"

    # A first run while another process holds the store: three votes kept in the journal.
    locker = LockHolder(db_path)
    locker.hold()
    try:
        kiosk = recorder_process(sqlite_url, journal)
        kiosk.send("vote 3")
        kept = [kiosk.expect("durable ") for _ in range(3)]
        kiosk.send("quit")
        kiosk.expect("bye")
        assert kiosk.close() == 0
    finally:
        locker.release()
    size_before = journal.stat().st_size
    assert size_before > 0

    # The disk is full: no file may grow past a little more than the journal is now (a store
    # write needs a 4 KiB WAL frame; a journal line is a few hundred bytes, so it is torn).
    full = recorder_process(sqlite_url, journal, fsize_limit=size_before + 100)
    full.send("vote")
    refused = full.expect("failed ")
    full.send("quit")
    full.expect("bye")
    assert full.close() == 0
    assert any("disk full" in line for line in full.errors), "\n".join(full.errors)
    assert journal.stat().st_size == size_before  # the torn line was cut off again
    assert visit_counts(db_path) == {}

    # Space again (a new process without the limit): everything acknowledged reaches the store.
    freed = recorder_process(sqlite_url, journal)
    freed.send("drain")
    freed.expect("drained")
    freed.send("quit")
    freed.expect("bye")
    assert freed.close() == 0
    assert visit_counts(db_path) == dict.fromkeys(kept, 1)
    assert refused not in visit_counts(db_path)
    reopened = Journal(journal)
    reopened.open()
    assert reopened.pending() == []
    assert journal.stat().st_size == 0
