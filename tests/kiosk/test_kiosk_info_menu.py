"""The information screen by menu, driven by touch on a 7" 800x480 and a 10.1" 1280x800 kiosk:
its kinds in the admin's order, each kind's titles (paged when many), an item's own pages
("Trang 2/3" counts the item's), "Quay lại" one level up, the idle time-out to the attract
screen; every word of every item drawn once, in order, within its item; no page of an item of
several left with less than a third of its room (info_menu.lines_moved_back, tested on its own
with the "Tết)." that was once alone on a page). Screenshots of every level go to
test-artefacts/kiosk/info-menu/ for review."""

from __future__ import annotations

import math
from pathlib import Path

import pygame
import pytest

from kiosk import fonts, metrics, text_blocks, theme, wording
from kiosk.flow import Phase
from kiosk.screens.info import ITEM, ITEMS, KINDS, attachment_names, item_facts
from kiosk.screens.info_menu import LEAST_PAGE_SHARE, kind_label, lines_moved_back
from lobby.public_info import DEFAULT_PATH
from lobby.public_info import KINDS as ADMIN_ORDER
from tests.kiosk.helpers_text import MIN_CAP_MM, SEVEN_INCH_FLOORS, long_body
from tests.kiosk_driver import Driver

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-artefacts" / "kiosk" / "info-menu"
SCREENS = [((800, 480), 7.0), ((1280, 800), 10.1)]
IDS = ["7in-800x480", "10.1in-1280x800"]
MIN_TARGET_MM = 20.0
WORKING_HOURS = (
    "Sáng: 7 giờ 00 đến 11 giờ 30; chiều: 13 giờ 30 đến 17 giờ 00, từ thứ Hai đến thứ Sáu.\n"
    "Sáng thứ Bảy: tiếp nhận và trả kết quả hồ sơ (trừ ngày nghỉ lễ, Tết)."
)


@pytest.fixture(autouse=True)
def standard_afterwards():
    yield
    theme.use("standard")
    metrics.configure(metrics.DEFAULT_DIAGONAL_INCHES)


@pytest.fixture
def office_info(store):
    """The shipped sample information, a long rule and enough procedures to page their list."""
    store.seed_public_info(DEFAULT_PATH)
    store.add_public_item({"kind": "rule", "title": "Nội quy phòng chờ", "body": long_body()})
    for n in range(1, 8):
        store.add_public_item(
            {
                "kind": "procedure",
                "title": f"Thủ tục cấp bản sao trích lục hộ tịch số {n}",
                "code": f"2.00{n}",
                "body": f"Hồ sơ: Tờ khai theo mẫu; giấy tờ tùy thân. Lần {n}.",
            }
        )
    return store


def shot(kiosk: Driver, diagonal: float, name: str) -> None:
    """Save the screen as drawn now for review."""
    kiosk.app.screen.draw(kiosk.app.surface)
    SHOTS.mkdir(parents=True, exist_ok=True)
    w, h = kiosk.size
    pygame.image.save(kiosk.app.surface, SHOTS / f"{w}x{h}-{diagonal:g}in-{name}.png")


def drawn_now(kiosk: Driver) -> list[text_blocks.Drawn]:
    """Return the texts the screen shown renders besides its buttons' labels (made with the
    screen): its title and hint, then the item's page."""
    screen = kiosk.app.screen
    with text_blocks.recording() as drawn:
        screen._render_background()
        if screen.level == ITEM:
            screen._render_page(screen.page)
    screen.draw(kiosk.app.surface)
    return drawn


