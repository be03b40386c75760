"""The Alpha encoder: golden vectors from the protocol notes, transliteration, injection safety."""

from __future__ import annotations

import pytest

from lobby.settings import all_settings
from signage.protocols import PROTOCOLS, alpha


def hex_bytes(text: str) -> bytes:
    return bytes.fromhex(text.replace(" ", ""))


SPEC_HELLO = "00 00 00 00 00 01 5A 30 30 02 41 41 48 45 4C 4C 4F 03 30 31 46 42 04"
CLEAR_PRIORITY = "00 00 00 00 00 01 5A 30 30 02 41 30 04"
SOFT_RESET = "00 00 00 00 00 01 5A 30 30 02 45 2C 03 30 30 37 36 04"


def test_spec_example_hello_matches_the_golden_bytes():
    assert alpha.encode_frame(b"AA" + b"HELLO") == hex_bytes(SPEC_HELLO)


def test_clear_priority_file_matches_the_golden_bytes():
    assert alpha.clear_priority_file() == hex_bytes(CLEAR_PRIORITY)


def test_soft_reset_matches_the_golden_bytes():
    assert alpha.soft_reset() == hex_bytes(SOFT_RESET)


def test_checksum_is_four_uppercase_hex_digits_of_the_sum_from_stx_to_etx():
    frame = alpha.encode_text_file(["zzzzzzzzzz"])
    body = frame[frame.index(alpha.STX) : frame.index(alpha.ETX) + 1]
    assert frame[-5:-1] == f"{sum(body) & 0xFFFF:04X}".encode()
    assert frame[-1] == alpha.EOT


def test_each_message_is_its_own_rotating_segment_in_order():
    frame = alpha.encode_text_file(["one", "two"])
    assert b"\x02AA\x1b\x20aone\x1b\x20atwo\x03" in frame


def test_no_messages_blank_the_board_with_one_empty_segment():
    frame = alpha.encode_text_file([])
    assert b"\x02AA\x1b\x20a\x03" in frame


def test_vietnamese_is_transliterated_on_the_wire():
    frame = alpha.encode_text_file(["Biết nghe dân nói", "Đường phố"])
    assert b"\x1b\x20aBiet nghe dan noi\x1b\x20aDuong pho\x03" in frame
    assert all(byte < 0x80 for byte in frame)


def test_control_characters_in_user_text_cannot_inject_a_frame():
    hostile = "a\x03\x04\x00\x00\x01Z00\x02E$\x1b b\x7fc"
    frame = alpha.encode_text_file([hostile])
    data = frame[frame.index(alpha.STX) + 1 : frame.index(alpha.ETX)]
    assert data == b"AA\x1b\x20a" + b"a     Z00 E$  b c"


def test_address_and_sign_type_go_into_the_header():
    frame = alpha.encode_text_file(["x"], sign_type="1", address="0a")
    assert frame.startswith(b"\x00" * 5 + b"\x01" + b"10A\x02")


@pytest.mark.parametrize(
    "kwargs",
    [{"address": "0"}, {"address": "GG"}, {"sign_type": "Q"}, {"label": "\x1b"}, {"mode": "x"}],
)
def test_bad_frame_arguments_are_refused(kwargs):
    with pytest.raises(alpha.EncodeError):
        alpha.encode_text_file(["x"], **kwargs)


@pytest.mark.parametrize("command", [b"A\x03", b"AA\x01", b"AA\x80", b""])
def test_raw_commands_cannot_carry_framing_or_8_bit_bytes(command):
    with pytest.raises(alpha.EncodeError):
        alpha.encode_frame(command)


def test_every_protocol_option_is_a_documented_setting_with_the_same_default():
    for name, module in PROTOCOLS.items():
        for option in module.OPTIONS:
            setting = next(
                s for s in all_settings() if s.section == f"sign.{name}" and s.key == option.key
            )
            assert option.default == setting.default
            assert option.help
            assert option.check(option.default) is None
            assert setting.check(option.default) is None
