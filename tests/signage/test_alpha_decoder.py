"""The Alpha decoder: round trips, any chunking, garbage around frames, bad frames counted."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from signage.protocols import alpha

FRAME = alpha.encode_text_file(["Biết nghe dân nói", "Xin chào"])


def test_a_text_file_round_trips_through_the_decoder():
    [frame] = alpha.decode(FRAME)
    text_file = alpha.parse_text_file(frame.command)
    assert frame.checksummed
    assert text_file.label == "A"
    assert text_file.segments == [
        alpha.Segment(0x20, "a", "Biet nghe dan noi"),
        alpha.Segment(0x20, "a", "Xin chao"),
    ]


def test_decoder_fed_byte_by_byte_yields_the_frame_once():
    decoder = alpha.Decoder()
    frames = [frame for byte in FRAME for frame in decoder.feed(bytes([byte]))]
    assert len(frames) == 1
    assert (decoder.frames_ok, decoder.frames_bad) == (1, 0)


@settings(deadline=None)
@given(cuts=st.lists(st.integers(min_value=0, max_value=len(FRAME) * 2), max_size=10))
def test_decoder_is_indifferent_to_how_bytes_are_chunked(cuts):
    stream = FRAME + FRAME
    decoder = alpha.Decoder()
    bounds = [0, *sorted(cuts), len(stream)]
    frames = [
        f for a, b in zip(bounds, bounds[1:], strict=False) for f in decoder.feed(stream[a:b])
    ]
    assert [f.command for f in frames] == [alpha.decode(FRAME)[0].command] * 2


def test_garbage_around_frames_is_skipped():
    stream = b"\xff\x13noise\x01\x02" + FRAME + b"\r\n\x01Zxx" + alpha.soft_reset() + b"tail"
    decoder = alpha.Decoder()
    frames = decoder.feed(stream)
    assert [f.command[:1] for f in frames] == [b"A", b"E"]
    assert decoder.frames_bad == 0
    assert decoder.garbage_bytes > 0


def test_frame_with_a_bad_checksum_is_dropped_and_counted():
    broken = bytearray(FRAME)
    broken[-2] = ord("0") if broken[-2] != ord("0") else ord("1")
    decoder = alpha.Decoder()
    assert decoder.feed(bytes(broken) + alpha.soft_reset()) == alpha.decode(alpha.soft_reset())
    assert (decoder.frames_ok, decoder.frames_bad) == (1, 1)


def test_a_corrupted_data_byte_breaks_the_checksum():
    broken = FRAME.replace(b"Xin", b"Xon")
    decoder = alpha.Decoder()
    assert decoder.feed(broken) == []
    assert decoder.frames_bad == 1


def test_frame_cut_short_by_the_next_one_is_counted_bad():
    decoder = alpha.Decoder()
    frames = decoder.feed(FRAME[:20] + FRAME)
    assert len(frames) == 1
    assert (decoder.frames_ok, decoder.frames_bad) == (1, 1)


def test_clear_priority_file_without_checksum_is_understood():
    [frame] = alpha.decode(alpha.clear_priority_file())
    assert not frame.checksummed
    assert alpha.parse_text_file(frame.command) == alpha.TextFile("0", [])


def test_spec_hello_parses_as_one_segment_without_position_or_mode():
    [frame] = alpha.decode(alpha.encode_frame(b"AAHELLO"))
    assert alpha.parse_text_file(frame.command).segments == [alpha.Segment(None, None, "HELLO")]


def test_inline_codes_are_not_part_of_the_visible_text():
    assert alpha.visible_text("\x1c1Red \x1c2green\x19!") == "Red green!"
