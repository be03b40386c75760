"""What every sign protocol plug-in shares: options, timing, plans, snapshots and size errors.

A protocol's options are ``Setting``s of the settings registry in section ``sign.<name>``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lobby.settings import Setting as Setting
from lobby.vntext import nfc
from signage.charmap import to_board_ascii, unsupported_chars
from signage.items import BoardProfile


@dataclass(frozen=True)
class BoardText:
    """What a protocol's board shows of a text: the PC renders it into pixels on ``text_mode =
    'bitmap'`` boards of at least ``bitmap_min_rows`` rows, else the board's font draws its ASCII
    form (Vietnamese transliterated, what has no form as "?")."""

    bitmap_min_rows: int

    def rendered(self, board: BoardProfile | None) -> bool:
        """Return True if the PC renders text into pixels for ``board``."""
        return (
            board is not None and board.text_mode == "bitmap" and board.rows >= self.bitmap_min_rows
        )

    def display_text(self, text: str, board: BoardProfile | None = None) -> str:
        """Return what the board shows of ``text``: itself when rendered, else its ASCII form."""
        return nfc(text) if self.rendered(board) else to_board_ascii(text)

    def unsupported_chars(self, text: str, board: BoardProfile | None = None) -> list[str]:
        """Return the characters of ``text`` that would show as "?" on ``board``."""
        return [] if self.rendered(board) else unsupported_chars(text)


@dataclass(frozen=True)
class WireTiming:
    """Pauses the board needs: between two frames, after a memory configuration, and between
    the parts of one frame (see the protocol's optional ``frame_parts``)."""

    frame_pause: float = 0.15
    after_config: float = 1.0
    part_pause: float = 0.0


class SignTooLarge(ValueError):
    """The content cannot fit the board's memory or frame limits; the message is Vietnamese."""


@dataclass(frozen=True)
class SignPlan:
    """The bytes that make a board show a playlist.

    ``config_frames`` (the board's memory layout) are sent only when ``config_key`` differs from
    the key last applied to that board; ``frames`` are sent on every update.
    """

    config_frames: list[bytes]
    config_key: str
    frames: list[bytes]

    def all_frames(self) -> list[bytes]:
        """Return the configuration frames followed by the content frames."""
        return [*self.config_frames, *self.frames]


@dataclass
class DisplayedItem:
    """One item a board shows: its pixels (rows of '0'/'1' or colour digits) and its style."""

    text: str
    pixels: list[str] = field(default_factory=list)
    mode: str = "rotate"
    colour: str | None = None
    speed: int | None = None
    position: str = "middle"
    urgent: bool = False


@dataclass
class BoardSnapshot:
    """What a board shows now, in the order it shows it, and how its frames fared."""

    rows: int
    columns: int
    items: list[DisplayedItem] = field(default_factory=list)
    frames_ok: int = 0
    frames_bad: int = 0
    brightness: int | None = None

    @property
    def texts(self) -> list[str]:
        """Return the texts shown (for logs and the store's board view)."""
        return [item.text for item in self.items if item.text]


COLOURS = (
    "red",
    "green",
    "amber",
    "dim_red",
    "dim_green",
    "brown",
    "orange",
    "yellow",
    "rainbow1",
    "rainbow2",
    "mix",
    "auto",
)
MODES = (
    "rotate",
    "hold",
    "flash",
    "roll_up",
    "roll_down",
    "roll_left",
    "roll_right",
    "wipe_up",
    "wipe_down",
    "wipe_left",
    "wipe_right",
    "scroll",
    "automode",
    "roll_in",
    "roll_out",
    "wipe_in",
    "wipe_out",
    "compressed_rotate",
)
POSITIONS = ("middle", "top", "bottom", "fill")
SPEEDS = (1, 2, 3, 4, 5)
