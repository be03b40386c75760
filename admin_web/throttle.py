"""Slowing down password guessing without letting a stranger lock the owner out.

Failures are counted per (address, name), per address whatever the name, and per name from any
address. An address is refused after too many failures for one name or for names overall; when
a name has failed too often from everywhere, only addresses that have not yet failed for it may
still try it, so its owner, at their own PC, still logs in with the right password.

The tables are bounded (least recently used keys are forgotten first) and names are counted
after NFC, so neither long names nor many names can grow the server's memory without limit.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

from lobby.vntext import nfc

MAX_KEYS = 10_000


def name_key(username: str) -> str:
    """Return the form of a user name failures are counted under (NFC, trimmed, case-folded)."""
    return nfc(username).strip().casefold()


class _FailureTable:
    """Recent failure times per key, at most ``max_keys`` keys and ``limit`` times per key."""

    def __init__(self, limit: int, window_seconds: float, max_keys: int) -> None:
        self.limit = limit
        self.window_seconds = window_seconds
        self.max_keys = max_keys
        self._times: OrderedDict[object, list[float]] = OrderedDict()

    def count(self, key: object, now: float) -> int:
        """Return the failures of ``key`` inside the window (forgetting older ones)."""
        times = [t for t in self._times.get(key, ()) if now - t < self.window_seconds]
        if times:
            self._times[key] = times
        else:
            self._times.pop(key, None)
        return len(times)

    def add(self, key: object, now: float) -> None:
        """Record a failure of ``key``; the least recently failed key goes past ``max_keys``."""
        times = self._times.pop(key, [])
        recent = [t for t in times if now - t < self.window_seconds] + [now]
        self._times[key] = recent[-self.limit :]
        while len(self._times) > self.max_keys:
            self._times.popitem(last=False)

    def forget(self, key: object) -> None:
        """Forget every failure of ``key``."""
        self._times.pop(key, None)

    def __len__(self) -> int:
        return len(self._times)


class LoginThrottle:
    """Counts failed logins per (address, name), per address and per name over a window."""

    def __init__(
        self,
        max_failures: int = 5,
        window_seconds: float = 15 * 60,
        max_account_failures: int = 20,
        max_keys: int = MAX_KEYS,
        max_address_failures: int = 30,
    ) -> None:
        self._by_pair = _FailureTable(max_failures, window_seconds, max_keys)
        self._by_address = _FailureTable(max_address_failures, window_seconds, max_keys)
        self._by_account = _FailureTable(max_account_failures, window_seconds, max_keys)
        self.window_seconds = window_seconds
        self._lock = threading.Lock()

    def blocked(self, address: str, username: str) -> bool:
        """Return True if this address may not try this name now: it failed too often for it or
        for names overall, or it failed for a name that is failing too often from everywhere."""
        name, now = name_key(username), time.monotonic()
        with self._lock:
            pair = self._by_pair.count((address, name), now)
            if pair >= self._by_pair.limit:
                return True
            if self._by_address.count(address, now) >= self._by_address.limit:
                return True
            under_attack = self._by_account.count(name, now) >= self._by_account.limit
            return under_attack and pair > 0

    def failed(self, address: str, username: str) -> int:
        """Record a failed login; return how many failures the name has now in the window."""
        name, now = name_key(username), time.monotonic()
        with self._lock:
            self._by_pair.add((address, name), now)
            self._by_address.add(address, now)
            self._by_account.add(name, now)
            return self._by_account.count(name, now)

    def succeeded(self, address: str, username: str) -> None:
        """Forget this address's failures for a name once its password was given right."""
        with self._lock:
            self._by_pair.forget((address, name_key(username)))

    def size(self) -> int:
        """Return how many keys the three tables hold (for tests and monitoring)."""
        with self._lock:
            return len(self._by_pair) + len(self._by_address) + len(self._by_account)
