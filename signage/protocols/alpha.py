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

Write TEXT (command 'A'): ``A <label> ESC <position> <mode> <text>``.
File '0' is the priority file: it hides every other file until it is cleared with an empty write.

``encode`` (the plug-in interface, see signage/protocols/__init__.py and docs/sign-plugins.md) puts
each message in its own TEXT file run by a run sequence, urgent notices in the priority file, and
rendered Vietnamese in SMALL DOTS pictures; ``BoardSimulator`` is the sign's side.

Nothing here touches a port: functions return bytes and the Decoder takes bytes.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
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

NAME = "alpha"
SECTION = f"sign.{NAME}"

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
RUN_SEQUENCE = b".SU"  # run the listed files in order, ignoring their times; keyboard unlocked
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


def _check_address(value: Any) -> str | None:
    ok = isinstance(value, str) and _HEX2.fullmatch(value)
    return None if ok else "two hexadecimal digits, '00' (every sign) to 'FF'"


SIGN_TYPES = ("Z", "!", "1", "2", "3", "4", "5", "6", "7", "8", "9", "V", "W", "^")


def _check_sign_type(value: Any) -> str | None:
    return None if value in SIGN_TYPES else "one of " + ", ".join(repr(t) for t in SIGN_TYPES)


class EncodeError(ValueError):
    """A frame that cannot be built from the arguments given."""


def checksum(data: bytes) -> int:
    """Return the 16-bit sum of ``data`` (the bytes from STX through ETX inclusive)."""
    return sum(data) & 0xFFFF


def _header(sign_type: str, address: str) -> bytes:
    for name, value, check in (
        ("address", address, _check_address),
        ("sign_type", sign_type, _check_sign_type),
    ):
        problem = check(value)
        if problem:
            raise EncodeError(f"{name}: expected {problem}, got {value!r}")
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
    segments = [to_board_ascii(text).encode("ascii") for text in texts] or [b""]
    command = WRITE_TEXT + _check_label(label) + b"".join(head + segment for segment in segments)
    return encode_frame(command, sign_type=sign_type, address=address)


def clear_priority_file(*, sign_type: str = "Z", address: str = "00") -> bytes:
    """Return the empty write of priority file 0 (no ETX, no checksum: the form signs obey)."""
    command = WRITE_TEXT + PRIORITY_LABEL.encode("ascii")
    return _header(sign_type, address) + bytes([STX]) + command + bytes([EOT])


def soft_reset(*, sign_type: str = "Z", address: str = "00") -> bytes:
    """Return the soft reset frame (special function ``E,``); memory is kept."""
    return encode_frame(WRITE_SPECIAL + SOFT_RESET, sign_type=sign_type, address=address)


# --- The plug-in interface: a playlist of SignItem to a SignPlan ---------------------------------

MODE_CODES = {
    "rotate": "a",
    "hold": "b",
    "flash": "c",
    "roll_up": "e",
    "roll_down": "f",
    "roll_left": "g",
    "roll_right": "h",
    "wipe_up": "i",
    "wipe_down": "j",
    "wipe_left": "k",
    "wipe_right": "l",
    "scroll": "m",
    "automode": "o",
    "roll_in": "p",
    "roll_out": "q",
    "wipe_in": "r",
    "wipe_out": "s",
    "compressed_rotate": "t",
}
MODE_NAMES = {code: name for name, code in MODE_CODES.items()}
COLOUR_CODES = {
    "red": "1",
    "green": "2",
    "amber": "3",
    "dim_red": "4",
    "dim_green": "5",
    "brown": "6",
    "orange": "7",
    "yellow": "8",
    "rainbow1": "9",
    "rainbow2": "A",
    "mix": "B",
    "auto": "C",
}
COLOUR_NAMES = {code: name for name, code in COLOUR_CODES.items()}
POSITION_NAMES = {code: name for name, code in POSITIONS.items()}
COLOUR = 0x1C
SPEED_1 = 0x15  # 0x15..0x19 = speed 1 (slow) .. 5 (fast)
CALL_DOTS = 0x14
INSERT_TIME = 0x13
INSERT_DATE = 0x0B
DATE_DDMMYY = "1"  # 0B + '1' = DD/MM/YY, the Vietnamese order
# Placeholders people write in a message for the board's own clock.
PLACEHOLDERS = {
    "{time}": bytes([INSERT_TIME]),
    "{giờ}": bytes([INSERT_TIME]),
    "{date}": bytes([INSERT_DATE]) + DATE_DDMMYY.encode(),
    "{ngày}": bytes([INSERT_DATE]) + DATE_DDMMYY.encode(),
}
_PLACEHOLDER = re.compile("|".join(re.escape(key) for key in PLACEHOLDERS))

