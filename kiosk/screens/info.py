"""Public information from the attract screen: rules, procedures, leaders' contacts, hotline.

One item per page, with QR codes for its phone (tel:), email (mailto:) and link; big page
buttons, arrow keys too. The items come from the store through the app's background loader.
"""

from __future__ import annotations

import pygame
from pygame import Rect

from kiosk import fonts, metrics, text, texts, theme
from kiosk.intents import Activity, Back, Intent
from kiosk.qr import links, qr_surface
from kiosk.screens.step import StepScreen, grid, nav_label_size, step_layout
from kiosk.widgets import Button

# A QR code is at least this big (mm) for a phone to read it, before its caption wraps.
MIN_QR_MM = 18.0
# The share of the page's width (landscape) the QR codes take, tried in turn.
QR_SHARES = (0.38, 0.3, 0.25)
KIND_TITLES = {
    "rule": "Quy định",
    "procedure": "Thủ tục hành chính",
    "contact": "Liên hệ lãnh đạo",
    "hotline": "Đường dây nóng",
}


def item_facts(item) -> str:
    """Return a procedure's code, time limit and fee, one per line ("" when it has none)."""
    facts = (
        (texts.PROCEDURE_CODE, getattr(item, "code", None)),
        (texts.PROCEDURE_TIME_LIMIT, getattr(item, "time_limit", None)),
        (texts.PROCEDURE_FEE, getattr(item, "fee", None)),
    )
    return "\n".join(f"{label}: {value}" for label, value in facts if value)


def attachment_names(item) -> str:
    """Return the names of an item's attached forms on one line ("" when it has none)."""
    names = [f.title for f in getattr(item, "attachments", ())]
    return f"{texts.PROCEDURE_FORMS}: {'; '.join(names)}" if names else ""


def cut_to_fit(words: str, box: tuple[int, int], size: int, weight: str) -> str:
    """Return the lines of ``words`` that fit ``box`` at ``size``, ending in "…" when cut."""
    font = fonts.font(size, weight)
    width = box[0] - 2 * text.PAD
    lines = text.wrap(words, font, width)
    room = box[1] // text.line_height(size, weight)
    if len(lines) <= room:
        return words
    if room <= 0:
        return ""
    kept = lines[:room]
    last = kept[-1].split()
    while last and font.size(" ".join(last) + " …")[0] > width:
        last.pop()
    kept[-1] = " ".join([*last, "…"])
    return "\n".join(kept)


