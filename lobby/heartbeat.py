"""Signs of life from a supervised process: a beat counter in a file its supervisor watches.

The child side (``Heartbeat``) beats every second from its own thread, but only while the
process's work still moves (``progress()`` is recent): a deadlocked work loop stops the beats as
surely as SIGSTOP does. The supervisor side (``BeatWatch``) notices when the file stops changing,
timed by its own monotonic clock, so a change of the wall clock never looks like a hang.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from lobby.sd_notify import Notifier

# run_kiosk.py names the file its child beats in with this environment variable.
HEARTBEAT_ENV = "LOBBY_HEARTBEAT_FILE"
BEAT_SECONDS = 1.0

log = logging.getLogger(__name__)


class Heartbeat:
    """Beats into $LOBBY_HEARTBEAT_FILE (and WATCHDOG=1 to systemd, when it asked for it) while
    ``progress()``, the monotonic time the work last moved, is within ``stall_seconds``."""

    def __init__(
        self,
        progress: Callable[[], float],
        stall_seconds: float,
        *,
        path: str | None = None,
        before_beat: Callable[[], None] | None = None,
    ) -> None:
        self.path = Path(path) if path else None
        self.progress = progress
        self.stall_seconds = stall_seconds
        self.before_beat = before_beat
        self.notifier = Notifier.from_environment()
        self.beats = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._stalled = False

    @classmethod
    def from_environment(cls, progress: Callable[[], float], stall_seconds: float, **kwargs):
        """Return a heartbeat into the file named by $LOBBY_HEARTBEAT_FILE, if any."""
        return cls(progress, stall_seconds, path=os.environ.get(HEARTBEAT_ENV) or None, **kwargs)

    def start(self) -> Heartbeat:
        """Beat from a daemon thread until ``stop``; returns self."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop beating."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def beat(self) -> None:
        """Beat once if the work moved recently (called every second by the thread)."""
        stalled = time.monotonic() - self.progress() > self.stall_seconds
        if stalled != self._stalled:
            self._stalled = stalled
            if stalled:
                log.error("công việc chính không tiến triển sau %.0f giây", self.stall_seconds)
        if stalled:
            return
        self.beats += 1
        if self.path is not None:
            try:
                self.path.write_text(str(self.beats), encoding="ascii")
            except OSError as exc:
                log.debug("cannot write the heartbeat file: %s", exc)
        self.notifier.frame()

    def _run(self) -> None:
        while not self._stop.is_set():
            if self.before_beat is not None:
                self.before_beat()
            self.beat()
            self._stop.wait(BEAT_SECONDS)


class BeatWatch:
    """The supervisor's view of one child's heartbeat file."""

    def __init__(self, path: Path, started: float | None = None) -> None:
        self.path = path
        self.last_change = time.monotonic() if started is None else started
        self.beating = False  # True once the first beat was seen
        self._last: str | None = None

    def silent_for(self, now: float | None = None) -> float:
        """Return the seconds since the file last changed (since the start before a first beat)."""
        now = time.monotonic() if now is None else now
        try:
            content = self.path.read_text(encoding="ascii")
        except (OSError, ValueError):
            content = None
        if content is not None and content != self._last:
            self._last, self.last_change, self.beating = content, now, True
        return now - self.last_change
