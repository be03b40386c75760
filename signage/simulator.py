"""Virtual boards for any protocol: behind a pseudo-terminal or a TCP port (like a serial server).

They feed the exact wire bytes to the protocol's BoardSimulator, write its replies back, and tell
what the board would show.
"""

from __future__ import annotations

import logging
import os
import select
import socket
import threading
import tty
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from signage.items import BoardProfile
from signage.protocols import BoardSnapshot, get_protocol
from signage.protocols.alpha import BoardSimulator as BoardSimulator  # the default board

log = logging.getLogger(__name__)

OnChange = Callable[[list[str], int, int], None]

# [sign] simulated_board = "preview": a 16-row board the PC draws on, so every mark shows.
PREVIEW_ROWS = 16
PREVIEW_COLUMNS = 96


def simulated_profile(settings) -> BoardProfile:
    """Return the profile of the board simulated when ``[sign] port`` is empty: the preview
    board (16 x 96, bitmap, the configured colours) unless ``simulated_board = "configured"``."""
    from signage.service import board_profile

    configured = board_profile(settings)
    if settings.sign.simulated_board == "configured":
        return configured
    return replace(configured, rows=PREVIEW_ROWS, columns=PREVIEW_COLUMNS, text_mode="bitmap")


class _BoardHost(ABC):
    """A protocol's BoardSimulator fed from a reader thread; shared by the pty and TCP boards."""

    def __init__(
        self,
        on_change: OnChange | None,
        poll_seconds: float,
        protocol: str,
        board: BoardProfile | None,
        options: dict[str, Any] | None,
    ) -> None:
        self.protocol = get_protocol(protocol)
        self.simulator = self.protocol.BoardSimulator(board, **(options or {}))
        self.on_change = on_change
        self.poll_seconds = poll_seconds
        self.port = ""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._changed = threading.Condition()
        self._last: tuple[list[str], int] = ([], 0)

    @property
    def running(self) -> bool:
        """Tell whether the reader thread is running."""
        return self._thread is not None and self._thread.is_alive()

    def _start_thread(self, name: str) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._read_loop, name=name, daemon=True)
        self._thread.start()

    def _join(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def showing(self) -> list[str]:
        """Return the texts the board shows now."""
        with self._changed:
            return self.simulator.showing()

    def snapshot(self) -> BoardSnapshot:
        """Return what the board shows now, with pixels."""
        with self._changed:
            return self.simulator.snapshot()

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

    def wait_until(self, predicate: Callable[[Any], bool], timeout: float) -> bool:
        """Wait until ``predicate(simulator)`` holds (checked after each read); False on timeout."""
        with self._changed:
            return self._changed.wait_for(lambda: predicate(self.simulator), timeout)

    def _receive(self, data: bytes) -> bytes:
        """Feed ``data`` to the simulator; return its replies to write back."""
        with self._changed:
            self.simulator.feed(data)
            replies = self.simulator.replies()
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
        return replies

    @abstractmethod
    def _read_loop(self) -> None:
        """Read wire bytes until stopped, feeding them to ``_receive``."""


class PtyBoard(_BoardHost):
    """A simulated board behind a pseudo-terminal: point a driver at ``.port`` (Linux)."""

    def __init__(
        self,
        on_change: OnChange | None = None,
        *,
        poll_seconds: float = 0.1,
        protocol: str = "alpha",
        board: BoardProfile | None = None,
        options: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(on_change, poll_seconds, protocol, board, options)
        self._master = -1
        self._slave = -1

    def start(self) -> PtyBoard:
        """Open the pty pair in raw mode and start reading; returns self."""
        self._master, self._slave = os.openpty()
        # A cooked pty translates CR/LF and eats control bytes: the sign must see the wire as is.
        tty.setraw(self._master)
        tty.setraw(self._slave)
        self.port = os.ttyname(self._slave)
        self._start_thread("pty-board")
        return self

    def stop(self) -> None:
        """Stop reading and close the pty pair (a driver on it then gets EIO)."""
        self._join()
        for fd in (self._master, self._slave):
            if fd >= 0:
                os.close(fd)
        self._master = self._slave = -1

    def _read_loop(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self._master], [], [], self.poll_seconds)
            if not ready:
                continue
            try:
                data = os.read(self._master, 4096)
            except OSError:  # EIO: no slave open; cannot happen while we hold one, but never spin
                data = b""
            if not data:
                self._stop.wait(self.poll_seconds)
                continue
            replies = self._receive(data)
            if replies:
                try:
                    os.write(self._master, replies)
                except OSError:
                    log.warning("The simulated board cannot answer on its pty")


class TcpBoard(_BoardHost):
    """A simulated board behind a TCP port, like a serial server: ``.port`` is socket://host:port.

    One connection at a time; ``drop_connection()`` closes the current one (a dead link).
    """

    def __init__(
        self,
        on_change: OnChange | None = None,
        *,
        poll_seconds: float = 0.1,
        protocol: str = "alpha",
        board: BoardProfile | None = None,
        options: dict[str, Any] | None = None,
        host: str = "127.0.0.1",
        tcp_port: int = 0,
    ) -> None:
        super().__init__(on_change, poll_seconds, protocol, board, options)
        self._address = (host, tcp_port)
        self._server: socket.socket | None = None
        self._client: socket.socket | None = None
        self._client_lock = threading.Lock()
        self.connections = 0

    def start(self) -> TcpBoard:
        """Listen and start serving; returns self."""
        self._server = socket.create_server(self._address)
        host, port = self._server.getsockname()[:2]
        self.port = f"socket://{host}:{port}"
        self._start_thread("tcp-board")
        return self

    def drop_connection(self) -> None:
        """Close the current connection, as a serial server does when it restarts."""
        with self._client_lock:
            client, self._client = self._client, None
        if client is not None:
            try:
                client.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            client.close()

    def stop(self) -> None:
        """Stop serving and close every socket."""
        self._stop.set()
        self.drop_connection()
        self._join()
        if self._server is not None:
            self._server.close()
            self._server = None

    def _read_loop(self) -> None:
        assert self._server is not None
        while not self._stop.is_set():
            with self._client_lock:
                client = self._client
            sockets = [client] if client is not None else [self._server]
            try:
                ready, _, _ = select.select(sockets, [], [], self.poll_seconds)
            except (OSError, ValueError):
                continue
            if not ready:
                continue
            if client is None:
                conn, _ = self._server.accept()
                with self._client_lock:
                    self._client = conn
                self.connections += 1
                continue
            try:
                data = client.recv(4096)
            except OSError:
                data = b""
            if not data:
                self.drop_connection()
                continue
            replies = self._receive(data)
            if replies:
                try:
                    client.sendall(replies)
                except OSError:
                    self.drop_connection()
