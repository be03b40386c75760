"""The information screen never cuts text: what does not fit an item's page at 5 mm goes on,
from the next line, on the item's continuation pages (counted in "Trang 2/5", the item's own),
walked by the page buttons and the arrow keys, on a 7" 800x480 and a 10.1" 1280x800 screen."""

from __future__ import annotations

import itertools

import pygame
import pytest

from kiosk import fonts, metrics, text_blocks, theme, wording
from kiosk.flow import Phase
from kiosk.screens.info import ITEM, ITEMS, rejoin, wrap_lines
from kiosk.screens.info_menu import kind_label
from tests.kiosk.helpers_text import MIN_CAP_MM, SEVEN_INCH_FLOORS, long_body
from tests.kiosk_driver import Driver

SCREENS = [((800, 480), 7.0), ((1280, 800), 10.1)]
RULE_TITLE = "Nội quy phòng tiếp công dân"
MIN_TARGET_MM = 20.0


@pytest.fixture(autouse=True)
def standard_afterwards():
    yield
    theme.use("standard")
    metrics.configure(metrics.DEFAULT_DIAGONAL_INCHES)


def open_info(make_app, size, diagonal, app_store=None, kind="rule", title=RULE_TITLE) -> Driver:
    """Open the item ``title`` of ``kind`` on a ``diagonal`` inch screen of ``size`` pixels."""
    kiosk = Driver(
        make_app(size=size, app_store=app_store, kiosk_toml=f"screen_diagonal_inches = {diagonal}")
    )
    kiosk.step()
    kiosk.tap("Thông tin công khai")
    assert kiosk.app.phase is Phase.INFO
    kiosk.tap(kind_label(kind))
    kiosk.tap(title)
    assert kiosk.app.screen.level == ITEM
    return kiosk


def page_texts(kiosk: Driver) -> list[text_blocks.Drawn]:
    """Return the texts of the page shown, as drawing it renders them (the screen draws too)."""
    screen = kiosk.app.screen
    screen.draw(kiosk.app.surface)
    with text_blocks.recording() as drawn:
        screen._render_page(screen.page)
    return drawn


def check_page(kiosk: Driver, drawn: list[text_blocks.Drawn], diagonal: float) -> None:
    """Every text of the page keeps its size (5 mm body) and is whole; targets are 20 mm."""
    size = kiosk.size
    for item in drawn:
        assert "…" not in item.text, item.text
        cap = metrics.cap_height_mm(item.size, size, item.weight, diagonal)
        if item.weight == "medium" or diagonal > 7:
            assert cap >= MIN_CAP_MM - 0.01, (item.text, round(cap, 2))
        else:  # a 7" screen: heading, title, QR captions (test_kiosk_text_physical.py)
            screen = kiosk.app.screen
            captions = [c for s in screen.sheets_of(screen.item) for c, _ in s.codes]
            captions += [c.replace("@", "@ ") for c in captions]
            kind = "caption" if " ".join(item.text.split()) in captions else "info"
            assert cap >= SEVEN_INCH_FLOORS[kind], (item.text, round(cap, 2), kind)
    least = metrics.mm_to_px(MIN_TARGET_MM, size, diagonal)
    targets = kiosk.buttons()
    bounds = pygame.Rect((0, 0), size)
    for target in targets:
        assert bounds.contains(target.rect), target.label
        assert min(target.rect.size) >= least - 0.5, (target.label, target.rect, least)
    for a, b in itertools.combinations(targets, 2):
        assert not a.rect.colliderect(b.rect), (a.label, b.label)


@pytest.mark.parametrize(("size", "diagonal"), SCREENS, ids=["7in-800x480", "10.1in-1280x800"])
def test_a_long_rule_goes_on_over_pages_with_every_word_at_5_mm(make_app, store, size, diagonal):
    body = long_body()
    assert len(body) >= 1500
    store.add_public_item(
        {"kind": "rule", "title": RULE_TITLE, "body": body, "url": "https://example.gov.vn/nq"}
    )
    kiosk = open_info(make_app, size, diagonal)
    screen = kiosk.app.screen
    pages = screen.pages
    assert pages > 1, "1,500 characters at 5 mm do not fit one page"
    assert all(screen.item_on(p).title == RULE_TITLE for p in range(pages))
    sheets = screen.sheets_of(screen.item)
    by_page = []
    for page in range(pages):
        assert screen.page == page
        shown = page_texts(kiosk)
        by_page.append(shown)
        check_page(kiosk, shown, diagonal)
        words = [d.text for d in shown]
        assert any(wording.page_of(page + 1, pages) in w for w in words), words
        # The title heads the item: in the title row, or on its first page.
        assert RULE_TITLE in screen.title or (page > 0 or any(RULE_TITLE in w for w in words))
        labels = [b.label for b in kiosk.buttons()]
        assert (wording.NEXT_PAGE in labels) == (page + 1 < pages)
        assert (wording.PREVIOUS_PAGE in labels) == (page > 0)
        # Arrow keys and the page button both walk continuation pages.
        if page + 1 < pages and page % 2:
            kiosk.tap(wording.NEXT_PAGE)
        elif page + 1 < pages:
            kiosk.press(pygame.K_RIGHT)
    # Every word of the body, in order, across the pages (body text is drawn "medium").
    body_drawn = " ".join(d.text for page in by_page for d in page if d.weight == "medium")
    assert body_drawn.split() == body.split()
    # The QR code is on the item's first page only; continuation pages use the whole width.
    assert sheets[0].codes and not any(s.codes for s in sheets[1:])
    assert all(s.words.width == screen.layout.body.width for s in sheets[1:])
    # Back to the first page with the arrow keys; Enter on the last page goes back to the list.
    kiosk.press(*[pygame.K_LEFT] * pages)
    assert screen.page == 0
    kiosk.press(*[pygame.K_RETURN] * pages)
    assert kiosk.app.phase is Phase.INFO and screen.level == ITEMS


def test_a_contacts_body_is_shown_on_a_7_inch_screen(make_app, office_store):
    title = "Ông Nguyễn Văn Hùng, Chánh Văn phòng"
    kiosk = open_info(make_app, (800, 480), 7.0, office_store, "contact", title)
    screen = kiosk.app.screen
    shown: list[text_blocks.Drawn] = []
    for _page in range(screen.pages):
        drawn = page_texts(kiosk)
        check_page(kiosk, drawn, 7.0)
        shown += drawn
        kiosk.press(pygame.K_RIGHT)
    contact = "Tiếp công dân sáng thứ Năm hằng tuần."
    body = " ".join(d.text for d in shown if d.weight == "medium")
    assert " ".join(contact.split()) in " ".join(body.split())


def test_wrapped_lines_keep_paragraphs_and_break_an_overlong_word():
    font = fonts.font(30, "medium")
    words = "Giờ làm việc: sáng thứ Hai đến thứ Sáu\nĐịa chỉ: https://" + "a" * 80
    lines = wrap_lines(words, font, 200)
    assert all(font.size(line)[0] <= 200 for line, _ in lines)
    assert [joint for _, joint in lines].count("\n") == 2
    assert "" in [joint for _, joint in lines], "the address is broken between letters"
    assert rejoin(lines) == words
    # What is left after a page's lines is wrapped anew, at another width, word for word.
    rest = lines[3:]
    again = wrap_lines(rejoin(rest), font, 400)
    assert rejoin(again).split() == rejoin(rest).split()
