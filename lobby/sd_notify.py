"""systemd's notify protocol without libsystemd: READY=1 and WATCHDOG=1 to $NOTIFY_SOCKET."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Mapping


class Notifier:
    """Talks to the service manager that started this process; does nothing without one.

    ``frame()`` is cheap enough for every frame: the first call says READY=1, later calls say
    WATCHDOG=1 at most every half of $WATCHDOG_USEC (when systemd asked for a watchdog).
    """

    def __init__(self, address: str | None, watchdog_seconds: float | None = None) -> None:
        # A leading "@" names a socket in Linux's abstract namespace.
        self.address = "\0" + address[1:] if address and address.startswith("@") else address
        self.interval = watchdog_seconds / 2 if watchdog_seconds else None
        self._socket: socket.socket | None = None
        self._ready = False
        self._last_ping = 0.0

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> Notifier:
        """Return a notifier for $NOTIFY_SOCKET, with the watchdog of $WATCHDOG_USEC when it is
        meant for this process ($WATCHDOG_PID unset or ours)."""
        address = environ.get("NOTIFY_SOCKET") or None
        if address is not None and not address.startswith(("/", "@")):
            address = None  # vsock: and other transports are not for a lobby PC
        usec, pid = environ.get("WATCHDOG_USEC", ""), environ.get("WATCHDOG_PID", "")
        mine = not pid or pid == str(os.getpid())
        seconds = int(usec) / 1e6 if usec.isdigit() and int(usec) > 0 and mine else None
        return cls(address, seconds)

    @property
    def enabled(self) -> bool:
        """Tell whether a service manager listens."""
        return self.address is not None

    def notify(self, message: str) -> bool:
        """Send one notification (e.g. "READY=1"); never blocks or raises; False if not sent."""
        if self.address is None or not hasattr(socket, "AF_UNIX"):
            return False
        try:
            if self._socket is None:
                self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
                self._socket.setblocking(False)
            self._socket.sendto(message.encode(), self.address)
        except OSError:
            return False
        return True

    def frame(self, now: float | None = None) -> None:
        """Say READY=1 the first time, then WATCHDOG=1 when half the watchdog time has passed."""
        now = time.monotonic() if now is None else now
        if not self._ready:
            self._ready = True
            self._last_ping = now
            self.notify("READY=1")
        elif self.interval is not None and now - self._last_ping >= self.interval:
            self._last_ping = now
            self.notify("WATCHDOG=1")

    def close(self) -> None:
        """Close the socket."""
        if self._socket is not None:
            self._socket.close()
            self._socket = None
