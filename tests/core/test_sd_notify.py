"""The kiosk speaks systemd's notify protocol: READY=1 once it takes visitors, WATCHDOG=1 from its
frame loop, and nothing while that loop is stopped, so systemd's watchdog restarts a hung kiosk.

The test is systemd's side: a real UNIX datagram socket named by NOTIFY_SOCKET, a real kiosk
process (SDL dummy driver), real SIGSTOP and SIGCONT.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from lobby.sd_notify import Notifier

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="UNIX sockets only")


@pytest.fixture
def notify_socket():
    """A datagram socket bound where systemd would bind it (a short path: sun_path is small)."""
    folder = tempfile.mkdtemp(prefix="sdn-", dir="/tmp")
    path = os.path.join(folder, "notify")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    try:
        yield sock, path
    finally:
        sock.close()
        shutil.rmtree(folder, ignore_errors=True)


def receive(sock: socket.socket, timeout: float) -> list[str]:
    """Return the messages that arrive within ``timeout`` seconds (polled until the deadline)."""
    messages = []
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        sock.settimeout(left)
        try:
            messages.append(sock.recv(4096).decode())
        except TimeoutError:
            break
    return messages


def receive_until(sock: socket.socket, wanted: str, timeout: float) -> list[str]:
    """Return the messages up to and including the first ``wanted`` (fail after ``timeout``)."""
    messages: list[str] = []
    deadline = time.monotonic() + timeout
    while wanted not in messages:
        left = deadline - time.monotonic()
        assert left > 0, f"no {wanted} within {timeout} s; got {messages}"
        sock.settimeout(left)
        try:
            messages.append(sock.recv(4096).decode())
        except TimeoutError:
            continue
    return messages


def test_the_notifier_says_ready_first_then_watchdog_at_half_the_watchdog_time(notify_socket):
    sock, path = notify_socket
    notifier = Notifier.from_environment({"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "2000000"})
    notifier.frame(now=100.0)
    notifier.frame(now=100.5)  # too soon for a watchdog ping
    notifier.frame(now=101.0)
    notifier.frame(now=101.2)
    notifier.frame(now=102.1)
    notifier.close()
    assert receive(sock, 0.5) == ["READY=1", "WATCHDOG=1", "WATCHDOG=1"]


def test_no_watchdog_pings_for_another_process_or_without_a_socket(notify_socket):
    sock, path = notify_socket
    other = Notifier.from_environment(
        {"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "1000", "WATCHDOG_PID": str(os.getpid() + 1)}
    )
    for second in range(5):
        other.frame(now=float(second))
    other.close()
    assert receive(sock, 0.5) == ["READY=1"]
    silent = Notifier.from_environment({})
    silent.frame()
    assert not silent.enabled and not silent.notify("READY=1")


def test_a_stopped_kiosk_stops_its_watchdog_pings(notify_socket, write_config, tmp_path):
    sock, path = notify_socket
    config = write_config("[sign]\nenabled = false\n[admin]\nenabled = false\n")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update({"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "1000000"})  # ping every 0.5 s
    kiosk = subprocess.Popen(
        [sys.executable, str(ROOT / "run_kiosk.py"), "--config", str(config), "--kiosk-only"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        first = receive_until(sock, "READY=1", 90)
        assert first == ["READY=1"]  # nothing before the kiosk takes visitors
        assert receive_until(sock, "WATCHDOG=1", 5)[-1] == "WATCHDOG=1"
        kiosk.send_signal(signal.SIGSTOP)
        receive(sock, 0.3)  # a ping already on its way
        assert receive(sock, 3.0) == []  # a hung frame loop says nothing
        kiosk.send_signal(signal.SIGCONT)
        assert "WATCHDOG=1" in receive_until(sock, "WATCHDOG=1", 5)
    finally:
        kiosk.send_signal(signal.SIGCONT)
        kiosk.terminate()
        try:
            kiosk.wait(timeout=30)
        except subprocess.TimeoutExpired:
            kiosk.kill()
            kiosk.wait()
