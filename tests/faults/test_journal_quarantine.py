"""Damaged journal lines are skipped but never lost: each is kept, byte for byte, in a quarantine
file beside the journal, and the warning names the visit's UUID when it can still be read."""

from __future__ import annotations

import logging

from lobby.journal import Journal, encode_line
from tests.faults.helpers import make_visit


def _damage(line: bytes) -> bytes:
    """The line with one character changed, as a bad sector or a flipped bit does."""
    at = line.index(b"default")
    return line[:at] + b"X" + line[at + 1 :]


def test_damaged_lines_are_quarantined_with_their_visit_named_and_kept_after_replay(
    tmp_path, caplog
):
    path = tmp_path / "kiosk-journal.jsonl"
    good, bad, torn = make_visit(1), make_visit(2), make_visit(3)
    bad_line = _damage(encode_line("visit", bad.to_json()))
    whole = encode_line("visit", torn.to_json())
    torn_line = whole[: whole.index(torn.id.encode()) + 40]  # a power cut mid-write
    path.write_bytes(encode_line("visit", good.to_json()) + bad_line + torn_line)

    journal = Journal(path)
    with caplog.at_level(logging.WARNING, logger="lobby.journal"):
        journal.open()
    assert journal.pending() == [good]
    assert f"dòng 2 hỏng (checksum mismatch), lượt đánh giá {bad.id}" in caplog.text
    assert f"ghi dở (mất điện hoặc đầy đĩa), lượt đánh giá {torn.id}" in caplog.text
    quarantine = tmp_path / "kiosk-journal.jsonl.damaged"
    assert quarantine.read_bytes() == bad_line + torn_line + b"\n"
    assert oct(quarantine.stat().st_mode & 0o777) == "0o600"  # visits may carry a phone number

    journal.mark_done(good.id)  # the store took the good one: the journal is emptied
    journal.close()
    assert path.stat().st_size == 0
    assert quarantine.read_bytes() == bad_line + torn_line + b"\n"


def test_a_damaged_line_read_again_is_quarantined_once(tmp_path):
    path = tmp_path / "kiosk-journal.jsonl"
    waiting = make_visit(1)
    bad_line = _damage(encode_line("visit", make_visit(2).to_json()))
    path.write_bytes(bad_line + encode_line("visit", waiting.to_json()))
    for _ in range(3):  # three starts while the store is away: the journal is never emptied
        journal = Journal(path)
        journal.open()
        assert journal.pending() == [waiting]
        journal.close()
    assert (tmp_path / "kiosk-journal.jsonl.damaged").read_bytes() == bad_line


def test_a_line_with_no_readable_id_is_still_kept(tmp_path, caplog):
    path = tmp_path / "kiosk-journal.jsonl"
    garbage = b"\x00\x00\x00\xff\xfe not json at all"
    path.write_bytes(garbage + b"\n")
    journal = Journal(path)
    with caplog.at_level(logging.WARNING, logger="lobby.journal"):
        journal.open()
    journal.close()
    assert "không đọc được mã lượt" in caplog.text
    assert (tmp_path / "kiosk-journal.jsonl.damaged").read_bytes() == garbage + b"\n"
    assert path.stat().st_size == 0
