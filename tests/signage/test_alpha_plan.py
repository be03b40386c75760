"""Alpha, complete: one file per message, styles, urgent notices, clock, memory layout, sizes."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lobby.vntext import nfc
from signage.items import BoardProfile, SignItem
from signage.protocols import SignTooLarge, alpha
from signage.protocols.base import COLOURS, MODES, POSITIONS


def hex_bytes(text: str) -> bytes:
    return bytes.fromhex(text.replace(" ", ""))


def board_after(plan, board: BoardProfile | None = None) -> alpha.BoardSimulator:
    sim = alpha.BoardSimulator(board)
    for frame in plan.all_frames():
        sim.feed(frame)
    return sim


def text_command(frame: bytes) -> bytes:
    [decoded] = alpha.decode(frame)
    return decoded.command


def test_one_message_plan_matches_the_golden_bytes():
    plan = alpha.encode([SignItem("Biết nghe dân nói")])
    # E$ + a pool of 16 text files "A".."P", unlocked, 0x0100 bytes each, always run ("FF00"),
    # so enabling, disabling or adding messages later needs no new memory configuration.
    records = "".join(f"{label}AU0100FF00" for label in "ABCDEFGHIJKLMNOP")
    assert plan.config_frames == [
        hex_bytes("00 00 00 00 00 01 5A 30 30 02 45 24")
        + records.encode("ascii")
        + hex_bytes("03 32 39 32 36 04")
    ]
    assert plan.frames == [
        hex_bytes(
            "00 00 00 00 00 01 5A 30 30 02 41 41 1B 20 61 42 69 65 74 20 6E 67 68 65 20 64 61 6E"
            " 20 6E 6F 69 03 30 37 32 32 04"
        ),
        hex_bytes("00 00 00 00 00 01 5A 30 30 02 45 2E 53 55 41 03 30 31 36 31 04"),  # E.SU A
        hex_bytes("00 00 00 00 00 01 5A 30 30 02 41 30 04"),  # clear the priority file
    ]


def test_each_message_gets_its_own_file_run_in_order():
    plan = alpha.encode([SignItem("một"), SignItem("hai"), SignItem("ba")])
    sim = board_after(plan)
    assert sim.showing() == ["mot", "hai", "ba"]
    assert sim.sequence == ["A", "B", "C"]
    assert sorted(sim.files) == ["A", "B", "C"]
    assert sim.frames_bad == 0


@pytest.mark.parametrize("position", POSITIONS)
@pytest.mark.parametrize("mode", MODES)
def test_every_mode_and_position_is_encoded_and_read_back(mode, position):
    command = text_command(alpha.encode([SignItem("x", mode=mode, position=position)]).frames[0])
    assert command[2:5] == bytes([alpha.ESC, alpha.POSITIONS[position]]) + alpha.MODE_CODES[
        mode
    ].encode("ascii")
    sim = board_after(alpha.encode([SignItem("x", mode=mode, position=position)]))
    [item] = sim.snapshot().items
    assert (item.mode, item.position) == (mode, position)


def test_rotate_is_the_default_mode():
    assert text_command(alpha.encode([SignItem("x")]).frames[0])[2:5] == b"\x1b a"


@pytest.mark.parametrize("colour", COLOURS)
def test_colours_emit_the_colour_code(colour):
    command = text_command(alpha.encode([SignItem("x", colour=colour)]).frames[0])
    assert command[5:7] == b"\x1c" + alpha.COLOUR_CODES[colour].encode("ascii")
    [item] = board_after(alpha.encode([SignItem("x", colour=colour)])).snapshot().items
    assert item.colour == colour


@pytest.mark.parametrize("speed", [1, 2, 3, 4, 5])
def test_speeds_one_to_five_emit_codes_15_to_19(speed):
    command = text_command(alpha.encode([SignItem("x", speed=speed)]).frames[0])
    assert command[5] == 0x14 + speed
    [item] = board_after(alpha.encode([SignItem("x", speed=speed)])).snapshot().items
    assert item.speed == speed


def test_no_colour_or_speed_code_when_not_given():
    command = text_command(alpha.encode([SignItem("x")]).frames[0])
    assert command == b"AA\x1b ax"


@pytest.mark.parametrize(
    "item",
    [
        SignItem("x", speed=6),
        SignItem("x", colour="purple"),
        SignItem("x", mode="spin"),
        SignItem("x", position="left"),
    ],
)
def test_bad_styles_are_refused_naming_the_field(item):
    with pytest.raises(alpha.EncodeError):
        alpha.encode([item])


def test_time_and_date_placeholders_insert_the_board_clock():
    plan = alpha.encode([SignItem("Bây giờ {giờ} ngày {ngày}")])
    assert text_command(plan.frames[0]).endswith(b"Bay gio \x13 ngay \x0b1")
    sim = board_after(plan)
    for frame in alpha.clock_frames(datetime(2026, 9, 2, 7, 45)):
        sim.feed(frame)
    assert sim.showing() == ["Bay gio 07:45 ngay 02/09/26"]


def test_clock_frames_match_the_golden_bytes():
    time_frame, date_frame = alpha.clock_frames(datetime(2026, 9, 2, 7, 45))
    assert text_command(time_frame) == b"E 0745"
    assert text_command(date_frame) == b"E;090226"


def test_urgent_items_go_to_the_priority_file_and_hide_the_others():
    plan = alpha.encode([SignItem("thường"), SignItem("KHẨN", urgent=True, mode="flash")])
    assert text_command(plan.frames[-1]) == b"A0\x1b cKHAN"
    sim = board_after(plan)
    assert sim.showing() == ["KHAN"]
    assert sim.snapshot().items[0].urgent
    # When the notice ends, the plan clears the priority file and the messages come back.
    for frame in alpha.encode([SignItem("thường")]).frames:
        sim.feed(frame)
    assert sim.showing() == ["thuong"]


def test_urgent_notice_longer_than_the_priority_file_is_refused():
    with pytest.raises(SignTooLarge, match="125"):
        alpha.encode([SignItem("x" * 130, urgent=True)])


def test_140_messages_of_500_characters_are_refused_in_vietnamese():
    items = [SignItem("Biết lắng nghe " * 33) for _ in range(140)]
    with pytest.raises(SignTooLarge) as caught:
        alpha.encode(items)
    assert "thông điệp" in str(caught.value)


def test_memory_limit_is_checked():
    items = [SignItem("x" * 500) for _ in range(20)]  # a pool of 24 files of 512 bytes
    alpha.encode(items, memory_bytes=24 * 512)
    with pytest.raises(SignTooLarge, match="bộ nhớ"):
        alpha.encode(items, memory_bytes=24 * 512 - 1)


def test_fifty_two_messages_fit_each_file_within_its_allocated_size():
    items = [SignItem(f"Thông điệp {n} " + "chữ " * 20) for n in range(52)]
    sim = board_after(alpha.encode(items))
    assert len(sim.showing()) == 52
    assert sim.frames_bad == 0
    with pytest.raises(SignTooLarge):
        alpha.encode(items + [SignItem("một nữa")] * 10)


def test_memory_configuration_only_changes_when_the_pool_must_grow_or_a_text_outgrows_it():
    base = alpha.encode([SignItem("Một"), SignItem("Hai")])
    # Routine edits: other texts, a message disabled, messages added within the pool of 16.
    assert alpha.encode([SignItem("Ba"), SignItem("Bốn")]).config_key == base.config_key
    assert alpha.encode([SignItem("Một")]).config_key == base.config_key
    sixteen = [SignItem(f"Tin {n}") for n in range(16)]
    assert alpha.encode(sixteen).config_key == base.config_key
    # The pool grows by a block of 8, or a text outgrows the files' size.
    assert alpha.encode([*sixteen, SignItem("17")]).config_key != base.config_key
    assert alpha.encode([SignItem("Một"), SignItem("x" * 300)]).config_key != base.config_key


def test_disabling_one_of_ten_messages_rewrites_the_run_but_never_erases_the_board():
    ten = [SignItem(f"Thông điệp {n}") for n in range(10)]
    sim = board_after(alpha.encode(ten))
    nine = alpha.encode(ten[:3] + ten[4:])
    assert nine.config_key == alpha.encode(ten).config_key
    configurations = sim.configurations
    for frame in nine.frames:  # what the service sends: no memory configuration
        sim.feed(frame)
    assert sim.configurations == configurations
    assert sim.frames_bad == 0
    assert sim.showing() == [f"Thong diep {n}" for n in range(10) if n != 3]


def test_a_file_larger_than_its_allocation_is_rejected_by_the_board():
    sim = board_after(alpha.encode([SignItem("ngắn")]))
    big = alpha.encode([SignItem("dài " * 100)])
    for frame in big.frames:  # without the new memory configuration
        sim.feed(frame)
    assert sim.frames_bad == 1
    assert sim.showing() == ["ngan"]


def test_label_option_puts_the_first_message_in_that_file():
    plan = alpha.encode([SignItem("x")], label="Q")
    assert text_command(plan.frames[0]).startswith(b"AQ")


def test_typography_is_mapped_and_unsupported_characters_listed():
    assert alpha.display_text("Họp – 8:00 “Phòng 2”") == 'Hop - 8:00 "Phong 2"'
    assert alpha.unsupported_chars("Chào ☺") == ["☺"]
    assert alpha.unsupported_chars("Chào ☺", BoardProfile(16, 96, 3, "bitmap")) == []


BITMAP_BOARD = BoardProfile(rows=16, columns=96, colours=3, text_mode="bitmap")


def test_bitmap_mode_sends_pictures_allocated_as_dots_files():
    from signage.render import render_text

    plan = alpha.encode([SignItem("5 biết: Biết lắng nghe", colour="green")], BITMAP_BOARD)
    records = alpha.decode(plan.config_frames[0])[0].command
    # Pictures come after the 16 text files: Q, then spares to a block of 8 (Q..X), each
    # 0x10 rows, 0xC8 columns, 3-colour.
    for label in "QRSTUVWX":
        assert f"{label}DU10C82000".encode() in records
    picture = alpha.decode(plan.frames[0])[0].command
    assert picture.startswith(b"IQ10")
    sim = board_after(plan, BITMAP_BOARD)
    assert sim.frames_bad == 0
    [item] = sim.snapshot().items
    assert item.pixels == render_text("5 biết: Biết lắng nghe", 16, on="2")


def test_wide_bitmap_text_is_cut_into_pictures_within_alpha_limits():
    from signage.render import render_text

    text = "Biết lắng nghe, biết nói năng, biết đúng giờ, biết xin lỗi, biết cảm ơn"
    plan = alpha.encode([SignItem(text)], BITMAP_BOARD)
    pictures = [f for f in plan.frames if alpha.decode(f)[0].command[:1] == b"I"]
    assert len(pictures) > 1
    for frame in pictures:
        command = alpha.decode(frame)[0].command
        assert int(command[4:6], 16) <= alpha.PICTURE_COLUMNS
    [item] = board_after(plan, BITMAP_BOARD).snapshot().items
    assert item.pixels == render_text(text, 16)


def test_pictures_need_their_dots_allocation():
    plan = alpha.encode([SignItem("Biết")], BITMAP_BOARD)
    sim = alpha.BoardSimulator(BITMAP_BOARD)
    for frame in plan.frames:  # no memory configuration
        sim.feed(frame)
    assert sim.frames_bad >= 1


def test_seven_row_boards_transliterate_even_in_bitmap_mode():
    plan = alpha.encode([SignItem("Biết")], BoardProfile(7, 80, 3, "bitmap"))
    assert text_command(plan.frames[0]) == b"AA\x1b aBiet"


items_strategy = st.lists(
    st.builds(
        SignItem,
        text=st.text(max_size=40),
        mode=st.sampled_from(MODES),
        colour=st.none() | st.sampled_from(COLOURS),
        speed=st.none() | st.integers(1, 5),
        position=st.sampled_from(POSITIONS),
    ),
    max_size=6,
)


def as_shown(text: str) -> str:
    """What a board whose clock was never set shows of ``text``."""
    text = nfc(text)
    for placeholder, value in (
        ("{time}", "00:00"),
        ("{giờ}", "00:00"),
        ("{date}", "01/01/00"),
        ("{ngày}", "01/01/00"),
    ):
        text = text.replace(placeholder, value)
    return alpha.display_text(text).strip()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=items_strategy)
def test_any_items_round_trip_through_the_board(items):
    plan = alpha.encode(items)
    assert all(byte < 0x80 for frame in plan.all_frames() for byte in frame)
    sim = board_after(plan)
    assert sim.frames_bad == 0
    shown = sim.snapshot().items
    expected = [i for i in items if as_shown(i.text)]
    assert [s.text for s in shown] == [as_shown(i.text) for i in expected]
    assert [(s.mode, s.colour, s.speed) for s in shown] == [
        (i.mode, i.colour, i.speed) for i in expected
    ]


def test_every_vietnamese_letter_in_both_text_modes():
    # All 146 letters of lobby.vntext (the y family included), one message each.
    from lobby.vntext import to_ascii, vietnamese_letters
    from signage.render import render_text

    letters = vietnamese_letters()
    for start in range(0, len(letters), 40):
        chunk = letters[start : start + 40]
        ascii_board = board_after(alpha.encode([SignItem(ch) for ch in chunk]))
        assert ascii_board.showing() == [to_ascii(ch) for ch in chunk]
    for start in range(0, len(letters), 20):
        words = " ".join(letters[start : start + 20])
        bitmap_items = [SignItem(words)]
        sim = board_after(alpha.encode(bitmap_items, BITMAP_BOARD), BITMAP_BOARD)
        assert sim.frames_bad == 0
        [item] = sim.snapshot().items
        assert item.pixels == render_text(words, 16)
        assert item.pixels != render_text(to_ascii(words), 16)
