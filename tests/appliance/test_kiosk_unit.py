"""The kiosk unit's own command line run in cage with wlroots' headless backend: the kiosk comes
up in the compositor, its READY=1 and WATCHDOG=1 reach the service manager's socket through
cage, and the unit's stop command ends the kiosk, after which cage ends cleanly."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import pytest

from tests.helpers_wait import wait_for

REPO = Path(__file__).resolve().parents[2]
UNIT = REPO / "deploy/systemd/congso-lobby-kiosk.service"
WATCHDOG_SECONDS = 2


def unit_values(key: str) -> list[str]:
    """Return the values of ``key=`` lines in the kiosk unit's [Service] section."""
    return [
        line.split("=", 1)[1]
        for line in UNIT.read_text().splitlines()
        if line.startswith(f"{key}=")
    ]


def as_user() -> list[str]:
    """Return the prefix that runs a command as an unprivileged user (cage refuses root)."""
    return ["runuser", "-u", "nobody", "--"] if os.geteuid() == 0 else []


def kiosk_python(folder: Path) -> tuple[str, str]:
    """Return an interpreter that user can run the kiosk with and the PYTHONPATH it needs:
    this test's own, or the system's Python of the same version with this virtualenv's
    packages (when this one lives where that user cannot go)."""
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    site = sysconfig.get_paths()["purelib"]
    for python, path in (
        (sys.executable, str(REPO)),
        (f"/usr/bin/python{version}", f"{REPO}:{site}"),
    ):
        probe = subprocess.run(
            [*as_user(), "env", f"PYTHONPATH={path}", python, "-c", "import pygame, sqlalchemy"],
            cwd=folder,
            capture_output=True,
            check=False,
        )
        if probe.returncode == 0:
            return python, path
    pytest.skip("no Python the unprivileged user can run the kiosk with")


@pytest.fixture
def folder():
    """A folder the unprivileged user owns (pytest's own is private to this user)."""
    path = Path(tempfile.mkdtemp(prefix="kiosk-unit-"))
    if os.geteuid() == 0:
        shutil.chown(path, "nobody")
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_the_kiosk_unit_runs_in_cage_feeds_the_watchdog_and_stops_cleanly(folder):
    for program in ("cage", "Xwayland", "pkill"):
        if shutil.which(program) is None:
            pytest.skip(f"{program} is missing: run scripts/system-deps.sh test")
    python, pythonpath = kiosk_python(folder)
    config = folder / "config.toml"
    config.write_text(
        f'[store]\nurl = "sqlite:///{folder}/lobby.db"\n'
        f'[kiosk]\nsurvey = "{REPO}/assets/survey.toml"\njournal = "{folder}/journal.jsonl"\n',
        encoding="utf-8",
    )
    runtime = folder / "run"
    runtime.mkdir(mode=0o700)
    if os.geteuid() == 0:
        for path in (config, runtime):
            shutil.chown(path, "nobody")
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(str(folder / "notify"))
    os.chmod(folder / "notify", 0o777)
    notify.settimeout(0.2)

    (start,) = unit_values("ExecStart")
    command = [
        {
            "/opt/congso-lobby/venv/bin/python": python,
            "/opt/congso-lobby/app/run_kiosk.py": str(REPO / "run_kiosk.py"),
            "/etc/congso-lobby/config.toml": str(config),
        }.get(word, word)
        for word in shlex.split(start)
    ]
    unit_env = [pair for line in unit_values("Environment") for pair in shlex.split(line)]
    environment = [
        *unit_env,
        f"PATH={os.environ.get('PATH', '/usr/bin:/bin')}",
        f"HOME={folder}",
        f"PYTHONPATH={pythonpath}",
        f"XDG_RUNTIME_DIR={runtime}",
        "WLR_BACKENDS=headless",
        "WLR_RENDERER=pixman",
        "WLR_LIBINPUT_NO_DEVICES=1",
        f"NOTIFY_SOCKET={folder / 'notify'}",
        f"WATCHDOG_USEC={WATCHDOG_SECONDS * 1_000_000}",
        "WATCHDOG_PID=1",  # systemd names cage here, never the kiosk
    ]
    log = (folder / "kiosk.log").open("w")
    process = subprocess.Popen(
        [*as_user(), "env", "-i", *environment, *command],
        cwd=folder,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    messages: list[str] = []

    def heard(what: str, count: int = 1) -> bool:
        try:
            messages.append(notify.recv(4096).decode())
        except TimeoutError:
            pass
        assert process.poll() is None, (folder / "kiosk.log").read_text()
        return sum(what in m for m in messages) >= count

    try:
        wait_for(lambda: heard("READY=1"), 90, "READY=1 from the kiosk in cage")
        wait_for(lambda: heard("WATCHDOG=1", 2), 6 * WATCHDOG_SECONDS, "two WATCHDOG=1")
        cage = subprocess.run(
            ["pgrep", "-x", "cage"], capture_output=True, text=True, check=False
        ).stdout.split()
        owned = [pid for pid in cage if pid == str(process.pid) or _parent(pid) == process.pid]
        assert len(owned) == 1, cage
        (stop,) = unit_values("ExecStop")
        stopped = subprocess.run(
            [word.replace("$$", "$") for word in shlex.split(stop)],
            env={**os.environ, "MAINPID": owned[0]},
            timeout=30,
            check=False,
        )
        status = process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            process.wait()
        notify.close()
        log.close()
    output = (folder / "kiosk.log").read_text()
    assert stopped.returncode == 0
    assert status == 0, output
    assert "Đã dừng." in output


def _parent(pid: str) -> int:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return -1
    return int(stat.rsplit(")", 1)[1].split()[1])
