"""The office's apology after a low rating, in the office's own words (the survey's text), in
the screen's calm text colour."""

from __future__ import annotations

import pygame

from kiosk import metrics, text_blocks, theme, wording
from kiosk.screens.step import StepScreen


class ApologyScreen(StepScreen):
    """Shows the survey's apology text; "Tiếp tục" (or Enter) goes on."""

    go_on = True
    hint = wording.APOLOGY_KEYS_HINT
    touch_hint = wording.APOLOGY_TOUCH_HINT

    def __init__(self, size: tuple[int, int], apology: str) -> None:
        self.apology = apology
        super().__init__(size, wording.APOLOGY_TITLE)

    def build(self) -> None:
        """Render the apology into the body once."""
        body = self.layout.body
        look = theme.current()
        self._message = text_blocks.block(
            self.apology,
            body.inflate(-body.width // 10, -body.height // 8).size,
            look.text,
            size=round(min(body.height * 0.16, min(self.size) * 0.07)),
            weight="bold",
            max_lines=6,
            min_size=metrics.body_size(self.size, "bold"),
            behind=look.background,
        )

    @property
    def prompt(self) -> str:
        """Return the apology itself."""
        return self.apology

    def draw_body(self, surface: pygame.Surface) -> None:
        """Draw the apology in the middle."""
        surface.blit(self._message, self._message.get_rect(center=self.layout.body.center))
