"""Shown while the visit is being made durable (usually a single frame)."""

from __future__ import annotations

import pygame

from kiosk import metrics, text_blocks, theme, wording
from kiosk.display import Backdrop
from kiosk.intents import Intent


class SavingScreen:
    """ "Đang ghi nhận đánh giá…"; ignores input so nothing is chosen twice."""

    prompt = ""

    def __init__(self, size: tuple[int, int]) -> None:
        self.size = size
        self._background = pygame.Surface(size)
        look = theme.current()
        self._background.fill(look.background)
        box = (size[0] * 8 // 10, size[1] // 5)
        message = text_blocks.block(
            wording.SAVING,
            box,
            look.text,
            size=round(box[1] * 0.4),
            weight="bold",
            min_size=metrics.heading_size(size),
            behind=look.background,
        )
        self._background.blit(message, message.get_rect(center=(size[0] // 2, size[1] // 2)))
        self._background = Backdrop(self._background, look.background)

    def enter(self) -> None:
        """Nothing to forget."""

    def handle_event(self, event: pygame.event.Event) -> Intent | None:
        """Ignore input while saving."""
        return None

    def update(self, dt: float) -> None:
        """Nothing moves."""

    def draw(self, surface: pygame.Surface) -> None:
        """Draw the message."""
        self._background.draw(surface)
