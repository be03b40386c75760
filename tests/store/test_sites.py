"""Sites: creating them and their push tokens; codes unique per site; a site's visits resolve
to its own officials and count in its own tallies only, on both backends."""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from lobby.store import LOCAL_SITE_ID, OfficialFields, OfficialInput
from lobby.store.models import (
    Device,
    DeviceToken,
    FollowupCase,
    Letter,
    Official,
    ResultTally,
    Visit,
)
from lobby.visit_record import AnswerRecord, VisitRecord

T0 = datetime(2026, 4, 1, 2, 0, tzinfo=UTC)
LOW = AnswerRecord("overall", "Ông/Bà hài lòng?", "khong_hai_long", "Không hài lòng", 3, False)


def visit(official: str | None, **extra) -> VisitRecord:
    return VisitRecord(
        id=VisitRecord.new_id(),
        device_id=extra.pop("device", "kiosk-1"),
        channel="kiosk",
        created_at=extra.pop("at", T0),
        survey_key="hai-long-chung",
        survey_version=2,
        answers=(LOW,),
        official_code=official,
        **extra,
    )


def tallies(store, site_id: int) -> dict[tuple, int]:
    t = ResultTally
    query = select(t.dimension, t.span, t.group_key, t.ref_id, t.n).where(t.site_id == site_id)
    with store.engine.connect() as connection:
        return {tuple(row[:4]): row[4] for row in connection.execute(query)}


def test_a_store_has_its_own_site_and_a_new_site_gets_a_token_kept_only_hashed(any_store):
    (local,) = any_store.site_list()
    assert (local.id, local.code, local.name) == (LOCAL_SITE_ID, "local", "Cơ quan")

    site, token = any_store.create_site("xa-an-binh", "  UBND xã An Bình ", "lan")
    assert (site.code, site.name, site.active) == ("xa-an-binh", "UBND xã An Bình", True)
    assert site.id != LOCAL_SITE_ID and site.last_push_at is None
    assert [s.code for s in any_store.site_list()] == ["local", "xa-an-binh"]
    assert any_store.site_by_code("xa-an-binh") == site
    with any_store.session() as s:
        stored = s.scalars(select(DeviceToken).where(DeviceToken.device_kind == "site")).all()
        assert [(t.device_id, t.token_hash) for t in stored] == [
            ("xa-an-binh", hashlib.sha256(token.encode()).hexdigest())
        ]
        assert all(token not in (t.token_hash, t.device_id) for t in stored)
    assert any_store.site_for_token(token) == site


def test_a_site_code_must_be_well_formed_and_new(any_store):
    any_store.create_site("so-noi-vu", "Sở Nội vụ", "lan")
    for code, name in (("so-noi-vu", "Khác"), ("Sở nội vụ", "Có dấu"), ("", "Trống"), ("x", "")):
        with pytest.raises(ValueError):
            any_store.create_site(code, name, "lan")
    assert [s.code for s in any_store.site_list()] == ["local", "so-noi-vu"]


def test_a_revoked_or_replaced_site_token_is_refused(any_store):
    _site, first = any_store.create_site("xa-a", "Xã A", "lan")
    second = any_store.issue_site_token("xa-a", "lan")
    assert any_store.site_for_token(first) is None  # a new token revokes the previous one
    assert any_store.site_for_token(second).code == "xa-a"
    assert any_store.revoke_site_token("xa-a", "lan") is True
    assert any_store.site_for_token(second) is None
    assert any_store.revoke_site_token("xa-a", "lan") is False
    assert any_store.site_for_token("lobby_not-a-token") is None
    with pytest.raises(ValueError):
        any_store.issue_site_token("no-such-site", "lan")


def test_site_tokens_and_device_tokens_do_not_open_each_others_doors(any_store):
    _site, site_token = any_store.create_site("xa-b", "Xã B", "lan")
    kiosk_token = any_store.issue_device_token("kiosk", "kiosk-1", "lan")
    assert any_store.device_for_token(site_token) is None
    assert any_store.site_for_token(kiosk_token) is None
    assert any_store.device_for_token(kiosk_token).device_id == "kiosk-1"


def test_a_push_marks_the_site_with_its_time_and_clock_skew(any_store):
    site, _token = any_store.create_site("xa-c", "Xã C", "lan")
    before = datetime.now(UTC)
    any_store.mark_site_push(site.id, -42.5)
    marked = any_store.site_by_code("xa-c")
    assert marked.clock_skew_seconds == -42.5
    assert before - timedelta(seconds=1) <= marked.last_push_at <= datetime.now(UTC)
    assert any_store.site_by_code("local").last_push_at is None


