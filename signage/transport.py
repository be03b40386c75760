"""Serial transport: opens a port or pyserial URL, writes bytes, closes; it never knows a frame."""

from __future__ import annotations

import errno
import importlib.util
import os
import re
import select
import socket
import time
from dataclasses import dataclass

import serial

DEFAULT_WRITE_TIMEOUT = 2.0
# TCP keep-alive on socket:// links: first probe after 10 s idle, then every 5 s, dead after 3.
KEEPALIVE_IDLE = 10
KEEPALIVE_INTERVAL = 5
KEEPALIVE_COUNT = 3
_ERRNO = re.compile(r"\[Errno \d+\] ([^:]+)")


_DEVICE_PATH = re.compile(r"^(/dev/\S+|COM[1-9][0-9]*|\\\\\.\\COM[1-9][0-9]*)$")
_HOST_PORT = re.compile(
    r"^[A-Za-z0-9._-]+:([0-9]{1,5})(/.*)?$|^\[[0-9A-Fa-f:]+\]:([0-9]{1,5})(/.*)?$"
)
_NEEDS_HOST_PORT = ("socket", "rfc2217")
PORT_EXPECTED = (
    "empty (simulated board), a serial device such as '/dev/ttyUSB0' or 'COM3', or a pyserial URL"
    " such as 'socket://192.0.2.10:10001', 'rfc2217://host:port' or 'spy:///dev/ttyUSB0'"
)


def check_port(value: str) -> str | None:
    """Return None if ``value`` is a port pyserial can open (or empty), else what was expected."""
    if value == "":
        return None
    if "://" not in value:
        return None if _DEVICE_PATH.match(value) else PORT_EXPECTED
    scheme, _, rest = value.partition("://")
    if not re.fullmatch(r"[a-z0-9]+", scheme) or not importlib.util.find_spec(
        f"serial.urlhandler.protocol_{scheme}"
    ):
        return PORT_EXPECTED + f" (pyserial has no '{scheme}://' handler)"
    if scheme in _NEEDS_HOST_PORT:
        match = _HOST_PORT.match(rest.split("?", 1)[0])
        port = match and (match.group(1) or match.group(3))
        if not port or not 0 < int(port) < 65536:
            return PORT_EXPECTED + f" ('{scheme}://' needs host:port with a port from 1 to 65535)"
    if scheme == "spy" and rest.split("?", 1)[0] == "":
        return PORT_EXPECTED + " ('spy://' needs the port it watches)"
    return None


class TransportError(Exception):
    """The port could not be opened or written; the message is meant for a person."""


@dataclass(frozen=True)
class SerialOptions:
    """Line settings of a serial port: speed, data bits, parity ('N', 'E', 'O') and stop bits."""

    baudrate: int = 9600
    bytesize: int = 7
    parity: str = "E"
    stopbits: int = 1

    @classmethod
    def from_settings(cls, settings) -> SerialOptions:
        """Return the options configured in ``[sign]`` of ``settings``."""
        sign = settings.sign
        return cls(sign.baudrate, sign.bytesize, sign.parity, sign.stopbits)


