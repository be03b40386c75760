"""In a real headless Chromium: an administrator imports an officials CSV through the page, sees
the officials listed by given name, and edits one; the pages fit a 390 px phone."""

from __future__ import annotations

import pytest

from admin_web import create_app
from admin_web.accounts import create_account
from admin_web.server import AdminServer
from lobby.store import Store

WIDEST = "() => document.documentElement.scrollWidth"
CSV = (
    "code,name,title,unit,counter\n"
    "CB01,Trần Văn Bình,Chuyên viên,Phòng Một cửa,Quầy 1\n"
    "CB02,Nguyễn Thị An,Cán sự,Phòng Một cửa,Quầy 2\n"
    "CB03,Lê Văn Cường,,Phòng Tư pháp,\n"
)


@pytest.fixture
def product(settings):
    """The admin web on a real SQLite store with one administrator."""
    store = Store.open(settings.store_url)
    create_account(store, "lan", "mat-khau-rat-dai", "mat-khau-rat-dai")
    server = AdminServer(create_app(settings=settings, store=store), "127.0.0.1", 0).start()
    yield server.url.rstrip("/"), store
    server.stop()
    store.close()


def test_import_officials_then_edit_one(browser, product):
    from playwright.sync_api import expect

    url, store = product
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{url}/officials/import")
    page.fill("input[name=username]", "lan")
    page.fill("input[name=password]", "mat-khau-rat-dai")
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Nhập danh sách cán bộ")
    assert page.evaluate(WIDEST) <= 390

    page.set_input_files(
        "input[name=file]",
        {"name": "can-bo.csv", "mimeType": "text/csv", "buffer": CSV.encode("utf-8")},
    )
    page.click("main button[type=submit]")
    expect(page.locator(".flash-success")).to_contain_text("3 người mới, 0 người cập nhật")
    names = page.locator("tbody tr th[scope=row]")
    expect(names).to_have_text(["Nguyễn Thị An", "Trần Văn Bình", "Lê Văn Cường"])
    assert page.evaluate(WIDEST) <= 390

    page.get_by_role("link", name="Sửa: Trần Văn Bình").click()
    expect(page.locator("h1")).to_have_text("Sửa thông tin: Trần Văn Bình")
    page.get_by_label("Chức danh").fill("Phó trưởng phòng")
    page.get_by_label("Quầy", exact=True).select_option(label="Quầy 2 — Phòng Một cửa")
    page.get_by_role("button", name="Lưu: Trần Văn Bình").click()
    expect(page.locator(".flash-success")).to_have_text("Đã lưu: Trần Văn Bình.")
    row = page.locator("tr", has=page.locator("th", has_text="Trần Văn Bình"))
    expect(row).to_contain_text("Phó trưởng phòng")
    expect(row).to_contain_text("Quầy 2")
    (edited,) = [o for o in store.official_infos() if o.code == "CB01"]
    assert (edited.title, edited.counter_name) == ("Phó trưởng phòng", "Quầy 2")