class InfoScreen(StepScreen):
    """Pages of public information; Quay lại (Escape) returns to the attract screen."""

    hint = texts.INFO_KEYS_HINT
    touch_hint = texts.INFO_HINT

    def __init__(self, size: tuple[int, int], items, public_url: str = "") -> None:
        self.items = list(items)
        self.public_url = public_url
        self.page = 0
        self._rendered: dict[int, pygame.Surface] = {}
        super().__init__(size, texts.PUBLIC_INFO)

    @property
    def pages(self) -> int:
        """Return the number of pages (one per item, at least one)."""
        return max(1, len(self.items))

    def _nav(self) -> list[Button]:
        back, previous, following = self.layout.slots
        size = nav_label_size(self.layout)
        colour = theme.current().nav
        least = self.label_floor
        self._pager = {
            "previous": Button(
                previous,
                texts.PREVIOUS_PAGE,
                lambda c: self._turn(-1),
                colour,
                size=size,
                min_size=least,
            ),
            "next": Button(
                following,
                texts.NEXT_PAGE,
                lambda c: self._turn(1),
                colour,
                size=size,
                min_size=least,
            ),
        }
        return [Button(back, texts.BACK, lambda c: Back(), colour, size=size, min_size=least)]

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

    def fits(self, layout) -> bool:
        """Tell whether every page keeps its text at 5 mm with the navigation underneath (or
        whether the navigation aside would not help either)."""

        def every_page(lay) -> bool:
            with text.recording():  # trial pages: not drawn on screen
                return all(self._plan(i, lay.body)[5] for i in range(len(self.items)))

        return every_page(layout) or not every_page(step_layout(self.size, side_nav=True))

    def _plan(self, index: int, body: Rect) -> tuple:
        """Return (codes, QR area, words area, parts, text size, fits) of page ``index``: the
        QR codes take more of the width where a caption (an e-mail address) needs it for 5 mm,
        less (down to a quarter) where the words need it."""
        font = fonts.font(metrics.body_size(self.size), "semibold")
        codes = links(self.items[index], self.public_url)
        widest = max((font.size(caption)[0] for caption, _ in codes), default=0)
        wide = min(0.55, (widest + 4 * text.PAD) / max(1, body.width))
        shares = (wide, *QR_SHARES) if wide > QR_SHARES[0] else QR_SHARES
        for share in shares:
            plan = self._plan_with(index, body, share)
            if plan[5]:
                return plan
        return self._plan_with(index, body, QR_SHARES[0])

    def _plan_with(self, index: int, body: Rect, share: float) -> tuple:
        look = theme.current()
        body_min = metrics.body_size(self.size)
        item = self.items[index]
        codes = links(item, self.public_url)
        landscape = self.size[0] >= self.size[1]
        if codes and landscape:
            qr_w = round(body.width * share)
            qr_area = Rect(body.width - qr_w, 0, qr_w, body.height)
            words = Rect(0, 0, qr_area.left - self.layout.gap, body.height)
        elif codes:
            qr_h = round(body.height * share * 1.1)
            qr_area = Rect(0, body.height - qr_h, body.width, qr_h)
            words = Rect(0, 0, body.width, qr_area.top - self.layout.gap)
        else:
            qr_area, words = Rect(0, 0, 0, 0), Rect((0, 0), body.size)
        unit = round(min(words.height * 0.09, min(self.size) * 0.045))
        heading = f"{KIND_TITLES.get(item.kind, '')} · {texts.page_of(index + 1, self.pages)}"
        # A crowded page (a procedure with its facts and forms) gets smaller text, never below
        # the body minimum; what still does not fit is cut from the body, which comes last.
        for scale in (1.0, 0.85, 0.72, 0.6):
            size = round(unit * scale)
            parts = [
                (heading, look.emphasis, round(size * 0.8), "semibold", 2),
                (item.title, look.text, round(size * 1.2), "bold", 3),
                (item_facts(item), look.emphasis, size, "semibold", 5),
                (attachment_names(item), look.text, size, "semibold", 3),
                (item.body or "", look.text, size, "medium", 6),
            ]
            needed = sum(
                self._words(part, (words.width, words.height), body_min).get_height() + size // 2
                for part in parts
                if part[0]
            )
            if needed - size // 2 <= words.height:
                return codes, qr_area, words, parts, size, True
        return codes, qr_area, words, parts, size, False

    def _render_page(self, index: int) -> pygame.Surface:
        body = self.layout.body
        surface = pygame.Surface(body.size, pygame.SRCALPHA)
        look = theme.current()
        body_min = metrics.body_size(self.size)
        if not self.items:
            empty = text.block(
                texts.PUBLIC_INFO_EMPTY,
                body.size,
                look.text,
                size=round(body.height * 0.1),
                min_size=body_min,
                behind=look.background,
            )
            surface.blit(empty, empty.get_rect(center=surface.get_rect().center))
            return surface
        codes, qr_area, words, parts, size, _ = self._plan(index, body)
        landscape = self.size[0] >= self.size[1]
        unit = round(min(words.height * 0.09, min(self.size) * 0.045))
        y = 0
        for part in parts:
            if not part[0] or words.bottom - y <= 0:
                continue
            box = (words.width, words.bottom - y)
            if part is parts[-1]:  # the body comes last: cut to what fits at 5 mm, not shrunk
                part = (cut_to_fit(part[0], box, body_min, part[3]), *part[1:])
                if not part[0]:
                    continue
            image = self._words(part, box, body_min)
            surface.blit(image, (words.x, y))
            y += image.get_height() + size // 2
        if codes:
            self._draw_codes(surface, codes, qr_area, landscape, unit, body_min)
        return surface

    def _draw_codes(self, surface, codes, area: Rect, landscape: bool, unit: int, least: int):
        """Draw the QR codes with their captions: stacked or side by side, whichever keeps
        every caption at 5 mm (an e-mail address may break after its "@") with larger codes."""
        look = theme.current()
        font = fonts.font(least, "semibold")
        line_h = text.line_height(least, "semibold")
        qr_least = round(metrics.mm_to_px(MIN_QR_MM, self.size))

        def arrange(columns: int) -> tuple:
            cells = grid(area, len(codes), columns, self.layout.gap)
            placed, shrink, smallest = [], 1.0, 10**6
            for cell, (caption, data) in zip(cells, codes, strict=True):
                width = cell.width - 2 * text.PAD
                shown = text.wrap(caption, font, width)
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
            label = text.block(
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

    def _words(self, part, box: tuple[int, int], min_size: int) -> pygame.Surface:
        """Render one (text, colour, size, weight, max lines) part of a page into ``box``."""
        words_text, colour, size, weight, lines = part
        return text.block(
            words_text,
            box,
            colour,
            size=size,
            weight=weight,
            max_lines=lines,
            align="left",
            min_size=min_size,
            behind=theme.current().background,
        )

    def draw_body(self, surface: pygame.Surface) -> None:
        """Draw the current page (rendered once per page)."""
        if self.page not in self._rendered:
            self._rendered[self.page] = self._render_page(self.page)
        surface.blit(self._rendered[self.page], self.layout.body)
