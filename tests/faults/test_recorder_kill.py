"""kill -9 during a burst of votes, the store locked part of the time: zero acknowledged votes
lost after a restart, none counted twice."""

from __future__ import annotations

from pathlib import Path

from tests.faults.helpers import LockHolder, answer_count, recorder_process, visit_counts
from tests.helpers_wait import wait_for

VOTES = 200
MOVED = "từ nhật ký vào kho dữ liệu"


def test_kill_9_mid_burst_loses_no_acknowledged_vote_and_counts_none_twice(
    store, sqlite_url, tmp_path
):
    db_path = Path(sqlite_url.removeprefix("sqlite:///"))
    journal = tmp_path / "var" / "kiosk-journal.jsonl"
    locker = LockHolder(db_path)
    kiosk = recorder_process(sqlite_url, journal)
    acknowledged: list[str] = []
    try:
        kiosk.send(f"burst {VOTES} 0.01")
        while len(acknowledged) < 150:
            outcome, visit_id = kiosk.read().split()
            assert outcome == "durable", f"{outcome} {visit_id}:\n" + "\n".join(kiosk.errors)
            acknowledged.append(visit_id)
            if len(acknowledged) == 30:
                locker.hold()  # from here votes go to the journal
            elif len(acknowledged) == 80:
                locker.release()  # from here the journal drains while votes keep coming
        # Kill while the journal is being drained into the store (and votes still come).
        wait_for(lambda: sum(MOVED in line for line in kiosk.errors) >= 5, 10, "the replay")
        kiosk.popen.kill()  # SIGKILL: no clean-up of any kind
        kiosk.popen.wait(10)
    finally:
        locker.release()
        kiosk.popen.kill()
    # Lines the killed process printed before it died were acknowledged too.
    kiosk.drain()
    while not kiosk.lines.empty():
        outcome, visit_id = kiosk.lines.get().split()
        assert outcome == "durable"
        acknowledged.append(visit_id)
    journaled = [line for line in kiosk.errors if "vào nhật ký cục bộ" in line]
    assert journaled, "the lock never sent a vote to the journal:\n" + "\n".join(kiosk.errors)

    restarted = recorder_process(sqlite_url, journal)
    restarted.send("drain")
    restarted.expect("drained")
    restarted.send("quit")
    restarted.expect("bye")
    assert restarted.close() == 0

    counts = visit_counts(db_path)
    missing = [visit_id for visit_id in acknowledged if visit_id not in counts]
    assert missing == [], f"{len(missing)} acknowledged votes lost"
    assert set(counts.values()) == {1}
    assert answer_count(db_path) == len(counts)  # one answer per visit: no replay doubled one
    assert len(set(acknowledged)) == len(acknowledged)
    assert journal.stat().st_size == 0
