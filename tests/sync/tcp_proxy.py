"""A real TCP forwarder on 127.0.0.1 between a site and the central server, with faults on call:
cut every connection now (RST or FIN), drop silently (bytes stop flowing, nothing is closed, so
the client can only give up on its own time-out), resume. Faults can also be armed to fire at a
chosen moment of the traffic: when the n-th reply starts coming back (the server has done the
work, the client never hears of it) or after n bytes of one request went up (the server gets
half a request).

One thread runs every socket through a selector, so a cut never races a pump thread.
"""

from __future__ import annotations

import queue
import selectors
import socket
import struct
import threading
from dataclasses import dataclass, field

RST = "rst"
FIN = "fin"
DROP = "drop"
ACTIONS = (RST, FIN, DROP)


@dataclass(eq=False)
class _Link:
    """One client connection and, unless it was taken while dropping, its upstream one."""

    client: socket.socket
    upstream: socket.socket | None
    held: bool = False
    replied: bool = False
    sent_up: int = 0
    sockets: list = field(default_factory=list)


@dataclass
class _Fault:
    action: str
    reply: int | None = None
    request_bytes: int | None = None


class TcpProxy:
    """Forwards 127.0.0.1:``port`` to ``target`` (host, port); ``url`` is its http address.

    Counters for assertions: ``connections`` accepted, ``replies`` that started to come back,
    ``faults`` fired (armed or called).
    """

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.setblocking(False)
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._selector = selectors.DefaultSelector()
        self._wake_reader, self._wake_writer = socket.socketpair()
        self._commands: queue.Queue = queue.Queue()
        self._links: set[_Link] = set()
        self._dropping = False
        self._armed: _Fault | None = None
        self._running = True
        self.connections = 0
        self.replies = 0
        self.faults = 0
        self._thread = threading.Thread(target=self._loop, name="tcp-proxy", daemon=True)

    def start(self) -> TcpProxy:
        """Start forwarding; return the proxy."""
        self._selector.register(self._listener, selectors.EVENT_READ, "accept")
        self._selector.register(self._wake_reader, selectors.EVENT_READ, "wake")
        self._thread.start()
        return self

    def stop(self) -> None:
        """Close every connection and the listener; end the thread."""
        if self._thread.is_alive():
            self._call(self._shut_down)
            self._thread.join(timeout=5)
        for sock in (self._listener, self._wake_reader, self._wake_writer):
            sock.close()

    def cut(self, how: str = RST) -> None:
        """Close every open connection now, with a reset (RST) or an orderly close (FIN)."""
        self._call(lambda: self._fire(how))

    def drop(self) -> None:
        """Stop forwarding without closing anything: open connections and new ones hear
        nothing back, until ``resume()``."""
        self._call(lambda: self._fire(DROP))

    def resume(self) -> None:
        """Forward again; connections held while dropping are reset (their clients gave up)."""
        self._call(self._resume)

    def fault_at_reply(self, action: str, nth: int = 1) -> None:
        """Arm ``action`` (RST, FIN, DROP) for when the ``nth`` reply from now starts to come
        back: that reply never reaches the client."""
        self._arm(_Fault(action, reply=self.replies + nth))

    def fault_mid_request(self, action: str, after_bytes: int) -> None:
        """Arm ``action`` for when a request has sent ``after_bytes`` bytes up: the server gets
        only that much of it."""
        self._arm(_Fault(action, request_bytes=after_bytes))

    def armed(self) -> bool:
        """Return whether an armed fault has not fired yet."""
        return self._armed is not None

    def held_requests(self) -> int:
        """Return how many held connections (while dropping) carry a request that will never
        be answered: their clients are waiting on a reply."""
        found = []
        self._call(lambda: found.append(sum(1 for x in self._links if x.held and x.sent_up)))
        return found[0]

    def _arm(self, fault: _Fault) -> None:
        if fault.action not in ACTIONS:
            raise ValueError(f"unknown fault {fault.action!r}")

        def arm() -> None:
            self._armed = fault

        self._call(arm)

    def _call(self, command) -> None:
        """Run ``command`` on the proxy's thread and wait for it."""
        done = threading.Event()
        self._commands.put((command, done))
        self._wake_writer.send(b"x")
        if not done.wait(timeout=10):
            raise RuntimeError("the proxy's thread did not answer")

    def _loop(self) -> None:
        while self._running:
            for key, _events in self._selector.select(timeout=0.5):
                if key.data == "accept":
                    self._accept()
                elif key.data == "wake":
                    self._run_commands()
                else:
                    link, upward = key.data
                    if link in self._links:
                        self._pump(link, key.fileobj, upward)
        self._selector.close()

    def _run_commands(self) -> None:
        try:
            self._wake_reader.recv(4096)
        except BlockingIOError:
            pass
        while True:
            try:
                command, done = self._commands.get_nowait()
            except queue.Empty:
                return
            try:
                command()
            finally:
                done.set()

    def _accept(self) -> None:
        try:
            client, _address = self._listener.accept()
        except BlockingIOError:
            return
        self.connections += 1
        upstream = None
        if not self._dropping:
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                _close(client, reset=True)  # the server is down: the client is refused
                return
        link = _Link(client, upstream, held=self._dropping)
        for sock, upward in ((client, True), (upstream, False)):
            if sock is not None:
                sock.settimeout(5)
                self._selector.register(sock, selectors.EVENT_READ, (link, upward))
                link.sockets.append(sock)
        self._links.add(link)

    def _pump(self, link: _Link, sock: socket.socket, upward: bool) -> None:
        try:
            data = sock.recv(65536)
        except OSError:
            data = b""
        if not data:
            if link.held and not upward:
                self._forget(link, sock)  # while silent, not even the server's close goes on
                return
            self._close(link, reset=False)
            return
        if link.held:
            link.sent_up += len(data) if upward else 0
            return  # dropped: read and forgotten, nothing closed
        fault = self._armed
        if upward:
            if fault is not None and fault.request_bytes is not None:
                room = fault.request_bytes - link.sent_up
                if room <= len(data):
                    self._send(link, link.upstream, data[: max(room, 0)])
                    self._fire(fault.action)
                    return
            link.sent_up += len(data)
            self._send(link, link.upstream, data)
            return
        if not link.replied:
            link.replied = True
            self.replies += 1
            if fault is not None and fault.reply is not None and self.replies >= fault.reply:
                self._fire(fault.action)
                return
        self._send(link, link.client, data)

    def _send(self, link: _Link, sock: socket.socket | None, data: bytes) -> None:
        if sock is None or not data:
            return
        try:
            sock.sendall(data)
        except OSError:
            self._close(link, reset=True)

    def _fire(self, action: str) -> None:
        self._armed = None
        self.faults += 1
        if action == DROP:
            self._dropping = True
            for link in self._links:
                link.held = True
            return
        for link in list(self._links):
            self._close(link, reset=action == RST)

    def _resume(self) -> None:
        self._dropping = False
        for link in [link for link in self._links if link.held]:
            self._close(link, reset=True)

    def _close(self, link: _Link, reset: bool) -> None:
        self._links.discard(link)
        for sock in link.sockets:
            try:
                self._selector.unregister(sock)
            except (KeyError, ValueError):
                pass
            _close(sock, reset)

    def _forget(self, link: _Link, sock: socket.socket) -> None:
        self._selector.unregister(sock)
        link.sockets.remove(sock)
        link.upstream = None
        _close(sock, reset=False)

    def _shut_down(self) -> None:
        for link in list(self._links):
            self._close(link, reset=True)
        self._selector.unregister(self._listener)
        self._running = False


def _close(sock: socket.socket, reset: bool) -> None:
    """Close ``sock``: with SO_LINGER 0 the kernel sends RST instead of FIN."""
    try:
        if reset:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
    except OSError:
        pass
