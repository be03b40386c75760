"""Keeps background services (sign, admin web) running beside the kiosk.

A service that fails to start, dies or hangs is restarted; its failure is logged and never
reaches the caller, so the kiosk keeps taking votes whatever happens to the others. A failure is
counted by how long the service lived: one that stops within ``stable_seconds`` of its start
waits 1, 2, 4... s (up to ``max_backoff``) before the next start, and after a few such failures
the supervisor says once, in Vietnamese, what keeps failing. One that ran longer starts afresh.
"""

from __future__ import annotations

import collections
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol

from lobby.heartbeat import HEARTBEAT_ENV, BeatWatch

log = logging.getLogger(__name__)

FIRST_BACKOFF = 1.0
# Quick failures in a row after which the supervisor says what keeps failing.
REPORT_AFTER = 3
# A child may take this long (imports, opening the store) before its first beat.
START_GRACE_SECONDS = 60.0
# Variables of a service manager that speak for the kiosk's process only, never its children.
_NOTIFY_VARIABLES = ("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID")


class Service(Protocol):
    """A running background service (``healthy``, ``kill``, ``last_words``, ``quiet`` optional)."""

    def is_alive(self) -> bool:
        """Return True while the service is working."""

    def stop(self) -> None:
        """Stop the service and release what it holds."""


FailureListener = Callable[[str, str], None]
RecoveryListener = Callable[[str], None]


@dataclass
class _Entry:
    name: str
    label: str
    start: Callable[[], Service]
    service: Service | None = None
    started_at: float = 0.0
    failures: int = 0
    next_try: float = 0.0
    reported: bool = False


class Supervisor:
    """Starts services, restarts any that die or hang (growing delays), stops them all."""

    def __init__(
        self,
        check_seconds: float = 1.0,
        max_backoff: float = 60.0,
        stable_seconds: float = 30.0,
        *,
        on_failing: FailureListener | None = None,
        on_recovered: RecoveryListener | None = None,
    ) -> None:
        self.check_seconds = check_seconds
        self.max_backoff = max_backoff
        self.stable_seconds = stable_seconds
        self.on_failing = on_failing
        self.on_recovered = on_recovered
        self._entries: list[_Entry] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def add(self, name: str, start: Callable[[], Service], label: str | None = None) -> None:
        """Register a service by the function that starts it and returns its handle; ``label``
        names it for staff (Vietnamese)."""
        self._entries.append(_Entry(name, label or name, start))

    def start(self) -> None:
        """Start every service now and watch them from a background thread."""
        self.check()
        if self._stop.is_set():
            return
        self._thread = threading.Thread(target=self._watch, name="supervisor", daemon=True)
        self._thread.start()

    def check(self) -> None:
        """Restart every service that died or hangs, once its back-off has passed."""
        with self._lock:
            for entry in self._entries:
                if self._stop.is_set():
                    return
                self._check_one(entry, time.monotonic())

    def running(self, name: str) -> bool:
        """Return True if the named service is alive."""
        entry = self._entry(name)
        return entry.service is not None and _alive(entry.service)

    def service(self, name: str) -> Service | None:
        """Return the named service's current handle (None while it waits to restart)."""
        return self._entry(name).service

    def failures(self, name: str) -> int:
        """Return how many times in a row the named service stopped soon after its start."""
        return self._entry(name).failures

    def stop(self) -> None:
        """Stop watching and stop every service."""
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=10)
        with self._lock:
            for entry in self._entries:
                if entry.service is not None:
                    try:
                        entry.service.stop()
                    except Exception:  # noqa: BLE001 - stopping must go on for the others
                        log.exception("%s: error while stopping", entry.name)
                    entry.service = None

    def _entry(self, name: str) -> _Entry:
        return next(e for e in self._entries if e.name == name)

    def _watch(self) -> None:
        while not self._stop.wait(self.check_seconds):
            self.check()

    def _check_one(self, entry: _Entry, now: float) -> None:
        service = entry.service
        if service is not None:
            alive = _alive(service)
            if alive and _healthy(service):
                if entry.failures and now - entry.started_at >= self.stable_seconds:
                    self._recovered(entry)
                return
            if alive:
                reason = "không phản hồi (treo); đã buộc dừng"
                log.error("%s không phản hồi: buộc dừng (SIGKILL) và khởi động lại", entry.label)
                _kill(service)
            else:
                reason = _exit_reason(service)
            try:
                service.stop()
            except Exception:  # noqa: BLE001
                log.debug("%s: stop after death failed", entry.name, exc_info=True)
            entry.service = None
            self._failed(entry, reason, now - entry.started_at, now)
        if now < entry.next_try:
            return
        try:
            entry.service = entry.start()
        except Exception as exc:  # noqa: BLE001 - any failure of a side service is contained
            self._failed(entry, str(exc) or type(exc).__name__, 0.0, now)
            return
        entry.started_at = time.monotonic()
        if entry.reported:
            _quiet(entry.service, True)  # already said what keeps failing: no repeats

    def _failed(self, entry: _Entry, reason: str, lived: float, now: float) -> None:
        entry.failures = 1 if lived >= self.stable_seconds else entry.failures + 1
        delay = min(self.max_backoff, FIRST_BACKOFF * 2 ** (entry.failures - 1))
        entry.next_try = now + delay
        if entry.failures == 1:
            log.warning("%s đã dừng (%s); khởi động lại sau %.0f giây", entry.label, reason, delay)
        if entry.failures >= REPORT_AFTER and not entry.reported:
            entry.reported = True
            message = (
                f"{entry.label} liên tục dừng ngay sau khi khởi động ({entry.failures} lần liên"
                f" tiếp). Lần cuối: {reason}. Sẽ thử lại, thưa dần tới mỗi"
                f" {self.max_backoff:.0f} giây."
            )
            log.error("%s", message)
            if self.on_failing is not None:
                _call(self.on_failing, entry.name, message)

    def _recovered(self, entry: _Entry) -> None:
        entry.failures = 0
        if entry.reported:
            entry.reported = False
            log.warning("%s đã chạy ổn định trở lại", entry.label)
            if entry.service is not None:
                _quiet(entry.service, False)
            if self.on_recovered is not None:
                _call(self.on_recovered, entry.name)


