"""The whole product from one command: run_kiosk.py starts the kiosk, the sign and the admin web."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from lobby.store import Store
from tests.helpers_wait import wait_for

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback only
            return response.status
    except OSError:
        return None


def headless_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("SDL_VIDEODRIVER", None)  # the product must find out by itself that there is no display
    return env


def run_with_config(command: list[str], config: Path) -> subprocess.CompletedProcess:
    """Run an entry point (a script of the project or ``-m package``) with ``--config``."""
    return subprocess.run(
        [sys.executable, *command, "--config", str(config)],
        cwd=ROOT,
        env=headless_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_one_command_runs_kiosk_sign_and_admin_without_a_display(write_config, tmp_path):
    port = free_port()
    ascii_board = 'simulated_board = "configured"\n'  # decoded texts, not the preview's pixels
    config = write_config(f"[admin]\nport = {port}\n[sign]\npoll_seconds = 0.2\n{ascii_board}")
    log_path = tmp_path / "console.log"
    with log_path.open("wb") as console:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "run_kiosk.py"), "--config", str(config), "--windowed"],
            cwd=tmp_path,
            env=headless_env(),
            stdout=console,
            stderr=subprocess.STDOUT,
        )
    store = None
    try:
        wait_for(lambda: http_status(f"http://127.0.0.1:{port}/login") == 200, 30, "the admin web")
        # The product made the store (and var/) itself: a message now goes to the running sign.
        store = Store.open(f"sqlite:///{tmp_path / 'var' / 'lobby.db'}")
        store.add_sign_message("Biết nghe dân nói")
        wait_for(
            lambda: "Biet nghe dan noi" in store.get_board_view().texts,
            30,
            "the simulated board to show the message",
        )
        view = store.get_board_view()
        assert view.frames_bad == 0
        # The service records success after its write returns, possibly after the board decoded it.
        wait_for(lambda: store.get_sign_status().connected, 30, "the sign status to say connected")
        # The kiosk opens its display after the supervisor has started the sign and the admin.
        wait_for(
            lambda: "dummy" in log_path.read_text(encoding="utf-8").lower(),
            30,
            "the one line saying the kiosk runs without a display",
        )
        # The store holds password hashes: the product makes it and var/ its owner's only.
        assert (tmp_path / "var" / "lobby.db").stat().st_mode & 0o777 == 0o600
        assert (tmp_path / "var").stat().st_mode & 0o777 == 0o700
        output = log_path.read_text(encoding="utf-8")
        assert "/setup/" in output  # first start with no administrator: a one-time setup link
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
        # The admin runs in a child process: it stops with the kiosk and frees its port.
        wait_for(lambda: http_status(f"http://127.0.0.1:{port}/login") is None, 15, "admin gone")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if store is not None:
            store.close()


def test_a_kiosk_killed_outright_takes_its_admin_process_with_it(write_config, tmp_path):
    port = free_port()
    config = write_config(f"[admin]\nport = {port}\n[sign]\nenabled = false\n")
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "run_kiosk.py"), "--config", str(config), "--windowed"],
        cwd=tmp_path,
        env=headless_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(lambda: http_status(f"http://127.0.0.1:{port}/login") == 200, 30, "the admin web")
        process.kill()  # kill -9: no clean-up runs in the kiosk
        process.wait()
        wait_for(lambda: http_status(f"http://127.0.0.1:{port}/login") is None, 15, "admin gone")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.parametrize(
    "command",
    [
        ["run_kiosk.py"],
        ["-m", "admin_web"],
        ["-m", "signage"],
    ],
)
def test_every_entry_point_stops_with_status_2_on_a_broken_config(command, write_config, tmp_path):
    config = write_config("[sign]\nbaudrate = 1234\n")
    result = run_with_config(command, config)
    assert result.returncode == 2
    assert "[sign] baudrate" in result.stderr and str(config) in result.stderr


@pytest.mark.parametrize(
    ("config_text", "named"),
    [
        ('[sign]\nport = "/dev/ttyUSB0"\nbaudrate = = 9600\n', "line 3"),  # TOML syntax error
        ("[sign]\nbaud = 9600\n", "[sign] baud"),  # unknown key
        ('[admin]\nport = "8080"\n', "[admin] port"),  # wrong type
        ("[kiosk]\nidle_seconds = 1.0\n", "[kiosk] idle_seconds"),  # out of range
        ('[sign]\nport = "socket://sign-host"\n', "[sign] port"),  # a port that does not parse
    ],
)
def test_run_kiosk_stops_with_status_2_naming_what_is_wrong(config_text, named, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(config_text, encoding="utf-8")
    result = run_with_config(["run_kiosk.py"], config)
    assert result.returncode == 2
    message = result.stderr.strip()
    assert str(config) in message and named in message
    assert "expected" in message or "syntax error" in message
    assert len(message.splitlines()) == 1  # one message, no traceback
