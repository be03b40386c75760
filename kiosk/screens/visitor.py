"""What every screen a visitor acts on shares, a question's (rating.py) and a step's (step.py):
touch targets chosen by press-and-release, the idle warning over the screen, the "Quay lại"
button and the way their heading and hint are drawn.

A subclass lists its ``targets`` and says where the warning goes (``warning_area``); it handles
keys itself and passes pointer events to ``press``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

import pygame
from pygame import Rect

from kiosk import inputs, metrics, text_blocks, theme, wording
from kiosk.intents import Activity, Back, Intent
from kiosk.widgets import Button


class VisitorScreen(ABC):
    """Press-and-release on targets, the idle countdown warning and the look of both."""

    def __init__(self, size: tuple[int, int]) -> None:
        self.size = size
        # Button labels keep 5 mm capitals wherever they fit (they are body text).
        self.label_floor = metrics.body_size(size, "bold")
        # A release a little off the button still counts: elderly fingers drift while pressing.
        self._slack = max(6, round(min(size) * 0.015))
        self._pressed: dict[tuple, object] = {}
        self._countdown: int | None = None
        self._warnings: dict[int, pygame.Surface] = {}
        # Lines the idle warning may take; a screen whose warning area is narrow sets more.
        self.warning_lines = 2
        self._notice: tuple[str, pygame.Surface] | None = None
        self.progress: tuple[int, int] | None = None  # "Bước 3/6" before the heading
        self.headings: set[str] = set()  # every heading drawn (for the text-size checks)

    # -- for subclasses -------------------------------------------------------------------

    @property
    def targets(self) -> list:
        """Return every touch target on screen, in drawing order."""
        return []

    @property
    @abstractmethod
    def warning_area(self) -> Rect:
        """Return where the idle warning shows."""

    def warning_text_size(self, area: Rect) -> int:
        """Return the size of the idle warning's words in ``area``."""
        return round(area.height * 0.45)

    # -- shared ---------------------------------------------------------------------------

    def make_back_button(self, rect: Rect, label_size: int) -> Button:
        """Return a "Quay lại" button in ``rect``."""
        return Button(
            rect,
            wording.BACK,
            lambda channel: Back(),
            theme.current().nav,
            size=label_size,
            min_size=self.label_floor,
        )

    def set_progress(self, progress: tuple[int, int] | None) -> None:
        """Show "Bước n/m" before the heading (None: no step number)."""
        if progress != self.progress:
            self.progress = progress
            self.refresh_background()

    # Where "Bước n/m" goes: before the heading (a step), or before the hint (a question,
    # whose heading is long enough already).
    progress_in_heading = True

    def with_progress(self, words: str) -> str:
        """Return ``words`` after "Bước n/m · " when the visit has several steps."""
        if self.progress is None or self.progress[1] < 2:
            return words
        return wording.step_of(*self.progress) + " · " + words

    def refresh_background(self) -> None:  # noqa: B027 - an optional hook
        """Draw the screen's fixed parts again (the heading changed)."""

    def blit_heading(self, surface: pygame.Surface, area: Rect, words: str, size: int) -> None:
        """Draw the screen's title or question centred in ``area`` (two lines at most), after
        the step's number when the visit has several."""
        look = theme.current()
        least = metrics.heading_size(self.size)
        shown = self.with_progress(words) if self.progress_in_heading else words
        fitted = text_blocks.fit(
            shown, area.size, size=size, weight="bold", max_lines=2, min_size=least
        )
        if fitted.size < least and shown != words:
            # A long title on a small screen: the title keeps its size, the step number gives way.
            shown = words
            fitted = text_blocks.fit(
                shown, area.size, size=size, weight="bold", max_lines=2, min_size=least
            )
        self.headings.add(shown)
        image = text_blocks.render(text_blocks.balance(fitted), look.text, behind=look.background)
        surface.blit(image, image.get_rect(center=area.center))

    def blit_hint(self, surface: pygame.Surface, area: Rect, words: str, size: int) -> None:
        """Draw the footer's hint centred in ``area`` (two lines at most, balanced)."""
        look = theme.current()
        least = metrics.body_size(self.size)
        fitted = text_blocks.fit(
            words, area.size, size=size, weight="medium", max_lines=2, min_size=least
        )
        image = text_blocks.render(text_blocks.balance(fitted), look.text, behind=look.background)
        surface.blit(image, image.get_rect(center=area.center))

    def _warning(self, seconds: int) -> pygame.Surface:
        if seconds not in self._warnings:
            f = self.warning_area
            surface = pygame.Surface(f.size, pygame.SRCALPHA)
            look = theme.current()
            pygame.draw.rect(
                surface, look.warning_background, surface.get_rect(), border_radius=f.height // 4
            )
            msg = text_blocks.block(
                wording.idle_warning(seconds),
                (f.width - f.height // 2, f.height - f.height // 16),
                look.warning_text,
                size=self.warning_text_size(f),
                min_size=metrics.body_size(self.size, "bold"),
                weight="bold",
                max_lines=self.warning_lines,
                behind=look.warning_background,
            )
            surface.blit(msg, msg.get_rect(center=surface.get_rect().center))
            self._warnings[seconds] = surface
        return self._warnings[seconds]

    def show_notice(self, words: str | None) -> None:
        """Show ``words`` (a scanned code taken or refused) in a calm banner where the idle
        warning goes, until the visitor's next act; None hides it."""
        if words is None:
            self._notice = None
        elif self._notice is None or self._notice[0] != words:
            f = self.warning_area
            surface = pygame.Surface(f.size, pygame.SRCALPHA)
            look = theme.current()
            box = surface.get_rect()
            pygame.draw.rect(surface, look.field, box, border_radius=f.height // 4)
            pygame.draw.rect(surface, look.field_edge, box, 3, border_radius=f.height // 4)
            msg = text_blocks.block(
                words,
                (f.width - f.height // 2, f.height - f.height // 16),
                look.field_text,
                size=self.warning_text_size(f),
                min_size=metrics.body_size(self.size, "bold"),
                weight="bold",
                max_lines=2,
                behind=look.field,
            )
            surface.blit(msg, msg.get_rect(center=box.center))
            self._notice = (words, surface)

    def enter(self) -> None:
        """Forget presses and warnings of the previous visitor."""
        self._pressed.clear()
        self._countdown = None

    def set_countdown(self, seconds: int | None) -> None:
        """Show the idle warning with ``seconds`` left, or hide it (None)."""
        self._countdown = seconds
        if seconds is not None:
            self._warning(seconds)

    def button_at(self, pos: tuple[float, float], slack: int = 0):
        """Return the target under a screen position, if any."""
        for button in self.targets:
            if button.contains(pos, slack):
                return button
        return None

    def press(self, event: pygame.event.Event) -> Intent | None:
        """Turn a pointer event into an intent: a release on the target that was pressed chooses
        it, anything else is activity; None when ``event`` is not a pointer's."""
        press = inputs.pointer(event, self.size)
        if press is None:
            return None
        if self._countdown is not None and self.warning_area.collidepoint(press.pos):
            self._pressed.pop(press.pointer, None)
            return Activity()  # a touch on the idle warning only puts it away
        if press.action == "down":
            button = self.button_at(press.pos)
            if button is not None:
                self._pressed[press.pointer] = button
            return Activity()
        pressed = self._pressed.pop(press.pointer, None)
        button = self.button_at(press.pos, self._slack)
        if pressed is not None and button is pressed:
            return button.choose(press.channel)
        return Activity()

    def update(self, dt: float) -> None:  # noqa: B027 - nothing to do by default
        """Nothing moves on a visitor's screen; the countdown comes from the flow."""

    def draw_targets(self, surface: pygame.Surface) -> None:
        """Draw the targets (pressed ones darker), then the idle warning when it shows."""
        held = set(map(id, self._pressed.values()))
        for button in self.targets:
            button.draw(surface, pressed=id(button) in held)
        if self._countdown is not None:
            surface.blit(self._warnings[self._countdown], self.warning_area)
        elif self._notice is not None:
            surface.blit(self._notice[1], self.warning_area)
