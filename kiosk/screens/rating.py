"""Rating screen: the survey question and one large button per level, with an idle countdown."""

from __future__ import annotations

import pygame

from kiosk import inputs, text, texts
from kiosk.intents import Activity, Intent
from kiosk.layout import rating_layout
from kiosk.theme import INK, PAPER, WARNING_BG
from kiosk.widgets import RatingButton, common_label_size


class RatingScreen:
    """Turns a press-and-release on a button, or digit key N, into the N-th button's choice."""

    def __init__(self, size: tuple[int, int], survey) -> None:
        self.size = size
        self.layout = rating_layout(size, len(survey.levels))
        levels = survey.levels
        rects = self.layout.buttons
        label_size = common_label_size([lv.label for lv in levels], [r.size for r in rects])
        self.buttons = tuple(
            RatingButton(rect, i, level.label, level.rgb, level.face, label_size)
            for i, (rect, level) in enumerate(zip(rects, levels, strict=True))
        )
        # A release a little off the button still counts: elderly fingers drift while pressing.
        self._slack = max(6, round(min(size) * 0.015))
        self._pressed: dict[tuple, int] = {}
        self._countdown: int | None = None
        self._warnings: dict[int, pygame.Surface] = {}
        self._background = self._render_background(survey.question, len(survey.levels))

    def _render_background(self, question: str, count: int) -> pygame.Surface:
        surface = pygame.Surface(self.size)
        surface.fill(PAPER)
        q = self.layout.question
        image = text.block(
            question,
            q.size,
            INK,
            size=round(min(q.height * 0.42, min(self.size) * 0.075)),
            weight="bold",
            max_lines=2,
        )
        surface.blit(image, image.get_rect(center=q.center))
        f = self.layout.footer
        hint = text.block(
            texts.rating_hint(count),
            f.size,
            INK,
            size=round(min(f.height * 0.42, min(self.size) * 0.04)),
            weight="medium",
            max_lines=2,
        )
        surface.blit(hint, hint.get_rect(center=f.center))
        return surface

    def _warning(self, seconds: int) -> pygame.Surface:
        if seconds not in self._warnings:
            f = self.layout.footer
            surface = pygame.Surface(f.size, pygame.SRCALPHA)
            pygame.draw.rect(surface, WARNING_BG, surface.get_rect(), border_radius=f.height // 4)
            box = (f.width - f.height // 2, f.height - f.height // 8)
            msg = text.block(
                texts.idle_warning(seconds),
                box,
                INK,
                size=round(min(f.height * 0.4, min(self.size) * 0.045)),
                weight="bold",
                max_lines=2,
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
        if inputs.is_key_press(event):
            return Activity()
        press = inputs.pointer(event, self.size)
        if press is None:
            return None
        if press.action == "down":
            button = self.button_at(press.pos)
            if button is not None:
                self._pressed[press.pointer] = button.index
            return Activity()
        index = self._pressed.pop(press.pointer, None)
        button = self.button_at(press.pos, self._slack)
        if index is not None and button is not None and button.index == index:
            return button.choose(press.channel)
        return Activity()

    def update(self, dt: float) -> None:
        """Nothing moves on this screen; the countdown comes from the flow via set_countdown."""

    def draw(self, surface: pygame.Surface) -> None:
        """Draw the question, the buttons (pressed ones darker) and the hint or idle warning."""
        surface.blit(self._background, (0, 0))
        held = set(self._pressed.values())
        for button in self.buttons:
            button.draw(surface, pressed=button.index in held)
        if self._countdown is not None:
            surface.blit(self._warnings[self._countdown], self.layout.footer)
