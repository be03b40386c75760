"""Slowing down password guessing: too many failed logins from one address for one name wait."""

from __future__ import annotations

import threading
import time


class LoginThrottle:
    """Counts failed logins per (address, user name) over a sliding window."""

    def __init__(self, max_failures: int = 5, window_seconds: float = 15 * 60) -> None:
        self.max_failures = max_failures
        self.window_seconds = window_seconds
        self._failures: dict[tuple[str, str], list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: float) -> list[float]:
        times = [t for t in self._failures.get(key, []) if now - t < self.window_seconds]
        if times:
            self._failures[key] = times
        else:
            self._failures.pop(key, None)
        return times

    def blocked(self, address: str, username: str) -> bool:
        """Return True if this address has failed too often for this name lately."""
        with self._lock:
            return len(self._recent((address, username), time.monotonic())) >= self.max_failures

    def failed(self, address: str, username: str) -> None:
        """Record a failed login."""
        now = time.monotonic()
        with self._lock:
            # Forget stale entries so the table cannot grow without bound.
            for key in [k for k, v in self._failures.items() if now - v[-1] >= self.window_seconds]:
                del self._failures[key]
            self._failures.setdefault((address, username), []).append(now)

    def succeeded(self, address: str, username: str) -> None:
        """Forget the failures of a name once its password was given right."""
        with self._lock:
            self._failures.pop((address, username), None)
