"""Polling with a deadline, for tests that wait on real processes, threads, ports and boards.

Tests never sleep and then assert: they poll a condition until it holds or a deadline passes.
"""

from __future__ import annotations

import time


def eventually(condition, timeout: float = 2.0, every: float = 0.02):
    """Poll ``condition`` until it returns a true value or ``timeout`` seconds pass; return the
    last value it returned (false on timeout), for ``assert eventually(...)``."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(every)


def wait_for(condition, timeout: float, what: str, every: float = 0.02):
    """Poll ``condition`` until it returns a true value (returned) or fail, naming ``what``,
    after ``timeout`` seconds."""
    value = eventually(condition, timeout, every)
    if not value:
        raise AssertionError(f"timed out after {timeout} s waiting for {what}")
    return value
