"""Public information from the attract screen: rules, procedures, leaders' contacts, hotline.

A menu as on the admin's public page (/cong-khai): the screen opens on the kinds that have
items, as big buttons; a kind opens the list of its items' titles (paged when they do not fit,
each a 20 mm target); an item opens its text. "Quay lại" (Escape) goes back one level, from
the kinds to the attract screen. An item's text is paged within the item ("Mục 2/5 · Trang
2/3": its place in its kind, and its own pages): what does not fit its page at 5 mm goes on,
from the next line, on continuation pages, never cut. The title shows in the title row when it
fits there at 5 mm, else on the item's first page. The QR codes for its phone (tel:), email
(mailto:) and link are on the item's first page; continuation pages give the words the whole
width. No page of an item of several holds less than a third of its room
(info_menu.lines_moved_back). Planning the pages of long items takes longer than a frame may:
``InfoScreen.build_steps`` plans them a page per step, for the kiosk to build a new screen on
the attract screen's frames.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from urllib.parse import urlsplit

import pygame
from pygame import Rect

from kiosk import fonts, metrics, text_blocks, theme, wording
from kiosk.display import Backdrop
from kiosk.intents import Activity, Back, Intent
from kiosk.qr import QUIET, links, qr_matrix, qr_surface
from kiosk.screens.info_menu import (
    items_of,
    kind_label,
    lines_moved_back,
    list_pages,
    menu_kinds,
)
from kiosk.screens.step import (
    StepLayout,
    StepScreen,
    beside_repeat,
    grid,
    keys_shown,
    nav_label_size,
    repeat_shown,
    repeat_slot,
    step_layout,
)
from kiosk.screenset import Steps, finish
from kiosk.theme import readable
from kiosk.widgets import Button, badge_diameter
from lobby.vntext import nfc

# A QR code is at least this big (mm) for a phone to read it, before its caption wraps.
MIN_QR_MM = 18.0
# The share of the page's width (landscape) the QR codes take, tried in turn.
QR_SHARES = (0.38, 0.3, 0.25)
# The most of the page's width the QR codes take, for a caption (an e-mail address) at 5 mm;
# on a compact (7") screen the words need the width more (its captions may shrink).
MOST_QR_SHARE = 0.65
MOST_QR_SHARE_COMPACT = 0.55
# Text sizes tried in turn (of the page's unit) to keep an item on one page.
SCALES = (1.0, 0.85, 0.72, 0.6)
# A web address longer than this is captioned by its site (short_caption).
LONG_ADDRESS = 32
# The page count an item's headings are first planned for (one digit); planned again if more.
PAGES_GUESS = 9
# Times the last two pages of an item are planned again to share their lines.
REBALANCE_TRIES = 4

KINDS, ITEMS, ITEM = "kinds", "items", "item"


def item_facts(item) -> str:
    """Return a procedure's code, time limit and fee, one per line ("" when it has none)."""
    facts = (
        (wording.PROCEDURE_CODE, getattr(item, "code", None)),
        (wording.PROCEDURE_TIME_LIMIT, getattr(item, "time_limit", None)),
        (wording.PROCEDURE_FEE, getattr(item, "fee", None)),
    )
    return "\n".join(f"{label}: {value}" for label, value in facts if value)


def attachment_names(item) -> str:
    """Return the names of an item's attached forms on one line ("" when it has none)."""
    names = [f.title for f in getattr(item, "attachments", ())]
    return f"{wording.PROCEDURE_FORMS}: {'; '.join(names)}" if names else ""


@dataclass(frozen=True)
class Chunk:
    """Lines of one part of an item (facts, forms or body) placed on a page at height ``y``,
    ``line_h`` pixels from one baseline to the next."""

    lines: tuple[str, ...]
    colour: tuple
    size: int
    weight: str
    y: int
    line_h: int


class TextRun:
    """One part of an item (facts, forms or body) still to place, wrapped once per width."""

    def __init__(self, words: str, colour: tuple, size: int, weight: str) -> None:
        self.colour, self.size, self.weight = colour, size, weight
        self._lines: list[tuple[str, str]] = [(words, "")]
        self._width: int | None = None
        self._height = 0

    def wrapped(self, width: int) -> tuple[list[tuple[str, str]], int]:
        """Return the lines left (the list itself: the caller takes lines off its front) at
        ``width``, wrapped anew when the width changed, and the height of one line."""
        if width != self._width:
            lines, self._height = _wrapped(rejoin(self._lines), self.size, self.weight, width)
            self._lines[:] = lines
            self._width = width
        return self._lines, self._height


