"""Visits are written once, with context and answers, flagged for repeats, on both backends."""

from __future__ import annotations

import threading
import unicodedata
from datetime import UTC, date, datetime, timedelta

import pytest

from lobby.store import OfficialInput, Store
from lobby.visit_record import AnswerRecord, VisitRecord

T0 = datetime(2026, 4, 1, 2, 0, tzinfo=UTC)  # 09:00 on 01/04 in Hà Nội
OVERALL = AnswerRecord("overall", "Ông/Bà hài lòng?", "hai_long", "Hài lòng", 1, True)
ATTITUDE = AnswerRecord("thai_do", "Thái độ?", "chua_tot", "Chưa tốt", 1, False)


def visit(at: datetime = T0, device: str = "kiosk-1", **extra) -> VisitRecord:
    fields = {"answers": (OVERALL,), **extra}
    return VisitRecord(
        id=VisitRecord.new_id(),
        device_id=device,
        channel="kiosk",
        created_at=at,
        survey_key="hai-long-chung",
        survey_version=2,
        **fields,
    )


def test_a_visit_is_written_with_its_answers_in_order_and_read_back(any_store):
    v = visit(
        answers=(OVERALL, ATTITUDE),
        reasons=("cho_lau", "thai_do"),
        comment="  Cán bộ nhiệt tình  ",
        callback_phone="0912345678",
        callback_consent=True,
        input_channel="key",
    )
    assert any_store.record_visit(v) is True
    row = any_store.visit_by_id(v.id)
    assert row.answers == (OVERALL, ATTITUDE) and row.overall == OVERALL
    assert row.reasons == ("cho_lau", "thai_do")
    assert (row.comment, row.callback_phone, row.callback_consent) == (
        "Cán bộ nhiệt tình",
        "0912345678",
        True,
    )
    assert (row.survey_key, row.survey_version, row.input_channel) == ("hai-long-chung", 2, "key")
    assert row.created_at == T0 and row.local_day == date(2026, 4, 1)
    assert any_store.visit_by_id("no-such-visit") is None


def test_writing_the_same_visit_again_keeps_one_row(any_store):
    v = visit()
    assert any_store.record_visit(v) is True
    assert any_store.record_visit(v) is False
    assert any_store.count_visits() == 1


def test_concurrent_writers_of_the_same_visit_store_it_once(any_store, store_url):
    v = visit()
    others = [Store.open(store_url, migrate=False) for _ in range(4)]
    results: list[bool] = []
    barrier = threading.Barrier(len(others))

    def write(store: Store) -> None:
        barrier.wait()
        results.append(store.record_visit(v))

    threads = [threading.Thread(target=write, args=(s,)) for s in others]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    for s in others:
        s.close()
    assert sorted(results) == [False, False, False, True]
    assert any_store.count_visits() == 1


def test_presses_inside_the_response_interval_are_kept_and_flagged(any_store):
    first, quick, other_kiosk, later = (
        visit(T0),
        visit(T0 + timedelta(seconds=3)),
        visit(T0 + timedelta(seconds=4), device="kiosk-2"),
        visit(T0 + timedelta(seconds=9)),
    )
    for v in (first, quick, other_kiosk, later):
        any_store.record_visit(v, repeat_interval_seconds=5)
    flags = {
        v.id: any_store.visit_by_id(v.id).is_repeat for v in (first, quick, other_kiosk, later)
    }
    assert flags == {first.id: False, quick.id: True, other_kiosk.id: False, later.id: False}
    assert any_store.count_visits() == 4
    assert any_store.count_visits(include_repeats=False) == 3
    counts = any_store.daily_level_counts(T0.date(), T0.date())
    assert [(c.level_key, c.count) for c in counts] == [("hai_long", 3)]
    everything = any_store.daily_level_counts(T0.date(), T0.date(), include_repeats=True)
    assert [c.count for c in everything] == [4]
    assert any_store.count_repeats(T0.date(), T0.date()) == 1


