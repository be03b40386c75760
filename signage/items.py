"""What the sign service asks a protocol to show: items of a playlist and the board's profile.

This is the contract between the schedule/service side (which decides *what* shows *now*) and
the protocol plug-ins (which decide *how* it goes on the wire). Protocols never see the store.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SignItem:
    """One message as the board should show it. ``None`` style fields mean "the board's default"."""

    text: str
    mode: str = "rotate"
    colour: str | None = None
    speed: int | None = None
    position: str = "middle"
    # An urgent notice overrides every other item until it is cleared.
    urgent: bool = False


@dataclass(frozen=True)
class BoardProfile:
    """The physical board: its size in pixels, colours, and how text reaches it."""

    rows: int = 7
    columns: int = 80
    colours: int = 3
    # "ascii": the board's own font draws transliterated text; "bitmap": the PC renders pixels.
    text_mode: str = "ascii"