class ChildProcess:
    """A service in its own process: its output relayed to ours, its heartbeat file watched.

    The child beats into the file named by $LOBBY_HEARTBEAT_FILE (lobby/heartbeat.py); one that
    has not beaten for ``health_timeout`` seconds (``START_GRACE_SECONDS`` before its first
    beat) is not healthy and is killed by the supervisor.
    """

    def __init__(
        self, command: Sequence[str], heartbeat: Path, *, health_timeout: float = 15.0
    ) -> None:
        heartbeat.unlink(missing_ok=True)
        self.health_timeout = health_timeout
        self.watch = BeatWatch(heartbeat)
        env = {k: v for k, v in os.environ.items() if k not in _NOTIFY_VARIABLES}
        env.update({HEARTBEAT_ENV: str(heartbeat), "PYTHONUNBUFFERED": "1"})
        env["PYTHONIOENCODING"] = "utf-8:backslashreplace"
        self.process = subprocess.Popen(
            list(command), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
        )
        self.pid = self.process.pid
        self._quiet = False
        self._held: collections.deque[tuple[IO[bytes], bytes]] = collections.deque(maxlen=200)
        self._tail: collections.deque[str] = collections.deque(maxlen=5)
        self._relay_lock = threading.Lock()
        self._relays = [
            threading.Thread(
                target=self._relay, args=(pipe, target), name=f"relay-{self.pid}", daemon=True
            )
            for pipe, target in (
                (self.process.stdout, _binary(sys.stdout)),
                (self.process.stderr, _binary(sys.stderr)),
            )
        ]
        for relay in self._relays:
            relay.start()

    def is_alive(self) -> bool:
        """Return True while the process runs (even if hung)."""
        return self.process.poll() is None

    def healthy(self) -> bool:
        """Return False when the process has given no sign of life for too long."""
        limit = self.health_timeout if self.watch.beating else START_GRACE_SECONDS
        return self.watch.silent_for() <= max(limit, self.health_timeout)

    def kill(self) -> None:
        """Kill the process outright (SIGKILL): a hung one may not answer SIGTERM."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the process to stop (SIGTERM), then kill it if it has not within ``timeout``."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for relay in self._relays:
            relay.join(timeout=2)
        self.watch.path.unlink(missing_ok=True)

    def last_words(self) -> str:
        """Return the last line the process wrote on its error output ('' if none)."""
        if self.process.poll() is not None:
            for relay in self._relays:  # a process that ended: its last words are on their way
                relay.join(timeout=1)
        with self._relay_lock:
            return self._tail[-1] if self._tail else ""

    def quiet(self, quiet: bool) -> None:
        """Hold the process's output (its failure was already told); False prints what was held."""
        with self._relay_lock:
            self._quiet = quiet
            held = list(self._held) if not quiet else []
            if not quiet:
                self._held.clear()
        for target, line in held:
            _write(target, line)

    def _relay(self, pipe: IO[bytes], target: IO[bytes]) -> None:
        is_errors = pipe is self.process.stderr
        for line in iter(pipe.readline, b""):
            with self._relay_lock:
                if is_errors and line.strip():
                    self._tail.append(line.decode("utf-8", "replace").strip())
                if self._quiet:
                    self._held.append((target, line))
                    continue
            _write(target, line)
        pipe.close()


def _binary(stream) -> IO[bytes]:
    return getattr(stream, "buffer", stream)


def _write(target: IO[bytes], line: bytes) -> None:
    try:
        try:
            target.write(line)
        except TypeError:  # a text stream (a test's capture): decode
            target.write(line.decode("utf-8", "replace"))
        target.flush()
    except (OSError, ValueError):
        pass  # our own output is gone (closed console): nothing to tell


def _exit_reason(service: Service) -> str:
    process = getattr(service, "process", None)
    code = process.poll() if process is not None else None
    words = getattr(service, "last_words", lambda: "")()
    if code is None:
        return words or "đã dừng"
    status = f"bị tín hiệu {-code} dừng" if code < 0 else f"mã thoát {code}"
    return f"{words} ({status})" if words else status


def _alive(service: Service) -> bool:
    try:
        return bool(service.is_alive())
    except Exception:  # noqa: BLE001
        return False


def _healthy(service: Service) -> bool:
    healthy = getattr(service, "healthy", None)
    if healthy is None:
        return True
    try:
        return bool(healthy())
    except Exception:  # noqa: BLE001
        return True  # cannot tell: death, not doubt, restarts a service


def _kill(service: Service) -> None:
    kill = getattr(service, "kill", None)
    try:
        (kill or service.stop)()
    except Exception:  # noqa: BLE001
        log.debug("kill failed", exc_info=True)


def _quiet(service: Service, quiet: bool) -> None:
    method = getattr(service, "quiet", None)
    if method is not None:
        method(quiet)


def _call(listener: Callable, *args) -> None:
    try:
        listener(*args)
    except Exception:  # noqa: BLE001 - a listener never stops the supervisor
        log.exception("supervisor listener failed")
