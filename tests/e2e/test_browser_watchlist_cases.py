"""In a real headless Chromium at phone width: a leader acknowledges a watchlist entry by
recording an action, then works a follow-up case (takes it, adds a note, resolves it)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from admin_web import create_app
from admin_web.passwords import hash_password
from admin_web.server import AdminServer
from lobby import clock
from lobby.settings import load_settings
from lobby.store import Store
from tests.admin.watchlist_data import officials, vote, votes

PASSWORD = "mat-khau-lanh-dao-dai"
WIDEST = "() => document.documentElement.scrollWidth"


@pytest.fixture
def product(write_config):
    """The admin on a SQLite store: an official rated low this quarter, one call-back request."""
    settings = load_settings(write_config("[watchlist]\nmin_visits = 5\n"))
    store = Store.open(settings.store_url)
    store.create_user("lanhdao", hash_password(PASSWORD), role="leader")
    version = officials(store)
    start = clock.utcnow() - timedelta(hours=1)
    votes(store, version, "cb-a", [3, 3, 2, 3, 3], start=start)
    vote(
        store,
        version,
        "cb-b",
        3,
        start,
        comment="Chờ quá lâu",
        callback_phone="0912345678",
        callback_consent=True,
    )
    server = AdminServer(create_app(settings=settings, store=store), "127.0.0.1", 0).start()
    yield server.url.rstrip("/"), store
    server.stop()
    store.close()


def test_leader_acts_on_the_watchlist_then_works_a_case(browser, product):
    from playwright.sync_api import expect

    url, store = product
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{url}/watchlist")
    page.fill("input[name=username]", "lanhdao")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{url}/watchlist")
    expect(page.locator("h1")).to_have_text("Danh sách theo dõi")
    expect(page.locator("#watchlist")).to_contain_text("Chưa ghi nhận")
    assert page.evaluate(WIDEST) <= 390

    page.get_by_role("link", name="Biện pháp, lịch sử: Nguyễn Văn An").click()
    page.select_option("#action", "reminder")
    page.fill("#note", "Nhắc nhở về thái độ phục vụ")
    page.get_by_role("button", name="Ghi biện pháp: Nguyễn Văn An").click()
    expect(page.locator(".flash-success")).to_contain_text("Nhắc nhở")
    expect(page.locator("#ack")).to_contain_text("Đã ghi nhận bởi lanhdao")
    expect(page.locator("section", has=page.locator("#history"))).to_contain_text(
        "Nhắc nhở về thái độ phục vụ"
    )
    assert page.evaluate(WIDEST) <= 390

    page.goto(f"{url}/cases")
    expect(page.locator("#cases")).not_to_contain_text("0912345678")
    page.locator("#cases a").first.click()
    expect(page.locator("#phone")).to_contain_text("0912345678")
    page.get_by_role("button", name="Nhận xử lý: phản ánh #1").click()
    expect(page.locator("#assignee-name")).to_have_text("lanhdao")
    page.fill("#text", "Đã gọi lại, công dân đồng ý")
    page.get_by_role("button", name="Thêm ghi chú: phản ánh #1").click()
    expect(page.locator("#notes")).to_contain_text("Đã gọi lại, công dân đồng ý")
    page.select_option("#status", "resolved")
    page.get_by_role("button", name="Lưu: phản ánh #1").click()
    expect(page.locator("#status-label")).to_have_text("Đã giải quyết")
    assert page.evaluate(WIDEST) <= 390

    case = store.case_by_id(1)
    assert case.status == "resolved" and case.assignee == "lanhdao"
    assert [n.text for n in case.notes] == ["Đã gọi lại, công dân đồng ý"]
