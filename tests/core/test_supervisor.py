"""The supervisor restarts a side service that dies, hangs or fails to start, and never raises.

A failure counts by how long the service lived: quick deaths wait 1, 2, 4... s, one report in
Vietnamese names what keeps failing, and a service that ran its stable time starts afresh.
Services are real threads and real processes; time is the supervisor's own monotonic clock.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
import time

from lobby.supervisor import ChildProcess, Supervisor
from tests.helpers_wait import eventually, wait_for


class ThreadService:
    """A real thread that runs until stopped or told to crash; ``hung`` makes it unhealthy."""

    def __init__(self) -> None:
        self.stopped = threading.Event()
        self.crash = threading.Event()
        self.hung = False
        self.killed = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stopped.is_set() and not self.crash.is_set():
            self.stopped.wait(0.01)

    def is_alive(self) -> bool:
        return self.thread.is_alive()

    def healthy(self) -> bool:
        return not self.hung

    def kill(self) -> None:
        self.killed = True
        self.stop()

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join()


def crash(service: ThreadService) -> None:
    service.crash.set()
    service.thread.join()


def test_a_service_that_dies_is_restarted():
    started: list[ThreadService] = []

    def start():
        started.append(ThreadService())
        return started[-1]

    supervisor = Supervisor(max_backoff=0)
    supervisor.add("sign", start)
    supervisor.check()
    crash(started[0])
    assert not supervisor.running("sign")
    supervisor.check()
    assert len(started) == 2 and supervisor.running("sign")
    supervisor.stop()
    assert started[1].stopped.is_set()


def test_a_service_that_cannot_start_is_retried_and_reported_once(caplog):
    attempts = []

    def start():
        attempts.append(1)
        if len(attempts) < 5:
            raise OSError("address already in use")
        return ThreadService()

    told = []
    supervisor = Supervisor(max_backoff=0, on_failing=lambda name, text: told.append(text))
    supervisor.add("admin", start, "Trang quản trị")
    with caplog.at_level(logging.WARNING, logger="lobby.supervisor"):
        for _ in range(5):
            supervisor.check()
    assert supervisor.running("admin") and len(attempts) == 5
    reports = [r.getMessage() for r in caplog.records if "liên tục dừng" in r.getMessage()]
    assert len(reports) == 1 and told == reports
    assert reports[0].startswith("Trang quản trị") and "address already in use" in reports[0]
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


def test_quick_deaths_wait_longer_each_time_and_a_stable_run_starts_afresh():
    started: list[ThreadService] = []

    def start():
        started.append(ThreadService())
        return started[-1]

    supervisor = Supervisor(max_backoff=4, stable_seconds=0.5)
    supervisor.add("admin", start)
    supervisor.check()
    waits = []
    for _ in range(4):
        crash(started[-1])
        died = time.monotonic()
        count = len(started)
        wait_for(lambda n=count: supervisor.check() or len(started) > n, 10, "a restart")
        waits.append(time.monotonic() - died)
    assert supervisor.failures("admin") == 4
    # 1, 2, 4, then the maximum 4 s: each wait at least its delay, and growing.
    assert [round(w) for w in waits] == [1, 2, 4, 4], waits
    # Alive past its stable time: the next death is a first failure again (1 s).
    wait_for(lambda: supervisor.check() or supervisor.failures("admin") == 0, 5, "stable")
    crash(started[-1])
    supervisor.check()
    assert supervisor.failures("admin") == 1
    supervisor.stop()


def test_a_hung_service_is_killed_and_restarted(caplog):
    started: list[ThreadService] = []

    def start():
        started.append(ThreadService())
        return started[-1]

    supervisor = Supervisor(max_backoff=0)
    supervisor.add("sign", start, "Dịch vụ bảng LED")
    supervisor.check()
    supervisor.check()
    assert len(started) == 1  # healthy: left alone
    started[0].hung = True
    with caplog.at_level(logging.ERROR, logger="lobby.supervisor"):
        supervisor.check()
    assert started[0].killed and len(started) == 2 and supervisor.running("sign")
    assert any("không phản hồi" in r.getMessage() for r in caplog.records)
    supervisor.stop()


CHILD = """
import os, sys, time
path = os.environ["LOBBY_HEARTBEAT_FILE"]
n = 0
while True:
    n += 1
    open(path, "w").write(str(n))
    time.sleep(0.2)
"""


def test_a_child_process_that_stops_beating_is_unhealthy_and_is_killed(tmp_path):
    child = ChildProcess([sys.executable, "-c", CHILD], tmp_path / "x.alive", health_timeout=1.0)
    try:
        assert eventually(lambda: child.healthy() and child.watch.beating, 15)
        assert child.healthy()
        child.process.send_signal(signal.SIGSTOP)
        assert eventually(lambda: not child.healthy(), 5)
        assert child.is_alive()  # stopped, not dead: only the heartbeat tells
        child.kill()
        assert not child.is_alive() and child.process.returncode == -signal.SIGKILL
    finally:
        child.stop()
    assert not (tmp_path / "x.alive").exists()


def test_a_child_process_s_last_error_line_is_kept_and_its_output_can_be_held(tmp_path, capfd):
    script = "import sys; print('xin chào'); print('Không mở được cổng 8080', file=sys.stderr)"
    child = ChildProcess([sys.executable, "-c", script], tmp_path / "y.alive")
    child.process.wait(timeout=30)
    child.stop()
    assert child.last_words() == "Không mở được cổng 8080"
    out, err = capfd.readouterr()
    assert "xin chào" in out and "Không mở được cổng 8080" in err

    held = ChildProcess([sys.executable, "-c", script], tmp_path / "z.alive")
    held.quiet(True)
    held.process.wait(timeout=30)
    for relay in held._relays:
        relay.join(timeout=5)
    out, err = capfd.readouterr()
    assert "xin chào" not in out and "8080" not in err
    held.quiet(False)  # running well again: what was held is printed
    held.stop()
    out, _ = capfd.readouterr()
    assert "xin chào" in out
