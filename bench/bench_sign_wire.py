"""Bytes and time on the wire for the "5 biết" slogan, ascii vs bitmap, Alpha vs P10 (96x16 board).

Run: .venv/bin/python bench/bench_sign_wire.py [--baudrate 9600]

Time on the wire is computed, not measured: bytes x bits per byte (start + data + parity + stop
bits from the serial settings; 7E1 and 8N1 are both 10 bits) / baud rate, plus the protocol's
pauses between frames and between the parts of a frame (an Alpha picture's header and its rows).
P10 also counts its ACK replies (9 bytes each, board to host).

Target, per protocol and mode: one edited message reaches the board within 2 s (the frames the
service sends for it: those that changed for an incremental protocol, else all). Prints PASS or
FAIL per target and exits with status 1 on a FAIL.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _verdict import Verdicts  # noqa: E402

from signage.items import BoardProfile, SignItem  # noqa: E402
from signage.protocols import get_protocol  # noqa: E402
from signage.transport import SerialOptions  # noqa: E402

SLOGAN = [
    "Biết nghe dân nói",
    "Biết nói dân hiểu",
    "Biết làm dân tin",
    "Biết xin lỗi và sửa lỗi",
    "Biết cảm ơn",
]
LINES = {"alpha": SerialOptions(9600, 7, "E", 1), "p10": SerialOptions(9600, 8, "N", 1)}
ACK_BYTES = 9
EDIT_TARGET_S = 2.0
EDITED = 2  # the message edited for the target, and its new text
EDITED_TEXT = "Biết làm cho dân tin"


def bits_per_byte(options: SerialOptions) -> int:
    """Return the bits one byte takes on the line: start, data, parity, stop."""
    return 1 + options.bytesize + (0 if options.parity == "N" else 1) + options.stopbits


def pauses(frames: list[bytes], module, after_config: bool) -> float:
    """Return the protocol's pauses while ``frames`` are sent: between frames and within them."""
    timing = module.TIMING
    split = getattr(module, "frame_parts", None)
    parts = sum(len(split(frame)) - 1 for frame in frames) if split else 0
    between = timing.frame_pause * max(len(frames) - 1, 0)
    return between + timing.part_pause * parts + (timing.after_config if after_config else 0)


def seconds(frames: list[bytes], module, bits: int, baudrate: int, after_config: bool) -> float:
    """Return the wire time of ``frames`` (with ACKs if the protocol answers) and its pauses."""
    replies = ACK_BYTES * len(frames) if module.needs_reply else 0
    wire = (sum(map(len, frames)) + replies) * bits / baudrate
    return wire + pauses(frames, module, after_config)


def edit_frames(module, board: BoardProfile, items: list[SignItem]) -> list[bytes]:
    """Return the frames the service sends when one message's text is edited."""
    before = module.encode(items, board).frames
    edited = list(items)
    edited[EDITED] = SignItem(EDITED_TEXT)
    after = module.encode(edited, board).frames
    if getattr(module, "incremental", False):
        return [frame for frame in after if frame not in set(before)]
    return after


def main() -> None:
    """Print bytes and seconds on the wire for each protocol and text mode, and the verdicts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baudrate", type=int, default=9600)
    args = parser.parse_args()
    items = [SignItem(text) for text in SLOGAN]
    print(
        f'"5 biết" slogan: {len(SLOGAN)} messages, {sum(map(len, SLOGAN))} characters;'
        f" board 96x16; {args.baudrate} baud"
    )
    print(
        f"{'protocol':8} {'mode':6} {'frames':>6} {'bytes':>7} {'config':>7} {'line':>5}"
        f" {'wire s':>7} {'+pauses':>8} {'update s':>9} {'edit s':>7}"
    )
    edits: list[tuple[str, float]] = []
    for name in ("alpha", "p10"):
        module = get_protocol(name)
        line = LINES[name]
        line = SerialOptions(args.baudrate, line.bytesize, line.parity, line.stopbits)
        bits = bits_per_byte(line)
        for mode in ("ascii", "bitmap"):
            board = BoardProfile(rows=16, columns=96, colours=1, text_mode=mode)
            plan = module.encode(items, board)
            content = sum(map(len, plan.frames))
            config = sum(map(len, plan.config_frames))
            replies = ACK_BYTES * len(plan.all_frames()) if module.needs_reply else 0
            wire = (content + config + replies) * bits / args.baudrate
            everything = wire + pauses(plan.all_frames(), module, bool(plan.config_frames))
            routine = seconds(plan.frames, module, bits, args.baudrate, False)
            edit = seconds(edit_frames(module, board, items), module, bits, args.baudrate, False)
            edits.append((f"{name} {mode}", edit))
            print(
                f"{name:8} {mode:6} {len(plan.all_frames()):>6} {content:>7} {config:>7}"
                f" {f'{bits} b':>5} {wire:>7.2f} {everything:>8.2f} {routine:>9.2f}"
                f" {edit:>7.2f}"
            )
    print(
        "bytes: content frames; config: memory configuration (sent only when the layout"
        " changes); wire s: all bytes incl. config and ACKs; +pauses: with the protocol's"
        " pauses; update s: a routine update (no config); edit s: one message edited"
    )
    verdicts = Verdicts()
    for label, edit in edits:
        verdicts.at_most(f"{label}, one message edited, on the wire", edit, EDIT_TARGET_S, "s")
    verdicts.finish()


if __name__ == "__main__":
    main()
