"""Per-device API token: issued on the devices page and shown once, stored hashed, accepted by
/api as ``Authorization: Bearer``; a wrong or revoked token gets 401 JSON."""

from __future__ import annotations

import hashlib
import re

from sqlalchemy import select

from lobby.store.models import DeviceToken
from tests.admin.helpers import Browser
from tests.admin.reports_data import fill

API = "/api/results?period=2026-11"


def _issue(staff: Browser, kind: str = "kiosk", device: str = "k1") -> str:
    response = staff.post(f"/devices/token?kind={kind}&id={device}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    match = re.search(r'<p class="token" id="token">([^<]+)</p>', html)
    assert match, html
    assert "chỉ hiện một lần" in html
    return match.group(1)


def _anonymous(app) -> Browser:
    return Browser(app.test_client())


def test_a_token_reads_the_results_without_a_login(app, staff, store):
    fill(store)  # devices k1 and k2 voted
    token = _issue(staff)
    client = _anonymous(app).client
    response = client.get(API, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and response.is_json
    assert response.get_json()["totals"]["answers"] == 3
    # Only its hash is kept; the devices page never shows the token again.
    with store.session() as s:
        (row,) = s.scalars(select(DeviceToken)).all()
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert row.last_used_at is not None and row.created_by == "quantri"
    page = staff.get("/devices").get_data(as_text=True)
    assert token not in page and "Thu hồi mã API: Kiosk “k1”" in page
    (entry,) = store.audit_entries(action="device.token_issue")
    assert entry.target == "device:kiosk:k1" and token not in (entry.after or "")


def test_a_wrong_malformed_or_revoked_token_gets_401_json(app, staff, store):
    fill(store)
    token = _issue(staff)
    client = _anonymous(app).client
    for header in (f"Bearer {token}x", "Bearer ", "Basic dXNlcjpwYXNz", f"Bearer lobby_{'a' * 43}"):
        response = client.get(API, headers={"Authorization": header})
        assert response.status_code == 401, header
        assert response.get_json() == {"error": "Mã API không hợp lệ hoặc đã bị thu hồi."}
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert staff.post("/devices/token/revoke?kind=kiosk&id=k1").status_code == 302
    response = client.get(API, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401 and b"Nguy" not in response.data
    assert store.audit_entries(action="device.token_revoke")


def test_a_new_token_replaces_the_old_one(app, staff, store):
    fill(store)
    first, second = _issue(staff), _issue(staff)
    client = _anonymous(app).client
    assert client.get(API, headers={"Authorization": f"Bearer {first}"}).status_code == 401
    assert client.get(API, headers={"Authorization": f"Bearer {second}"}).status_code == 200


def test_a_token_opens_the_api_only(app, staff, store):
    fill(store)
    token = _issue(staff)
    client = _anonymous(app).client
    headers = {"Authorization": f"Bearer {token}"}
    for url in ("/results?period=2026-11", "/results/export.csv", "/officials", "/devices"):
        response = client.get(url, headers=headers)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    # Without a login or a token the API answers 401 JSON too.
    response = client.get(API)
    assert response.status_code == 401 and "đăng nhập" in response.get_json()["error"]


def test_a_sign_gets_a_token_too(app, staff, store):
    store.report_sign_ok("/dev/ttyUSB0", "Biết cảm ơn")
    token = _issue(staff, "sign", "/dev/ttyUSB0")
    client = _anonymous(app).client
    assert client.get(API, headers={"Authorization": f"Bearer {token}"}).status_code == 200
