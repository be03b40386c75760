"""In a real headless Chromium: log in, add a scheduled message, preview it before saving, see it
reach the simulated board drawn as pixels on a canvas, post an urgent notice."""

from __future__ import annotations

import pytest

from admin_web import create_app
from admin_web.accounts import create_account
from admin_web.server import AdminServer
from lobby.store import Store
from signage.runtime import start_sign
from tests.helpers_wait import eventually

LIT_PIXELS = """canvas => {
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let lit = 0;
  for (let i = 0; i < data.length; i += 4) { if (data[i] > 200 && data[i + 1] < 120) lit++; }
  return lit;
}"""


def lights_up(canvas, timeout: float = 10.0) -> bool:
    """Wait until the canvas shows more than 50 lit (red) pixels; False on timeout."""
    return eventually(lambda: canvas.evaluate(LIT_PIXELS) > 50, timeout, every=0.05)


@pytest.fixture
def product(write_config):
    """The admin web and the sign service with its simulated board, on one real SQLite store."""
    from lobby.settings import load_settings

    settings = load_settings(
        write_config(
            '[sign]\npoll_seconds = 0.2\noffice_hours = "00:00-24:00"\noffice_days = "1-7"\n'
            'simulated_board = "configured"\n'
        )
    )
    store = Store.open(settings.store_url)
    create_account(store, "lan", "mat-khau-rat-dai", "mat-khau-rat-dai")
    sign = start_sign(settings, store)
    server = AdminServer(create_app(settings=settings, store=store), "127.0.0.1", 0).start()
    yield server.url.rstrip("/")
    server.stop()
    sign.stop()
    store.close()


def test_message_added_in_the_browser_reaches_the_simulated_board(browser, product, tmp_path):
    from playwright.sync_api import expect

    page = browser.new_page()
    page.goto(f"{product}/sign")
    expect(page).to_have_url(f"{product}/login?next=/sign")  # not logged in yet
    page.fill("input[name=username]", "lan")
    page.fill("input[name=password]", "mat-khau-rat-dai")
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Bảng LED")

    add = page.locator("#add form")
    add.locator("textarea[name=text]").fill("Biết nghe dân nói")
    add.locator("input[name=window_start]").fill("00:00")
    add.locator("input[name=window_end]").fill("23:59")
    add.locator("select[name=mode]").select_option("hold")
    # The preview posts the form (with its CSRF token) and draws the board; nothing is saved.
    add.locator(".preview-button").click()
    expect(add.locator(".preview-note")).to_contain_text("Bảng sẽ hiển thị")
    canvas = add.locator("canvas.preview-canvas")
    expect(canvas).to_be_visible()
    assert lights_up(canvas)
    expect(page.locator("td.text")).to_have_count(0)

    add.locator("button[type=submit]").click()
    expect(page.locator("td.text")).to_have_text(["Biết nghe dân nói"])
    expect(page.locator("td.schedule")).to_have_text(["Mọi ngày, 00:00–23:59"])

    page.click("text=Xem bảng LED đang hiển thị gì")
    expect(page.locator("#board-texts li")).to_have_text(["Biet nghe dan noi"], timeout=10_000)
    expect(page.locator("#board-match")).to_have_class("match match-ok")
    expect(page.locator("#board-link")).to_have_class("match match-ok", timeout=10_000)
    # The last sent bytes, decoded and drawn as lit LEDs (held: the message stays lit).
    assert lights_up(page.locator("#board-sent"))
    page.screenshot(path=str(tmp_path / "board.png"), full_page=True)