def test_two_sites_may_use_the_same_codes_but_one_site_may_not(any_store):
    other, _ = any_store.create_site("xa-d", "Xã D", "lan")
    row = OfficialInput("CB01", "Nguyễn Văn An", unit="Phòng Một cửa", counter="Quầy 1")
    assert any_store.upsert_officials([row]) == (1, 0)
    assert any_store.upsert_officials([row], site_id=other.id) == (1, 0)  # a new one, not an update
    assert any_store.upsert_officials([row], site_id=other.id) == (0, 1)
    local_unit = any_store.add_unit("Phòng Tư pháp")
    other_unit = any_store.add_unit("Phòng Tư pháp", site_id=other.id)
    assert any_store.get_unit(local_unit).code == any_store.get_unit(other_unit).code
    with pytest.raises(ValueError):  # FieldError: the name is taken in that site
        any_store.add_unit("Phòng Tư pháp", site_id=other.id)
    any_store.add_official("CB02", OfficialFields("Trần Thị Bình"), site_id=other.id)
    any_store.add_official("CB02", OfficialFields("Lê Văn Cường"))
    with pytest.raises(ValueError):
        any_store.add_official("CB02", OfficialFields("Phạm Thu Dung"), site_id=other.id)
    with pytest.raises(ValueError):  # a unit of another site cannot hold this site's official
        any_store.add_official("CB03", OfficialFields("Đỗ Hà", unit_id=local_unit), other.id)
    counter = any_store.add_counter("Quầy 9", other_unit, site_id=other.id)
    assert any_store.get_counter(counter).unit_code == any_store.get_unit(other_unit).code


def test_a_site_visit_resolves_its_own_official_and_counts_only_in_its_own_tallies(any_store):
    other, _ = any_store.create_site("xa-e", "Xã E", "lan")
    row = OfficialInput("CB01", "Nguyễn Văn An", unit="Một cửa", counter="Quầy 1")
    any_store.upsert_officials([row])
    any_store.upsert_officials([dataclasses.replace(row, name="Hoàng Thị Em")], site_id=other.id)
    any_store.record_visit(visit("CB01"))
    local_before = tallies(any_store, LOCAL_SITE_ID)
    assert local_before

    received = T0 + timedelta(minutes=3)
    remote = visit("CB01", comment="Chờ lâu", device="kiosk-e")
    assert any_store.record_visit(remote, site_id=other.id, received_at=received) is True
    assert any_store.visit_by_id(remote.id).official_name == "Hoàng Thị Em"
    assert any_store.visit_by_id(remote.id).unit_code is not None

    assert tallies(any_store, LOCAL_SITE_ID) == local_before
    theirs = tallies(any_store, other.id)
    with any_store.session() as s:
        stored = s.get(Visit, remote.id)
        assert (stored.site_id, stored.received_at, stored.forwarded_at) == (
            other.id,
            received,
            None,
        )
        official_id = s.scalar(
            select(Official.id).where(Official.site_id == other.id, Official.code == "CB01")
        )
        assert stored.official_id == official_id
        assert s.get(Device, "kiosk-e").site_id == other.id
    assert theirs[("official", "d", "CB01", official_id)] == 1
    assert theirs[("visits", "d", "*", 0)] == 1
    assert sum(n for key, n in theirs.items() if key[:2] == ("total", "d")) == 1


def test_a_repeat_and_a_rated_dossier_are_judged_within_the_visits_site(any_store):
    other, _ = any_store.create_site("xa-f", "Xã F", "lan")
    assert any_store.record_visit(visit(None, dossier_code="HS-1"))
    second = visit(None, dossier_code="HS-1", at=T0 + timedelta(seconds=1))
    assert any_store.record_visit(second, site_id=other.id)
    row = any_store.visit_by_id(second.id)
    assert (row.is_repeat, row.dossier_repeat) == (False, False)
    third = visit(None, dossier_code="HS-1", at=T0 + timedelta(seconds=2))
    assert any_store.record_visit(third, site_id=other.id)
    row = any_store.visit_by_id(third.id)
    assert (row.is_repeat, row.dossier_repeat) == (True, True)


def test_cases_and_letters_belong_to_the_site_of_their_visit(any_store):
    other, _ = any_store.create_site("xa-g", "Xã G", "lan")
    remote = visit(None, comment="Chờ lâu", device="kiosk-g")
    any_store.record_visit(remote, site_id=other.id)
    any_store.record_visit(visit(None, comment="Ồn ào", at=T0 + timedelta(minutes=1)))
    assert any_store.sync_cases() == 2
    with any_store.session() as s:
        by_visit = {c.visit_id: c for c in s.scalars(select(FollowupCase))}
    case = by_visit[remote.id]
    assert case.site_id == other.id
    assert {c.site_id for v, c in by_visit.items() if v != remote.id} == {LOCAL_SITE_ID}

    template = any_store.save_letter_template(
        "apology", "Thư xin lỗi", "", "Kính gửi", "Nội dung", "", user="lan"
    )
    answered = any_store.create_letter("apology", template.id, {}, "Ông A", None, "lan", case.id)
    plain = any_store.create_letter("apology", template.id, {}, "Bà B", None, "lan")
    with any_store.session() as s:
        assert s.get(Letter, answered).site_id == other.id
        assert s.get(Letter, plain).site_id == LOCAL_SITE_ID


def test_a_central_server_lists_the_placeholder_site_only_once_it_holds_something(any_store):
    assert [s.code for s in any_store.site_list(listed_only=True)] == []
    any_store.create_site("xa-an-binh", "UBND xã An Bình", "lan")
    assert [s.code for s in any_store.site_list(listed_only=True)] == ["xa-an-binh"]
    any_store.add_unit("Một cửa")  # into site 1, as on an office's own store
    assert [s.code for s in any_store.site_list(listed_only=True)] == ["local", "xa-an-binh"]