class SerialTransport:
    """One serial port (a device path or a pyserial URL such as socket://host:port)."""

    def __init__(
        self,
        port: str,
        options: SerialOptions | None = None,
        *,
        write_timeout: float = DEFAULT_WRITE_TIMEOUT,
    ) -> None:
        self.port = port
        self.options = options or SerialOptions()
        self.write_timeout = write_timeout
        self._serial: serial.SerialBase | None = None
        self._dead: str | None = None
        self._pending = b""

    @property
    def is_open(self) -> bool:
        """Tell whether the port is open."""
        return self._serial is not None

    def open(self) -> None:
        """Open the port (no-op if open); TransportError if it cannot be opened."""
        if self._serial is not None:
            return
        if not self.port:
            raise TransportError("no sign port configured")
        try:
            port = serial.serial_for_url(
                self.port,
                do_not_open=True,
                baudrate=self.options.baudrate,
                bytesize=self.options.bytesize,
                parity=self.options.parity,
                stopbits=self.options.stopbits,
                timeout=0,
                write_timeout=self.write_timeout,
                xonxoff=False,
                rtscts=False,
                dsrdtr=False,
            )
            port.dtr = False  # set before open so the line never rises; 3-wire cables ignore it
            port.open()
        except (serial.SerialException, OSError, ValueError) as exc:
            raise TransportError(f"cannot open {self.port}: {_reason(exc)}") from exc
        self._serial = port
        self._dead = None
        self._pending = b""
        _keep_alive(port)

    def read(self, max_bytes: int = 4096, timeout: float = 0.0) -> bytes:
        """Return up to ``max_bytes`` received within ``timeout`` s (b"" if none).

        TransportError when the link is dead: the TCP peer closed, the pty's other side is gone.
        """
        port = self._require_open()
        deadline = time.monotonic() + timeout
        while True:
            if self._pending:
                data, self._pending = self._pending[:max_bytes], self._pending[max_bytes:]
                return data
            try:
                if _socket_of(port) is not None:  # its in_waiting is only 0 or 1
                    data = port.read(max_bytes)
                else:
                    waiting = port.in_waiting
                    data = port.read(min(max_bytes, waiting)) if waiting else b""
            except (serial.SerialException, OSError, ValueError) as exc:
                raise self._died(_reason(exc)) from exc
            if data:
                return data
            self._check_link(port)
            if time.monotonic() >= deadline:
                return b""
            time.sleep(0.005)

    def alive(self) -> bool:
        """Tell whether the link looks alive: open, and the peer has not closed or vanished."""
        if self._serial is None or self._dead is not None:
            return False
        try:
            self._check_link(self._serial)
        except TransportError:
            return False
        return True

    def _check_link(self, port: serial.SerialBase) -> None:
        """Raise TransportError if the peer closed (socket EOF) or the device is gone (EIO)."""
        if _peer_closed(port):
            raise self._died("the other end closed the connection")
        fd = _fd_of(port)
        if fd is None:
            return
        try:
            readable, _, _ = select.select([fd], [], [], 0)
            # Readable with nothing waiting: a hang-up; reading tells which error it is.
            if readable and not port.in_waiting:
                self._pending += os.read(fd, 1) or b""
                if not self._pending:
                    raise OSError(errno.EIO, os.strerror(errno.EIO))
        except (serial.SerialException, OSError, ValueError) as exc:
            raise self._died(_reason(exc)) from exc

    def _require_open(self) -> serial.SerialBase:
        if self._serial is None:
            raise TransportError(f"{self.port or 'sign port'} is not open")
        if self._dead is not None:
            raise TransportError(f"link to {self.port} is dead: {self._dead}")
        return self._serial

    def _died(self, reason: str) -> TransportError:
        self._dead = reason
        return TransportError(f"link to {self.port} is dead: {reason}")

    def write(self, data: bytes) -> None:
        """Write ``data`` in one call and wait until it has left; TransportError on any failure."""
        port = self._require_open()
        self._check_link(port)  # a write to a dead TCP socket "succeeds" once: look first
        try:
            written = port.write(data)
            port.flush()
        except serial.SerialTimeoutException as exc:
            raise TransportError(
                f"timed out writing to {self.port} after {self.write_timeout:g} s"
            ) from exc
        except (serial.SerialException, OSError, ValueError) as exc:
            self._dead = _reason(exc)
            raise TransportError(f"cannot write to {self.port}: {_reason(exc)}") from exc
        if written is not None and written != len(data):
            raise TransportError(f"wrote only {written} of {len(data)} bytes to {self.port}")

    def close(self) -> None:
        """Close the port; never raises."""
        port, self._serial = self._serial, None
        if port is not None:
            try:
                port.close()
            except (serial.SerialException, OSError):
                pass

    def __enter__(self) -> SerialTransport:
        self.open()
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def _socket_of(port: serial.SerialBase) -> socket.socket | None:
    sock = getattr(port, "_socket", None)  # pyserial's socket:// handler keeps it there
    return sock if isinstance(sock, socket.socket) else None


def _keep_alive(port: serial.SerialBase) -> None:
    """Turn on TCP keep-alive for socket:// links, so a vanished peer is noticed when idle."""
    sock = _socket_of(port)
    if sock is None:
        return
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    for name, value in (
        ("TCP_KEEPIDLE", KEEPALIVE_IDLE),
        ("TCP_KEEPINTVL", KEEPALIVE_INTERVAL),
        ("TCP_KEEPCNT", KEEPALIVE_COUNT),
    ):
        if hasattr(socket, name):
            sock.setsockopt(socket.IPPROTO_TCP, getattr(socket, name), value)


def _fd_of(port: serial.SerialBase) -> int | None:
    fd = getattr(port, "fd", None)  # posix serial ports (ttys, ptys); None for URL handlers
    return fd if isinstance(fd, int) and fd >= 0 else None


def _peer_closed(port: serial.SerialBase) -> bool:
    """Tell whether a socket:// peer has closed (EOF or reset) without consuming its data."""
    sock = _socket_of(port)
    if sock is None:
        return False
    try:
        data = sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT)
    except (BlockingIOError, InterruptedError):
        return False
    except OSError:
        return True
    return data == b""


def _reason(exc: BaseException) -> str:
    # pyserial wraps the OS error in a sentence that repeats the port; keep only the cause.
    if isinstance(exc, OSError) and isinstance(exc.errno, int):
        return os.strerror(exc.errno)
    text = str(exc)
    match = _ERRNO.search(text)
    return match.group(1) if match else text or type(exc).__name__