def check_screen(kiosk: Driver, diagonal: float) -> list[text_blocks.Drawn]:
    """Every target is 20 mm, inside the screen, apart, its label at 5 mm (the stated 7"
    exceptions); every text keeps its size, whole, at 7:1; return the texts drawn."""
    size, screen = kiosk.size, kiosk.app.screen
    least = metrics.mm_to_px(MIN_TARGET_MM, size, diagonal)
    bounds = pygame.Rect((0, 0), size)
    targets = kiosk.buttons()
    for target in targets:
        assert bounds.contains(target.rect), target.label
        assert min(target.rect.size) >= least - 0.5, (target.label, target.rect, least)
    for n, a in enumerate(targets):
        for b in targets[n + 1 :]:
            assert not a.rect.colliderect(b.rect), (a.label, b.label)
    for target in targets:
        cap = metrics.cap_height_mm(target.label_size, size, "bold", diagonal)
        navigation = target.label in {wording.BACK, *screen_pagers()}
        floor = (
            MIN_CAP_MM
            if diagonal > 7
            else SEVEN_INCH_FLOORS["navigation" if navigation else "choice"]
        )
        assert cap >= floor - 0.01, (target.label, round(cap, 2))
    drawn = drawn_now(kiosk)
    labels = {" ".join(b.label.split()) for b in targets}
    captions = {
        c for i in range(len(screen.items)) for s in screen.sheets_of(i) for c, _ in s.codes
    }
    captions |= {c.replace("@", "@ ") for c in captions}  # an address broken after its "@"
    for item in drawn:
        assert "…" not in item.text, item.text
        assert item.behind is not None and theme.contrast(item.ink, item.behind) >= 7.0, item
        cap = metrics.cap_height_mm(item.size, size, item.weight, diagonal)
        if diagonal > 7:
            assert cap >= MIN_CAP_MM - 0.01, (item.text, round(cap, 2))
            continue
        words = " ".join(item.text.split())
        if words in labels:
            kind = "navigation" if words in {wording.BACK, *screen_pagers()} else "choice"
        elif words == " ".join(screen.title.split()):
            kind = "title"
        elif words in captions:
            kind = "caption"
        else:
            kind = "info"
        floor = MIN_CAP_MM if item.weight == "medium" else SEVEN_INCH_FLOORS[kind]
        assert cap >= floor - 0.01, (item.text, round(cap, 2), kind)
    return drawn


def screen_pagers() -> set[str]:
    return {wording.PREVIOUS_PAGE, wording.NEXT_PAGE}


def item_words(item) -> list[str]:
    """Return the words of an item's text as the reader shows them: facts, forms, body."""
    return " ".join([item_facts(item), attachment_names(item), item.body or ""]).split()


def read_item(kiosk: Driver, diagonal: float, index: int, shots: bool) -> list[str]:
    """Read item ``index`` to its end by "Trang sau"; return the words of its text drawn
    (``shots``: saving each page)."""
    screen = kiosk.app.screen
    item = screen.items[index]
    assert screen.level == ITEM and screen.item == index
    sheets = screen.sheets_of(index)
    assert screen.pages == len(sheets) >= 1
    words: list[str] = []
    for page in range(screen.pages):
        assert screen.page == page
        drawn = check_screen(kiosk, diagonal)
        texts = [" ".join(d.text.split()) for d in drawn]
        if screen.pages > 1:
            assert any(wording.page_of(page + 1, screen.pages) in t for t in texts), texts
        assert any(item.title in t for t in texts) or page > 0, (item.title, texts)
        # The page renders its headings, then its parts' lines (facts, forms, body).
        with text_blocks.recording() as on_page:
            screen._render_page(page)
        sheet = sheets[page]
        lines = on_page[len(sheet.headers) : len(sheet.headers) + len(sheet.chunks)]
        assert [d.text for d in lines] == [" ".join(c.lines) for c in sheet.chunks]
        words += " ".join(d.text for d in lines).split()
        if shots:
            shot(kiosk, diagonal, f"item-{item.kind}-{index}-page-{page + 1}")
        labels = [b.label for b in kiosk.buttons()]
        assert (wording.NEXT_PAGE in labels) == (page + 1 < screen.pages)
        assert (wording.PREVIOUS_PAGE in labels) == (page > 0)
        if page + 1 < screen.pages:
            kiosk.tap(wording.NEXT_PAGE)
    # Every page of an item of several holds at least a third of its room.
    if len(sheets) > 1:
        for sheet in sheets:
            assert sheet.filled >= math.ceil(sheet.room * LEAST_PAGE_SHARE), (item.title, sheet)
    return words


