"""In a real headless Chromium on a 390 px phone: every page of the menu fits without scrolling
sideways, label/value lists read in full, the skip link and focus rings work by keyboard, and
after an action the message takes the focus."""

from __future__ import annotations

import pytest

from admin_web import create_app
from admin_web.accounts import create_account
from admin_web.nav import NAV_ITEMS
from admin_web.server import AdminServer
from lobby.store import Store
from tests.admin.reports_data import fill

PHONE = {"width": 390, "height": 844}
PASSWORD = "mat-khau-rat-dai"

# The WCAG relative luminance contrast of two "rgb(r, g, b)" colours.
CONTRAST = """([a, b]) => {
  const lum = c => {
    const [r, g, bl] = c.match(/\\d+/g).slice(0, 3).map(v => {
      v = v / 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}"""
# The focus ring's colours and the background behind the focused element.
RING = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  let node = el.parentElement, back = "rgb(255, 255, 255)";
  while (node) {
    const c = getComputedStyle(node).backgroundColor;
    if (c && c !== "rgba(0, 0, 0, 0)" && c !== "transparent") { back = c; break; }
    node = node.parentElement;
  }
  const shadow = (style.boxShadow.match(/rgb\\([^)]*\\)/) || [])[0];
  return {outline: style.outlineColor, width: style.outlineWidth, shadow, back};
}"""


@pytest.fixture
def product(settings):
    """The admin web with one administrator on a store holding known visits."""
    store = Store.open(settings.store_url)
    create_account(store, "lan", PASSWORD, PASSWORD)
    fill(store)
    server = AdminServer(create_app(settings=settings, store=store), "127.0.0.1", 0).start()
    yield server.url.rstrip("/")
    server.stop()
    store.close()


def _log_in(page, url: str) -> None:
    page.goto(f"{url}/login")
    page.fill("input[name=username]", "lan")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def _ring_is_visible(page) -> bool:
    ring = page.evaluate(RING)
    colours = [c for c in (ring["outline"], ring["shadow"]) if c]
    return ring["width"] != "0px" and any(
        page.evaluate(CONTRAST, [c, ring["back"]]) >= 3 for c in colours
    )


def test_every_menu_page_fits_a_phone(browser, product):
    page = browser.new_page(viewport=PHONE)
    _log_in(page, product)
    links = page.locator("nav.areas a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert len(hrefs) >= len(NAV_ITEMS) - 1  # every area the administrator has
    for href in hrefs:
        page.goto(f"{product}{href}")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390, href
        # Label/value lists (such as the sign's status) give each value room to read.
        for box in page.locator(".facts dd").all():
            if box.inner_text().strip():
                assert box.bounding_box()["width"] >= 200, (href, box.inner_text())


def test_skip_link_and_focus_rings_by_keyboard(browser, product):
    page = browser.new_page(viewport=PHONE)
    _log_in(page, product)
    page.goto(f"{product}/sign")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip-link"
    assert _ring_is_visible(page)
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "content"
    # The next stop is in the main content, not the menu again; its ring shows on the page.
    page.keyboard.press("Tab")
    assert page.evaluate("() => !!document.activeElement.closest('main')")
    assert _ring_is_visible(page)
    # A menu link on the dark header shows its ring too.
    page.focus("nav.areas a")
    assert _ring_is_visible(page)


def test_after_an_action_the_message_has_the_focus(browser, product):
    page = browser.new_page(viewport=PHONE)
    _log_in(page, product)
    page.goto(f"{product}/sign")
    page.fill("#add textarea[name=text]", "Biết cảm ơn")
    page.click("#add button[type=submit]:has-text('Thêm thông điệp')")
    from playwright.sync_api import expect

    expect(page.locator(".flash").first).to_be_focused()
    button = page.get_by_role("button", name="Tắt: Biết cảm ơn")
    assert button.count() == 1
    assert page.get_by_role("link", name="Sửa: Biết cảm ơn").count() == 1
