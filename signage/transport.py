"""Serial transport: opens a port or pyserial URL, writes bytes, closes; it never knows a frame."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

import serial

DEFAULT_WRITE_TIMEOUT = 2.0
_ERRNO = re.compile(r"\[Errno \d+\] ([^:]+)")


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

    def write(self, data: bytes) -> None:
        """Write ``data`` in one call and wait until it has left; TransportError on any failure."""
        if self._serial is None:
            raise TransportError(f"{self.port or 'sign port'} is not open")
        try:
            written = self._serial.write(data)
            self._serial.flush()
        except serial.SerialTimeoutException as exc:
            raise TransportError(
                f"timed out writing to {self.port} after {self.write_timeout:g} s"
            ) from exc
        except (serial.SerialException, OSError, ValueError) as exc:
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


def _reason(exc: BaseException) -> str:
    # pyserial wraps the OS error in a sentence that repeats the port; keep only the cause.
    if isinstance(exc, OSError) and isinstance(exc.errno, int):
        return os.strerror(exc.errno)
    text = str(exc)
    match = _ERRNO.search(text)
    return match.group(1) if match else text or type(exc).__name__
