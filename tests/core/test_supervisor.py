"""The supervisor restarts a side service that dies or fails to start, and never raises."""

from __future__ import annotations

import threading

from lobby.supervisor import Supervisor


class ThreadService:
    """A real thread that runs until stopped or told to crash."""

    def __init__(self) -> None:
        self.stopped = threading.Event()
        self.crash = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stopped.is_set() and not self.crash.is_set():
            self.stopped.wait(0.01)

    def is_alive(self) -> bool:
        return self.thread.is_alive()

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join()


def test_a_service_that_dies_is_restarted():
    started: list[ThreadService] = []

    def start():
        started.append(ThreadService())
        return started[-1]

    supervisor = Supervisor(max_backoff=0)
    supervisor.add("sign", start)
    supervisor.check()
    started[0].crash.set()
    started[0].thread.join()
    assert not supervisor.running("sign")
    supervisor.check()
    assert len(started) == 2 and supervisor.running("sign")
    supervisor.stop()
    assert started[1].stopped.is_set()


def test_a_service_that_cannot_start_is_retried_and_logged_once(caplog):
    attempts = []

    def start():
        attempts.append(1)
        if len(attempts) < 3:
            raise OSError("address already in use")
        return ThreadService()

    supervisor = Supervisor(max_backoff=0)
    supervisor.add("admin", start)
    for _ in range(3):
        supervisor.check()
    assert supervisor.running("admin") and len(attempts) == 3
    assert sum("could not start" in r.getMessage() for r in caplog.records) == 1
    supervisor.stop()


def test_one_failing_service_does_not_stop_the_others():
    def broken():
        raise RuntimeError("port busy")

    supervisor = Supervisor(max_backoff=0)
    supervisor.add("admin", broken)
    supervisor.add("sign", ThreadService)
    supervisor.check()
    assert supervisor.running("sign") and not supervisor.running("admin")
    supervisor.stop()
