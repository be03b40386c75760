"""Rating screen: the survey question and one large button per level, with an idle countdown."""

from __future__ import annotations

import pygame
from pygame import Rect

from kiosk import inputs, metrics, text, texts, theme
from kiosk.display import Backdrop
from kiosk.intents import Activity, Back, Intent
from kiosk.layout import margin, rating_layout, text_rows_height
from kiosk.screens.step import beside_repeat, repeat_shown, repeat_slot
from kiosk.widgets import Button, RatingButton, common_label_size, repeat_button


class RatingScreen:
    """Turns a press-and-release on a button, or digit key N, into the N-th button's choice."""

    def __init__(
        self, size: tuple[int, int], survey, question: int = 0, back: bool = False
    ) -> None:
        self.size = size
        asked = survey.questions[question]
        self.question = asked
        levels = asked.levels
        self.layout = rating_layout(size, len(levels))
        # With steps before it, a "Quay lại" button takes the footer's left end.
        self.footer = self.layout.footer
        self.back_button: Button | None = None
        if back:
            f = self.layout.footer
            gap = max(8, round(min(size) * 0.02))
            rect = Rect(f.x, f.y, round(f.width * 0.22), f.height)
            self.footer = Rect(rect.right + gap, f.y, f.right - rect.right - gap, f.height)
            self.back_button = Button(
                rect,
                texts.BACK,
                lambda channel: Back(),
                theme.current().nav,
                size=round(f.height * 0.4),
                min_size=metrics.body_size(size, "bold"),
            )
        # The idle warning takes the footer; on a compact (7") screen, whose footer holds one
        # line, it covers the question and the buttons' top edge (two 5 mm lines) instead.
        self.warning_rect = self.footer
        if metrics.is_compact(size):
            q = self.layout.question
            tall = max(q.height, text_rows_height(size, 2.2) + margin(size) // 2)
            self.warning_rect = Rect(q.x, q.y, q.width, tall)
        self.repeat_button: Button | None = None
        if repeat_shown():
            gap = max(8, round(min(size) * 0.02))
            self.repeat_button = repeat_button(
                repeat_slot(self.layout.question, gap), metrics.body_size(size, "bold")
            )
        rects = self.layout.buttons
        body = metrics.body_size(size, "bold")
        label_size = common_label_size([lv.label for lv in levels], [r.size for r in rects], body)
        self.buttons = tuple(
            RatingButton(rect, i, level.label, level.rgb, level.face, label_size, body)
            for i, (rect, level) in enumerate(zip(rects, levels, strict=True))
        )
        # A release a little off the button still counts: elderly fingers drift while pressing.
        self._slack = max(6, round(min(size) * 0.015))
        self._pressed: dict[tuple, int] = {}
        self._countdown: int | None = None
        self._warnings: dict[int, pygame.Surface] = {}
        background = self._render_background(asked.text, len(levels))
        self._background = Backdrop(background, theme.current().background)

    @property
    def prompt(self) -> str:
        """Return the question, for speech."""
        return self.question.text

    @property
    def targets(self) -> list:
        """Return every touch target on this screen: the rating buttons, "Quay lại", "Nghe lại"."""
        extra = [b for b in (self.back_button, self.repeat_button) if b is not None]
        return [*self.buttons, *extra]

    def _render_background(self, question: str, count: int) -> pygame.Surface:
        surface = pygame.Surface(self.size)
        look = theme.current()
        surface.fill(look.background)
        q = self.layout.question
        button = self.repeat_button
        q = beside_repeat(q, button.rect if button else None, max(8, round(min(self.size) * 0.02)))
        image = text.block(
            question,
            q.size,
            look.text,
            size=round(min(q.height * 0.42, min(self.size) * 0.075)),
            weight="bold",
            max_lines=2,
            min_size=metrics.heading_size(self.size),
            behind=look.background,
        )
        surface.blit(image, image.get_rect(center=q.center))
        f = self.footer
        hint = text.block(
            texts.rating_hint(count),
            f.size,
            look.text,
            size=round(min(f.height * 0.42, min(self.size) * 0.04)),
            min_size=metrics.body_size(self.size),
            weight="medium",
            max_lines=2,
            behind=look.background,
        )
        surface.blit(hint, hint.get_rect(center=f.center))
        return surface

    def _warning(self, seconds: int) -> pygame.Surface:
        if seconds not in self._warnings:
            f = self.warning_rect
            surface = pygame.Surface(f.size, pygame.SRCALPHA)
            look = theme.current()
            pygame.draw.rect(
                surface, look.warning_background, surface.get_rect(), border_radius=f.height // 4
            )
            box = (f.width - f.height // 2, f.height - f.height // 16)
            msg = text.block(
                texts.idle_warning(seconds),
                box,
                look.warning_text,
                size=round(min(f.height * 0.4, min(self.size) * 0.045)),
                min_size=metrics.body_size(self.size, "bold"),
                weight="bold",
                max_lines=2,
                behind=look.warning_background,
            )
            surface.blit(msg, msg.get_rect(center=surface.get_rect().center))
            self._warnings[seconds] = surface
        return self._warnings[seconds]

    def enter(self) -> None:
        """Forget presses and warnings of the previous visitor."""
        self._pressed.clear()
        self._countdown = None

    def set_countdown(self, seconds: int | None) -> None:
        """Show the idle warning with ``seconds`` left, or hide it (None)."""
        self._countdown = seconds
        if seconds is not None:
            self._warning(seconds)

    def button_at(self, pos: tuple[float, float], slack: int = 0) -> RatingButton | None:
        """Return the button under a screen position, if any."""
        for button in self.buttons:
            if button.contains(pos, slack):
                return button
        return None

    def handle_event(self, event: pygame.event.Event) -> Intent | None:
        """A release on the button that was pressed chooses it; any other input is activity."""
        digit = inputs.keypad_digit(event)
        if digit is not None:
            return self.buttons[digit - 1].choose("key") if digit <= len(self.buttons) else None
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            return Back()
        if inputs.is_key_press(event):
            return Activity()
        press = inputs.pointer(event, self.size)
        if press is None:
            return None
        if self._countdown is not None and self.warning_rect.collidepoint(press.pos):
            self._pressed.pop(press.pointer, None)
            return Activity()  # a touch on the idle warning only puts it away
        back, again = self.back_button, self.repeat_button
        if press.action == "down":
            button = self.button_at(press.pos)
            if button is not None:
                self._pressed[press.pointer] = button.index
            elif back is not None and back.contains(press.pos):
                self._pressed[press.pointer] = -1
            elif again is not None and again.contains(press.pos):
                self._pressed[press.pointer] = -2
            return Activity()
        index = self._pressed.pop(press.pointer, None)
        if index == -1 and back is not None and back.contains(press.pos, self._slack):
            return Back()
        if index == -2 and again is not None and again.contains(press.pos, self._slack):
            return again.choose(press.channel)
        button = self.button_at(press.pos, self._slack)
        if index is not None and button is not None and button.index == index:
            return button.choose(press.channel)
        return Activity()

    def update(self, dt: float) -> None:
        """Nothing moves on this screen; the countdown comes from the flow via set_countdown."""

    def draw(self, surface: pygame.Surface) -> None:
        """Draw the question, the buttons (pressed ones darker) and the hint or idle warning."""
        self._background.draw(surface)
        held = set(self._pressed.values())
        for button in self.buttons:
            button.draw(surface, pressed=button.index in held)
        if self.back_button is not None:
            self.back_button.draw(surface, pressed=-1 in held)
        if self.repeat_button is not None:
            self.repeat_button.draw(surface, pressed=-2 in held)
        if self._countdown is not None:
            surface.blit(self._warnings[self._countdown], self.warning_rect)
