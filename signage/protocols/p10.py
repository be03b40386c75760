"""P10: our own serial protocol for DIY boards (P10 panels + Arduino/ESP32), host and board side.

The specification, with a worked example, is docs/sign-p10-protocol.md. In short, every frame in
both directions is::

    AA 55 | ver | seq | cmd | len (u16 BE) | payload (len bytes) | CRC-16/CCITT-FALSE (u16 BE)

with the CRC over ver..payload. The board answers each good frame with ACK or NAK carrying the
same sequence number; a frame identical to the last one it acted on (same seq and CRC) is a
duplicate, answered with ACK and not acted on again. Pure: nothing here touches a port.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from lobby.vntext import nfc
from signage.boardfont import render_ascii
from signage.charmap import to_board_ascii
from signage.items import BoardProfile, SignItem
from signage.protocols.base import (
    BoardSnapshot,
    BoardText,
    DisplayedItem,
    Setting,
    SignPlan,
    SignTooLarge,
    WireTiming,
)

NAME = "p10"
SECTION = f"sign.{NAME}"
START = b"\xaa\x55"
VERSION = 1
HEADER_BYTES = 7
CRC_BYTES = 2
MAX_PAYLOAD = 1024

TEXT = 0x01
BITMAP = 0x02
BRIGHTNESS = 0x03
PING = 0x04
CLEAR = 0x05
SHOW = 0x06
ACK = 0x80
NAK = 0x81
COMMANDS = {TEXT, BITMAP, BRIGHTNESS, PING, CLEAR, SHOW}

URGENT_SLOT = 0xFE
ALL_SLOTS = 0xFF
MAX_SLOTS = 64

# NAK error codes.
E_UNKNOWN_COMMAND = 0x01
E_BAD_PAYLOAD = 0x02
E_BAD_SLOT = 0x03
E_NO_MEMORY = 0x04
E_BAD_VERSION = 0x05
ERRORS = {
    E_UNKNOWN_COMMAND: "unknown command",
    E_BAD_PAYLOAD: "payload malformed",
    E_BAD_SLOT: "slot out of range",
    E_NO_MEMORY: "out of memory",
    E_BAD_VERSION: "unsupported version",
}

MODE_CODES = {"rotate": 0, "hold": 1, "flash": 2, "scroll": 3}
MODE_NAMES = {code: name for name, code in MODE_CODES.items()}
COLOUR_CODES = {None: 0, "red": 1, "green": 2, "amber": 3, "blue": 4, "white": 5, "yellow": 6}
COLOUR_NAMES = {code: name for name, code in COLOUR_CODES.items()}

TIMING = WireTiming(frame_pause=0.0, after_config=0.0)
needs_reply = True


def _check_memory(value: Any) -> str | None:
    ok = isinstance(value, int) and 512 <= value <= 1 << 22
    return None if ok else "a whole number of bytes from 512 to 4194304"


def _check_brightness(value: Any) -> str | None:
    ok = isinstance(value, int) and 0 <= value <= 100
    return None if ok else "a whole number from 0 to 100"


OPTIONS: tuple[Setting, ...] = (
    Setting(
        SECTION,
        "memory_bytes",
        int,
        16384,
        "Bytes the board's firmware keeps for texts and bitmaps (ESP32: 16384 or more).",
        _check_memory,
        "a whole number of bytes from 512 to 4194304",
    ),
    Setting(
        SECTION,
        "brightness",
        int,
        80,
        "Brightness of the panels, 0 (off) to 100 (full).",
        _check_brightness,
        "a whole number from 0 to 100",
    ),
)


class EncodeError(ValueError):
    """A frame that cannot be built from the arguments given."""


def crc16(data: bytes, crc: int = 0xFFFF) -> int:
    """Return CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, xorout 0)."""
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def encode_frame(command: int, payload: bytes = b"", *, seq: int = 0) -> bytes:
    """Return one frame: start, version, sequence number, command, length, payload, CRC."""
    if not 0 <= seq <= 0xFF or not 0 <= command <= 0xFF:
        raise EncodeError(f"seq and command are single bytes, got {seq!r}, {command!r}")
    if len(payload) > MAX_PAYLOAD:
        raise EncodeError(f"payload of {len(payload)} bytes exceeds {MAX_PAYLOAD}")
    body = struct.pack(">BBBH", VERSION, seq, command, len(payload)) + payload
    return START + body + struct.pack(">H", crc16(body))


def _style(item: SignItem) -> bytes:
    if item.mode not in MODE_CODES:
        raise EncodeError(f"mode: expected one of {', '.join(MODE_CODES)}, got {item.mode!r}")
    if item.colour not in COLOUR_CODES:
        names = ", ".join(name for name in COLOUR_CODES if name)
        raise EncodeError(f"colour: expected one of {names}, got {item.colour!r}")
    if item.speed is not None and item.speed not in range(1, 6):
        raise EncodeError(f"speed: expected 1 to 5, got {item.speed!r}")
    return bytes([MODE_CODES[item.mode], item.speed or 0, COLOUR_CODES[item.colour]])


def text_payload(slot: int, item: SignItem, text: str) -> bytes:
    """Return a TEXT payload: slot, mode, speed (0 = default), colour (0 = default), UTF-8 text."""
    return bytes([slot]) + _style(item) + nfc(text).encode("utf-8")


def pack_bits(rows: list[str]) -> bytes:
    """Pack rows of '0'/'1' row-major, most significant bit first, each row padded to a byte."""
    out = bytearray()
    for row in rows:
        padded = row + "0" * (-len(row) % 8)
        out += bytes(int(padded[i : i + 8], 2) for i in range(0, len(padded), 8))
    return bytes(out)


def unpack_bits(data: bytes, rows: int, columns: int) -> list[str]:
    """Return the rows of '0'/'1' that ``pack_bits`` packed into ``data``."""
    stride = (columns + 7) // 8
    return [
        "".join(f"{byte:08b}" for byte in data[r * stride : (r + 1) * stride])[:columns]
        for r in range(rows)
    ]


def bitmap_payloads(slot: int, item: SignItem, pixels: list[str]) -> list[bytes]:
    """Return BITMAP payloads carrying ``pixels`` in column chunks that fit MAX_PAYLOAD.

    Each: slot, mode, speed, colour, rows (u8), total width (u16), chunk offset (u16), chunk
    width (u16), then the chunk's bits.
    """
    rows, width = len(pixels), len(pixels[0])
    head_bytes = 4 + 1 + 6
    chunk = max(8, ((MAX_PAYLOAD - head_bytes) // rows) * 8)
    out = []
    for offset in range(0, width, chunk):
        part = [row[offset : offset + chunk] for row in pixels]
        head = (
            bytes([slot]) + _style(item) + struct.pack(">BHHH", rows, width, offset, len(part[0]))
        )
        out.append(head + pack_bits(part))
    return out


BOARD_TEXT = BoardText(bitmap_min_rows=8)
display_text = BOARD_TEXT.display_text
unsupported_chars = BOARD_TEXT.unsupported_chars


def encode(
    items: Sequence[SignItem],
    board: BoardProfile | None = None,
    *,
    memory_bytes: int = 16384,
    brightness: int = 80,
) -> SignPlan:
    """Return the frames making a P10 board show exactly ``items``; SignTooLarge if they cannot.

    One slot per message (TEXT, or BITMAP chunks rendered on the PC), then SHOW with the slot
    count; urgent items go to the urgent slot, which is cleared when there are none.
    """
    board = board or BoardProfile(rows=16, columns=96, colours=1)
    normal = [item for item in items if not item.urgent]
    urgent = [item for item in items if item.urgent]
    if len(normal) > MAX_SLOTS:
        raise SignTooLarge(
            f"Bảng P10 giữ tối đa {MAX_SLOTS} thông điệp; đang có {len(normal)}."
            " Hãy bớt thông điệp."
        )
    payloads: list[tuple[int, bytes]] = [(BRIGHTNESS, bytes([brightness]))]
    used = 0
    slots = list(enumerate(normal))
    if urgent:  # one urgent slot: several notices share it
        joined = " | ".join(item.text for item in urgent)
        slots.append((URGENT_SLOT, replace(urgent[0], text=joined)))
    for slot, item in slots:
        if BOARD_TEXT.rendered(board):
            from signage.render import render_text

            pixels = render_text(item.text, board.rows)
            used += len(pack_bits(pixels))
            payloads += [(BITMAP, p) for p in bitmap_payloads(slot, item, pixels)]
        else:
            payload = text_payload(slot, item, to_board_ascii(item.text))
            if len(payload) > MAX_PAYLOAD:
                raise SignTooLarge(
                    f"Thông điệp dài {len(payload)} byte, vượt quá {MAX_PAYLOAD} byte"
                    " của một khung P10."
                )
            used += len(payload)
            payloads.append((TEXT, payload))
    if used > memory_bytes:
        raise SignTooLarge(
            f"Nội dung cần {used} byte, vượt quá {memory_bytes} byte bộ nhớ của bảng P10;"
            " hãy bớt hoặc rút ngắn thông điệp."
        )
    if not urgent:
        payloads.append((CLEAR, bytes([URGENT_SLOT])))
    payloads.append((SHOW, bytes([len(normal)])))
    frames = [
        encode_frame(cmd, payload, seq=seq & 0xFF) for seq, (cmd, payload) in enumerate(payloads)
    ]
    return SignPlan([], "p10", frames)


def clock_frames(now_local: datetime, **_options: Any) -> list[bytes]:
    """Return no frames: P10 boards keep no clock."""
    return []


def ping(seq: int = 0) -> bytes:
    """Return a PING frame (the board answers ACK): a cheap check that the board is alive."""
    return encode_frame(PING, seq=seq)


def ack(seq: int) -> bytes:
    """Return the board's ACK of the frame numbered ``seq``."""
    return encode_frame(ACK, seq=seq)


