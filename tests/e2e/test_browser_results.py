"""In a real headless Chromium: type dd/mm/yyyy dates on the results page and see them applied;
the page fits a 390 px phone without scrolling sideways."""

from __future__ import annotations

import pytest

from admin_web import create_app
from admin_web.accounts import create_account
from admin_web.server import AdminServer
from lobby.store import Store
from tests.admin.reports_data import fill

WIDEST = "() => document.documentElement.scrollWidth"


@pytest.fixture
def product(settings):
    """The admin web on a real SQLite store holding the known visits of November 2026."""
    store = Store.open(settings.store_url)
    create_account(store, "lan", "mat-khau-rat-dai", "mat-khau-rat-dai")
    fill(store)
    server = AdminServer(create_app(settings=settings, store=store), "127.0.0.1", 0).start()
    yield server.url.rstrip("/")
    server.stop()
    store.close()


def test_dates_typed_day_first_are_applied_and_the_page_fits_a_phone(browser, product):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{product}/results")
    page.fill("input[name=username]", "lan")
    page.fill("input[name=password]", "mat-khau-rat-dai")
    page.click("button[type=submit]")
    page.goto(f"{product}/results")
    expect(page.locator("h1")).to_have_text("Kết quả đánh giá")

    for field, typed in (("#from", "01/11/2026"), ("#to", "02/11/2026")):
        page.locator(field).fill("")
        page.locator(field).press_sequentially(typed)
    page.click("form.range button[type=submit]")

    expect(page.locator("#period")).to_have_text("Từ 01/11/2026 đến 02/11/2026")
    expect(page.locator("#fig-visits")).to_have_text("2")  # Monday 02/11 only, not 11 January
    expect(page.locator("#fig-rate")).to_have_text("100,0%")
    expect(page.locator("#from")).to_have_value("01/11/2026")

    assert page.evaluate(WIDEST) <= 390
    for name in ("visits", "rate", "index"):
        box = page.locator(f"#fig-{name}").bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    chart = page.locator("#g-official ~ .group .chart").bounding_box()
    assert chart is not None and chart["x"] + chart["width"] <= 390
    # every chart text is legible on a phone: 12 px or more, and inside the screen
    sizes = page.eval_on_selector_all(
        ".chart .bar-label, .chart .bar-value, .chart .bar-note",
        "els => els.map(e => [parseFloat(getComputedStyle(e).fontSize),"
        " e.getBoundingClientRect().left, e.getBoundingClientRect().right])",
    )
    assert sizes and all(size >= 12 and left >= 0 and right <= 390 for size, left, right in sizes)
