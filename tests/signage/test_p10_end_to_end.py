"""P10 end to end: the host's real transport and delivery, a board simulator behind a pty or TCP."""

from __future__ import annotations

import threading

import pytest

from signage.delivery import deliver
from signage.items import BoardProfile, SignItem
from signage.protocols import p10
from signage.simulator import PtyBoard, TcpBoard
from signage.transport import SerialOptions, SerialTransport, TransportError

BOARD = BoardProfile(rows=16, columns=96, colours=1, text_mode="bitmap")
LINE = SerialOptions(baudrate=115200, bytesize=8, parity="N", stopbits=1)
ITEMS = [SignItem("5 biết: Biết lắng nghe"), SignItem("Biết xin lỗi", mode="hold")]


@pytest.fixture(params=["pty", "tcp"])
def p10_board(request):
    kind = PtyBoard if request.param == "pty" else TcpBoard
    with kind(protocol="p10", board=BOARD, poll_seconds=0.02) as started:
        yield started


def send(board, frames, **kwargs) -> int:
    with SerialTransport(board.port, LINE) as transport:
        return deliver(frames, transport, p10, reply_timeout=0.5, **kwargs)


def test_host_sends_a_bitmap_playlist_and_the_board_acks_every_frame(p10_board):
    from signage.render import render_text

    plan = p10.encode(ITEMS, BOARD)
    written = send(p10_board, plan.frames)
    assert written == sum(len(frame) for frame in plan.frames)
    snapshot = p10_board.snapshot()
    assert [item.pixels for item in snapshot.items] == [render_text(i.text, 16) for i in ITEMS]
    assert [item.mode for item in snapshot.items] == ["rotate", "hold"]
    assert p10_board.simulator.duplicates == 0


def test_a_lost_ack_makes_the_host_retry_and_the_board_treats_it_as_a_duplicate(p10_board):
    plan = p10.encode(ITEMS, BOARD)
    with p10_board._changed:
        p10_board.simulator.lose_replies = 1  # the ACK of the first frame never arrives
    written = send(p10_board, plan.frames)
    assert written == sum(len(frame) for frame in plan.frames) + len(plan.frames[0])
    assert p10_board.simulator.duplicates == 1
    assert len(p10_board.simulator.acted) == len(plan.frames)
    assert len(p10_board.snapshot().items) == 2


def test_a_board_that_never_answers_is_reported_after_the_retries(p10_board):
    with p10_board._changed:
        p10_board.simulator.lose_replies = 10
    with pytest.raises(TransportError, match="after 3 attempts"):
        send(p10_board, [p10.ping(5)], retries=2)


def test_a_nak_is_retried_then_reported():
    board = PtyBoard(protocol="p10", board=BOARD, poll_seconds=0.02).start()
    try:
        unknown = p10.encode_frame(0x42, seq=1)
        with pytest.raises(TransportError, match="NAK"):
            send(board, [unknown], retries=1)
        assert board.simulator.naks == 2
    finally:
        board.stop()


def test_stop_event_interrupts_delivery(p10_board):
    stop = threading.Event()
    stop.set()
    with pytest.raises(TransportError, match="stopped"):
        send(p10_board, p10.encode(ITEMS, BOARD).frames, stop_event=stop)
