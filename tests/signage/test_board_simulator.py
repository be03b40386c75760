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


def test_tcp_board_decodes_what_a_driver_sends_over_socket_url():
    from signage.items import SignItem
    from signage.simulator import TcpBoard
    from signage.transport import SerialTransport

    with TcpBoard(poll_seconds=0.02) as tcp_board:
        assert tcp_board.port.startswith("socket://127.0.0.1:")
        plan = alpha.encode([SignItem("Xin chào"), SignItem("Tạm biệt")])
        with SerialTransport(tcp_board.port) as link:
            for frame in plan.all_frames():
                link.write(frame)
            assert tcp_board.wait_until(
                lambda b: b.showing() == ["Xin chao", "Tam biet"], timeout=3
            )
        tcp_board.drop_connection()
        # A new connection after the old one dropped is served too.
        with SerialTransport(tcp_board.port) as link:
            for frame in alpha.encode([SignItem("Lại")]).frames:
                link.write(frame)
            assert tcp_board.wait_until(lambda b: b.showing() == ["Lai"], timeout=3)
        assert tcp_board.connections == 2


def test_snapshot_pixels_have_the_board_rows():
    from signage.items import BoardProfile, SignItem

    profile = BoardProfile(rows=16, columns=96, colours=3, text_mode="ascii")
    sim = alpha.BoardSimulator(profile)
    for frame in alpha.encode([SignItem("Chào", colour="amber")], profile).all_frames():
        sim.feed(frame)
    [item] = sim.snapshot().items
    assert len(item.pixels) == 16
    assert set("".join(item.pixels)) == {"0", "3"}


def test_pty_board_keeps_its_old_constructor_and_serves_p10_too():
    from signage.protocols import p10
    from signage.simulator import PtyBoard

    calls = []
    old_style = PtyBoard(lambda *args: calls.append(args), poll_seconds=0.02)
    assert old_style.protocol is alpha
    with PtyBoard(protocol="p10", poll_seconds=0.02) as p10_board:
        fd = os.open(p10_board.port, os.O_RDWR | os.O_NOCTTY)
        try:
            os.write(fd, p10.ping(3))
            reply = b""
            deadline = threading.Event()
            for _ in range(100):
                reply += os.read(fd, 64) if _ready(fd) else b""
                if len(reply) >= 9 or deadline.wait(0.02):
                    break
            assert reply == p10.ack(3)
        finally:
            os.close(fd)


def _ready(fd: int) -> bool:
    import select

    return bool(select.select([fd], [], [], 0.05)[0])