def nak(seq: int, error: int) -> bytes:
    """Return the board's NAK of the frame numbered ``seq`` with an error code."""
    return encode_frame(NAK, bytes([error]), seq=seq)


# --- Decoding (both directions) ------------------------------------------------------------------


@dataclass(frozen=True)
class Frame:
    """One frame as received."""

    version: int
    seq: int
    command: int
    payload: bytes
    crc: int


class Decoder:
    """Turns bytes in any chunks into frames; resyncs on the next AA 55 after any bad frame."""

    def __init__(self) -> None:
        self.frames_ok = 0
        self.frames_bad = 0
        self.garbage_bytes = 0
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[Frame]:
        """Consume ``data`` and return the complete frames with a good CRC it finished."""
        self._buffer += data
        frames: list[Frame] = []
        while True:
            start = self._buffer.find(START)
            if start < 0:
                keep = 1 if self._buffer[-1:] == START[:1] else 0
                self.garbage_bytes += len(self._buffer) - keep
                del self._buffer[: len(self._buffer) - keep]
                return frames
            self.garbage_bytes += start
            del self._buffer[:start]
            if len(self._buffer) < HEADER_BYTES:
                return frames
            version, seq, command, length = struct.unpack(">BBBH", self._buffer[2:HEADER_BYTES])
            if length > MAX_PAYLOAD:
                self._resync()
                continue
            end = HEADER_BYTES + length + CRC_BYTES
            if len(self._buffer) < end:
                # A start inside garbage may claim a long length: a complete, valid frame that
                # starts later is taken at once rather than after the firmware's timeout.
                later = self._later_frame()
                if later is None:
                    return frames
                self.frames_bad += 1
                del self._buffer[:later]
                continue
            frame = _parse(self._buffer, 0)
            if frame is None:
                self._resync()
                continue
            del self._buffer[:end]
            self.frames_ok += 1
            frames.append(frame)

    def _later_frame(self) -> int | None:
        position = self._buffer.find(START, 1)
        while position >= 0:
            if _parse(self._buffer, position) is not None:
                return position
            position = self._buffer.find(START, position + 1)
        return None

    def _resync(self) -> None:
        self.frames_bad += 1
        del self._buffer[:1]


