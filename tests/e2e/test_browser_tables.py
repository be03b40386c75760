"""In a real headless Chromium, from a 390 px phone to a 1920 px screen: the long lists come a
page at a time, their words wrap between syllables, their row actions stay on screen, and on a
phone the menu folds behind one button."""

from __future__ import annotations

import pytest

from admin_web import create_app
from admin_web.accounts import create_account
from admin_web.letter_templates import load_defaults
from admin_web.server import AdminServer
from lobby.demo_data import write_demo_data
from lobby.store import Store
from tests.admin.helpers import ROOT

PASSWORD = "mat-khau-rat-dai-2026"
LISTS = ("/", "/officials", "/units", "/counters", "/devices", "/letters", "/cases", "/audit")
LISTS += ("/users", "/watchlist", "/sign", "/public")

# Every word of every table cell drawn on one line: a word broken inside ("Chuy/ên") has two
# boxes. Returns the words that were broken, with their cell's text.
BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll("td, th")) {
    if (cell.getBoundingClientRect().width < 20) continue;  // headings hidden on a phone
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      const re = /\\S+/g;
      let m;
      while ((m = re.exec(node.data))) {
        if (m[0].length > 14 || /[-/.@_]/.test(m[0])) continue;  // codes, addresses may break
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(m[0] + " in " + cell.textContent.trim().slice(0, 60));
      }
    }
  }
  return broken.slice(0, 5);
}"""
# Row actions (buttons and links in an actions cell) that end beyond the window's right edge.
CUT_ACTIONS = """(width) => [...document.querySelectorAll("td.actions .button")]
  .filter(b => b.getBoundingClientRect().right > width + 0.5)
  .map(b => b.textContent.trim()).slice(0, 5)"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The admin web on the demo office (300 officials), with one administrator."""
    from lobby.settings import load_settings

    folder = tmp_path_factory.mktemp("demo")
    config = folder / "config.toml"
    config.write_text(
        f'[store]\nurl = "sqlite:///{folder / "lobby.db"}"\n'
        f'[kiosk]\nsurvey = "{ROOT / "assets" / "survey.toml"}"\n'
        f'[admin]\nsecret_key_file = "{folder / "secret"}"\n',
        encoding="utf-8",
    )
    settings = load_settings(config)
    store = Store.open(settings.store_url)
    base = (ROOT / "assets" / "survey.toml").read_text(encoding="utf-8")
    full = (ROOT / "assets" / "survey-full.toml").read_text(encoding="utf-8")
    write_demo_data(store, base, full, 1500, seed=5)
    _letters(store, 45)
    create_account(store, "lan", PASSWORD, PASSWORD)
    server = AdminServer(create_app(settings=settings, store=store), "127.0.0.1", 0).start()
    yield server.url.rstrip("/")
    server.stop()
    store.close()


def _letters(store, count: int) -> None:
    """Store ``count`` letters to three recipients in turn, every fifth one issued."""
    store.ensure_letter_templates(load_defaults())
    template = store.current_template("xin_loi_cho_lau")
    names = ("Nguyễn Thị Phương Thảo", "Trần Văn Hùng", "Lê Hoàng Minh Châu")
    for n in range(count):
        name = names[n % 3]
        letter = store.create_letter(
            template.kind, template.id, {"ho_ten": name}, name, f"H12.34-{n:03d}-260715", "lan"
        )
        if n % 5 == 0:
            store.approve_letter(letter, "giamdoc")
            number = f"{n + 1:02d}/TXL-UBND"
            store.issue_letter(letter, "giamdoc", 2026, lambda _n, _at, t=number: (t, b"docx"))


def _log_in(page, url: str) -> None:
    page.goto(f"{url}/login")
    page.fill("input[name=username]", "lan")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


@pytest.mark.parametrize("width", [390, 1280, 1920])
def test_lists_fit_wrap_between_syllables_and_keep_their_actions(browser, demo, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    _log_in(page, demo)
    for path in LISTS:
        page.goto(f"{demo}{path}")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width, path
        assert page.evaluate(CUT_ACTIONS, width) == [], path
        assert page.evaluate(BROKEN_WORDS) == [], path
    page.close()


def test_three_hundred_officials_come_a_page_at_a_time(browser, demo):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _log_in(page, demo)
    page.goto(f"{demo}/officials")
    assert page.locator("table.people tbody tr").count() == 50
    assert page.evaluate("() => document.documentElement.scrollHeight") < 12000
    page.get_by_role("link", name="Trang sau ›").click()
    assert "trang=2" in page.url and page.locator("table.people tbody tr").count() == 50
    page.fill("#q", "cb01")
    page.get_by_role("button", name="Tìm").click()
    codes = page.locator("table.people tbody td[data-label='Mã']").all_text_contents()
    assert len(codes) == 50 and all(c.startswith("CB01") for c in codes)
    assert "100 cán bộ khớp" in page.locator("table.people caption").text_content()
    page.close()


def test_on_a_phone_the_menu_folds_behind_one_button(browser, demo):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    _log_in(page, demo)
    page.goto(f"{demo}/officials")
    header = page.locator("header.top").bounding_box()
    assert header["height"] < 0.12 * 844
    menu = page.get_by_role("navigation", name="Các mục")
    assert not menu.is_visible()
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the menu's button
    page.keyboard.press("Space")
    assert menu.is_visible()
    assert menu.get_by_role("link", name="Phản ánh").is_visible()
    assert not menu.get_by_role("link", name="Nhật ký").is_visible()
    menu.locator("summary", has_text="Khác").click()
    assert menu.get_by_role("link", name="Nhật ký").is_visible()
    page.close()


def test_at_1280_px_the_menu_is_one_row_and_khac_opens_the_rest(browser, demo):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _log_in(page, demo)
    page.goto(f"{demo}/letters")
    menu = page.get_by_role("navigation", name="Các mục")
    tops = {round(box["y"]) for box in (e.bounding_box() for e in menu.locator(":scope > *").all())}
    assert len(tops) == 1
    font = page.evaluate("() => getComputedStyle(document.querySelector('.areas a')).fontSize")
    assert float(font.removesuffix("px")) >= 14
    # A short label keeps its full name for screen readers.
    assert menu.get_by_role("link", name="Kết quả đánh giá").is_visible()
    menu.locator("summary", has_text="Khác").click()
    devices = menu.get_by_role("link", name="Thiết bị")
    assert devices.is_visible() and devices.bounding_box()["x"] + 100 < 1280
    devices.click()
    assert page.url.endswith("/devices")
    assert menu.locator("details.more.current").count() == 1
    page.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_the_letters_come_thirty_a_page_and_are_found_without_marks(browser, demo, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    _log_in(page, demo)
    page.goto(f"{demo}/letters")
    rows = page.locator("main table tbody tr")
    assert rows.count() == 30
    page.get_by_role("link", name="Trang sau ›").click()
    assert "trang=2" in page.url and rows.count() == 15
    page.fill("#q", "phuong thao")
    page.get_by_role("button", name="Tìm").click()
    assert rows.count() == 15
    assert "15 thư khớp" in page.locator("main table caption").text_content()
    page.select_option("#trang_thai", "issued")
    page.get_by_role("button", name="Tìm").click()
    assert rows.count() == 3
    download = page.get_by_role("link", name="Tải DOCX: 31/TXL-UBND")
    assert download.is_visible() and download.bounding_box()["x"] + 40 < width
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    page.close()
