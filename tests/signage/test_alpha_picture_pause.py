"""Alpha SMALL DOTS: the ~100 ms pause after a picture's header, inside one frame on the wire."""

from __future__ import annotations

import os

from signage.delivery import deliver
from signage.items import BoardProfile, SignItem
from signage.protocols import alpha
from signage.render import render_text
from signage.simulator import PtyBoard
from signage.transport import SerialOptions, SerialTransport

BOARD = BoardProfile(rows=16, columns=96, colours=3, text_mode="bitmap")
LINE = SerialOptions(baudrate=9600, bytesize=7, parity="E", stopbits=2)


def test_a_picture_frame_splits_after_its_header_and_joins_back_to_the_same_bytes():
    plan = alpha.encode([SignItem("Biết lắng nghe")], BOARD)
    [picture] = [f for f in plan.frames if alpha.decode(f)[0].command[:1] == b"I"]
    head, rest = alpha.frame_parts(picture)
    assert head + rest == picture
    command = alpha.decode(picture)[0].command
    assert head.endswith(b"\x02" + command[:6]) and command[:4] == b"IQ10"
    assert alpha.frame_parts(plan.config_frames[0]) == [plan.config_frames[0]]


def test_delivery_pauses_inside_picture_frames_so_a_strict_board_takes_them():
    plan = alpha.encode([SignItem("Biết lắng nghe")], BOARD)
    # This board garbles pictures sent without a pause; its threshold is far below the 0.1 s
    # that delivery waits, so a slow reader thread on a busy machine cannot make it fail.
    options = {"picture_pause": 0.02}
    with PtyBoard(board=BOARD, options=options, poll_seconds=0.02) as board:
        with SerialTransport(board.port, LINE) as transport:
            frames = plan.config_frames + plan.frames
            deliver(frames, transport, alpha, config_frames=len(plan.config_frames))
        assert board.wait_until(lambda b: b.frames_ok == len(frames), timeout=3)
        assert board.simulator.pictures_rushed == 0 and board.frames_bad == 0
        [item] = board.snapshot().items
        assert item.pixels == render_text("Biết lắng nghe", 16, on="1")

        # The same picture in one write, without the pause: that board drops it.
        [picture] = [f for f in plan.frames if alpha.decode(f)[0].command[:1] == b"I"]
        fd = os.open(board.port, os.O_WRONLY | os.O_NOCTTY)
        os.write(fd, picture)
        os.close(fd)
        assert board.wait_until(lambda b: b.pictures_rushed == 1, timeout=3)
