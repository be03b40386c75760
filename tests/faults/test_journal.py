"""The local journal: fsync'd lines with checksums; torn or corrupt lines are skipped."""

from __future__ import annotations

import logging
from dataclasses import replace

import pytest

from lobby.journal import Journal, JournalError, decode_line, encode_line
from tests.faults.helpers import make_visit


def test_visits_survive_a_reopen_in_order(tmp_path):
    path = tmp_path / "var" / "journal.jsonl"
    journal = Journal(path)
    visits = [make_visit(i) for i in range(3)]
    for visit in visits:
        journal.append(visit)
    journal.close()

    again = Journal(path)
    again.open()
    assert again.pending() == visits
    assert oct(path.stat().st_mode & 0o777) == "0o600"  # visits may carry a phone number


def test_done_visits_are_not_replayed_and_the_file_is_emptied_when_all_are_done(tmp_path):
    path = tmp_path / "journal.jsonl"
    journal = Journal(path)
    first, second = make_visit(1), make_visit(2)
    journal.append(first)
    journal.append(second)
    journal.mark_done(first.id)
    journal.close()

    again = Journal(path)
    again.open()
    assert [v.id for v in again.pending()] == [second.id]
    again.mark_done(second.id)
    assert again.pending() == []
    assert path.stat().st_size == 0


def test_a_torn_last_line_is_skipped_and_cut_before_the_next_append(tmp_path, caplog):
    path = tmp_path / "journal.jsonl"
    journal = Journal(path)
    kept = make_visit(1)
    journal.append(kept)
    journal.close()
    torn = encode_line("visit", make_visit(2).to_json())
    with open(path, "ab") as f:
        f.write(torn[: len(torn) // 2])  # what a power cut mid-write leaves

    again = Journal(path)
    with caplog.at_level(logging.WARNING, logger="lobby.journal"):
        again.open()
    assert again.pending() == [kept]
    assert "ghi dở" in caplog.text
    later = make_visit(3)
    again.append(later)
    again.close()

    third = Journal(path)
    third.open()
    assert third.pending() == [kept, later]


def test_a_corrupt_line_in_the_middle_is_skipped_with_a_warning(tmp_path, caplog):
    path = tmp_path / "journal.jsonl"
    journal = Journal(path)
    visits = [make_visit(i) for i in range(3)]
    for visit in visits:
        journal.append(visit)
    journal.close()
    lines = path.read_bytes().split(b"\n")
    lines[1] = lines[1].replace(b"hai_long", b"hai_lonk")  # a flipped byte
    path.write_bytes(b"\n".join(lines))

    again = Journal(path)
    with caplog.at_level(logging.WARNING, logger="lobby.journal"):
        again.open()
    assert again.pending() == [visits[0], visits[2]]
    assert "dòng 2" in caplog.text


def test_checksums_catch_a_changed_body():
    line = encode_line("done", "abc")
    assert decode_line(line.rstrip(b"\n")) == ("done", "abc")
    with pytest.raises(ValueError, match="checksum"):
        decode_line(line.replace(b'"abc"', b'"abd"'))


def test_a_second_journal_on_the_same_file_is_refused(tmp_path):
    path = tmp_path / "journal.jsonl"
    first = Journal(path)
    first.open()
    second = Journal(path)
    with pytest.raises(JournalError, match="in use"):
        second.open()
    first.close()
    second.open()  # the file is free again: the second journal now takes visits
    visit = make_visit()
    second.append(visit)
    assert second.pending() == [visit]
    second.close()


def test_a_journal_left_with_only_done_visits_is_emptied_at_open(tmp_path):
    path = tmp_path / "journal.jsonl"
    visit = make_visit()
    with open(path, "wb") as f:
        f.write(encode_line("visit", visit.to_json()) + encode_line("done", visit.id))
    journal = Journal(path)
    journal.open()
    assert journal.pending() == []
    assert path.stat().st_size == 0


def test_an_unusable_folder_raises_journal_error(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    journal = Journal(blocker / "journal.jsonl")
    with pytest.raises(JournalError):
        journal.append(make_visit())


# A visit as the kiosk journalled it before VisitRecord.extra was removed (it was always {}).
OLD_VISIT_JSON = (
    '{"answers":[{"level_index":1,"level_key":"hai_long","level_label":"Hài lòng",'
    '"question_key":"overall","question_text":"Ông/Bà hài lòng?","satisfied":true}],'
    '"callback_consent":false,"callback_phone":null,"channel":"kiosk",'
    '"comment":"Cán bộ nhiệt tình, chu đáo","counter_code":null,'
    '"created_at":"2026-11-28T03:00:05+00:00","device_id":"kiosk-test","dossier_code":null,'
    '"extra":{},"id":"6f1c2a9e-3b7d-4e51-9a0c-2d8f4b6e1a37","input_channel":"touch",'
    '"official_code":null,"reasons":[],"survey_key":"default","survey_version":1,'
    '"unit_code":null}'
)


def test_a_journal_written_by_an_older_version_with_extra_still_replays(tmp_path):
    path = tmp_path / "journal.jsonl"
    path.write_bytes(encode_line("visit", OLD_VISIT_JSON))
    path.chmod(0o600)
    journal = Journal(path)
    journal.open()
    (visit,) = journal.pending()
    assert visit == replace(make_visit(5), id="6f1c2a9e-3b7d-4e51-9a0c-2d8f4b6e1a37")
    assert not hasattr(visit, "extra")
    assert '"extra"' not in visit.to_json()
    journal.mark_done(visit.id)
    assert journal.pending() == []
