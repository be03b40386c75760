"""The transport's read side and dead-link detection, on a real pty and a real TCP server."""

from __future__ import annotations

import os
import socket
import tty

import pytest

from signage import transport as transport_module
from signage.transport import SerialTransport, TransportError
from tests.helpers_wait import eventually


@pytest.fixture
def pty_pair():
    master, slave = os.openpty()
    tty.setraw(master)
    tty.setraw(slave)
    fds = {"master": master, "slave": slave}
    yield fds
    for fd in fds.values():
        if fd >= 0:
            try:
                os.close(fd)
            except OSError:
                pass


@pytest.fixture
def server():
    listener = socket.create_server(("127.0.0.1", 0))
    yield listener
    listener.close()


def test_pty_read_side_returns_what_the_board_answers(pty_pair):
    with SerialTransport(os.ttyname(pty_pair["slave"])) as link:
        link.write(b"ping")
        assert os.read(pty_pair["master"], 16) == b"ping"
        os.write(pty_pair["master"], b"pong")
        assert link.read(16, timeout=2) == b"pong"
        assert link.read(16, timeout=0.05) == b""
        assert link.alive()


def test_pty_whose_other_end_closed_is_dead_for_alive_read_and_write(pty_pair):
    link = SerialTransport(os.ttyname(pty_pair["slave"]))
    link.open()
    try:
        os.close(pty_pair["master"])
        pty_pair["master"] = -1
        assert eventually(lambda: not link.alive(), 3)
        with pytest.raises(TransportError, match="dead"):
            link.read(16, timeout=0.1)
        with pytest.raises(TransportError):
            link.write(b"x")
    finally:
        link.close()


def test_tcp_read_side_and_keep_alive(server):
    port = server.getsockname()[1]
    with SerialTransport(f"socket://127.0.0.1:{port}") as link:
        peer, _ = server.accept()
        sock = link._serial._socket
        assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) == 1
        if hasattr(socket, "TCP_KEEPIDLE"):
            idle = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE)
            assert idle == transport_module.KEEPALIVE_IDLE
        link.write(b"hello")
        assert peer.recv(16) == b"hello"
        peer.sendall(b"ack")
        assert link.read(16, timeout=2) == b"ack"
        assert link.alive()
        peer.close()


def test_a_write_to_a_tcp_peer_that_closed_fails_instead_of_succeeding_once(server):
    port = server.getsockname()[1]
    link = SerialTransport(f"socket://127.0.0.1:{port}")
    link.open()
    try:
        peer, _ = server.accept()
        peer.close()
        assert eventually(lambda: not link.alive(), 3)
        with pytest.raises(TransportError, match="closed the connection"):
            link.write(b"lost update")
    finally:
        link.close()


def test_read_notices_a_tcp_peer_that_closed(server):
    port = server.getsockname()[1]
    link = SerialTransport(f"socket://127.0.0.1:{port}")
    link.open()
    try:
        peer, _ = server.accept()
        peer.sendall(b"last words")
        peer.close()
        assert link.read(64, timeout=2) == b"last words"
        with pytest.raises(TransportError, match="dead"):
            link.read(64, timeout=1)
    finally:
        link.close()


def test_reopening_after_a_dead_link_works(server):
    port = server.getsockname()[1]
    link = SerialTransport(f"socket://127.0.0.1:{port}")
    link.open()
    peer, _ = server.accept()
    peer.close()
    assert eventually(lambda: not link.alive(), 3)
    link.close()
    link.open()
    try:
        again, _ = server.accept()
        link.write(b"back")
        assert again.recv(8) == b"back"
        assert link.alive()
        again.close()
    finally:
        link.close()


def test_read_on_a_closed_transport_says_so():
    with pytest.raises(TransportError, match="not open"):
        SerialTransport("/dev/null").read(1)
