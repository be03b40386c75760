"""Sign errors read by a clerk: real failures of the serial link are explained in Vietnamese on
the sign page, with the technical text kept beside them."""

from __future__ import annotations

import os
import pty
import socket

import pytest

from admin_web.sign_errors import explain_sign_error
from lobby.store.sign import SIMULATED_SIGN_ID
from signage.transport import SerialTransport, TransportError


def _failure(port: str, write: bool = False, before_write=None) -> str:
    """Return the message of the TransportError a real fault gives."""
    transport = SerialTransport(port, write_timeout=0.5)
    try:
        transport.open()
        if before_write:
            before_write()
        transport.write(b"hello" * 100)
        transport.write(b"hello" * 100)
    except TransportError as exc:
        return str(exc)
    finally:
        transport.close()
    raise AssertionError("the fault did not happen")


def test_a_missing_port_says_to_check_the_cable(tmp_path):
    message = _failure(str(tmp_path / "ttyUSB9"))
    assert "Không thấy cổng nối bảng LED" in explain_sign_error(message)


def test_a_closed_pseudo_terminal_says_the_link_was_lost():
    leader, follower = pty.openpty()
    name = os.ttyname(follower)
    os.close(follower)
    message = _failure(name, before_write=lambda: os.close(leader))
    assert "Mất kết nối với bảng LED" in explain_sign_error(message), message


def test_a_network_board_that_refuses_says_so():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free_port = probe.getsockname()[1]
    message = _failure(f"socket://127.0.0.1:{free_port}")
    assert "từ chối kết nối" in explain_sign_error(message), message


@pytest.mark.parametrize("text", [None, ""])
def test_no_error_has_no_explanation(text):
    assert explain_sign_error(text) is None


def test_the_services_own_vietnamese_messages_are_kept():
    text = "Bảng LED không đủ bộ nhớ cho 140 thông điệp."
    assert explain_sign_error(text) == text


def test_the_sign_page_explains_the_error_and_keeps_the_details(staff, store, tmp_path):
    technical = _failure(str(tmp_path / "ttyUSB9"))
    store.report_sign_error("", technical, sign_id=SIMULATED_SIGN_ID)
    html = staff.get("/sign").get_data(as_text=True)
    assert "Không thấy cổng nối bảng LED" in html
    assert "Chi tiết kỹ thuật" in html and "ttyUSB9" in html