def _parse(buffer: bytearray, start: int) -> Frame | None:
    """Return the complete frame with a good CRC at ``start`` of ``buffer``, else None."""
    if len(buffer) < start + HEADER_BYTES:
        return None
    version, seq, command, length = struct.unpack(">BBBH", buffer[start + 2 : start + HEADER_BYTES])
    end = start + HEADER_BYTES + length + CRC_BYTES
    if length > MAX_PAYLOAD or len(buffer) < end:
        return None
    body = bytes(buffer[start + 2 : start + HEADER_BYTES + length])
    (crc,) = struct.unpack(">H", buffer[end - CRC_BYTES : end])
    if crc != crc16(body):
        return None
    return Frame(version, seq, command, body[5:], crc)


def decode(data: bytes) -> list[Frame]:
    """Return every good frame in ``data`` (a fresh Decoder fed once)."""
    return Decoder().feed(data)


def reply_ok(frame: bytes, reply: bytes) -> bool | None:
    """Tell whether ``reply`` ACKs ``frame`` (True), NAKs it (False) or is incomplete (None)."""
    sent = decode(frame)
    if not sent:
        return False
    for answer in decode(reply):
        if answer.seq == sent[0].seq and answer.command in (ACK, NAK):
            return answer.command == ACK
    return None


