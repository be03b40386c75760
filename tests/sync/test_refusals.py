"""A site whose token is wrong or revoked gets 401, says so (on its admin's front page too), and
keeps everything to send; the forwarder's exit status tells a finished round from one that
was not."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from admin_web import create_app
from admin_web.passwords import hash_password
from lobby.settings import load_settings
from lobby.sync.status import forwarding_status
from lobby.sync.wire import PULL_PATH, PUSH_PATH, encode_body
from tests.admin.helpers import PASSWORD, Browser
from tests.sync.helpers import free_port, make_visit, new_site, run_sync, write_site_config

REFUSED = "Máy chủ trung tâm từ chối mã truy cập của điểm này (401): kiểm tra [central] token."


def _post(url: str, token: str, payload) -> tuple[int, dict]:
    request = urllib.request.Request(
        url,
        data=encode_body(payload),
        headers={"Authorization": f"Bearer {token}", "Content-Encoding": "gzip"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as reply:
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.mark.parametrize("how", ["wrong", "revoked"])
def test_a_refused_token_gets_401_and_nothing_is_marked_forwarded(central, tmp_path, how):
    site = new_site(central, tmp_path, f"huyen-{how}", "UBND Huyện")
    for n in range(6):
        site.store.record_visit(make_visit(n, device=f"kiosk-{how}", official=None))
    if how == "wrong":
        site.config.write_text(
            site.config.read_text(encoding="utf-8").replace(site.token, "lobby_khong-dung"),
            encoding="utf-8",
        )
    else:
        assert central.store.revoke_site_token(site.code, by="kiem-thu")

    done = site.sync_once()
    assert done.returncode == 1
    assert REFUSED in done.stderr
    assert site.store.count_unforwarded()["visits"] == 6
    assert site.store.get_meta("sync_last_error") == REFUSED
    assert site.store.get_meta("sync_last_error_at")
    status = forwarding_status(site.store)
    assert status.failing and status.pending["visits"] == 6
    said = status.message("Asia/Ho_Chi_Minh")
    assert said.startswith("Chưa chuyển được dữ liệu") and REFUSED in said
    assert "Còn 6 lượt đánh giá chờ gửi." in said
    assert central.store.site_by_code(site.code).last_push_at is None

    status, body = _post(central.url + PUSH_PATH, "lobby_khong-dung", {"sent_at": "x"})
    assert status == 401 and "thu hồi" in body["error"]

    home = _site_front_page(site)
    assert 'id="forwarding-status"' in home and REFUSED in home
    assert "Còn 6 lượt đánh giá chờ gửi." in home


def _site_front_page(site) -> str:
    """Return the site's own admin front page as its administrator sees it."""
    site.store.create_user("quantri", hash_password(PASSWORD), role="admin")
    app = create_app(load_settings(site.config), site.store, test_config={"TESTING": True})
    browser = Browser(app.test_client())
    assert browser.login("quantri").status_code == 302
    return browser.get("/").get_data(as_text=True)


def test_the_api_wants_a_site_token_not_a_login(central):
    for path in (PUSH_PATH, PULL_PATH):
        request = urllib.request.Request(
            central.url + path, data=b"{}" if path == PUSH_PATH else None
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        assert refused.value.code == 401
        assert json.loads(refused.value.read())["error"]


def test_a_malformed_batch_is_refused_whole(central, tmp_path):
    site = new_site(central, tmp_path, "xa-hong", "UBND Xã")
    good = json.loads(make_visit(1, device="kiosk-hong").to_json())
    good["local_day"] = "2026-11-30"
    bad = {**good, "id": "khac", "created_at": "hôm qua"}
    status, body = _post(
        central.url + PUSH_PATH,
        site.token,
        {"sent_at": "2026-11-30T01:00:00+00:00", "visits": [good, bad]},
    )
    assert status == 400 and "không hợp lệ" in body["error"]
    assert central.store.visit_by_id(good["id"]) is None


def test_once_says_why_a_round_did_not_finish(tmp_path):
    closed = f"http://127.0.0.1:{free_port()}"
    config = write_site_config(tmp_path / "a", closed, "lobby_bat-ky")
    done = run_sync(config, "--once", "--attempts", "1")
    assert done.returncode == 1
    assert "Không kết nối được máy chủ trung tâm" in done.stderr

    no_url = write_site_config(tmp_path / "b", "", "")
    done = run_sync(no_url, "--once")
    assert done.returncode == 2 and "[central] url" in done.stderr

    central_role = write_site_config(tmp_path / "d", closed, "lobby_x", role="central")
    done = run_sync(central_role, "--once")
    assert done.returncode == 2 and "[central] role" in done.stderr

    no_token = write_site_config(tmp_path / "c", closed, "")
    done = run_sync(no_token, "--once")
    assert (
        done.returncode == 2 and "[central] token" in done.stderr and "config.toml" in done.stderr
    )


def test_a_server_that_is_not_central_answers_404(tmp_path, settings):
    from admin_web import close_app, create_app

    app = create_app(settings, test_config={"TESTING": True})
    try:
        client = app.test_client()
        reply = client.get(PULL_PATH, headers={"Authorization": "Bearer lobby_bat-ky"})
        assert reply.status_code == 404
        assert "không phải máy chủ trung tâm" in reply.get_json()["error"]
        assert client.post(PUSH_PATH, data=b"{}").status_code == 401
    finally:
        close_app(app)
