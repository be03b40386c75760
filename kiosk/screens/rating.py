"""Rating screen: the survey question and one large button per level, with an idle countdown.

Its presses, idle warning, "Quay lại" and "Nghe lại" are a step screen's (kiosk/screens/
visitor.py); only the layout differs: big rating buttons, and "Quay lại" in the footer.
"""

from __future__ import annotations

import pygame
from pygame import Rect

from kiosk import inputs, metrics, theme, wording
from kiosk.display import Backdrop
from kiosk.intents import Activity, Back, Intent, NotApplicable
from kiosk.layout import margin, rating_layout, text_rows_height
from kiosk.screens.step import beside_repeat, keys_shown, repeat_button_in
from kiosk.screens.visitor import VisitorScreen
from kiosk.theme import readable
from kiosk.widgets import Button, RatingButton, common_label_size


class RatingScreen(VisitorScreen):
    """Turns a press-and-release on a button, or digit key N, into the N-th button's choice."""

    progress_in_heading = False

    def __init__(
        self, size: tuple[int, int], survey, question: int = 0, back: bool = False
    ) -> None:
        super().__init__(size)
        asked = survey.questions[question]
        self.question = asked
        levels = asked.levels
        self.layout = rating_layout(size, len(levels))
        gap = max(8, round(min(size) * 0.02))
        # With steps before it, a "Quay lại" button takes the footer's left end.
        self.footer = self.layout.footer
        self.back_button: Button | None = None
        if back:
            f = self.layout.footer
            rect = Rect(f.x, f.y, round(f.width * 0.22), f.height)
            self.footer = Rect(rect.right + gap, f.y, f.right - rect.right - gap, f.height)
            self.back_button = self.make_back_button(rect, round(f.height * 0.4))
        # The idle warning takes the footer; on a compact (7") screen, whose footer holds one
        # line, it covers the question and the buttons' top edge (two 5 mm lines) instead.
        self.warning_rect = self.footer
        if metrics.is_compact(size):
            q = self.layout.question
            tall = max(q.height, text_rows_height(size, 2.2) + margin(size) // 2)
            self.warning_rect = Rect(q.x, q.y, q.width, tall)
        self.repeat_button = repeat_button_in(self.layout.question, gap, self.label_floor)
        rects = self.layout.buttons
        label_size = common_label_size(
            [lv.label for lv in levels], [r.size for r in rects], self.label_floor
        )
        # One style for the row: every label on a plate when any colour needs one.
        chips = any(readable(level.rgb).plate is not None for level in levels)
        self.buttons = tuple(
            RatingButton(
                rect, i, level.label, level.rgb, level.face, label_size, self.label_floor, chips
            )
            for i, (rect, level) in enumerate(zip(rects, levels, strict=True))
        )
        self._gap = gap
        self.na_button: Button | None = None
        if asked.not_applicable:
            # "Không áp dụng" at the footer's right end, as "Quay lại" is at its left.
            f = self.footer
            width = round(self.layout.footer.width * 0.3)
            rect = Rect(f.right - width, f.y, width, f.height)
            self.footer = Rect(f.x, f.y, rect.left - gap - f.x, f.height)
            self.na_button = Button(
                rect,
                wording.NOT_APPLICABLE,
                lambda channel: NotApplicable(channel),
                theme.current().nav,
                size=round(f.height * 0.4),
                min_size=self.label_floor,
            )
        self.refresh_background()

    def refresh_background(self) -> None:
        """Draw the question and the hint again (the step's number changed)."""
        background = self._render_background(self.question.text, len(self.buttons), self._gap)
        self._background = Backdrop(background, theme.current().background)

    @property
    def prompt(self) -> str:
        """Return the question, for speech."""
        return self.question.text

    @property
    def targets(self) -> list:
        """Return every touch target on this screen: the rating buttons, "Quay lại", "Nghe lại"."""
        extra = [b for b in (self.back_button, self.na_button, self.repeat_button) if b is not None]
        return [*self.buttons, *extra]

    @property
    def warning_area(self) -> Rect:
        """Return where the idle warning shows (the footer, or over the question)."""
        return self.warning_rect

    def warning_text_size(self, area: Rect) -> int:
        """Return the idle warning's text size: a little smaller than a step's, in a taller
        footer."""
        return round(min(area.height * 0.4, min(self.size) * 0.045))

    def _render_background(self, question: str, count: int, gap: int) -> pygame.Surface:
        surface = pygame.Surface(self.size)
        surface.fill(theme.current().background)
        q = self.layout.question
        button = self.repeat_button
        words = beside_repeat(q, button.rect if button else None, gap)
        self.blit_heading(
            surface, words, question, round(min(q.height * 0.42, min(self.size) * 0.075))
        )
        f = self.footer
        size = round(min(f.height * 0.42, min(self.size) * 0.04))
        hint = self.with_progress(wording.rating_hint(count, keys_shown()))
        self.blit_hint(surface, f, hint, size)
        return surface

    def handle_event(self, event: pygame.event.Event) -> Intent | None:
        """A release on the button that was pressed chooses it; any other input is activity."""
        digit = inputs.keypad_digit(event)
        if digit is not None:
            return self.buttons[digit - 1].choose("key") if digit <= len(self.buttons) else None
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            return Back()
        if inputs.is_key_press(event):
            return Activity()
        return self.press(event)

    def draw(self, surface: pygame.Surface) -> None:
        """Draw the question, the buttons (pressed ones darker) and the hint or idle warning."""
        self._background.draw(surface)
        self.draw_targets(surface)
