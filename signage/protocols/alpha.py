"""Alpha Sign Communications Protocol (Alpha, BetaBrite, Adaptive signs): pure encode and decode.

One command per frame::

    NUL x5 | SOH | type | addr(2) | STX | cmd | data... | ETX | checksum(4) | EOT
    00..00   01    'Z'    "00"      02    'A'             03    4 ASCII hex   04

- The 5 NULs let the sign detect the baud rate; type 'Z' is every sign type, address '00' every
  sign.
- The checksum is the 16-bit sum of every byte from STX through ETX inclusive, written as 4
  uppercase ASCII hex digits, most significant first. A sign silently drops a frame whose
  checksum is wrong.
- The link is 7-bit (every byte < 0x80) and 0x00-0x1F are control codes: text from users is
  transliterated to ASCII and its control characters become spaces, so it can never inject a frame.

Write TEXT (command 'A'): ``A <label> ESC <position> <mode> <text>``, one ESC segment per message.
File '0' is the priority file: it hides every other file until it is cleared with an empty write.

Nothing here touches a port: functions return bytes and the Decoder takes bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lobby.vntext import nfc, to_ascii

NAME = "alpha"

NUL = 0x00
SOH = 0x01
STX = 0x02
ETX = 0x03
EOT = 0x04
ESC = 0x1B
PREAMBLE = bytes([NUL]) * 5

WRITE_TEXT = b"A"
WRITE_SPECIAL = b"E"
SOFT_RESET = b","
CLEAR_MEMORY = b"$"
PRIORITY_LABEL = "0"
DEFAULT_LABEL = "A"

POSITIONS = {"middle": 0x20, "top": 0x22, "bottom": 0x26, "fill": 0x30}
MODES = {
    "a": "rotate (right-to-left crawl)",
    "b": "hold",
    "c": "flash",
    "e": "roll up",
    "f": "roll down",
    "g": "roll left",
    "h": "roll right",
    "i": "wipe up",
    "j": "wipe down",
    "k": "wipe left",
    "l": "wipe right",
    "m": "scroll",
    "o": "automode",
    "p": "roll in",
    "q": "roll out",
    "r": "wipe in",
    "s": "wipe out",
    "t": "compressed rotate",
}
SPECIAL_MODE = "n"  # followed by one character naming the effect ('n8' welcome, 'nS' thank you)

# Bytes that delimit frames: never allowed inside a command, whoever built it.
_FRAMING = frozenset({NUL, SOH, STX, ETX, EOT})
_HEX2 = re.compile(r"[0-9A-Fa-f]{2}")
_HEX4 = re.compile(rb"[0-9A-F]{4}")
# Inline codes taking one parameter character: colour, date, call string, call picture, extended.
_CODES_WITH_ARGUMENT = frozenset({0x1C, 0x0B, 0x10, 0x14, 0x08})
MAX_FRAME_BYTES = 65536


@dataclass(frozen=True)
class Option:
    """One option of this protocol, read from the ``[sign.alpha]`` table of config.toml."""

    name: str
    default: str
    help: str
    check: Callable[[Any], str | None]


def _check_address(value: Any) -> str | None:
    ok = isinstance(value, str) and _HEX2.fullmatch(value)
    return None if ok else "two hexadecimal digits, '00' (every sign) to 'FF'"


SIGN_TYPES = ("Z", "!", "1", "2", "3", "4", "5", "6", "7", "8", "9", "V", "W", "^")


def _check_sign_type(value: Any) -> str | None:
    return None if value in SIGN_TYPES else "one of " + ", ".join(repr(t) for t in SIGN_TYPES)


OPTIONS: tuple[Option, ...] = (
    Option("address", "00", "Alpha sign address ('00' = every sign).", _check_address),
    Option("sign_type", "Z", "Alpha type code ('Z' = every sign type).", _check_sign_type),
)


class EncodeError(ValueError):
    """A frame that cannot be built from the arguments given."""


def checksum(data: bytes) -> int:
    """Return the 16-bit sum of ``data`` (the bytes from STX through ETX inclusive)."""
    return sum(data) & 0xFFFF


def _header(sign_type: str, address: str) -> bytes:
    values = {"address": address, "sign_type": sign_type}
    for option in OPTIONS:
        value = values[option.name]
        problem = option.check(value)
        if problem:
            raise EncodeError(f"{option.name}: expected {problem}, got {value!r}")
    return PREAMBLE + bytes([SOH]) + sign_type.encode("ascii") + address.upper().encode("ascii")


def _check_command(command: bytes) -> None:
    if not command:
        raise EncodeError("a frame needs a command")
    for byte in command:
        if byte >= 0x80 or byte in _FRAMING:
            raise EncodeError(f"byte 0x{byte:02X} cannot travel inside an Alpha frame")


def encode_frame(command: bytes, *, sign_type: str = "Z", address: str = "00") -> bytes:
    """Return one complete frame carrying ``command`` (code + data), with ETX and checksum."""
    _check_command(command)
    body = bytes([STX]) + command + bytes([ETX])
    return _header(sign_type, address) + body + b"%04X" % checksum(body) + bytes([EOT])


def display_text(text: str) -> str:
    """Return what the sign can show of ``text``: ASCII transliteration, controls as spaces."""
    ascii_text = to_ascii(nfc(text))
    return "".join(" " if ord(ch) < 0x20 or ord(ch) == 0x7F else ch for ch in ascii_text)


def _check_label(label: str) -> bytes:
    if len(label) != 1 or not 0x20 < ord(label) < 0x7F:
        raise EncodeError(f"label: expected one printable ASCII character, got {label!r}")
    return label.encode("ascii")


def _check_mode(mode: str) -> bytes:
    if mode in MODES or (len(mode) == 2 and mode[0] == SPECIAL_MODE and 0x20 < ord(mode[1]) < 0x7F):
        return mode.encode("ascii")
    raise EncodeError(f"mode: expected one of {', '.join(MODES)} or 'n' + effect, got {mode!r}")


def encode_text_file(
    texts: list[str],
    *,
    label: str = DEFAULT_LABEL,
    mode: str = "a",
    position: int = POSITIONS["middle"],
    sign_type: str = "Z",
    address: str = "00",
) -> bytes:
    """Return the frame writing TEXT file ``label`` with one ``ESC position mode text`` per message.

    An empty list writes a single empty segment, so the board goes blank.
    """
    if not 0x20 <= position < 0x7F:
        raise EncodeError(
            f"position: expected a printable ASCII byte such as 0x20, got {position!r}"
        )
    head = bytes([ESC, position]) + _check_mode(mode)
    segments = [display_text(text).encode("ascii") for text in texts] or [b""]
    command = WRITE_TEXT + _check_label(label) + b"".join(head + segment for segment in segments)
    return encode_frame(command, sign_type=sign_type, address=address)


def clear_priority_file(*, sign_type: str = "Z", address: str = "00") -> bytes:
    """Return the empty write of priority file 0 (no ETX, no checksum: the form signs obey)."""
    command = WRITE_TEXT + PRIORITY_LABEL.encode("ascii")
    return _header(sign_type, address) + bytes([STX]) + command + bytes([EOT])


def soft_reset(*, sign_type: str = "Z", address: str = "00") -> bytes:
    """Return the soft reset frame (special function ``E,``); memory is kept."""
    return encode_frame(WRITE_SPECIAL + SOFT_RESET, sign_type=sign_type, address=address)


def frames_for_texts(texts: list[str], *, sign_type: str = "Z", address: str = "00") -> list[bytes]:
    """Return the frames that make the sign show exactly ``texts`` (each scrolling, in order)."""
    return [encode_text_file(texts, sign_type=sign_type, address=address)]


def connect_frames(*, sign_type: str = "Z", address: str = "00") -> list[bytes]:
    """Return the frames to send after opening the port: clear a priority file left by anyone."""
    return [clear_priority_file(sign_type=sign_type, address=address)]


# --- Decoding -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Frame:
    """One frame as received: header fields, command bytes, and whether it carried a checksum."""

    sign_type: str
    address: str
    command: bytes
    checksummed: bool = True


@dataclass(frozen=True)
class Segment:
    """One message of a TEXT file; position and mode are None when the frame left them out."""

    position: int | None
    mode: str | None
    text: str


@dataclass(frozen=True)
class TextFile:
    """A decoded Write TEXT command: the file label and its segments in order."""

    label: str
    segments: list[Segment]


_HUNT, _HEADER, _DATA, _CHECKSUM, _END = range(5)


class Decoder:
    """Turns bytes received in any chunks into frames, the way a sign does.

    Syncs on SOH (after the NUL run), drops and counts frames with a bad checksum or cut short
    by a new frame, and skips garbage between frames.
    """

    def __init__(self) -> None:
        self.frames_ok = 0
        self.frames_bad = 0
        self.garbage_bytes = 0
        self._state = _HUNT
        self._header = bytearray()
        self._body = bytearray()
        self._sum = bytearray()

    def feed(self, data: bytes) -> list[Frame]:
        """Consume ``data`` and return the complete, valid frames it finished."""
        frames: list[Frame] = []
        for byte in data:
            frame = self._step(byte)
            if frame is not None:
                frames.append(frame)
        return frames

    def _start(self) -> None:
        self._state = _HEADER
        self._header.clear()
        self._body.clear()
        self._sum.clear()

    def _bad(self) -> None:
        self.frames_bad += 1
        self._state = _HUNT

    def _step(self, byte: int) -> Frame | None:
        if byte == SOH:
            if self._state in (_DATA, _CHECKSUM, _END):
                self.frames_bad += 1  # cut short by the next frame
            elif self._state == _HEADER:
                self.garbage_bytes += len(self._header) + 1
            self._start()
            return None
        state = self._state
        if state == _HUNT:
            if byte != NUL:
                self.garbage_bytes += 1
        elif state == _HEADER:
            self._header_byte(byte)
        elif state == _DATA:
            return self._data_byte(byte)
        elif state == _CHECKSUM:
            self._checksum_byte(byte)
        elif state == _END:
            if byte != EOT:
                self._bad()
                return None
            self._state = _HUNT
            self.frames_ok += 1
            return self._frame(checksummed=True)
        return None

    def _header_byte(self, byte: int) -> None:
        if len(self._header) < 3:
            self._header.append(byte)
            return
        address = self._header[1:].decode("latin-1")
        if byte == STX and 0x20 < self._header[0] < 0x7F and _HEX2.fullmatch(address):
            self._body.append(STX)
            self._state = _DATA
        else:
            self.garbage_bytes += len(self._header) + 2
            self._state = _HUNT

    def _checksum_byte(self, byte: int) -> None:
        self._sum.append(byte)
        if len(self._sum) < 4:
            return
        if _HEX4.fullmatch(self._sum) and int(self._sum, 16) == checksum(self._body):
            self._state = _END
        else:
            self._bad()

    def _data_byte(self, byte: int) -> Frame | None:
        if byte == ETX:
            self._body.append(byte)
            self._state = _CHECKSUM
        elif byte == EOT:
            self._state = _HUNT
            if len(self._body) < 2:
                self.frames_bad += 1
                return None
            self.frames_ok += 1
            return self._frame(checksummed=False)
        elif byte in _FRAMING or byte >= 0x80 or len(self._body) >= MAX_FRAME_BYTES:
            self._bad()
        else:
            self._body.append(byte)
        return None

    def _frame(self, *, checksummed: bool) -> Frame:
        end = -1 if checksummed else len(self._body)
        return Frame(
            sign_type=chr(self._header[0]),
            address=self._header[1:].decode("ascii"),
            command=bytes(self._body[1:end]),
            checksummed=checksummed,
        )


def decode(data: bytes) -> list[Frame]:
    """Return every valid frame in ``data`` (a fresh Decoder fed once)."""
    return Decoder().feed(data)


def parse_text_file(command: bytes) -> TextFile:
    """Split a Write TEXT command (``A <label> ...``) into label and segments; else ValueError."""
    if len(command) < 2 or command[:1] != WRITE_TEXT:
        raise ValueError(f"not a Write TEXT command: {command[:8]!r}")
    label, rest = chr(command[1]), command[2:]
    if not rest:
        return TextFile(label, [])
    segments: list[Segment] = []
    parts = rest.split(bytes([ESC]))
    if parts[0]:
        segments.append(Segment(None, None, parts[0].decode("ascii", "replace")))
    for part in parts[1:]:
        position = part[0] if part else None
        mode_len = 2 if part[1:2] == SPECIAL_MODE.encode("ascii") else 1
        mode = part[1 : 1 + mode_len].decode("ascii", "replace") or None
        segments.append(Segment(position, mode, part[1 + mode_len :].decode("ascii", "replace")))
    return TextFile(label, segments)


def visible_text(text: str) -> str:
    """Return ``text`` without its inline control codes (colour, speed, ...), as people see it."""
    out: list[str] = []
    skip = False
    for ch in text:
        if skip:
            skip = False
        elif ord(ch) in _CODES_WITH_ARGUMENT:
            skip = True
        elif ord(ch) >= 0x20 and ord(ch) != 0x7F:
            out.append(ch)
    return "".join(out)
