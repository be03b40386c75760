"""Explicit consent before a call-back number is kept."""

from __future__ import annotations

import pygame
from pygame import Rect

from kiosk import text_blocks, theme, wording
from kiosk.intents import Consent
from kiosk.screens.step import StepScreen, grid
from kiosk.widgets import Button


class ConsentScreen(StepScreen):
    """Shows the number and two big answers: agree (1) or not (2)."""

    def __init__(self, size: tuple[int, int]) -> None:
        self.phone = ""
        self._number: pygame.Surface | None = None
        super().__init__(size, wording.CONSENT_TITLE)

    def fits(self, layout) -> bool:
        """Tell whether both answers keep 5 mm labels with the navigation underneath."""
        with text_blocks.recording():  # trial answers: not drawn on screen
            answers = self._answers(layout)[1]
        return all(b.label_size >= self.label_floor for b in answers)

    def build(self) -> None:
        """Number on top, the two answers below."""
        self.number_box, self.buttons = self._answers(self.layout)

    def _answers(self, layout) -> tuple[Rect, list[Button]]:
        body, gap = layout.body, layout.gap
        number_box = Rect(body.x, body.y, body.width, round(body.height * 0.2))
        answers = Rect(
            body.x, number_box.bottom + gap, body.width, body.bottom - number_box.bottom - gap
        )
        columns = 2 if self.size[0] >= self.size[1] else 1
        yes, no = grid(answers, 2, columns, gap)
        look = theme.current()
        return number_box, [
            Button(
                yes,
                wording.CONSENT_YES,
                lambda c: Consent(True),
                look.go,
                number=1,
                min_size=self.label_floor,
            ),
            Button(
                no,
                wording.CONSENT_NO,
                lambda c: Consent(False),
                look.nav,
                number=2,
                min_size=self.label_floor,
            ),
        ]

    def sync(self, state) -> None:
        """Show the number the visitor typed."""
        if state.phone != self.phone or self._number is None:
            self.phone = state.phone
            box = self.number_box
            look = theme.current()
            self._number = text_blocks.block(
                self.phone or " ",
                box.size,
                look.text,
                size=round(box.height * 0.6),
                weight="bold",
                max_lines=1,
                min_size=self.label_floor,
                behind=look.background,
            )

    def draw_body(self, surface: pygame.Surface) -> None:
        """Draw the phone number."""
        if self._number is not None:
            surface.blit(self._number, self._number.get_rect(center=self.number_box.center))
