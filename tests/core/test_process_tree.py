"""The process tree under run_kiosk.py: the sign service and the admin web each in their own
process, killed outright or stopped (hung), come back while the kiosk goes on taking votes; an
admin that cannot bind its port is restarted with growing delays and the failure is told once.

Real processes and signals: run_kiosk.py (SDL dummy driver) with a visitor pressing keys
(tests/core/voting_kiosk.py), a simulated board on a pseudo-terminal, a SQLite store, the admin on
a free port. Children are found in /proc by their parent.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from lobby import clock
from lobby.store import Store
from tests.helpers_wait import eventually, wait_for
from tests.kiosk_driver import all_visits

ROOT = Path(__file__).resolve().parents[2]
VOTING_KIOSK = ROOT / "tests" / "core" / "voting_kiosk.py"
BACK_WITHIN = 10.0
pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="Linux /proc only")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def headless_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}


def children(parent: int) -> dict[str, int]:
    """Return the pid of each live child of ``parent`` by service: 'sign' or 'admin'."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[1]) != parent or fields[0] == "Z":
            continue
        if b"signage" in command:
            found["sign"] = int(entry.name)
        elif b"admin_web" in command:
            found["admin"] = int(entry.name)
    return found


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback only
            return response.status == 200
    except OSError:
        return False


def start(script: Path, config: Path, folder: Path, log: Path) -> subprocess.Popen:
    with log.open("wb") as console:
        return subprocess.Popen(
            [sys.executable, str(script), "--config", str(config), "--windowed"],
            cwd=folder,
            env=headless_env(),
            stdout=console,
            stderr=subprocess.STDOUT,
        )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_sign_and_admin_come_back_from_kill_and_hang_while_the_kiosk_takes_votes(
    write_config, tmp_path
):
    port = free_port()
    config = write_config(
        f"[admin]\nport = {port}\n[sign]\npoll_seconds = 0.2\n"
        "[services]\nhealth_timeout_seconds = 4\nstable_seconds = 5\n"
        f'[kiosk]\nsurvey = "{ROOT / "assets" / "survey.toml"}"\nthanks_seconds = 1\n'
    )
    log = tmp_path / "console.log"
    kiosk = start(VOTING_KIOSK, config, tmp_path, log)
    login = f"http://127.0.0.1:{port}/login"
    store = None
    try:
        wait_for(lambda: http_ok(login), 90, "the admin web")
        store = Store.open(f"sqlite:///{tmp_path / 'var' / 'lobby.db'}")
        wait_for(lambda: len(children(kiosk.pid)) == 2, 30, "the sign and admin processes")
        wait_for(lambda: store.get_sign_status().connected, 30, "the sign service")

        def votes() -> int:
            return len(all_visits(store))

        wait_for(lambda: votes() >= 2, 60, "the visitor's first votes")
        for name, fault in (
            ("sign", signal.SIGKILL),
            ("admin", signal.SIGKILL),
            ("sign", signal.SIGSTOP),
            ("admin", signal.SIGSTOP),
        ):
            old = children(kiosk.pid)[name]
            before = votes()
            os.kill(old, fault)
            faulted = time.monotonic()
            # Back: a new process of that service, doing its job again.
            wait_for(
                lambda n=name, o=old: children(kiosk.pid).get(n, o) != o,
                BACK_WITHIN if fault == signal.SIGKILL else 4 + BACK_WITHIN,
                f"a new {name} process after {fault.name}",
            )
            if name == "admin":
                wait_for(lambda: http_ok(login), BACK_WITHIN, "the admin answering again")
            else:
                wait_for(
                    lambda t=faulted: sign_reported_since(store, time.monotonic() - t),
                    BACK_WITHIN,
                    "the new sign service reporting",
                )
            with pytest.raises(ProcessLookupError):
                os.kill(old, 0)  # the stopped one was killed, not left behind
            assert kiosk.poll() is None, "the kiosk stopped"
            wait_for(lambda b=before: votes() > b, 15, f"votes after the {name}'s {fault.name}")
        output = log.read_text(encoding="utf-8")
        assert output.count("không phản hồi") >= 2  # each hang was noticed and said
    finally:
        stop(kiosk)
        if store is not None:
            store.close()
    assert kiosk.returncode == 0


def sign_reported_since(store, seconds_ago: float) -> bool:
    status = store.get_sign_status()
    beat = status.heartbeat_at
    return beat is not None and (clock.utcnow() - beat).total_seconds() < seconds_ago


def test_an_admin_whose_port_is_taken_is_restarted_ever_more_slowly_and_told_once(
    write_config, tmp_path
):
    taken = socket.create_server(("127.0.0.1", 0))
    port = taken.getsockname()[1]
    config = write_config(
        f"[admin]\nport = {port}\n[sign]\nenabled = false\n"
        "[services]\nstable_seconds = 20\nrestart_max_seconds = 8\n"
    )
    log = tmp_path / "console.log"
    kiosk = start(ROOT / "run_kiosk.py", config, tmp_path, log)
    starts: list[float] = []  # when each admin process was first seen
    deaths: list[float] = []  # when each was last seen alive
    current, last_seen = None, 0.0
    try:
        deadline = time.monotonic() + 150
        # Watch six starts of the admin's process (a deadline bounds the wait).
        while len(starts) < 6 and time.monotonic() < deadline:
            pid = children(kiosk.pid).get("admin")
            now = time.monotonic()
            if pid != current:
                if current is not None:
                    deaths.append(last_seen)
                if pid is not None:
                    starts.append(now)
                current = pid
            if pid is not None:
                last_seen = now
            time.sleep(0.02)
        assert kiosk.poll() is None, "the kiosk stopped"
        assert len(starts) == 6, f"only {len(starts)} starts in 150 s"
        # From each death to the next start: 1, 2, 4, 8 and 8 s (the maximum), each plus up to
        # two of the supervisor's 1 s checks, however long the child took to fail.
        waits = [start - death for death, start in zip(deaths, starts[1:], strict=False)]
        assert waits[3] >= 7.9 and waits[4] >= 7.9, waits
        assert waits[0] < waits[3] - 4, waits
        output = eventually(lambda: log.read_text(encoding="utf-8").count("liên tục dừng"), 5)
        text = log.read_text(encoding="utf-8")
        assert output == 1, text
        line = next(line for line in text.splitlines() if "liên tục dừng" in line)
        assert "Trang quản trị" in line and str(port) in line  # what fails, and why
        # After the report the child's own error is not repeated at every restart.
        own = [line for line in text.splitlines() if line.startswith("Không mở được cổng")]
        assert 1 <= len(own) <= 3, text
    finally:
        stop(kiosk)
        taken.close()
