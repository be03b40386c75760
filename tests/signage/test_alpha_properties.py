"""Property: any Unicode messages make one valid 7-bit frame carrying none of their controls."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from signage.protocols import alpha

SEGMENT_HEAD = bytes([alpha.ESC, 0x20]) + b"a"


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(st.text(max_size=60), max_size=6))
def test_any_text_list_yields_one_valid_seven_bit_frame(texts):
    frame = alpha.encode_text_file(texts)

    assert all(byte < 0x80 for byte in frame)
    decoder = alpha.Decoder()
    [decoded] = decoder.feed(frame)
    assert (decoder.frames_ok, decoder.frames_bad, decoder.garbage_bytes) == (1, 0, 0)

    stx, etx = frame.index(alpha.STX), frame.rindex(alpha.ETX)
    assert frame[:stx] == b"\x00" * 5 + b"\x01Z00"
    assert frame[etx + 1 :] == b"%04X" % (sum(frame[stx : etx + 1]) & 0xFFFF) + b"\x04"
    data = frame[stx + 1 : etx]
    assert data.startswith(b"AA" + SEGMENT_HEAD)
    pieces = data[2:].split(SEGMENT_HEAD)
    assert pieces[0] == b"" and len(pieces) == max(1, len(texts)) + 1
    for piece in pieces[1:]:
        assert not any(byte < 0x20 or byte == 0x7F for byte in piece)

    segments = alpha.parse_text_file(decoded.command).segments
    expected = [alpha.display_text(t) for t in texts] or [""]
    assert [s.text for s in segments] == expected
