"""Attract screen: the office, the "5 biết" and "3 thể hiện" slogans, and an invitation to touch."""

from __future__ import annotations

import math

import pygame
from pygame import Rect

from kiosk import inputs, text, texts
from kiosk.intents import Intent
from kiosk.layout import attract_layout, margin
from kiosk.theme import GOLD, INK, PANEL, PANEL_EDGE, PAPER, STATE_RED, WHITE

PULSE_SECONDS = 2.0


def _panel(rect: Rect, title: str, lines: list[list[str]], size: int) -> pygame.Surface:
    surface = pygame.Surface(rect.size, pygame.SRCALPHA)
    radius = round(min(rect.size) * 0.06)
    pygame.draw.rect(surface, PANEL, surface.get_rect(), border_radius=radius)
    pygame.draw.rect(surface, PANEL_EDGE, surface.get_rect(), 3, border_radius=radius)
    pad = round(min(rect.size) * 0.07)
    title_h = round(rect.height * 0.2)
    heading = text.block(
        title,
        (rect.width - 2 * pad, title_h),
        STATE_RED,
        size=round(title_h * 0.8),
        weight="extrabold",
        max_lines=1,
    )
    surface.blit(heading, heading.get_rect(midtop=(rect.width // 2, pad)))
    font = text.fonts.font(size, "medium")
    y = pad + title_h + pad // 2
    bullet_w = font.size("•  ")[0]
    for item in lines:
        surface.blit(font.render("•", True, STATE_RED), (pad, y))
        for line in item:
            surface.blit(font.render(line, True, INK), (pad + bullet_w, y))
            y += font.get_linesize()
        y += round(size * 0.35)
    return surface


class AttractScreen:
    """Shown while no one is rating; any touch, click or key opens the rating screen."""

    def __init__(self, size: tuple[int, int], office_parent: str, office_name: str) -> None:
        self.size = size
        self.layout = attract_layout(size)
        self._pulse = 0.0
        self._background = self._render_background(office_parent, office_name)
        self._invitation = self._render_invitation()

    def _render_background(self, parent: str, name: str) -> pygame.Surface:
        w, h = self.size
        lay = self.layout
        m = margin(self.size)
        surface = pygame.Surface(self.size)
        surface.fill(PAPER)
        header = lay.header
        pygame.draw.rect(surface, STATE_RED, header)
        pygame.draw.rect(surface, GOLD, Rect(0, header.bottom - 6, w, 6))
        inner = header.inflate(-2 * m, -m)
        rows = [
            (parent.upper(), GOLD, 0.22, "semibold"),
            (name.upper(), WHITE, 0.42, "extrabold"),
            (texts.MODEL, GOLD, 0.22, "medium"),
        ]
        rows = [row for row in rows if row[0].strip()]
        y = inner.top
        total = sum(share for _, _, share, _ in rows)
        for label, colour, share, weight in rows:
            box = (inner.width, round(inner.height * share / total))
            image = text.block(
                label, box, colour, size=round(box[1] * 0.8), weight=weight, max_lines=1
            )
            surface.blit(
                image, image.get_rect(midtop=(w // 2, y + (box[1] - image.get_height()) // 2))
            )
            y += box[1]
        sections = [
            (texts.FIVE_KNOWS_TITLE, texts.FIVE_KNOWS),
            (texts.THREE_SHOWS_TITLE, texts.THREE_SHOWS),
        ]
        pad = round(min(lay.panels[0].size) * 0.07)
        list_box = (
            lay.panels[0].width - 2 * pad - round(h * 0.03),
            round(lay.panels[0].height * 0.8) - 2 * pad,
        )
        fitted = [
            text.fit_list(items, list_box, size=round(min(w, h) * 0.045)) for _, items in sections
        ]
        size = min(s for s, _ in fitted)
        for rect, (title, items) in zip(lay.panels, sections, strict=True):
            _, lines = text.fit_list(items, list_box, size=size)
            surface.blit(_panel(rect, title, lines, size), rect)
        return surface

    def _render_invitation(self) -> pygame.Surface:
        rect = self.layout.invitation
        surface = pygame.Surface(rect.size, pygame.SRCALPHA)
        pill = Rect(0, 0, rect.width, round(rect.height * 0.66))
        pygame.draw.rect(surface, STATE_RED, pill, border_radius=pill.height // 2)
        main = text.block(
            texts.INVITATION,
            pill.inflate(-pill.height, -pill.height // 5).size,
            WHITE,
            size=round(pill.height * 0.5),
            weight="bold",
            max_lines=1,
        )
        surface.blit(main, main.get_rect(center=pill.center))
        sub_box = (rect.width, rect.height - pill.height)
        sub = text.block(
            texts.INVITATION_SUB,
            sub_box,
            INK,
            size=round(sub_box[1] * 0.6),
            weight="medium",
            max_lines=1,
        )
        surface.blit(sub, sub.get_rect(midbottom=(rect.width // 2, rect.height)))
        return surface

    def enter(self) -> None:
        """Restart the invitation's pulse."""
        self._pulse = 0.0

    def handle_event(self, event: pygame.event.Event) -> Intent | None:
        """Any press or key opens the rating screen (a digit never votes from here)."""
        return inputs.begin_on_press(event, self.size)

    def update(self, dt: float) -> None:
        """Advance the invitation's pulse."""
        self._pulse = (self._pulse + dt) % PULSE_SECONDS

    def draw(self, surface: pygame.Surface) -> None:
        """Draw the office header, slogans and the pulsing invitation."""
        surface.blit(self._background, (0, 0))
        rect = self.layout.invitation
        surface.blit(self._invitation, rect)
        glow = 0.5 - 0.5 * math.cos(2 * math.pi * self._pulse / PULSE_SECONDS)
        pill = Rect(rect.x, rect.y, rect.width, round(rect.height * 0.66))
        ring = pill.inflate(round(6 + 10 * glow), round(6 + 10 * glow))
        pygame.draw.rect(
            surface, GOLD, ring, max(2, round(3 + 3 * glow)), border_radius=ring.height // 2
        )