# --- The board side: the firmware as a simulator -------------------------------------------------


@dataclass
class _Slot:
    mode: int
    speed: int
    colour: int
    text: str | None = None
    rows: int = 0
    width: int = 0
    pixels: list[str] = field(default_factory=list)


class BoardSimulator:
    """What the firmware does: parse frames, keep slots and a frame buffer, answer ACK or NAK.

    ``lose_replies`` drops that many next replies (after acting), to test the host's retry.
    """

    def __init__(self, board: BoardProfile | None = None, *, memory_bytes: int = 16384, **_: Any):
        self.board = board or BoardProfile(rows=16, columns=96, colours=1)
        self.memory_bytes = memory_bytes
        self.decoder = Decoder()
        self.slots: dict[int, _Slot] = {}
        self.showing_count = 0
        self.brightness = 100
        self.duplicates = 0
        self.naks = 0
        self.lose_replies = 0
        self.acted: list[Frame] = []
        self._last: tuple[int, int] | None = None
        self._out = bytearray()

    @property
    def frames_ok(self) -> int:
        """Count the frames received with a good CRC."""
        return self.decoder.frames_ok

    @property
    def frames_bad(self) -> int:
        """Count the frames dropped (bad CRC, impossible length) or refused with NAK."""
        return self.decoder.frames_bad + self.naks

    def feed(self, data: bytes) -> list[Frame]:
        """Receive wire bytes; act on and answer the frames they completed."""
        frames = self.decoder.feed(data)
        for frame in frames:
            reply = self._handle(frame)
            if self.lose_replies > 0:
                self.lose_replies -= 1
            else:
                self._out += reply
        return frames

    def replies(self) -> bytes:
        """Return (and forget) the bytes the board has answered since the last call."""
        out, self._out = bytes(self._out), bytearray()
        return out

    def _handle(self, frame: Frame) -> bytes:
        if frame.version != VERSION:
            return self._nak(frame, E_BAD_VERSION)
        if (frame.seq, frame.crc) == self._last:
            self.duplicates += 1
            return ack(frame.seq)
        if frame.command not in COMMANDS:
            return self._nak(frame, E_UNKNOWN_COMMAND)
        try:
            error = self._act(frame)
        except (IndexError, struct.error, UnicodeDecodeError, ValueError):
            error = E_BAD_PAYLOAD
        if error:
            return self._nak(frame, error)
        self._last = (frame.seq, frame.crc)
        self.acted.append(frame)
        return ack(frame.seq)

    def _nak(self, frame: Frame, error: int) -> bytes:
        self.naks += 1
        return nak(frame.seq, error)

    def _act(self, frame: Frame) -> int:
        payload, command = frame.payload, frame.command
        if command == PING:
            return 0
        if command == BRIGHTNESS:
            if len(payload) != 1 or payload[0] > 100:
                return E_BAD_PAYLOAD
            self.brightness = payload[0]
            return 0
        if command == SHOW:
            if len(payload) != 1 or payload[0] > MAX_SLOTS:
                return E_BAD_PAYLOAD
            self.showing_count = payload[0]
            return 0
        if command == CLEAR:
            if payload[0] == ALL_SLOTS:
                self.slots.clear()
                self.showing_count = 0
            else:
                self.slots.pop(payload[0], None)
            return 0
        slot = payload[0]
        if slot >= MAX_SLOTS and slot != URGENT_SLOT:
            return E_BAD_SLOT
        mode, speed, colour = payload[1], payload[2], payload[3]
        if mode not in MODE_NAMES or speed > 5 or colour not in COLOUR_NAMES:
            return E_BAD_PAYLOAD
        if command == TEXT:
            new = _Slot(mode, speed, colour, text=payload[4:].decode("utf-8"))
            return self._store(slot, new)
        rows, width, offset, chunk = struct.unpack(">BHHH", payload[4:11])
        data = payload[11:]
        if (
            not rows
            or not chunk
            or offset + chunk > width
            or len(data) != rows * ((chunk + 7) // 8)
        ):
            return E_BAD_PAYLOAD
        current = self.slots.get(slot)
        if offset == 0 or current is None or (current.rows, current.width) != (rows, width):
            current = _Slot(
                mode,
                speed,
                colour,
                rows=rows,
                width=width,
                pixels=["0" * width for _ in range(rows)],
            )
        part = unpack_bits(data, rows, chunk)
        current.pixels = [
            row[:offset] + piece + row[offset + chunk :]
            for row, piece in zip(current.pixels, part, strict=True)
        ]
        return self._store(slot, current)

    def _store(self, slot: int, new: _Slot) -> int:
        others = sum(self._size(s) for key, s in self.slots.items() if key != slot)
        if others + self._size(new) > self.memory_bytes:
            return E_NO_MEMORY
        self.slots[slot] = new
        return 0

    @staticmethod
    def _size(slot: _Slot) -> int:
        if slot.text is not None:
            return len(slot.text.encode("utf-8")) + 4
        return slot.rows * ((slot.width + 7) // 8)

    def snapshot(self) -> BoardSnapshot:
        """Return what the board shows: the urgent slot if set, else slots 0..count-1."""
        if URGENT_SLOT in self.slots:
            keys = [URGENT_SLOT]
        else:
            keys = [k for k in range(self.showing_count) if k in self.slots]
        items = [self._item(key, self.slots[key]) for key in keys]
        return BoardSnapshot(
            self.board.rows,
            self.board.columns,
            items,
            self.frames_ok,
            self.frames_bad,
            self.brightness,
        )

    def showing(self) -> list[str]:
        """Return the texts the board shows now."""
        return self.snapshot().texts

    def _item(self, key: int, slot: _Slot) -> DisplayedItem:
        if slot.text is not None:
            pixels = render_ascii(to_board_ascii(slot.text), self.board.rows)
            text = slot.text
        else:
            pixels = list(slot.pixels[: self.board.rows])
            pixels += ["0" * slot.width] * (self.board.rows - len(pixels))
            text = f"[bitmap {slot.rows}x{slot.width}]"
        return DisplayedItem(
            text,
            pixels,
            MODE_NAMES[slot.mode],
            COLOUR_NAMES[slot.colour],
            slot.speed or None,
            urgent=key == URGENT_SLOT,
        )
