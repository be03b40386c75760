"""A virtual Alpha board: decodes the real wire bytes and tells what the sign would show."""

from __future__ import annotations

import logging
import os
import select
import threading
import tty
from collections.abc import Callable

from signage.protocols import alpha

log = logging.getLogger(__name__)

OnChange = Callable[[list[str], int, int], None]


class BoardSimulator:
    """Keeps an Alpha sign's file table from the frames it receives; not thread-safe on its own."""

    def __init__(self) -> None:
        self.decoder = alpha.Decoder()
        self.files: dict[str, list[alpha.Segment]] = {}

    @property
    def frames_ok(self) -> int:
        """Count the frames received with a good checksum."""
        return self.decoder.frames_ok

    @property
    def frames_bad(self) -> int:
        """Count the frames dropped (bad checksum, cut short, malformed)."""
        return self.decoder.frames_bad

    def feed(self, data: bytes) -> list[alpha.Frame]:
        """Receive wire bytes; apply and return the frames they completed."""
        frames = self.decoder.feed(data)
        for frame in frames:
            self.apply(frame)
        return frames

    def apply(self, frame: alpha.Frame) -> None:
        """Act on one decoded frame the way a sign does (other commands are accepted, ignored)."""
        command = frame.command
        if command[:1] == alpha.WRITE_TEXT and len(command) >= 2:
            text_file = alpha.parse_text_file(command)
            self.files[text_file.label] = text_file.segments
        elif command == alpha.WRITE_SPECIAL + alpha.CLEAR_MEMORY:
            self.files.clear()

    def showing(self) -> list[str]:
        """Return the texts on the board now: the priority file if it has any, else file A's."""
        for label in (alpha.PRIORITY_LABEL, alpha.DEFAULT_LABEL):
            texts = [alpha.visible_text(s.text) for s in self.files.get(label, [])]
            texts = [text for text in texts if text]
            if texts or label == alpha.DEFAULT_LABEL:
                return texts
        return []


class PtyBoard:
    """A simulated sign behind a pseudo-terminal: point a driver at ``.port`` (Linux)."""

    def __init__(self, on_change: OnChange | None = None, *, poll_seconds: float = 0.1) -> None:
        self.simulator = BoardSimulator()
        self.on_change = on_change
        self.poll_seconds = poll_seconds
        self.port = ""
        self._master = -1
        self._slave = -1
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._changed = threading.Condition()
        self._last: tuple[list[str], int] = ([], 0)

    def start(self) -> PtyBoard:
        """Open the pty pair in raw mode and start reading; returns self."""
        self._master, self._slave = os.openpty()
        # A cooked pty translates CR/LF and eats control bytes: the sign must see the wire as is.
        tty.setraw(self._master)
        tty.setraw(self._slave)
        self.port = os.ttyname(self._slave)
        self._thread = threading.Thread(target=self._read_loop, name="pty-board", daemon=True)
        self._thread.start()
        return self

    @property
    def running(self) -> bool:
        """Tell whether the reader thread is running."""
        return self._thread is not None and self._thread.is_alive()

    def stop(self) -> None:
        """Stop reading and close the pty pair."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        for fd in (self._master, self._slave):
            if fd >= 0:
                os.close(fd)
        self._master = self._slave = -1

    def __enter__(self) -> PtyBoard:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def showing(self) -> list[str]:
        """Return what the board shows now."""
        with self._changed:
            return self.simulator.showing()

    @property
    def frames_ok(self) -> int:
        """Count the good frames received so far."""
        with self._changed:
            return self.simulator.frames_ok

    @property
    def frames_bad(self) -> int:
        """Count the frames dropped so far."""
        with self._changed:
            return self.simulator.frames_bad

    def wait_until(self, predicate: Callable[[BoardSimulator], bool], timeout: float) -> bool:
        """Wait until ``predicate(simulator)`` holds (checked after each read); False on timeout."""
        with self._changed:
            return self._changed.wait_for(lambda: predicate(self.simulator), timeout)

    def _read_loop(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self._master], [], [], self.poll_seconds)
            if not ready:
                continue
            try:
                data = os.read(self._master, 4096)
            except OSError:  # EIO: no slave open; cannot happen while we hold one, but never spin
                data = b""
            if data:
                self._receive(data)
            else:
                self._stop.wait(self.poll_seconds)

    def _receive(self, data: bytes) -> None:
        with self._changed:
            self.simulator.feed(data)
            texts = self.simulator.showing()
            ok, bad = self.simulator.frames_ok, self.simulator.frames_bad
            changed = (texts, bad) != self._last
            self._last = (texts, bad)
            self._changed.notify_all()
        if changed and self.on_change is not None:
            try:
                self.on_change(texts, ok, bad)
            except Exception:
                log.exception("The simulated board's change handler failed")
