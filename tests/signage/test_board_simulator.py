"""The simulated board: shows what a sign would, from the real bytes it receives."""

from __future__ import annotations

import os
import threading

from signage.protocols import alpha
from signage.simulator import BoardSimulator


def test_board_shows_file_a_segments_in_order():
    board = BoardSimulator()
    board.feed(alpha.encode_text_file(["một", "hai"]))
    assert board.showing() == ["mot", "hai"]


def test_empty_file_a_blanks_the_board():
    board = BoardSimulator()
    board.feed(alpha.encode_text_file(["x"]) + alpha.encode_text_file([]))
    assert board.showing() == []
    assert board.frames_ok == 2


def test_priority_file_overrides_until_cleared():
    board = BoardSimulator()
    board.feed(alpha.encode_text_file(["normal"]))
    board.feed(alpha.encode_text_file(["URGENT"], label="0", mode="b"))
    assert board.showing() == ["URGENT"]
    board.feed(alpha.clear_priority_file())
    assert board.showing() == ["normal"]


def test_bad_frames_change_nothing_and_are_counted():
    board = BoardSimulator()
    board.feed(alpha.encode_text_file(["kept"]))
    board.feed(alpha.encode_text_file(["lost"]).replace(b"lost", b"lust"))
    assert board.showing() == ["kept"]
    assert (board.frames_ok, board.frames_bad) == (1, 1)


def test_pty_board_decodes_bytes_written_to_its_port_and_reports_changes(board):
    changes: list[tuple[list[str], int, int]] = []
    seen = threading.Event()
    board.on_change = lambda texts, ok, bad: (changes.append((texts, ok, bad)), seen.set())
    fd = os.open(board.port, os.O_WRONLY | os.O_NOCTTY)
    try:
        frame = alpha.encode_text_file(["Chào\r\nbạn"])
        os.write(fd, frame[:7])
        os.write(fd, frame[7:])
    finally:
        os.close(fd)
    assert seen.wait(2)
    assert changes == [(["Chao  ban"], 1, 0)]
    assert board.showing() == ["Chao  ban"]
