"""Devices page: kiosks and signs with last contact and votes today, names and places, and the
front page's warning about silent devices."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest

from admin_web import create_app
from lobby import clock
from lobby.settings import load_settings
from lobby.store.devices import upsert_device
from lobby.store.models import Device
from lobby.visit_record import AnswerRecord, VisitRecord
from tests.admin.helpers import Browser

# The front page warns only in working hours: these tests keep the office open round the clock.
ROUND_THE_CLOCK = '[office]\nworking_hours = "00:00-24:00"\nworking_days = "1-7"\n'


@pytest.fixture
def settings(write_config):
    """The test settings, with the office open at whatever hour the tests run."""
    return load_settings(write_config(ROUND_THE_CLOCK))


def _vote(store, device: str, at) -> None:
    answer = AnswerRecord("overall", "Hài lòng?", "hai_long", "Hài lòng", 0, True)
    visit = VisitRecord(
        id=VisitRecord.new_id(),
        device_id=device,
        channel="kiosk",
        created_at=at,
        survey_key="s",
        survey_version=1,
        answers=(answer,),
    )
    assert store.record_visit(visit, repeat_interval_seconds=0)


def _seen(store, device: str, at) -> None:
    with store.session() as s:
        upsert_device(s, device, seen_at=at)


def _row(html: str, heading: str) -> str:
    match = re.search(rf'<th scope="row">{re.escape(heading)}.*?</tr>', html, re.S)
    assert match, f"no row {heading!r}"
    return match.group(0)


def test_the_page_lists_kiosks_and_signs_with_votes_today_and_last_contact(staff, store):
    now = clock.utcnow()
    for minutes in (1, 2):
        _vote(store, "kiosk-sanh", now - timedelta(minutes=minutes))
    _vote(store, "kiosk-sanh", now - timedelta(days=2))  # not today
    _vote(store, "kiosk-tang2", now - timedelta(minutes=3))
    store.report_sign_ok("/dev/ttyUSB0", "Biết cảm ơn")
    html = staff.get("/devices").get_data(as_text=True)
    sanh = _row(html, "kiosk-sanh")
    assert re.search(r'<td class="num"[^>]*>2</td>', sanh), sanh
    assert re.search(r'<td class="num"[^>]*>1</td>', _row(html, "kiosk-tang2"))
    sign = _row(html, "/dev/ttyUSB0")
    assert "Bảng LED" in sign and "Chưa cấp" in sign
    local = clock.to_local(store.get_sign_status("/dev/ttyUSB0").last_ok_at)
    assert local.strftime("%d/%m/%Y %H:%M") in sign
    assert "Sửa: Bảng LED “/dev/ttyUSB0”" in sign and "Cấp mã API: Kiosk" in sanh


def test_names_and_places_are_edited_and_audited(staff, store):
    store.touch_device("kiosk-sanh")
    store.report_sign_ok("/dev/ttyUSB0", "x")
    url = "/devices/edit?kind=kiosk&id=kiosk-sanh"
    response = staff.post(url, {"name": "Kiosk sảnh", "place": "Tầng 1, cạnh cửa"})
    assert response.status_code == 302
    (device,) = store.list_devices()
    assert (device.name, device.place) == ("Kiosk sảnh", "Tầng 1, cạnh cửa")
    (entry,) = store.audit_entries(action="device.update")
    assert entry.target == "device:kiosk:kiosk-sanh"
    assert json.loads(entry.after) == {"name": "Kiosk sảnh", "place": "Tầng 1, cạnh cửa"}
    assert json.loads(entry.before) == {"name": None, "place": None}
    sign_url = "/devices/edit?kind=sign&id=/dev/ttyUSB0"
    assert staff.post(sign_url, {"name": "Bảng cổng", "place": "Cổng chính"}).status_code == 302
    html = staff.get("/devices").get_data(as_text=True)
    assert "Bảng cổng" in _row(html, "Bảng cổng") and "Cổng chính" in html
    response = staff.post(url, {"name": "Dài " * 80, "place": "Sảnh"})
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "Tên dài quá 200 ký tự." in text and 'value="Sảnh"' in text
    assert store.list_devices()[0].name == "Kiosk sảnh"


def test_unknown_devices_give_404(staff, store):
    store.touch_device("kiosk-sanh")
    for url in (
        "/devices/edit?kind=kiosk&id=khong-co",
        "/devices/edit?kind=toaster&id=kiosk-sanh",
        "/devices/edit?kind=sign&id=kiosk-sanh",
        "/devices/edit",
        "/devices/edit?kind=kiosk&id=" + "x" * 400,
    ):
        assert staff.get(url).status_code == 404, url
    assert staff.post("/devices/token?kind=kiosk&id=khong-co").status_code == 404


def test_the_front_page_warns_about_devices_silent_too_long(app, staff, store):
    now = clock.utcnow()
    _seen(store, "kiosk-im-lang", now - timedelta(minutes=45))
    _seen(store, "kiosk-moi", now - timedelta(minutes=5))
    store.touch_device("kiosk-chua-thay")
    with store.session() as s:  # a device registered but never heard from
        s.get(Device, "kiosk-chua-thay").last_seen_at = None
    html = staff.get("/").get_data(as_text=True)
    warning = re.search(
        r'<div class="error" role="alert" id="device-warning">(.*?)</div>', html, re.S
    )
    assert warning, html
    text = warning.group(1)
    assert "Thiết bị im lặng quá 30 phút" in text and "Kiosk “kiosk-im-lang”" in text
    assert "kiosk-moi" not in text and "kiosk-chua-thay" not in text
    seen = clock.to_local(now - timedelta(minutes=45)).strftime("%d/%m/%Y %H:%M")
    assert seen in text
    assert "Im lặng quá 30 phút" in _row(
        staff.get("/devices").get_data(as_text=True), "kiosk-im-lang"
    )


def test_the_silence_limit_is_a_setting(write_config, store, password_hash):
    settings = load_settings(
        write_config(ROUND_THE_CLOCK + "[admin]\ndevice_silent_minutes = 60\n")
    )
    assert settings.admin.device_silent_minutes == 60
    app = create_app(settings, store, test_config={"TESTING": True})
    browser = Browser(app.test_client())
    store.create_user("quantri", password_hash, role="admin")
    browser.login("quantri")
    _seen(store, "kiosk-im-lang", clock.utcnow() - timedelta(minutes=45))
    assert 'id="device-warning"' not in browser.get("/").get_data(as_text=True)
    _seen(store, "kiosk-im-lang-lau", clock.utcnow() - timedelta(minutes=90))
    assert "kiosk-im-lang-lau" in browser.get("/").get_data(as_text=True)


def test_device_lines_tokens_and_labels_on_each_backend(any_store):
    now = clock.utcnow()
    _vote(any_store, "kiosk-a", now)
    _vote(any_store, "kiosk-a", now - timedelta(minutes=1))
    any_store.report_sign_ok("/dev/ttyUSB0", "x")
    any_store.set_device_label("sign", "/dev/ttyUSB0", "Bảng  cổng", "")
    token = any_store.issue_device_token("sign", "/dev/ttyUSB0", "lan")
    today = clock.local_day(now)
    lines = {(r.kind, r.id): r for r in any_store.device_statuses(today)}
    assert lines[("kiosk", "kiosk-a")].votes_today == 2
    sign = lines[("sign", "/dev/ttyUSB0")]
    assert (sign.name, sign.place, sign.token.created_by) == ("Bảng cổng", None, "lan")
    assert any_store.device_for_token(token).device_id == "/dev/ttyUSB0"
    assert any_store.device_for_token(token + "x") is None
    assert any_store.revoke_device_token("sign", "/dev/ttyUSB0", "lan") is True
    assert any_store.device_for_token(token) is None
    assert any_store.revoke_device_token("sign", "/dev/ttyUSB0", "lan") is False
    assert any_store.silent_devices(now + timedelta(minutes=31), 30) != []
    assert any_store.silent_devices(now, 30) == []
