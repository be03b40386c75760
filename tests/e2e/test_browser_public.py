"""In a real headless Chromium: an editor publishes a procedure with a form attached, then a
visitor with no login reads it on /cong-khai on a 390 px phone and downloads the form, and the
kiosk on the same store lists it on its information screen."""

from __future__ import annotations

import pygame
import pytest

from admin_web import create_app
from admin_web.accounts import create_account
from admin_web.server import AdminServer
from kiosk.app import KioskApp
from lobby.store import Store
from lobby.survey import load_survey
from tests.helpers_documents import pdf_bytes
from tests.kiosk_driver import Driver

PDF = pdf_bytes()
TITLE = "Thủ tục thẩm định việc thành lập đơn vị sự nghiệp công lập"


@pytest.fixture
def admin_url(settings):
    """The admin web on a real SQLite store, with an editor account."""
    store = Store.open(settings.store_url)
    create_account(store, "bientap", "mat-khau-rat-dai", "mat-khau-rat-dai", role="editor")
    server = AdminServer(create_app(settings=settings, store=store), "127.0.0.1", 0).start()
    yield server.url.rstrip("/"), store, settings
    server.stop()
    store.close()


def test_editor_publishes_a_procedure_with_a_form_and_sees_it_public(
    browser,
    admin_url,
    tmp_path,
):
    from playwright.sync_api import expect

    admin_url, store, settings = admin_url
    form_file = tmp_path / "Mẫu tờ trình.pdf"
    form_file.write_bytes(PDF)
    page = browser.new_page()
    page.goto(f"{admin_url}/public")
    page.fill("input[name=username]", "bientap")
    page.fill("input[name=password]", "mat-khau-rat-dai")
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Thông tin công khai")

    add = page.locator("form.public-form")
    add.locator("select[name=kind]").select_option("procedure")
    add.locator("input[name=title]").fill(TITLE)
    add.locator("input[name=code]").fill("1.004222")
    add.locator("input[name=time_limit]").fill("20 ngày làm việc")
    add.locator("input[name=fee]").fill("Không")
    add.locator("button[type=submit]").click()
    expect(page.locator("h1")).to_have_text(f"Sửa: {TITLE}")

    upload = page.locator("#files form.public-form")
    upload.locator("input[name=document]").set_input_files(str(form_file))
    upload.locator("button[type=submit]").click()
    expect(page.locator("#files tbody th")).to_have_text(["Mẫu tờ trình"])
    page.click("text=Xem trên trang công khai")
    expect(page.locator(".item h3")).to_contain_text([TITLE])

    # A visitor with no login, on a phone.
    visitor = browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True)
    phone = visitor.new_page()
    phone.goto(f"{admin_url}/cong-khai")
    item = phone.locator(".item", has_text=TITLE)
    expect(item).to_contain_text("20 ngày làm việc")
    expect(item.locator(".facts")).to_contain_text("1.004222")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways scroll"
    with phone.expect_download() as waiting:
        item.locator(".files a").click()
    download = waiting.value
    assert download.suggested_filename == "Mau-to-trinh.pdf"
    assert open(download.path(), "rb").read() == PDF
    phone.goto(f"{admin_url}/public")
    expect(phone).to_have_url(f"{admin_url}/login?next=/public")
    visitor.close()

    # The kiosk in the lobby, on the same store, shows the procedure on its information screen.
    pygame.display.init()
    pygame.font.init()
    survey = load_survey(settings.path(settings.kiosk.survey))
    app = KioskApp(settings, store, survey, pygame.display.set_mode((1280, 800)))
    try:
        kiosk = Driver(app)
        kiosk.step()
        kiosk.tap("Thông tin công khai")
        assert TITLE in [item.title for item in app.screen.items]
    finally:
        app.close()