@lru_cache(maxsize=256)
def _wrapped(words: str, size: int, weight: str, width: int) -> tuple[tuple, int]:
    # Planning tries several text sizes and QR shares, often at the same width: wrap once.
    lines = tuple(wrap_lines(words, fonts.font(size, weight), width))
    shown = tuple(line for line, _ in lines)
    return lines, text_blocks.Fitted(shown, size, weight).ink.height


@dataclass(frozen=True)
class Sheet:
    """One page of an item: its first page or one of its continuations.

    ``part`` is 0 on the item's first page, which alone carries the QR codes (``codes``);
    continuation pages give the words the whole body. ``headers`` are the heights reserved for
    the page's heading and title (one line of both on a continuation page); ``unit`` and
    ``size`` are the sizes the page was planned at; ``room`` is the height left for the text
    under the headers.
    """

    index: int
    part: int
    codes: tuple
    qr_area: Rect
    words: Rect
    size: int
    unit: int
    headers: tuple[int, ...]
    chunks: tuple[Chunk, ...]
    room: int

    @property
    def line_heights(self) -> list[int]:
        """Return the height each text line takes on the page, the gap before a part counted
        with its first line."""
        heights: list[int] = []
        for n, chunk in enumerate(self.chunks):
            gap = self.size // 2 if n else 0
            heights += [chunk.line_h + (gap if i == 0 else 0) for i in range(len(chunk.lines))]
        return heights

    @property
    def filled(self) -> int:
        """Return the height of the page's text, from its first line's top to its last's foot."""
        return sum(self.line_heights)


@dataclass(frozen=True)
class Menu:
    """The menu's buttons: one per kind, and each kind's list of titles in pages; ``page_of``
    gives the list page that holds each item's title (by the item's position)."""

    kinds: tuple[Button, ...]
    lists: dict
    page_of: dict


def wrap_lines(words: str, font: pygame.font.Font, width: int) -> list[tuple[str, str]]:
    """Return (line, what joins it to the next: " ", a new paragraph "\n" or, inside a word
    wider than the width (a long address) broken between letters rather than cut, "")."""
    lines: list[tuple[str, str]] = []
    for paragraph in words.split("\n"):
        wrapped = text_blocks.wrap(paragraph, font, width)
        for line in wrapped:
            while font.size(line)[0] > width and len(line) > 1:
                cut = len(line) - 1
                while cut > 1 and font.size(line[:cut])[0] > width:
                    cut -= 1
                lines.append((line[:cut], ""))
                line = line[cut:]
            lines.append((line, " "))
        lines[-1] = (lines[-1][0], "\n")
    return lines


def rejoin(lines: list[tuple[str, str]]) -> str:
    """Return the words of wrapped ``lines`` again, paragraphs and broken words kept."""
    return "".join(line + joint for line, joint in lines).removesuffix(
        lines[-1][1] if lines else ""
    )


@lru_cache(maxsize=64)
def qr_modules(data: str) -> int:
    """Return how many modules wide the QR code of ``data`` is drawn, its quiet zone included."""
    return len(qr_matrix(data)) + 2 * QUIET


def short_caption(caption: str) -> str:
    """Return what a QR code's caption says: a long web address by its site alone (the code
    holds the whole address; a hundred letters under it would not fit, nor be typed)."""
    if "://" in caption and len(caption) > LONG_ADDRESS:
        return urlsplit(caption).netloc or caption
    return caption


def item_heading(number: int, count: int, page: int, pages: int) -> str:
    """Return the line over an item's text: "Mục 2/5 · Trang 1/3", the item's place only
    among several, its page only when it has several (or when nothing else would show)."""
    parts = [wording.item_of(number, count)] if count > 1 else []
    if pages > 1 or not parts:
        parts.append(wording.page_of(page, pages))
    return " · ".join(parts)


def widest_digits(text: str, size: int, weight: str = "semibold") -> str:
    """Return ``text`` with every digit the widest one: the room a label may need whatever its
    numbers (pages are planned before they are counted)."""
    font = fonts.font(max(1, size), weight)
    digit = max("0123456789", key=lambda d: font.size(d)[0])
    return re.sub(r"\d", digit, text)


def wide_nav(layout: StepLayout, size: tuple[int, int]) -> StepLayout:
    """Return ``layout`` with its navigation column (aside, on a screen that is not compact)
    wide enough for "Trang trước" at 5 mm: the body gives up what it needs."""
    if not layout.side or metrics.is_compact(size):
        return layout
    font = fonts.font(metrics.body_size(size, "bold"), "bold")
    edge = max(4, round(min(layout.nav.width, layout.slots[0].height) * 0.08))
    labels = (wording.BACK, wording.PREVIOUS_PAGE, wording.NEXT_PAGE)
    need = max(font.size(label)[0] for label in labels) + 2 * text_blocks.PAD + 2 * edge + 4
    wider = need - layout.nav.width
    if wider <= 0:
        return layout
    nav = Rect(layout.nav.x - wider, layout.nav.y, layout.nav.width + wider, layout.nav.height)
    body = Rect(layout.body.x, layout.body.y, layout.body.width - wider, layout.body.height)
    return replace(layout, nav=nav, body=body, slots=tuple(grid(nav, 3, 1, layout.gap)))


