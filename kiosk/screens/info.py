"""Public information from the attract screen: rules, procedures, leaders' contacts, hotline.

One item per page, with QR codes for its phone (tel:), email (mailto:) and link; big page
buttons, arrow keys too. The items come from the store through the app's background loader.
Text that does not fit its page at 5 mm is never cut: it goes on, from the next line, on
continuation pages ("(tiếp theo)" after the title), counted in "Trang 2/5". The QR codes are
on the item's first page only; its continuation pages give the words the whole width.
Planning the pages of long items takes longer than a frame may: ``InfoScreen.build_steps``
plans them a page per step, for the kiosk to build a new screen on the attract screen's frames.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pygame
from pygame import Rect

from kiosk import fonts, metrics, text_blocks, theme, wording
from kiosk.intents import Activity, Back, Intent
from kiosk.qr import links, qr_surface
from kiosk.screens.step import StepScreen, grid, nav_label_size, step_layout
from kiosk.screenset import Steps, finish
from kiosk.widgets import Button
from lobby.vntext import nfc

# A QR code is at least this big (mm) for a phone to read it, before its caption wraps.
MIN_QR_MM = 18.0
# The share of the page's width (landscape) the QR codes take, tried in turn.
QR_SHARES = (0.38, 0.3, 0.25)
# Text sizes tried in turn (of the page's unit) to keep an item on one page.
SCALES = (1.0, 0.85, 0.72, 0.6)
# After the title of an item's continuation pages.
CONTINUED = nfc("(tiếp theo)")
KIND_TITLES = {
    "rule": "Quy định",
    "procedure": "Thủ tục hành chính",
    "contact": "Liên hệ lãnh đạo",
    "hotline": "Đường dây nóng",
}


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
    """Lines of one part of an item (facts, forms or body) placed on a page at height ``y``."""

    lines: tuple[str, ...]
    colour: tuple
    size: int
    weight: str
    y: int


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
    """One page of the information screen: an item's first page or one of its continuations.

    ``part`` is 0 on the item's first page, which alone carries the QR codes (``codes``);
    continuation pages give the words the whole body. ``headers`` are the heights reserved for
    the page's heading and title (one line of both on a continuation page); ``unit`` and
    ``size`` are the sizes the page was planned at.
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


def page_title(title: str, part: int) -> str:
    """Return an item's title on its page ``part`` (0 first): "… (tiếp theo)" on continuations."""
    return title if part == 0 else nfc(f"{title} {CONTINUED}")


def widest_page_label(total: int, size: int) -> str:
    """Return "Trang 88/88" with as many digits as ``total`` has, in the widest digit: the
    room a page's label may need whatever its number (pages are planned before they count)."""
    font = fonts.font(max(1, size), "semibold")
    digit = max("0123456789", key=lambda d: font.size(d)[0])
    return re.sub(r"\d", digit, wording.page_of(total, total))


