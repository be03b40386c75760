"""Numbers typed on a large on-screen keypad: the call-back phone and the dossier code."""

from __future__ import annotations

import pygame
from pygame import Rect

from kiosk import metrics, text, texts, theme
from kiosk.flow import DOSSIER_MAX, PHONE_DIGITS
from kiosk.intents import Edited, Intent
from kiosk.screens.step import StepScreen, grid
from kiosk.widgets import Button

_DIGIT_KEYS = {getattr(pygame, f"K_{n}"): str(n) for n in range(10)} | {
    getattr(pygame, f"K_KP{n}"): str(n) for n in range(10)
}
KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", texts.DELETE, "0")


class KeypadScreen(StepScreen):
    """A field and a 3x4 keypad; digit keys type, Backspace deletes, Enter goes on."""

    skip = texts.SKIP
    go_on = True
    hint = texts.KEYPAD_HINT
    touch_hint = texts.KEYPAD_TOUCH_HINT
    max_length = 11

    def __init__(self, size: tuple[int, int], title: str) -> None:
        self.value = ""
        self.notice: str | None = None
        super().__init__(size, title)

    def build(self) -> None:
        """Put the field beside the keypad (landscape) or above it (portrait)."""
        body, gap = self.layout.body, self.layout.gap
        if self.size[0] >= self.size[1]:
            field_w = round(body.width * 0.45)
            self.field = Rect(body.x, body.y, field_w, body.height)
            pad = Rect(body.x + field_w + gap, body.y, body.width - field_w - gap, body.height)
        else:
            field_h = round(body.height * 0.25)
            self.field = Rect(body.x, body.y, body.width, field_h)
            pad = Rect(body.x, body.y + field_h + gap, body.width, body.height - field_h - gap)
        size = round(min(pad.height / 4, pad.width / 3) * 0.45)
        cells = grid(pad, 12, 3, gap)
        look = theme.current()
        self.buttons = [
            Button(
                cell,
                label,
                self._press(label),
                look.nav if label == texts.DELETE else look.key,
                size=size if label != texts.DELETE else round(size * 0.7),
                min_size=metrics.body_size(self.size, "bold"),
            )
            for cell, label in zip(cells, KEYS, strict=False)
        ]

    def _press(self, label: str):
        if label == texts.DELETE:
            return lambda channel: Edited(self.value[:-1])
        return lambda channel: Edited((self.value + label)[: self.max_length])

    def sync(self, state) -> None:
        """Show the number the flow holds."""

    def handle_key(self, event: pygame.event.Event) -> Intent | None:
        """Digits type and Backspace deletes (the keypad works on the physical keys too)."""
        if event.key in _DIGIT_KEYS:
            return Edited((self.value + _DIGIT_KEYS[event.key])[: self.max_length])
        if event.key == pygame.K_BACKSPACE:
            return Edited(self.value[:-1])
        return None

    def _boxes(self) -> tuple[Rect, Rect]:
        f = self.field
        box_h = round(f.height * (0.35 if self.size[0] >= self.size[1] else 0.6))
        box = Rect(f.x, f.y + (f.height - box_h) // 4, f.width, box_h)
        return box, Rect(f.x, box.bottom + 4, f.width, f.bottom - box.bottom - 4)

    def _render_field(self) -> pygame.Surface:
        surface = pygame.Surface(self.field.size, pygame.SRCALPHA)
        box, below = (r.move(-self.field.x, -self.field.y) for r in self._boxes())
        look = theme.current()
        pygame.draw.rect(surface, look.field, box, border_radius=box.height // 8)
        pygame.draw.rect(surface, look.field_edge, box, 3, border_radius=box.height // 8)
        number = text.block(
            self.value or " ",
            box.inflate(-box.width // 10, -box.height // 4).size,
            look.field_text,
            size=round(box.height * 0.45),
            weight="bold",
            max_lines=1,
            behind=look.field,
        )
        surface.blit(number, number.get_rect(center=box.center))
        if self.notice:
            warning = text.block(
                self.notice,
                below.size,
                look.notice,
                size=round(min(below.height * 0.25, box.height * 0.3)),
                weight="bold",
                max_lines=3,
                min_size=metrics.body_size(self.size, "bold"),
                behind=look.background,
            )
            surface.blit(warning, warning.get_rect(midtop=below.midtop))
        return surface

    def draw_body(self, surface: pygame.Surface) -> None:
        """Draw the field with the typed number and any notice under it."""
        shown = (self.value, self.notice)
        if getattr(self, "_shown", None) != shown:
            self._shown = shown
            self._field_image = self._render_field()
        surface.blit(self._field_image, self.field)


class PhoneScreen(KeypadScreen):
    """The call-back offer: the visitor's phone number, or "Bỏ qua"."""

    max_length = PHONE_DIGITS[1]

    def __init__(self, size: tuple[int, int]) -> None:
        super().__init__(size, texts.PHONE_TITLE)

    def sync(self, state) -> None:
        """Show the phone number and whether it is wrong."""
        self.value = state.phone
        self.notice = texts.PHONE_INVALID if state.notice == "phone" else None


class DossierScreen(KeypadScreen):
    """The optional dossier code (mã hồ sơ), or "Bỏ qua"."""

    max_length = DOSSIER_MAX

    def __init__(self, size: tuple[int, int]) -> None:
        super().__init__(size, texts.DOSSIER_TITLE)

    def sync(self, state) -> None:
        """Show the code typed so far."""
        self.value = state.dossier
