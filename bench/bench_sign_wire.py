"""Bytes and time on the wire for the "5 biết" slogan, ascii vs bitmap, Alpha vs P10 (96x16 board).

Run: .venv/bin/python bench/bench_sign_wire.py [--baudrate 9600]

Time on the wire is computed, not measured: bytes x bits per byte (start + data + parity + stop
bits from the serial settings; 7E1 and 8N1 are both 10 bits) / baud rate, plus the protocol's
pauses between frames. P10 also counts its ACK replies (9 bytes each, board to host).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

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


def bits_per_byte(options: SerialOptions) -> int:
    """Return the bits one byte takes on the line: start, data, parity, stop."""
    return 1 + options.bytesize + (0 if options.parity == "N" else 1) + options.stopbits


def main() -> None:
    """Print bytes and seconds on the wire for each protocol and text mode."""
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
        f" {'wire s':>7} {'+pauses':>8} {'update s':>9}"
    )
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
            pauses = module.TIMING.frame_pause * (len(plan.all_frames()) - 1)
            pauses += module.TIMING.after_config if plan.config_frames else 0
            routine = (content + replies) * bits / args.baudrate
            routine += module.TIMING.frame_pause * (len(plan.frames) - 1)
            print(
                f"{name:8} {mode:6} {len(plan.all_frames()):>6} {content:>7} {config:>7}"
                f" {f'{bits} b':>5} {wire:>7.2f} {wire + pauses:>8.2f} {routine:>9.2f}"
            )
    print(
        "bytes: content frames; config: memory configuration (sent only when the layout"
        " changes); wire s: all bytes incl. config and ACKs; +pauses: with the protocol's"
        " pauses; update s: a routine update (no config)"
    )


if __name__ == "__main__":
    main()
