"""After a long outage of a TCP-attached board, the board is right within 5 s of its link
returning: the wait between reconnect attempts never grows with the outage.

A real TCP listener (the simulated board behind it, like a serial server) goes away for longer
than the old back-off took to reach 16 s, then comes back on the same port.
"""

from __future__ import annotations

import time

from lobby.settings import load_settings
from signage.service import SignService
from signage.simulator import TcpBoard
from tests.helpers_wait import eventually

ALWAYS_OPEN = 'office_hours = "00:00-24:00"\noffice_days = "1-7"\n'
OUTAGE_SECONDS = 20.0
RIGHT_WITHIN_SECONDS = 5.0


def test_the_board_is_right_within_5_s_of_its_link_returning_after_a_long_outage(
    store, write_config
):
    board = TcpBoard(poll_seconds=0.05).start()
    tcp_port = int(board.port.rsplit(":", 1)[1])
    # The default [sign] retry_max_seconds: the office's config does not have to know.
    settings = load_settings(
        write_config(f'[sign]\nport = "{board.port}"\npoll_seconds = 0.5\n{ALWAYS_OPEN}')
    )
    message = store.add_sign_message("Trước sự cố")
    service = SignService(store, settings).start()
    try:
        assert board.wait_until(lambda b: b.showing() == ["Truoc su co"], timeout=10)
        board.stop()  # the serial server goes away: nothing listens
        store.update_sign_message(message, text="Sau sự cố")
        assert eventually(lambda: not store.get_sign_status(board.port).connected, 10)
        back_at = time.monotonic() + OUTAGE_SECONDS
        while time.monotonic() < back_at:  # the outage lasts; the service keeps trying
            time.sleep(0.2)
        board = TcpBoard(poll_seconds=0.05, tcp_port=tcp_port).start()
        assert board.wait_until(
            lambda b: b.showing() == ["Sau su co"], timeout=RIGHT_WITHIN_SECONDS
        ), board.showing()
    finally:
        service.stop()
        board.stop()