class InfoScreen(StepScreen):
    """The information menu (the kinds, then a kind's titles) and an item's pages; "Quay lại"
    (Escape) goes back one level, from the kinds to the attract screen."""

    hint = wording.INFO_MENU_KEYS_HINT
    touch_hint = wording.INFO_KINDS_HINT

    def __init__(self, size: tuple[int, int], items, public_url: str = "") -> None:
        self._setup(size, items, public_url)
        super().__init__(size, wording.PUBLIC_INFO)

    def _setup(self, size: tuple[int, int], items, public_url: str) -> None:
        self.size = size
        self.items = list(items)
        self.public_url = public_url
        self.kinds = menu_kinds(self.items)
        self.kind: str | None = None
        self.item: int | None = None
        self.page = 0
        self._rendered: dict[tuple[int, int], pygame.Surface] = {}
        self._sheets: dict[int, list[Sheet]] = {}
        self._in_row: dict[tuple, bool] = {}  # (title row, item): its title fits the row
        self._menu = Menu((), {}, {})
        self._backdrops: dict[tuple[str, str, str], Backdrop] = {}
        self._planned: tuple | None = None  # (layout, sheets, menu) planned by build_steps

    @classmethod
    def build_steps(cls, size: tuple[int, int], items, public_url: str = "") -> Steps:
        """Make the screen as ``InfoScreen(size, items, public_url)`` does, a page planned per
        step (a generator that returns the screen): a frame may build it in parts."""
        screen = cls.__new__(cls)
        screen._setup(size, items, public_url)
        layout = step_layout(size)
        if not layout.side and not screen.fits(layout):
            layout = wide_nav(step_layout(size, side_nav=True), size)
        sheets = yield from screen._paginate_steps(layout)
        menu = yield from screen._menu_steps(layout)
        screen._planned = (layout, sheets, menu)
        yield
        StepScreen.__init__(screen, size, wording.PUBLIC_INFO)  # uses the plan: no page again
        return screen

    @property
    def layout(self) -> StepLayout:
        """Return where the title, body, navigation and footer go."""
        return self._layout

    @layout.setter
    def layout(self, layout: StepLayout) -> None:
        # The step screen chooses the layout; a navigation column aside is widened here.
        self._layout = wide_nav(layout, self.size)

    # -- where the visitor is -----------------------------------------------------------------

    @property
    def level(self) -> str:
        """Return what shows: the kinds (KINDS), a kind's titles (ITEMS) or an item (ITEM)."""
        if self.item is not None:
            return ITEM
        return ITEMS if self.kind is not None else KINDS

    @property
    def pages(self) -> int:
        """Return the number of pages of what shows: a list's pages, or the item's own."""
        if self.item is not None:
            return max(1, len(self._sheets.get(self.item, ())))
        if self.kind is not None:
            return max(1, len(self._menu.lists.get(self.kind, ())))
        return 1

    def sheets_of(self, index: int) -> list[Sheet]:
        """Return the planned pages of item ``index`` (its first page and continuations)."""
        return list(self._sheets.get(index, ()))

    def list_of(self, kind: str) -> list[list[Button]]:
        """Return the pages of the list of ``kind``'s titles, a button per title."""
        return [list(page) for page in self._menu.lists.get(kind, ())]

    def item_on(self, page: int):
        """Return the item whose page ``page`` shows, None outside an item or past its pages."""
        if self.item is not None and 0 <= page < self.pages:
            return self.items[self.item]
        return None

    def open_kind(self, kind: str) -> Intent:
        """Show the list of the titles of ``kind``, from its first page."""
        self.kind, self.item, self.page = kind, None, 0
        self._show()
        return Activity()

    def open_item(self, index: int) -> Intent:
        """Show item ``index`` from its first page."""
        self.kind, self.item, self.page = self.items[index].kind, index, 0
        self._show()
        return Activity()

    def go_up(self) -> None:
        """Go back one level: from an item to the list page that holds its title, from a list
        to the kinds."""
        if self.item is not None:
            index, self.item = self.item, None
            self.page = self._menu.page_of.get(index, 0)
        else:
            self.kind, self.page = None, 0
        self._show()

    def _show(self) -> None:
        """Put up the buttons, title and hint of what shows now."""
        if self.item is None:
            self._rendered.clear()  # an item's pages are kept while it is read only
        if self.kind is None:
            self.buttons = list(self._menu.kinds)
            touch = wording.INFO_KINDS_HINT if self.kinds else wording.INFO_EMPTY_HINT
            title = wording.PUBLIC_INFO
            keys = wording.INFO_MENU_KEYS_HINT
        elif self.item is None:
            pages = self._menu.lists.get(self.kind, [[]])
            self.page = max(0, min(self.page, len(pages) - 1))
            self.buttons = list(pages[self.page]) if pages else []
            title = kind_label(self.kind)
            if len(pages) > 1:
                title = f"{title} · {wording.page_of(self.page + 1, len(pages))}"
            touch, keys = wording.INFO_LIST_HINT, wording.INFO_MENU_KEYS_HINT
        else:
            self.buttons = []
            item = self.items[self.item]
            title = (
                item.title if self.title_in_row(self.item, self.layout) else kind_label(item.kind)
            )
            more = self.page + 1 < self.pages
            touch = wording.INFO_HINT if more else wording.INFO_LAST_PAGE_HINT
            keys = wording.INFO_KEYS_HINT
        self.title, self.touch_hint, self.hint = nfc(title), touch, keys
        key = (self.title, touch, keys)
        if key not in self._backdrops:
            self._backdrops[key] = Backdrop(self._render_background(), theme.current().background)
        self._background = self._backdrops[key]

    def refresh_background(self) -> None:
        """Draw the title and hint again (the step's number changed)."""
        self._backdrops.clear()
        self._show()

    # -- navigation ---------------------------------------------------------------------------

    def _nav(self) -> list[Button]:
        back, previous, following = self.layout.slots
        size = self._nav_size()
        colour = theme.current().nav
        least = self.label_floor

        def pager(rect: Rect, label: str, step: int) -> Button:
            return Button(
                rect, label, lambda c: self._turn(step), colour, size=size, min_size=least
            )

        self._pager = {
            "previous": pager(previous, wording.PREVIOUS_PAGE, -1),
            "next": pager(following, wording.NEXT_PAGE, 1),
        }
        return [Button(back, wording.BACK, lambda c: Back(), colour, size=size, min_size=least)]

    def _nav_size(self) -> int:
        """Return one label size for Quay lại and the page buttons: the step screens' own, or
        less, so that the widest of them ("Trang trước") keeps it on one line."""
        size = nav_label_size(self.layout)
        slot = self.layout.slots[1]
        edge = max(4, round(min(slot.size) * 0.08))
        room = slot.width - 2 * edge - 2 * text_blocks.PAD - 4
        font = fonts.font(size, "bold")
        widest = max(font.size(label)[0] for label in (wording.PREVIOUS_PAGE, wording.NEXT_PAGE))
        return max(1, min(size, size * room // max(1, widest)))

    @property
    def targets(self) -> list[Button]:
        """Return the menu's buttons, Quay lại and the page buttons that apply to this page."""
        shown = [*self.buttons, *self.nav_buttons]
        if self.page > 0:
            shown.append(self._pager["previous"])
        if self.page + 1 < self.pages:
            shown.append(self._pager["next"])
        return [*shown, *self.extra_targets]

    def _turn(self, step: int) -> Intent:
        page = max(0, min(self.pages - 1, self.page + step))
        if page != self.page:
            self.page = page
            self._show()  # a list's page number is in its title; an item's last page's hint
        return Activity()

    def enter(self) -> None:
        """Start again from the kinds."""
        super().enter()
        self.kind, self.item, self.page = None, None, 0
        if self.nav_buttons:  # built: the menu is there to show
            self._show()

    def handle_key(self, event: pygame.event.Event) -> Intent | None:
        """Arrows turn pages (of a list or of an item)."""
        if event.key in (pygame.K_RIGHT, pygame.K_PAGEDOWN, pygame.K_DOWN):
            return self._turn(1)
        if event.key in (pygame.K_LEFT, pygame.K_PAGEUP, pygame.K_UP):
            return self._turn(-1)
        return None

    def handle_event(self, event: pygame.event.Event) -> Intent | None:
        """Enter shows an item's next page, and at its last page goes back to the list; "Quay
        lại" and Escape go back one level (from the kinds, to the attract screen)."""
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            if self.item is None:
                return Activity()
            if self.page + 1 < self.pages:
                return self._turn(1)
            self.go_up()
            return Activity()
        intent = super().handle_event(event)
        if isinstance(intent, Back) and self.kind is not None:
            self.go_up()
            return Activity()
        return intent

    # -- planning -----------------------------------------------------------------------------

    def build(self) -> None:
        """Plan every item's pages and the menu for the screen's layout; show the kinds."""
        planned, self._planned = self._planned, None
        if planned is not None and planned[0] == self.layout:
            self._sheets, self._menu = planned[1], planned[2]
        else:
            self._sheets = finish(self._paginate_steps(self.layout))
            self._menu = finish(self._menu_steps(self.layout))
        self._rendered.clear()
        self._backdrops.clear()
        if getattr(self, "_background", None) is not None:  # the kinds' own, drawn already
            self._backdrops[(self.title, self.touch_hint, self.hint)] = self._background
        self._show()

    def fits(self, layout) -> bool:
        """Tell whether the navigation may stay under the body: on a portrait screen. On a
        landscape one it goes aside, leaving the body the height a list of 20 mm titles and an
        item's lines need most (on a 10.1" screen three titles a page instead of two)."""
        return self.size[0] < self.size[1]

    def _paginate_steps(self, layout) -> Steps:
        """Return the pages of every item (by position), a page planned per step; an item's
        page count in its headings is guessed first (one digit) and planned again if it needs
        more."""
        sheets: dict[int, list[Sheet]] = {}
        for i in range(len(self.items)):
            guess = PAGES_GUESS
            for _ in range(3):
                sheets[i] = yield from self._item_sheets_steps(i, layout, guess)
                if len(str(len(sheets[i]))) <= len(str(guess)):
                    break
                guess = len(sheets[i])
        return sheets

    def _position(self, index: int) -> tuple[int, int]:
        """Return (number, count) of item ``index`` among the items of its kind."""
        same = items_of(self.items, self.items[index].kind)
        return same.index(index) + 1, len(same)

    def title_in_row(self, index: int, layout) -> bool:
        """Tell whether item ``index``'s title fits the screen's title row (two lines of 5 mm
        capitals at least) while the item is read: its pages then give the body to the words;
        a longer title heads the item's pages instead, under the kind's name."""
        key = (tuple(layout.title), layout.gap, repeat_shown(), index)
        if key not in self._in_row:
            area = layout.title
            if repeat_shown():
                area = beside_repeat(area, repeat_slot(area, layout.gap), layout.gap)
            least = metrics.body_size(self.size, "bold")  # 5 mm: no heading gets smaller
            start = round(min(layout.title.height * 0.4, min(self.size) * 0.06))
            fitted = text_blocks.fit(
                self.items[index].title,
                area.size,
                size=start,
                weight="bold",
                max_lines=2,
                min_size=least,
            )
            width, height = fitted.extent()
            self._in_row[key] = (
                fitted.size >= least
                and len(fitted.lines) <= 2
                and width <= area.width
                and height <= area.height
            )
        return self._in_row[key]

    def _menu_steps(self, layout) -> Steps:
        """Return the menu's buttons, a page of titles made per step."""
        floor = metrics.body_size(self.size, "bold")
        body, gap = layout.body, layout.gap
        landscape = self.size[0] >= self.size[1]
        columns = min(2, len(self.kinds)) if landscape else 1
        cells = grid(body, len(self.kinds), columns, gap)

        def kind_buttons(size: int | None, counted: bool, least: int = floor) -> list[Button]:
            return [
                self._menu_button(
                    cell,
                    kind_label(kind),
                    kind,
                    number,
                    least,
                    detail=wording.items_count(len(items_of(self.items, kind))) if counted else "",
                    size=size,
                )
                for number, (cell, kind) in enumerate(zip(cells, self.kinds, strict=True), start=1)
            ]

        with text_blocks.recording():  # trial buttons, never shown: the sizes they fit at
            trial, counted = kind_buttons(None, True), True
            if min((b.label_size for b in trial), default=floor) < floor:
                trial, counted = kind_buttons(None, False), False  # the names keep 5 mm first
        yield
        common = min((b.label_size for b in trial), default=floor)
        # One size for every kind, so that none looks more important.
        kinds = kind_buttons(common, counted, min(floor, common))
        yield
        lists: dict[str, list[list[Button]]] = {}
        page_of: dict[int, int] = {}
        least = metrics.target_px(self.size) + 1
        for kind in self.kinds:
            shown = items_of(self.items, kind)
            needs = [self._row_need(self.items[i].title, body.width, floor) for i in shown]
            pages = []
            for page in list_pages(needs, body.height, gap):
                # What the page has to spare makes its rows a little taller, up to a third of
                # a 20 mm target each: the rest stays empty under the last.
                spare = body.height - sum(needs[n] for n in page) - gap * (len(page) - 1)
                extra = min(spare // len(page), least // 3)
                y, row = body.y, []
                for number, n in enumerate(page, start=1):
                    rect = Rect(body.x, y, body.width, needs[n] + extra)
                    title = self.items[shown[n]].title
                    row.append(self._menu_button(rect, title, shown[n], number, floor, size=floor))
                    page_of[shown[n]] = len(pages)
                    y = rect.bottom + gap
                pages.append(row)
                yield  # a page of titles made: a frame may stop here
            lists[kind] = pages
        return Menu(tuple(kinds), lists, page_of)

    def _menu_button(
        self,
        rect: Rect,
        label: str,
        entry,
        number: int,
        floor: int,
        detail: str = "",
        size: int | None = None,
    ) -> Button:
        """Return a menu button: a kind (``entry`` its name) or a title (its item's position)."""
        if isinstance(entry, str):
            chosen = lambda channel, kind=entry: self.open_kind(kind)  # noqa: E731
        else:
            chosen = lambda channel, index=entry: self.open_item(index)  # noqa: E731
        return Button(
            rect,
            label,
            chosen,
            theme.current().choice,
            number=number if keys_shown() else None,
            detail=detail,
            min_size=floor,
            size=size,
        )

    def _row_need(self, title: str, width: int, floor: int) -> int:
        """Return the height a row of the list needs for ``title`` to keep 5 mm capitals
        (beside its number with a keypad): at least a 20 mm target."""
        least = metrics.target_px(self.size) + 1
        font = fonts.font(floor, "bold")
        line_h = text_blocks.line_height(floor, "bold")
        needs_plate = readable(theme.current().choice).plate is not None
        plate = 2 * text_blocks.plate_pad(floor) if needs_plate else 0
        height = least
        for _ in range(3):  # the edge and the number's badge grow with the row
            pad = max(4, round(height * 0.08))
            badge = 0
            if keys_shown():
                badge = badge_diameter(round(min(height * 0.3, width * 0.18)), floor) + pad
            room = width - 2 * pad - badge - plate - 2 * text_blocks.PAD
            lines = len(text_blocks.wrap(title, font, room))
            height = max(least, lines * line_h + 2 * pad + plate + 2)
        return height

    def _item_sheets_steps(self, index: int, layout, total: int, limit: int = 10**6) -> Steps:
        """Return the pages of item ``index``, a page planned per step: one page at the largest
        text and QR share that fit; otherwise the smallest text (never under 5 mm) continued on
        following pages, the last two sharing their lines so that the last is not nearly empty."""
        codes = tuple(
            (short_caption(c), data) for c, data in links(self.items[index], self.public_url)
        )
        for _caption, data in codes:
            qr_modules(data)  # the code encoded now, a step each, not when the page is shown
            yield
        shares = self._shares(codes, layout.body)
        for share in shares:
            for scale in SCALES:
                sheets = yield from self._fill_steps(
                    index, codes, share, scale, layout, total, limit=2
                )
                if len(sheets) == 1:
                    return sheets
        plan = (index, codes, shares[0], SCALES[-1], layout, total, limit)
        sheets = yield from self._fill_steps(*plan)
        caps: dict[int, int] = {}
        for _ in range(REBALANCE_TRIES):
            if not 1 < len(sheets) < limit:
                break
            before, last = sheets[-2], sheets[-1]
            moved = lines_moved_back(before.line_heights, last.filled, before.room, last.room)
            if moved == 0:
                break
            caps[before.part] = len(before.line_heights) - moved
            sheets = yield from self._fill_steps(*plan, caps=dict(caps))
        return sheets

    def _shares(self, codes, body: Rect) -> tuple[float, ...]:
        """Return the shares of the width the QR codes may take, the preferred first: more
        where a caption (an e-mail address) needs it for 5 mm, less (down to a quarter) where
        the words need it."""
        font = fonts.font(metrics.body_size(self.size), "semibold")
        widest = max((font.size(caption)[0] for caption, _ in codes), default=0)
        most = MOST_QR_SHARE_COMPACT if metrics.is_compact(self.size) else MOST_QR_SHARE
        wide = min(most, (widest + 4 * text_blocks.PAD) / max(1, body.width))
        return (wide, *QR_SHARES) if wide > QR_SHARES[0] else QR_SHARES

    def _areas(self, codes, body: Rect, share: float, gap: int) -> tuple[Rect, Rect]:
        """Return (QR area, words area) of an item's first page within the body."""
        if codes and self.size[0] >= self.size[1]:
            qr_w = round(body.width * share)
            qr_area = Rect(body.width - qr_w, 0, qr_w, body.height)
            return qr_area, Rect(0, 0, qr_area.left - gap, body.height)
        if codes:
            qr_h = round(body.height * share * 1.1)
            qr_area = Rect(0, body.height - qr_h, body.width, qr_h)
            return qr_area, Rect(0, 0, body.width, qr_area.top - gap)
        return Rect(0, 0, 0, 0), Rect((0, 0), body.size)

    def _fill_steps(
        self,
        index: int,
        codes,
        share: float,
        scale: float,
        layout,
        total: int,
        limit: int,
        caps: dict[int, int] | None = None,
    ) -> Steps:
        """Lay item ``index`` out on pages at ``scale``, a page per step, and return them:
        heading, title, then its facts, forms and body line by line; a part that reaches the
        page's bottom (or the number of lines ``caps`` gives that page) goes on, from the next
        line, on a continuation page (at most ``limit`` pages are planned)."""
        look = theme.current()
        item = self.items[index]
        body_min = metrics.body_size(self.size)
        qr_area, first = self._areas(codes, layout.body, share, layout.gap)
        rest = Rect((0, 0), layout.body.size)
        unit = round(min(first.height * 0.09, min(self.size) * 0.045))
        size = round(unit * scale)
        gap = size // 2
        pending = []
        for words_text, colour, weight in (
            (item_facts(item), look.emphasis, "semibold"),
            (attachment_names(item), look.text, "semibold"),
            (item.body or "", look.text, "medium"),
        ):
            if words_text.strip():
                shown = max(
                    round(size * metrics.text_scale()), metrics.body_size(self.size, weight)
                )
                pending.append(TextRun(nfc(words_text), colour, shown, weight))
        number, count = self._position(index)
        in_row = self.title_in_row(index, layout)
        sheets: list[Sheet] = []
        part = 0
        while True:
            words = first if part == 0 else rest
            box = (words.width, words.height)
            headers = tuple(
                text_blocks.fit(
                    words_text, box, size=hsize, weight=weight, max_lines=lines, min_size=body_min
                ).extent()[1]
                for words_text, _colour, hsize, weight, lines in self._headers(
                    item, part, (number, count, total, total), size, in_row, widest=True
                )
            )
            y = top = sum(h + gap for h in headers)
            text_room = max(0, words.height - top)
            cap = (caps or {}).get(part)
            chunks: list[Chunk] = []
            while pending:
                flow = pending[0]
                lines, height = flow.wrapped(words.width - 2 * text_blocks.PAD)
                if not chunks and text_room < height:
                    text_room = 0  # all title and QR codes: no room for a line of text
                if chunks or part > 0:
                    while lines and not lines[0][0]:  # no blank line at a page's top
                        lines.pop(0)
                room = (words.height - y) // max(1, height)
                if cap is not None:
                    room = min(room, cap)
                if room <= 0 and not chunks and part > 0:
                    room = 1  # a continuation page always moves on (never seen: a tiny screen)
                if room <= 0:
                    break
                if 1 < room == len(lines) - 1:
                    room -= 1  # a part's last line does not go on alone to the next page
                taken = lines[:room]
                if taken:
                    placed = tuple(w for w, _ in taken)
                    chunks.append(Chunk(placed, flow.colour, flow.size, flow.weight, y, height))
                    y += len(taken) * height + gap
                    if cap is not None:
                        cap -= len(taken)
                if room < len(lines):
                    del lines[:room]  # the rest goes on the next page, wrapped anew if narrower
                    break
                pending.pop(0)
            sheets.append(
                Sheet(
                    index,
                    part,
                    codes if part == 0 else (),
                    qr_area if part == 0 else Rect(0, 0, 0, 0),
                    words,
                    size,
                    unit,
                    headers,
                    tuple(chunks),
                    text_room,
                )
            )
            yield  # a page planned: a frame may stop here
            if not pending or len(sheets) >= limit:
                return sheets
            part += 1

    def _headers(
        self,
        item,
        part: int,
        counts: tuple[int, int, int, int],
        size: int,
        in_row: bool,
        widest: bool = False,
    ) -> list[tuple]:
        """Return (text, colour, size, weight, max lines) of a page's heading and title: where
        the item and page stand ("Mục 2/5 · Trang 1/3"), then, on the item's first page, its
        title unless the title row shows it (``in_row``); continuation pages leave the rest to
        the words. ``counts`` is (item number, items of its kind, page number, pages);
        ``widest``: their digits as the widest digit, for planning."""
        look = theme.current()
        number, count, page, pages = counts
        heading = item_heading(number, count, page, pages)
        heading = widest_digits(heading, round(size * 0.8)) if widest else heading
        where = (heading, look.emphasis, round(size * 0.8), "semibold", 2)
        if in_row or part > 0:
            return [where]
        # A long title beside the QR codes of a small screen takes more lines, never less ink.
        return [where, (item.title, look.text, round(size * 1.2), "bold", 5)]

    def _render_page(self, page: int) -> pygame.Surface:
        """Return page ``page`` of the item shown (the "no information" note when none)."""
        body = self.layout.body
        surface = pygame.Surface(body.size, pygame.SRCALPHA)
        look = theme.current()
        body_min = metrics.body_size(self.size)
        sheets = self._sheets.get(self.item, []) if self.item is not None else []
        if not sheets:
            empty = text_blocks.block(
                wording.PUBLIC_INFO_EMPTY,
                body.size,
                look.text,
                size=round(body.height * 0.1),
                min_size=body_min,
                behind=look.background,
            )
            surface.blit(empty, empty.get_rect(center=surface.get_rect().center))
            return surface
        sheet = sheets[page]
        item = self.items[sheet.index]
        words, gap = sheet.words, sheet.size // 2
        number, count = self._position(sheet.index)
        y = 0
        counts = (number, count, page + 1, len(sheets))
        in_row = self.title_in_row(sheet.index, self.layout)
        headers = self._headers(item, sheet.part, counts, sheet.size, in_row)
        for (words_text, colour, size, weight, lines), height in zip(
            headers, sheet.headers, strict=True
        ):
            image = text_blocks.block(
                words_text,
                (words.width, height),
                colour,
                size=size,
                weight=weight,
                max_lines=lines,
                align="left",
                min_size=body_min,
                behind=look.background,
            )
            surface.blit(image, (words.x, words.y + y))
            y += height + gap
        for chunk in sheet.chunks:
            fitted = text_blocks.Fitted(chunk.lines, chunk.size, chunk.weight)
            image = text_blocks.render(fitted, chunk.colour, "left", behind=look.background)
            surface.blit(image, (words.x, words.y + chunk.y))
        if sheet.codes:
            landscape = self.size[0] >= self.size[1]
            self._draw_codes(
                surface, list(sheet.codes), sheet.qr_area, landscape, sheet.unit, body_min
            )
        return surface

    def _draw_codes(self, surface, codes, area: Rect, landscape: bool, unit: int, least: int):
        """Draw the QR codes with their captions: stacked or side by side, whichever keeps
        every caption at 5 mm (an e-mail address may break after its "@") with larger codes."""
        look = theme.current()
        font = fonts.font(least, "semibold")
        line_h = text_blocks.line_height(least, "semibold")
        qr_least = round(metrics.mm_to_px(MIN_QR_MM, self.size))

        def arrange(columns: int) -> tuple:
            cells = grid(area, len(codes), columns, self.layout.gap)
            placed, shrink, smallest = [], 1.0, 10**6
            for cell, (caption, data) in zip(cells, codes, strict=True):
                width = cell.width - 2 * text_blocks.PAD
                shown = text_blocks.wrap(caption, font, width)
                if "@" in caption and any(font.size(line)[0] > width for line in shown):
                    shown = caption.replace("@", "@\n", 1).split("\n")
                if cell.height - len(shown) * line_h < qr_least:
                    shown = [caption]  # the code keeps its size; the caption shrinks (7")
                # Under 1: the caption shrinks by this much (a 7" screen).
                fit = min(1.0, *(width / max(1, font.size(line)[0]) for line in shown))
                # Rounded down: a caption a hair under 5 mm is under 5 mm.
                shrink = min(shrink, math.floor(fit * 100) / 100)
                caption_h = max(round(min(cell.height * 0.2, unit * 1.4)), len(shown) * line_h)
                side = min(cell.width, cell.height - caption_h)
                modules = qr_modules(data)  # a code is drawn whole pixels per module
                smallest = min(smallest, side // modules * modules)
                placed.append((cell, "\n".join(shown), len(shown), caption_h, data, side))
            return shrink, smallest, placed

        options = [arrange(1), arrange(len(codes))] if len(codes) > 1 else [arrange(1)]
        if not landscape:
            options = [arrange(len(codes))]
        if metrics.is_compact(self.size):
            # A 7" screen: codes a phone reads first (18 mm); their captions may shrink there.
            _, _, placed = max(options, key=lambda o: (o[1] >= qr_least, o[0], o[1]))
        else:
            _, _, placed = max(options, key=lambda o: (o[0], o[1]))
        for cell, caption, lines, caption_h, data, side in placed:
            code = qr_surface(data, max(1, side))
            surface.blit(code, code.get_rect(midtop=(cell.centerx, cell.top)))
            label = text_blocks.block(
                caption,
                (cell.width, caption_h),
                look.text,
                size=round(caption_h * 0.6 / lines),
                weight="semibold",
                max_lines=lines,
                min_size=least,
                behind=look.background,
            )
            surface.blit(label, label.get_rect(midtop=(cell.centerx, cell.top + code.get_height())))

    def draw_body(self, surface: pygame.Surface) -> None:
        """Draw the item's current page (rendered once per page while the item is read), or
        the note that there is no information when the menu is empty."""
        if self.item is None and self.kinds:
            return
        key = (-1 if self.item is None else self.item, self.page)
        if key not in self._rendered:
            self._rendered[key] = self._render_page(self.page)
        surface.blit(self._rendered[key], self.layout.body)
