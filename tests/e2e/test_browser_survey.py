"""In a real headless Chromium: the admin edits a level's label, saves, sees the new version and
its kiosk screen preview loaded as an image; the editor fits a 390 px phone."""

from __future__ import annotations

from datetime import date

import pytest

from admin_web import create_app
from admin_web.accounts import create_account
from admin_web.server import AdminServer
from lobby.store import Store
from lobby.survey import survey_from_text

LOADED = "img => img.complete && img.naturalWidth"


@pytest.fixture
def product(settings):
    """The admin web on a real SQLite store holding the kiosk's survey file as version 1."""
    store = Store.open(settings.store_url)
    create_account(store, "lan", "mat-khau-rat-dai", "mat-khau-rat-dai")
    text = settings.path(settings.kiosk.survey).read_text(encoding="utf-8")
    store.ensure_survey_version(survey_from_text(text).id, text)
    server = AdminServer(create_app(settings=settings, store=store), "127.0.0.1", 0).start()
    yield server.url.rstrip("/"), store
    server.stop()
    store.close()


def test_admin_edits_a_label_saves_and_sees_the_new_version_previewed(browser, product):
    from playwright.sync_api import expect

    url, store = product
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{url}/survey")
    page.fill("input[name=username]", "lan")
    page.fill("input[name=password]", "mat-khau-rat-dai")
    page.click("button[type=submit]")
    page.goto(f"{url}/survey")
    expect(page.locator("h1")).to_have_text("Khảo sát trên kiosk")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390

    page.fill("#q-0-l-0-label", "Rất hài lòng, cảm ơn")
    page.click("button[value=save]")

    expect(page.locator(".flash-success")).to_contain_text("phiên bản 2")
    expect(page.locator("#preview h2")).to_have_text("Các màn hình kiosk của phiên bản 2")
    expect(page.locator("#q-0-l-0-label")).to_have_value("Rất hài lòng, cảm ơn")
    image = page.locator("img[data-screen='rate-1']")
    assert "/survey/preview/2/rate-1.png" in image.get_attribute("src")
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        f"() => ({LOADED})(document.querySelector(\"img[data-screen='rate-1']\"))"
    )
    assert image.evaluate("img => img.naturalWidth") == 1280
    assert image.evaluate("img => img.naturalHeight") == 800
    assert survey_from_text(store.latest_survey_version().source).levels[0].label == (
        "Rất hài lòng, cảm ơn"
    )


def test_paper_forms_are_typed_by_keyboard_one_after_another(browser, product):
    from playwright.sync_api import expect

    url, store = product
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{url}/paper/entry")
    page.fill("input[name=username]", "lan")
    page.fill("input[name=password]", "mat-khau-rat-dai")
    page.click("button[type=submit]")
    page.goto(f"{url}/paper/entry")
    for level in ("2", "4"):
        expect(page.locator("#official")).to_be_focused()
        page.keyboard.press("Tab")  # no official code on this form
        page.keyboard.type("HS-7")
        page.keyboard.press("Tab")
        page.keyboard.type(level)  # the digit moves on by itself
        expect(page.locator("#comment")).to_be_focused()
        page.click("#paper-form button[type=submit]")
    expect(page.locator("#paper-count")).to_have_text("Đã nhập 2 phiếu trong lượt này.")
    expect(page.locator("#official")).to_be_focused()
    expect(page.locator("#q-0")).to_have_value("")
    visits = list(store.iter_visits(date(2000, 1, 1), date(2100, 1, 1)))
    assert sorted(v.answers[0].level_index for v in visits) == [1, 3]
    assert all(v.channel == "paper" and v.dossier_code == "HS-7" for v in visits)
