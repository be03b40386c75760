"""The shape shared by message screens: icon, headline, detail and a time-left bar."""

from __future__ import annotations

import pygame

from kiosk import metrics, text_blocks, theme
from kiosk.display import Backdrop
from kiosk.layout import message_layout
from kiosk.theme import RGB, shade


class MessageScreen:
    """A centred icon, headline and detail with a bar that shows the time left."""

    def __init__(self, size, seconds, background: RGB, accent: RGB, icon, headline, detail):
        self.size = size
        self.seconds = seconds
        self.layout = message_layout(size)
        self._accent = accent
        self.prompt = headline
        self._elapsed = 0.0
        lay = self.layout
        surface = pygame.Surface(size)
        surface.fill(background)
        surface.blit(icon(lay.icon.width, accent), lay.icon)
        head = text_blocks.block(
            headline,
            lay.headline.size,
            accent,
            size=round(lay.headline.height * 0.4),
            weight="extrabold",
            max_lines=2,
            min_size=metrics.heading_size(size),
            behind=background,
        )
        surface.blit(head, head.get_rect(center=lay.headline.center))
        body = text_blocks.block(
            detail,
            lay.detail.size,
            theme.current().text,
            size=round(lay.detail.height * 0.3),
            min_size=metrics.body_size(size),
            weight="medium",
            max_lines=4,
            behind=background,
        )
        surface.blit(body, body.get_rect(midtop=lay.detail.midtop))
        pygame.draw.rect(
            surface, shade(accent, 1.75), lay.progress, border_radius=lay.progress.height // 2
        )
        self._background = Backdrop(surface, background)

    def enter(self) -> None:
        """Restart the time-left bar."""
        self._elapsed = 0.0

    def update(self, dt: float) -> None:
        """Advance the time-left bar."""
        self._elapsed = min(self.seconds, self._elapsed + dt)

    def draw(self, surface: pygame.Surface) -> None:
        """Draw the message and the remaining-time bar."""
        self._background.draw(surface)
        bar = self.layout.progress.copy()
        bar.width = round(bar.width * (1 - self._elapsed / self.seconds))
        if bar.width > 0:
            pygame.draw.rect(surface, self._accent, bar, border_radius=bar.height // 2)