def test_a_dossier_rated_twice_is_kept_and_flagged(any_store):
    first = visit(dossier_code="H56.01-260401-0001")
    again = visit(T0 + timedelta(hours=2), dossier_code="H56.01-260401-0001")
    other = visit(T0 + timedelta(hours=3), dossier_code="H56.01-260401-0002")
    for v in (first, again, other):
        any_store.record_visit(v)
    assert [any_store.visit_by_id(v.id).dossier_repeat for v in (first, again, other)] == [
        False,
        True,
        False,
    ]


def test_codes_resolve_to_officials_and_unknown_codes_are_kept_as_text(any_store):
    any_store.upsert_officials(
        [OfficialInput("CB01", "Nguyễn Thị Lan", "Chuyên viên", "Phòng Một cửa", "Quầy 1")]
    )
    (counter,) = any_store.list_counters()
    known = visit(official_code="CB01")
    unknown = visit(T0 + timedelta(minutes=1), official_code="CB99", counter_code="quay-moi")
    any_store.record_visit(known)
    any_store.record_visit(unknown)
    row = any_store.visit_by_id(known.id)
    assert (row.official_code, row.official_name) == ("CB01", "Nguyễn Thị Lan")
    assert (row.counter_code, row.counter_name) == (counter.code, "Quầy 1")
    assert (row.unit_code, row.unit_name) == ("phong-mot-cua", "Phòng Một cửa")
    row = any_store.visit_by_id(unknown.id)
    assert (row.official_code, row.official_name) == ("CB99", None)
    assert (row.counter_code, row.counter_name, row.unit_code) == ("quay-moi", None, None)


def test_every_text_of_a_visit_is_stored_in_nfc(any_store):
    nfd = unicodedata.normalize("NFD", "Chờ lâu quá")
    v = visit(
        comment=nfd,
        answers=(AnswerRecord("overall", nfd, "khong_hai_long", nfd, 3, False),),
    )
    any_store.record_visit(v)
    row = any_store.visit_by_id(v.id)
    assert row.comment == row.answers[0].question_text == row.answers[0].level_label
    assert row.comment == unicodedata.normalize("NFC", "Chờ lâu quá")


def test_satisfied_is_what_the_level_meant_when_the_visit_was_given(any_store):
    # Survey version 1 counted "binh_thuong" as satisfied; version 2 no longer does.
    then = AnswerRecord("overall", "?", "binh_thuong", "Bình thường", 2, True)
    now = AnswerRecord("overall", "?", "binh_thuong", "Bình thường", 2, False)
    any_store.record_visit(visit(answers=(then,)))
    any_store.record_visit(visit(T0 + timedelta(minutes=1), answers=(now,)))
    counts = any_store.daily_level_counts(T0.date(), T0.date())
    assert sorted((c.level_key, c.satisfied, c.count) for c in counts) == [
        ("binh_thuong", False, 1),
        ("binh_thuong", True, 1),
    ]


def test_iter_visits_pages_through_days_oldest_first(any_store):
    written = [visit(T0 + timedelta(minutes=n)) for n in range(7)]
    for v in reversed(written):
        any_store.record_visit(v)
    any_store.record_visit(visit(T0 + timedelta(days=3)))
    got = list(any_store.iter_visits(T0.date(), T0.date(), batch=3))
    assert [v.id for v in got] == [v.id for v in written]
    assert all(v.answers == (OVERALL,) for v in got)


def test_writing_a_visit_touches_its_device(any_store):
    any_store.touch_device("bang-led-1", kind="sign", name="Bảng LED", place="Sảnh")
    any_store.record_visit(visit(device="kiosk-sanh"))
    devices = {d.id: d for d in any_store.list_devices()}
    assert devices["kiosk-sanh"].kind == "kiosk" and devices["kiosk-sanh"].last_seen_at
    assert (devices["bang-led-1"].name, devices["bang-led-1"].place) == ("Bảng LED", "Sảnh")
    with pytest.raises(ValueError):
        any_store.touch_device("x", kind="toaster")