class InfoScreen(StepScreen):
    """Pages of public information; Quay lại (Escape) returns to the attract screen."""

    hint = wording.INFO_KEYS_HINT
    touch_hint = wording.INFO_HINT

    def __init__(self, size: tuple[int, int], items, public_url: str = "") -> None:
        self._setup(size, items, public_url)
        super().__init__(size, wording.PUBLIC_INFO)

    def _setup(self, size: tuple[int, int], items, public_url: str) -> None:
        self.size = size
        self.items = list(items)
        self.public_url = public_url
        self.page = 0
        self._rendered: dict[int, pygame.Surface] = {}
        self._sheets: list[Sheet] = []
        self._planned: tuple | None = None  # (layout, sheets) planned by build_steps

    @classmethod
    def build_steps(cls, size: tuple[int, int], items, public_url: str = "") -> Steps:
        """Make the screen as ``InfoScreen(size, items, public_url)`` does, a page planned per
        step (a generator that returns the screen): a frame may build it in parts."""
        screen = cls.__new__(cls)
        screen._setup(size, items, public_url)
        layout = step_layout(size)
        if not layout.side and not (yield from screen._fits_steps(layout)):
            layout = step_layout(size, side_nav=True)
        screen._planned = (layout, (yield from screen._paginate_steps(layout)))
        yield
        StepScreen.__init__(screen, size, wording.PUBLIC_INFO)  # uses the plan: no page again
        return screen

    @property
    def pages(self) -> int:
        """Return the number of pages (an item's continuation pages included, at least one)."""
        return max(1, len(self._sheets))

    def _nav(self) -> list[Button]:
        back, previous, following = self.layout.slots
        size = nav_label_size(self.layout)
        colour = theme.current().nav
        least = self.label_floor
        self._pager = {
            "previous": Button(
                previous,
                wording.PREVIOUS_PAGE,
                lambda c: self._turn(-1),
                colour,
                size=size,
                min_size=least,
            ),
            "next": Button(
                following,
                wording.NEXT_PAGE,
                lambda c: self._turn(1),
                colour,
                size=size,
                min_size=least,
            ),
        }
        return [Button(back, wording.BACK, lambda c: Back(), colour, size=size, min_size=least)]

    @property
    def targets(self) -> list[Button]:
        """Return Quay lại and the page buttons that apply to this page."""
        shown = list(self.nav_buttons)
        if self.page > 0:
            shown.append(self._pager["previous"])
        if self.page + 1 < self.pages:
            shown.append(self._pager["next"])
        return [*shown, *self.extra_targets]

    def _turn(self, step: int) -> Intent:
        self.page = max(0, min(self.pages - 1, self.page + step))
        return Activity()

    def enter(self) -> None:
        """Start again from the first page."""
        super().enter()
        self.page = 0

    def handle_key(self, event: pygame.event.Event) -> Intent | None:
        """Arrows and Enter turn pages (Enter on the last page goes back)."""
        if event.key in (pygame.K_RIGHT, pygame.K_PAGEDOWN, pygame.K_DOWN):
            return self._turn(1)
        if event.key in (pygame.K_LEFT, pygame.K_PAGEUP, pygame.K_UP):
            return self._turn(-1)
        return None

    def handle_event(self, event: pygame.event.Event) -> Intent | None:
        """Enter shows the next page; at the last page it goes back to the start."""
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            return Back() if self.page + 1 >= self.pages else self._turn(1)
        return super().handle_event(event)

    def build(self) -> None:
        """Plan every page (continuation pages included) for the screen's layout."""
        planned, self._planned = self._planned, None
        if planned is not None and planned[0] == self.layout:
            self._sheets = planned[1]
        else:
            self._sheets = finish(self._paginate_steps(self.layout))
        self._rendered.clear()

    def item_on(self, page: int):
        """Return the item shown on ``page`` (its first page or a continuation), None if none."""
        if 0 <= page < len(self._sheets):
            return self.items[self._sheets[page].index]
        return None

    def fits(self, layout) -> bool:
        """Tell whether every item fits one page with the navigation underneath (or whether the
        navigation aside would not help either): what does not fit continues on the next page."""
        if self._planned is not None:  # build_steps found it out already
            return self._planned[0] == layout
        return finish(self._fits_steps(layout))

    def _fits_steps(self, layout) -> Steps:
        """Find out fits(layout) a page planned per step; return it."""

        def one_page_each(lay) -> Steps:
            guess = max(1, len(self.items))
            for i in range(len(self.items)):
                if len((yield from self._item_sheets_steps(i, lay, guess, limit=2))) != 1:
                    return False
            return True

        if (yield from one_page_each(layout)):
            return True
        return not (yield from one_page_each(step_layout(self.size, side_nav=True)))

    def _paginate_steps(self, layout) -> Steps:
        """Return the pages of every item in order, a page planned per step; the page count in
        the headings is guessed first (the number of items) and planned again if it needs more
        digits."""
        guess = max(1, len(self.items))
        sheets: list[Sheet] = []
        for _ in range(3):
            sheets = []
            for i in range(len(self.items)):
                sheets += yield from self._item_sheets_steps(i, layout, guess)
            if len(str(len(sheets))) <= len(str(guess)):
                break
            guess = len(sheets)
        return sheets

    def _shares(self, codes, body: Rect) -> tuple[float, ...]:
        """Return the shares of the width the QR codes may take, the preferred first: more
        where a caption (an e-mail address) needs it for 5 mm, less (down to a quarter) where
        the words need it."""
        font = fonts.font(metrics.body_size(self.size), "semibold")
        widest = max((font.size(caption)[0] for caption, _ in codes), default=0)
        wide = min(0.55, (widest + 4 * text_blocks.PAD) / max(1, body.width))
        return (wide, *QR_SHARES) if wide > QR_SHARES[0] else QR_SHARES

    def _item_sheets_steps(self, index: int, layout, total: int, limit: int = 10**6) -> Steps:
        """Return the pages of item ``index``, a page planned per step: one page at the largest
        text and QR share that fit; otherwise the smallest text (never under 5 mm) continued on
        following pages."""
        codes = tuple(links(self.items[index], self.public_url))
        shares = self._shares(codes, layout.body)
        for share in shares:
            for scale in SCALES:
                sheets = yield from self._fill_steps(
                    index, codes, share, scale, layout, total, limit=2
                )
                if len(sheets) == 1:
                    return sheets
        return (
            yield from self._fill_steps(index, codes, shares[0], SCALES[-1], layout, total, limit)
        )

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
        self, index: int, codes, share: float, scale: float, layout, total: int, limit: int
    ) -> Steps:
        """Lay item ``index`` out on pages at ``scale``, a page per step, and return them:
        heading, title, then its facts, forms and body line by line; a part that reaches the
        page's bottom goes on, from the next line, on a continuation page (at most ``limit``
        pages are planned)."""
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
        sheets: list[Sheet] = []
        part = 0
        while True:
            words = first if part == 0 else rest
            box = (words.width, words.height)
            label = widest_page_label(total, size)
            headers = tuple(
                text_blocks.fit(
                    words_text, box, size=hsize, weight=weight, max_lines=lines, min_size=body_min
                ).extent()[1]
                for words_text, _colour, hsize, weight, lines in self._headers(
                    item, part, label, size
                )
            )
            y = sum(h + gap for h in headers)
            chunks: list[Chunk] = []
            while pending:
                flow = pending[0]
                lines, height = flow.wrapped(words.width - 2 * text_blocks.PAD)
                if chunks or part > 0:
                    while lines and not lines[0][0]:  # no blank line at a page's top
                        lines.pop(0)
                room = (words.height - y) // max(1, height)
                if room <= 0 and not chunks and part > 0:
                    room = 1  # a continuation page always moves on (never seen: a tiny screen)
                if room <= 0:
                    break
                taken = lines[:room]
                if taken:
                    placed = tuple(w for w, _ in taken)
                    chunks.append(Chunk(placed, flow.colour, flow.size, flow.weight, y))
                    y += len(taken) * height + gap
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
                )
            )
            yield  # a page planned: a frame may stop here
            if not pending or len(sheets) >= limit:
                return sheets
            part += 1

    def _headers(self, item, part: int, label: str, size: int) -> list[tuple]:
        """Return (text, colour, size, weight, max lines) of a page's heading and title: the
        kind and page, then the title; on a continuation page one block of both, to leave the
        page to the words ("Nội quy (tiếp theo) · Trang 2/5")."""
        look = theme.current()
        if part == 0:
            kind = KIND_TITLES.get(item.kind, "")
            return [
                (f"{kind} · {label}", look.emphasis, round(size * 0.8), "semibold", 2),
                (item.title, look.text, round(size * 1.2), "bold", 3),
            ]
        return [(f"{page_title(item.title, part)} · {label}", look.text, size, "bold", 3)]

    def _render_page(self, page: int) -> pygame.Surface:
        body = self.layout.body
        surface = pygame.Surface(body.size, pygame.SRCALPHA)
        look = theme.current()
        body_min = metrics.body_size(self.size)
        if not self._sheets:
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
        sheet = self._sheets[page]
        item = self.items[sheet.index]
        words, gap = sheet.words, sheet.size // 2
        label = wording.page_of(page + 1, self.pages)
        y = 0
        headers = self._headers(item, sheet.part, label, sheet.size)
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
                shrink = min(shrink, round(fit, 2))
                caption_h = max(round(min(cell.height * 0.2, unit * 1.4)), len(shown) * line_h)
                side = min(cell.width, cell.height - caption_h)
                smallest = min(smallest, side)
                placed.append((cell, "\n".join(shown), len(shown), caption_h, data, side))
            return shrink, smallest, placed

        options = [arrange(1), arrange(len(codes))] if len(codes) > 1 else [arrange(1)]
        if not landscape:
            options = [arrange(len(codes))]
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
        """Draw the current page (rendered once per page)."""
        if self.page not in self._rendered:
            self._rendered[self.page] = self._render_page(self.page)
        surface.blit(self._rendered[self.page], self.layout.body)
