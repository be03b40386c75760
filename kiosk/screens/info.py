"""Public information from the attract screen: rules, procedures, leaders' contacts, hotline.

One item per page, with QR codes for its phone (tel:), email (mailto:) and link; big page
buttons, arrow keys too. The items come from the store through the app's background loader.
"""

from __future__ import annotations

import pygame
from pygame import Rect

from kiosk import metrics, text, texts, theme
from kiosk.intents import Activity, Back, Intent
from kiosk.qr import links, qr_surface
from kiosk.screens.step import StepScreen, grid, nav_label_size
from kiosk.widgets import Button

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
        self._pager = {
            "previous": Button(
                previous, texts.PREVIOUS_PAGE, lambda c: self._turn(-1), colour, size=size
            ),
            "next": Button(following, texts.NEXT_PAGE, lambda c: self._turn(1), colour, size=size),
        }
        return [Button(back, texts.BACK, lambda c: Back(), colour, size=size)]

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
        item = self.items[index]
        codes = links(item, self.public_url)
        landscape = self.size[0] >= self.size[1]
        if codes and landscape:
            qr_area = Rect(body.width * 62 // 100, 0, body.width * 38 // 100, body.height)
            words = Rect(0, 0, qr_area.left - self.layout.gap, body.height)
        elif codes:
            qr_area = Rect(0, body.height * 58 // 100, body.width, body.height * 42 // 100)
            words = Rect(0, 0, body.width, qr_area.top - self.layout.gap)
        else:
            qr_area, words = Rect(0, 0, 0, 0), surface.get_rect()
        unit = round(min(words.height * 0.09, min(self.size) * 0.045))
        heading = f"{KIND_TITLES.get(item.kind, '')} · {texts.page_of(index + 1, self.pages)}"
        # A crowded page (a procedure with its facts and forms) gets smaller text, never below
        # the body minimum; what still does not fit is cut from the body, which comes last.
        for scale in (1.0, 0.85, 0.72, 0.6):
            size = round(unit * scale)
            parts = [
                (heading, look.emphasis, round(size * 0.8), "semibold", 1),
                (item.title, look.text, round(size * 1.2), "bold", 2),
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
                break
        y = 0
        for part in parts:
            if not part[0] or words.bottom - y <= 0:
                continue
            image = self._words(part, (words.width, words.bottom - y), body_min)
            surface.blit(image, (words.x, y))
            y += image.get_height() + size // 2
        if codes:
            cells = grid(qr_area, len(codes), len(codes) if not landscape else 1, self.layout.gap)
            for cell, (caption, data) in zip(cells, codes, strict=True):
                caption_h = round(min(cell.height * 0.2, unit * 1.4))
                caption_h = max(caption_h, text.line_height(body_min, "semibold"))
                code = qr_surface(data, min(cell.width, cell.height - caption_h))
                surface.blit(code, code.get_rect(midtop=(cell.centerx, cell.top)))
                label = text.block(
                    caption,
                    (cell.width, caption_h),
                    look.text,
                    size=round(caption_h * 0.6),
                    weight="semibold",
                    max_lines=1,
                    min_size=body_min,
                    behind=look.background,
                )
                surface.blit(
                    label, label.get_rect(midtop=(cell.centerx, cell.top + code.get_height()))
                )
        return surface

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