@pytest.mark.parametrize(("size", "diagonal"), SCREENS, ids=IDS)
def test_information_by_menu_kinds_items_pages_and_back(make_app, office_info, size, diagonal):
    kiosk = Driver(make_app(size=size, kiosk_toml=f"screen_diagonal_inches = {diagonal}"))
    kiosk.step()
    kiosk.tap(wording.PUBLIC_INFO)
    screen = kiosk.app.screen
    assert kiosk.app.phase is Phase.INFO and screen.level == KINDS
    items = screen.items
    kinds = [k for k in ADMIN_ORDER if any(i.kind == k for i in items)]
    assert kinds == ["rule", "procedure", "contact", "hotline"]
    assert [b.label for b in screen.buttons] == [kind_label(k) for k in kinds]
    check_screen(kiosk, diagonal)
    shot(kiosk, diagonal, "kinds")
    list_paged = False
    for kind in kinds:
        kiosk.tap(kind_label(kind))
        assert screen.level == ITEMS and screen.kind == kind
        # The titles of the kind, in order, over the list's pages.
        titles: list[str] = []
        for page in range(screen.pages):
            check_screen(kiosk, diagonal)
            shot(kiosk, diagonal, f"list-{kind}-page-{page + 1}")
            titles += [b.label for b in screen.buttons]
            if page + 1 < screen.pages:
                kiosk.tap(wording.NEXT_PAGE)
        assert titles == [i.title for i in items if i.kind == kind]
        list_paged |= screen.pages > 1
        kiosk.press(*[pygame.K_LEFT] * screen.pages)
        assert screen.page == 0
        for index in [n for n, i in enumerate(items) if i.kind == kind]:
            title = items[index].title
            while title not in [b.label for b in screen.buttons]:
                kiosk.tap(wording.NEXT_PAGE)
            kiosk.tap(title)
            first = index == min(n for n, i in enumerate(items) if i.kind == kind)
            long_one = items[index].title == "Nội quy phòng chờ"
            words = read_item(kiosk, diagonal, index, shots=first or long_one)
            assert words == item_words(items[index]), title
            # "Quay lại" goes back to the list, on the page that holds the title.
            kiosk.tap(wording.BACK)
            assert screen.level == ITEMS and title in [b.label for b in screen.buttons]
        kiosk.tap(wording.BACK)
        assert screen.level == KINDS
    assert list_paged, "seven more procedures page their list"
    long_rule = next(n for n, i in enumerate(items) if i.title == "Nội quy phòng chờ")
    assert len(screen.sheets_of(long_rule)) > 1, "1,500 characters at 5 mm take several pages"
    kiosk.tap(wording.BACK)
    assert kiosk.app.phase is Phase.ATTRACT


def test_keys_walk_the_menu_and_the_idle_time_out_returns_to_the_start(make_app, office_store):
    kiosk = Driver(make_app(kiosk_toml="keypad = true"))
    kiosk.step()
    kiosk.tap(wording.PUBLIC_INFO)
    screen = kiosk.app.screen
    assert [b.number for b in screen.buttons] == [1, 2, 3]
    kiosk.press(pygame.K_2)  # the second kind: contacts
    assert screen.level == ITEMS and screen.kind == "contact"
    kiosk.press(pygame.K_1)
    assert screen.level == ITEM and screen.items[screen.item].kind == "contact"
    kiosk.press(*[pygame.K_RETURN] * screen.pages)  # Enter on the last page: the list again
    assert screen.level == ITEMS
    kiosk.press(pygame.K_ESCAPE)
    assert screen.level == KINDS and kiosk.app.phase is Phase.INFO
    kiosk.press(pygame.K_1, pygame.K_1)
    assert screen.level == ITEM
    kiosk.wait(kiosk.app.timing.idle_seconds)
    assert kiosk.app.phase is Phase.ATTRACT
    kiosk.tap(wording.PUBLIC_INFO)
    assert kiosk.app.screen.level == KINDS, "a new visitor starts from the kinds"
    kiosk.press(pygame.K_ESCAPE)
    assert kiosk.app.phase is Phase.ATTRACT