# Labels of TEXT and DOTS files (the priority file '0' needs no allocation).
LABELS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz123456789"
PRIORITY_BYTES = 125
# Wide rendered texts are cut into pictures this wide (SMALL DOTS sizes are 2 hex digits);
# every picture file is allocated this wide so a new text of the same length needs no
# new memory configuration. The last picture of a text is written only as wide as its ink.
PICTURE_COLUMNS = 200
# 'I' + label + rows and columns (two hex digits each): what the board reads before a pause.
PICTURE_HEAD = 6
MAX_PICTURE_ROWS = 0xFF
# A SMALL DOTS picture needs ~100 ms after its 'I label HH WW' header (shared notes).
TIMING = WireTiming(frame_pause=0.15, after_config=1.0, part_pause=0.1)
needs_reply = False
# Every frame rewrites one whole file: the service may send only the frames that changed.
incremental = True


def _check_memory(value: Any) -> str | None:
    ok = isinstance(value, int) and 1024 <= value <= 1 << 20
    return None if ok else "a whole number of bytes from 1024 to 1048576"


OPTIONS: tuple[Setting, ...] = (
    Setting(
        SECTION,
        "address",
        str,
        "00",
        "Alpha sign address ('00' = every sign).",
        _check_address,
        "two hexadecimal digits, '00' (every sign) to 'FF'",
    ),
    Setting(
        SECTION,
        "sign_type",
        str,
        "Z",
        "Alpha type code ('Z' = every sign type).",
        _check_sign_type,
        "one of " + ", ".join(repr(t) for t in SIGN_TYPES),
    ),
    Setting(
        SECTION,
        "memory_bytes",
        int,
        32768,
        "Memory of the sign for text and pictures, in bytes (see its manual).",
        _check_memory,
        "a whole number of bytes from 1024 to 1048576",
    ),
)


def _too_large(message: str) -> SignTooLarge:
    return SignTooLarge(message)


# A memory configuration erases the board, so the layout must survive routine edits: text files
# come in a pool of at least TEXT_POOL files (then whole blocks of POOL_BLOCK), all of one size
# (a power of two, at least MIN_TEXT_BYTES), and pictures in blocks of POOL_BLOCK. Enabling,
# disabling, deleting, reordering or adding a message within the pool rewrites only TEXT files
# and the run sequence; only a pool that must grow, or a text that outgrows the file size,
# changes the layout.
TEXT_POOL = 16
POOL_BLOCK = 8
MIN_TEXT_BYTES = 256


def _size_bucket(length: int) -> int:
    """Return the file size for ``length`` bytes: a power of two from MIN_TEXT_BYTES."""
    size = MIN_TEXT_BYTES
    while size < length:
        size *= 2
    return size


