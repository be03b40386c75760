"""Keeps background services (sign, admin web) running beside the kiosk.

A service that fails to start or dies is restarted with back-off; its failure is logged and
never reaches the caller, so the kiosk keeps taking votes whatever happens to the others.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

log = logging.getLogger(__name__)


class Service(Protocol):
    """A running background service."""

    def is_alive(self) -> bool:
        """Return True while the service is working."""

    def stop(self) -> None:
        """Stop the service and release what it holds."""


@dataclass
class _Entry:
    name: str
    start: Callable[[], Service]
    service: Service | None = None
    failures: int = 0
    next_try: float = 0.0
    reported: bool = field(default=False)


class Supervisor:
    """Starts services, restarts any that die (back-off up to ``max_backoff``), stops them all."""

    def __init__(self, check_seconds: float = 1.0, max_backoff: float = 60.0) -> None:
        self.check_seconds = check_seconds
        self.max_backoff = max_backoff
        self._entries: list[_Entry] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def add(self, name: str, start: Callable[[], Service]) -> None:
        """Register a service by the function that starts it and returns its handle."""
        self._entries.append(_Entry(name, start))

    def start(self) -> None:
        """Start every service now and watch them from a background thread."""
        self.check()
        self._thread = threading.Thread(target=self._watch, name="supervisor", daemon=True)
        self._thread.start()

    def check(self) -> None:
        """Start or restart every service that is not alive and whose back-off has passed."""
        with self._lock:
            for entry in self._entries:
                if self._stop.is_set():
                    return
                self._check_one(entry)

    def running(self, name: str) -> bool:
        """Return True if the named service is alive."""
        entry = next(e for e in self._entries if e.name == name)
        return entry.service is not None and _alive(entry.service)

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

    def _watch(self) -> None:
        while not self._stop.wait(self.check_seconds):
            self.check()

    def _check_one(self, entry: _Entry) -> None:
        if entry.service is not None:
            if _alive(entry.service):
                if entry.failures:
                    log.info("%s: running again", entry.name)
                entry.failures, entry.reported = 0, False
                return
            log.error("%s: stopped unexpectedly; restarting", entry.name)
            try:
                entry.service.stop()
            except Exception:  # noqa: BLE001
                log.debug("%s: stop after death failed", entry.name, exc_info=True)
            entry.service = None
            entry.failures += 1
            entry.next_try = time.monotonic() + self._backoff(entry)
        if time.monotonic() < entry.next_try:
            return
        try:
            entry.service = entry.start()
        except Exception as exc:  # noqa: BLE001 - any failure of a side service is contained
            entry.failures += 1
            delay = self._backoff(entry)
            entry.next_try = time.monotonic() + delay
            if not entry.reported:
                log.error(
                    "%s: could not start (%s); retrying every %.0f s at most",
                    entry.name,
                    exc,
                    self.max_backoff,
                )
                entry.reported = True

    def _backoff(self, entry: _Entry) -> float:
        return min(self.max_backoff, 2.0 ** max(0, entry.failures - 1))


def _alive(service: Service) -> bool:
    try:
        return bool(service.is_alive())
    except Exception:  # noqa: BLE001
        return False