def test_a_kind_without_items_is_not_offered(make_app, store):
    store.add_public_item({"kind": "hotline", "title": "Đường dây nóng", "phone": "1900 1234"})
    store.add_public_item({"kind": "rule", "title": "Nội quy", "body": "Giữ trật tự chung."})
    kiosk = Driver(make_app())
    kiosk.step()
    kiosk.tap(wording.PUBLIC_INFO)
    assert [b.label for b in kiosk.app.screen.buttons] == [
        kind_label("rule"),
        kind_label("hotline"),
    ]


# -- the page rule, on its own ----------------------------------------------------------------


def test_a_last_page_under_a_third_takes_lines_back_from_the_page_before():
    # Ten lines of 30 px fill a 300 px page; one line is left for the last page.
    assert lines_moved_back([30] * 10, 30, 300, 300) == 3  # 4 lines: 120 px >= 100
    assert lines_moved_back([30] * 10, 120, 300, 300) == 0  # a third already
    # The page before keeps a third of its own room: a short first page (beside QR codes).
    assert lines_moved_back([30] * 4, 30, 120, 300) == 2  # it keeps 2 lines, 60 px >= 40
    assert lines_moved_back([30, 30], 0, 60, 300) == 1
    # Lines move whole: a line taller than what is missing still moves.
    assert lines_moved_back([30, 30, 90], 30, 150, 300) == 1
    # Nothing to move when the page before would drop under its own third.
    assert lines_moved_back([100], 10, 300, 300) == 0


def test_tet_alone_on_a_last_page_gets_company():
    size, weight = 40, "medium"
    font = fonts.font(size, weight)
    line_h = text_blocks.line_height(size, weight)
    # A width at which the office's working hours end with "Tết)." alone on the last line.
    width = next(
        w
        for w in range(300, 1200, 4)
        if text_blocks.wrap(WORKING_HOURS, font, w)[-1] == "Tết)."
        and len(text_blocks.wrap(WORKING_HOURS, font, w)) >= 4
    )
    lines = text_blocks.wrap(WORKING_HOURS, font, width)
    # A page holding every line but the last: filled greedily, "Tết)." would be page 2 alone.
    room = line_h * (len(lines) - 1)
    before, last = lines[:-1], lines[-1:]
    moved = lines_moved_back([line_h] * len(before), line_h, room, room)
    assert moved >= 1
    first_page, last_page = before[: len(before) - moved], before[len(before) - moved :] + last
    assert last_page[-1] == "Tết)." and len(" ".join(last_page).split()) > 1
    assert len(last_page) * line_h >= room * LEAST_PAGE_SHARE
    assert len(first_page) * line_h >= room * LEAST_PAGE_SHARE
    assert " ".join(first_page + last_page).split() == WORKING_HOURS.split()


@pytest.mark.parametrize(("size", "diagonal"), SCREENS, ids=IDS)
def test_no_page_of_the_shipped_information_is_left_nearly_empty(make_app, store, size, diagonal):
    store.seed_public_info(DEFAULT_PATH)
    kiosk = Driver(make_app(size=size, kiosk_toml=f"screen_diagonal_inches = {diagonal}"))
    kiosk.step()
    kiosk.tap(wording.PUBLIC_INFO)
    screen = kiosk.app.screen
    for index, item in enumerate(screen.items):
        sheets = screen.sheets_of(index)
        if len(sheets) > 1:
            for sheet in sheets:  # a first page all title and QR codes has no room for text
                share = sheet.filled / sheet.room if sheet.room else 1.0
                assert share >= LEAST_PAGE_SHARE - 0.01, (item.title, sheet.part, share)
            last_words = " ".join(sheets[-1].chunks[-1].lines).split()
            assert len(last_words) > 1, (item.title, last_words)