def _pool(count: int, least: int) -> int:
    """Return how many files to allocate for ``count``: at least ``least``, in whole blocks."""
    return max(least, -(-count // POOL_BLOCK) * POOL_BLOCK)


def _style(item: SignItem) -> bytes:
    if item.position not in POSITIONS:
        raise EncodeError(
            f"position: expected one of {', '.join(POSITIONS)}, got {item.position!r}"
        )
    if item.mode not in MODE_CODES:
        raise EncodeError(f"mode: expected one of {', '.join(MODE_CODES)}, got {item.mode!r}")
    head = bytes([ESC, POSITIONS[item.position]]) + MODE_CODES[item.mode].encode("ascii")
    if item.colour is not None:
        if item.colour not in COLOUR_CODES:
            raise EncodeError(
                f"colour: expected one of {', '.join(COLOUR_CODES)}, got {item.colour!r}"
            )
        head += bytes([COLOUR]) + COLOUR_CODES[item.colour].encode("ascii")
    if item.speed is not None:
        if item.speed not in range(1, 6):
            raise EncodeError(f"speed: expected 1 to 5, got {item.speed!r}")
        head += bytes([SPEED_1 + item.speed - 1])
    return head


def _pieces(text: str) -> list[str | bytes]:
    """Split ``text`` into literal text and the inline codes of its placeholders."""
    pieces: list[str | bytes] = []
    position = 0
    for match in _PLACEHOLDER.finditer(text):
        if match.start() > position:
            pieces.append(text[position : match.start()])
        pieces.append(PLACEHOLDERS[match.group(0)])
        position = match.end()
    if position < len(text):
        pieces.append(text[position:])
    return pieces


BOARD_TEXT = BoardText(bitmap_min_rows=16)
display_text = BOARD_TEXT.display_text
unsupported_chars = BOARD_TEXT.unsupported_chars


@dataclass
class _Layout:
    """Files being laid out for one plan: labels handed out, memory records and frames."""

    board: BoardProfile
    header: dict[str, str]
    labels: list[str]
    records: list[str]
    pictures: list[bytes]
    memory: int = 0
    picture_labels: list[str] = field(default_factory=list)

    def take_label(self) -> str:
        if not self.labels:
            raise _too_large(
                f"Quá nhiều thông điệp cho bảng Alpha: chỉ có {len(LABELS)} tệp"
                " (mỗi thông điệp một tệp, văn bản vẽ sẵn cần thêm tệp ảnh); hãy bớt thông điệp"
                " hoặc rút ngắn nội dung."
            )
        return self.labels.pop(0)

    def picture(self, pixels: list[str]) -> bytes:
        """Take a DOTS file for ``pixels`` and return the inline code calling it."""
        label = self.take_label()
        self.picture_labels.append(label)
        self.pictures.append(encode_picture(label, pixels, **self.header))
        return bytes([CALL_DOTS]) + label.encode("ascii")

    def allocate_pictures(self) -> None:
        """Add the memory records of the picture pool (whole blocks, board-high, fixed width)."""
        if not self.picture_labels:
            return
        depth = "1000" if self.board.colours <= 1 else "2000"
        rows = min(self.board.rows, MAX_PICTURE_ROWS)
        spare = _pool(len(self.picture_labels), 0) - len(self.picture_labels)
        labels = self.picture_labels + [self.take_label() for _ in range(spare) if self.labels]
        for label in labels:
            self.records.append(f"{label}DU{rows:02X}{PICTURE_COLUMNS:02X}{depth}")
            self.memory += rows * PICTURE_COLUMNS * (1 if depth == "1000" else 2) // 8


def frame_parts(frame: bytes) -> list[bytes]:
    """Split one frame where the board needs ``TIMING.part_pause``: after a picture's header.

    The parts joined are exactly ``frame``; delivery writes them with the pause in between.
    """
    start = frame.find(bytes([STX]))
    head = start + 1 + PICTURE_HEAD
    if start < 0 or frame[start + 1 : start + 2] != b"I" or len(frame) <= head:
        return [frame]
    return [frame[:head], frame[head:]]


def encode_picture(
    label: str, pixels: list[str], *, sign_type: str = "Z", address: str = "00"
) -> bytes:
    """Return the SMALL DOTS frame ``I label HH WW`` + one row of digits per line, each + CR."""
    rows, columns = len(pixels), len(pixels[0]) if pixels else 0
    if not (0 < rows <= MAX_PICTURE_ROWS and 0 < columns <= 0xFF):
        raise EncodeError(f"picture: expected 1-255 rows and columns, got {rows}x{columns}")
    if any(len(row) != columns or not row.isdigit() for row in pixels):
        raise EncodeError("picture: every row must be digits of the same length")
    data = b"".join(row.encode("ascii") + b"\r" for row in pixels)
    command = b"I" + _check_label(label) + b"%02X%02X" % (rows, columns) + data
    return encode_frame(command, sign_type=sign_type, address=address)


def _body(item: SignItem, layout: _Layout) -> bytes:
    body = b""
    on = COLOUR_CODES.get(item.colour or "red", "1") if layout.board.colours > 1 else "1"
    on = on if on in "123" else "1"
    for piece in _pieces(nfc(item.text)):
        if isinstance(piece, bytes):
            body += piece
        elif BOARD_TEXT.rendered(layout.board):
            from signage.render import render_text

            pixels = render_text(piece, layout.board.rows, on=on)
            for start in range(0, len(pixels[0]), PICTURE_COLUMNS):
                body += layout.picture([row[start : start + PICTURE_COLUMNS] for row in pixels])
        else:
            body += to_board_ascii(piece).encode("ascii")
    return body


def encode(
    items: Sequence[SignItem],
    board: BoardProfile | None = None,
    *,
    sign_type: str = "Z",
    address: str = "00",
    memory_bytes: int = 32768,
    label: str | None = None,
) -> SignPlan:
    """Return the plan making an Alpha board show exactly ``items``; SignTooLarge if it cannot.

    One TEXT file per message (labels A, B, ...) run in order by a run sequence; urgent items go
    to the priority file 0, which is cleared when there are none. Rendered text becomes DOTS
    pictures called from the TEXT files. The memory configuration lists a pool of files (see
    TEXT_POOL) so that routine edits keep its key and never erase the board.
    """
    board = board or BoardProfile()
    header = {"sign_type": sign_type, "address": address}
    _header(sign_type, address)  # checks the options once, with a clear error
    pool = list(LABELS)
    if label is not None:
        if label not in LABELS:
            raise EncodeError(f"label: expected one of {LABELS}, got {label!r}")
        pool.remove(label)
        pool.insert(0, label)  # the first message goes to this file
    normal = [item for item in items if not item.urgent] or [SignItem("")]
    text_files = _pool(len(normal), TEXT_POOL)
    if text_files > len(pool):
        raise _too_large(
            f"Quá nhiều thông điệp cho bảng Alpha: {len(normal)} thông điệp, bảng có"
            f" {len(LABELS)} tệp; hãy bớt thông điệp."
        )
    text_labels, pool = pool[:text_files], pool[text_files:]
    layout = _Layout(board, header, pool, [], [])
    contents = [_style(item) + _body(item, layout) for item in normal]
    size = _size_bucket(max(len(content) for content in contents))
    for label in text_labels:
        layout.records.append(f"{label}AU{size:04X}FF00")
        layout.memory += size
    labels = text_labels[: len(normal)]
    texts = [
        encode_frame(WRITE_TEXT + label.encode("ascii") + content, **header)
        for label, content in zip(labels, contents, strict=True)
    ]
    urgent = [item for item in items if item.urgent]
    if urgent:
        content = b"".join(_style(item) + _body(item, layout) for item in urgent)
        if len(content) > PRIORITY_BYTES:
            raise _too_large(
                f"Thông báo khẩn dài {len(content)} byte; tệp ưu tiên của bảng Alpha chỉ chứa"
                f" {PRIORITY_BYTES} byte. Hãy rút ngắn thông báo khẩn."
            )
        priority = encode_frame(WRITE_TEXT + PRIORITY_LABEL.encode("ascii") + content, **header)
    else:
        priority = clear_priority_file(**header)
    layout.allocate_pictures()
    if layout.memory > memory_bytes:
        raise _too_large(
            f"Nội dung cần khoảng {layout.memory} byte bộ nhớ bảng, vượt quá {memory_bytes} byte"
            " của bảng Alpha; hãy bớt hoặc rút ngắn thông điệp."
        )
    records = "".join(layout.records)
    config = encode_frame(WRITE_SPECIAL + CLEAR_MEMORY + records.encode("ascii"), **header)
    run = encode_frame(WRITE_SPECIAL + RUN_SEQUENCE + "".join(labels).encode("ascii"), **header)
    key = hashlib.sha256(f"{sign_type}{address}{records}".encode()).hexdigest()[:16]
    return SignPlan([config], key, [*layout.pictures, *texts, run, priority])


def clock_frames(
    now_local: datetime, *, sign_type: str = "Z", address: str = "00", **_options: Any
) -> list[bytes]:
    """Return the frames setting the board's clock (time ``E`` 0x20 HHMM, date ``E;mmddyy``)."""
    header = {"sign_type": sign_type, "address": address}
    return [
        encode_frame(WRITE_SPECIAL + b" " + now_local.strftime("%H%M").encode(), **header),
        encode_frame(WRITE_SPECIAL + b";" + now_local.strftime("%m%d%y").encode(), **header),
    ]


def reply_ok(frame: bytes, reply: bytes) -> bool | None:
    """Alpha signs never answer: every write counts as done once written."""
    return True


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


# --- The board side: what a sign does with the frames it receives -------------------------------

_RECORD = re.compile(r"(.)([ABD])([UL])([0-9A-F]{4})([0-9A-F]{4})")


class BoardSimulator:
    """An Alpha sign's memory: files, pictures, run sequence, clock; not thread-safe on its own.

    A fresh board accepts any TEXT file (factory memory); once configured, a file must have been
    allocated with the right type and size, as on a real sign, or the write is rejected.
    """

    def __init__(
        self, board: BoardProfile | None = None, *, picture_pause: float = 0.0, **_options: Any
    ) -> None:
        self.board = board or BoardProfile()
        # With ``picture_pause`` > 0 the board, like a real one, garbles (drops) a picture whose
        # data came less than that many seconds after its header.
        self.picture_pause = picture_pause
        self.pictures_rushed = 0
        self._head_at: float | None = None
        self._rested = False
        self.decoder = Decoder()
        self.files: dict[str, list[Segment]] = {}
        self.pictures: dict[str, list[str]] = {}
        self.allocation: dict[str, tuple[str, int]] | None = None
        self.sequence: list[str] = []
        self.clock: dict[str, str] = {}
        self.frames_rejected = 0
        self.configurations = 0

    @property
    def frames_ok(self) -> int:
        """Count the frames received with a good checksum."""
        return self.decoder.frames_ok

    @property
    def frames_bad(self) -> int:
        """Count the frames dropped (bad checksum, cut short, malformed, not allocated)."""
        return self.decoder.frames_bad + self.frames_rejected

    def feed(self, data: bytes) -> list[Frame]:
        """Receive wire bytes; apply and return the frames they completed."""
        if self._head_at is not None:
            self._rested = time.monotonic() - self._head_at >= self.picture_pause
            self._head_at = None
        frames = self.decoder.feed(data)
        for frame in frames:
            rested, self._rested = self._rested, False
            if self.picture_pause and frame.command[:1] == b"I" and not rested:
                self.pictures_rushed += 1
                self.frames_rejected += 1
                continue
            self.apply(frame)
        if self.picture_pause and self._at_picture_head():
            self._head_at = time.monotonic()
        return frames

    def _at_picture_head(self) -> bool:
        body = self.decoder._body  # STX + the command so far
        return self.decoder._state == _DATA and len(body) == 1 + PICTURE_HEAD and body[1:2] == b"I"

    def replies(self) -> bytes:
        """Return what the board answers: nothing, Alpha signs never do."""
        return b""

    def apply(self, frame: Frame) -> None:
        """Act on one decoded frame the way a sign does (other commands are accepted, ignored)."""
        command = frame.command
        if command[:1] == WRITE_TEXT and len(command) >= 2:
            text_file = parse_text_file(command)
            if text_file.label == PRIORITY_LABEL and not text_file.segments:
                self.files.pop(PRIORITY_LABEL, None)  # the empty write ends the notice
            elif self._fits(text_file.label, "A", len(command) - 2):
                self.files[text_file.label] = text_file.segments
        elif command[:1] == b"I" and len(command) >= 6:
            self._picture(command)
        elif command[:2] == WRITE_SPECIAL + CLEAR_MEMORY:
            self._configure(command[2:].decode("ascii", "replace"))
        elif command.startswith(WRITE_SPECIAL + RUN_SEQUENCE):
            self.sequence = list(command[4:].decode("ascii", "replace"))
        elif command[:2] == WRITE_SPECIAL + b" ":
            self.clock["time"] = command[2:6].decode("ascii", "replace")
        elif command[:2] == WRITE_SPECIAL + b";":
            self.clock["date"] = command[2:8].decode("ascii", "replace")

    def _configure(self, records: str) -> None:
        self.files.clear()
        self.pictures.clear()
        self.sequence = []
        self.configurations += 1
        self.allocation = {}
        for match in _RECORD.finditer(records):
            label, kind, _lock, size, _q = match.groups()
            self.allocation[label] = (kind, int(size, 16))

    def _fits(self, label: str, kind: str, size: int) -> bool:
        if label == PRIORITY_LABEL:
            ok = size <= PRIORITY_BYTES
        elif self.allocation is None:
            ok = kind == "A"
        else:
            allocated = self.allocation.get(label)
            ok = allocated is not None and allocated[0] == kind and size <= allocated[1]
        if not ok:
            self.frames_rejected += 1
        return ok

    def _picture(self, command: bytes) -> None:
        label = chr(command[1])
        try:
            rows, columns = int(command[2:4], 16), int(command[4:6], 16)
        except ValueError:
            self.frames_rejected += 1
            return
        lines = command[6:].decode("ascii", "replace").split("\r")[:rows]
        allocated = (self.allocation or {}).get(label)
        fits = (
            allocated is not None
            and allocated[0] == "D"
            and rows <= allocated[1] >> 8
            and columns <= allocated[1] & 0xFF
        )
        if not fits or len(lines) != rows or any(len(line) != columns for line in lines):
            self.frames_rejected += 1
            return
        self.pictures[label] = lines

    def _labels(self) -> list[str]:
        priority = self.files.get(PRIORITY_LABEL)
        if priority and any(s.text for s in priority):
            return [PRIORITY_LABEL]
        if self.sequence:
            return [label for label in self.sequence if label in self.files]
        return [DEFAULT_LABEL] if DEFAULT_LABEL in self.files else []

    def showing(self) -> list[str]:
        """Return the texts on the board now: the priority file if it has any, else the run."""
        return self.snapshot().texts

    def snapshot(self) -> BoardSnapshot:
        """Return what the board shows now, item by item, with pixels at the board's size."""
        items = []
        for label in self._labels():
            for segment in self.files[label]:
                item = self._item(segment, urgent=label == PRIORITY_LABEL)
                if item.text or any("1" in row for row in item.pixels):
                    items.append(item)
        return BoardSnapshot(
            self.board.rows, self.board.columns, items, self.frames_ok, self.frames_bad
        )

    def _item(self, segment: Segment, *, urgent: bool) -> DisplayedItem:
        rows = self.board.rows
        colour: str | None = None
        speed: int | None = None
        text: list[str] = []
        pixels = [""] * rows
        run: list[str] = []

        def flush() -> None:
            if run:
                drawn = render_ascii("".join(run), rows, on=_digit(colour))
                for index in range(rows):
                    pixels[index] += drawn[index]
                run.clear()

        chars = iter(segment.text)
        for ch in chars:
            code = ord(ch)
            if code == COLOUR:
                colour = COLOUR_NAMES.get(next(chars, ""), colour)
            elif SPEED_1 <= code < SPEED_1 + 5:
                speed = code - SPEED_1 + 1
            elif code == CALL_DOTS:
                flush()
                label = next(chars, "")
                picture = self.pictures.get(label, [])
                width = len(picture[0]) if picture else 0
                for index in range(rows):
                    row = picture[index] if index < len(picture) else ""
                    pixels[index] += row.ljust(width, "0")
                text.append(f"[hình {label}]")
            elif code == INSERT_TIME:
                value = self.clock.get("time", "0000")
                run.append(f"{value[:2]}:{value[2:]}")
                text.append(run[-1])
            elif code == INSERT_DATE:
                next(chars, "")
                value = self.clock.get("date", "010100")
                run.append(f"{value[2:4]}/{value[:2]}/{value[4:]}")
                text.append(run[-1])
            elif code in _CODES_WITH_ARGUMENT:
                next(chars, "")
            elif code >= 0x20 and code != 0x7F:
                run.append(ch)
                text.append(ch)
        flush()
        mode = MODE_NAMES.get(segment.mode or "a", "rotate")
        position = POSITION_NAMES.get(segment.position or 0x20, "middle")
        return DisplayedItem("".join(text).strip(), pixels, mode, colour, speed, position, urgent)


def _digit(colour: str | None) -> str:
    code = COLOUR_CODES.get(colour or "red", "1")
    return code if code in "123" else "1"
