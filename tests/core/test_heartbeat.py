"""A child's heartbeat stops when its work stops moving, not only when the whole process stops:
a deadlocked work loop is restarted like a dead one. Real threads, a real file."""

from __future__ import annotations

import threading
import time

from lobby.heartbeat import BeatWatch, Heartbeat
from tests.helpers_wait import eventually


def test_beats_stop_when_the_work_loop_is_stuck_and_resume_when_it_moves(tmp_path):
    path = tmp_path / "child.alive"
    progress = [time.monotonic()]
    stuck = threading.Event()

    def work() -> None:  # the service's loop: it moves until it is stuck
        while True:
            if not stuck.is_set():
                progress[0] = time.monotonic()
            time.sleep(0.05)

    threading.Thread(target=work, daemon=True).start()
    heartbeat = Heartbeat(lambda: progress[0], stall_seconds=1.5, path=str(path)).start()
    watch = BeatWatch(path)
    try:
        assert eventually(lambda: watch.silent_for() < 0.5 and heartbeat.beats >= 2, 10)
        stuck.set()  # a deadlock in the work loop; the heartbeat's own thread still runs
        assert eventually(lambda: watch.silent_for() > 2.5, 10)
        beats = heartbeat.beats
        stuck.clear()
        assert eventually(lambda: heartbeat.beats > beats and watch.silent_for() < 1.5, 10)
    finally:
        heartbeat.stop()
