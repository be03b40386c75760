"""Widgets: faces drawn with pygame.draw, and rating buttons that turn presses into intents."""

from __future__ import annotations

from dataclasses import dataclass

import pygame
from pygame import Rect

from kiosk import text
from kiosk.intents import RatingChosen
from kiosk.theme import FACE_FILL, FACE_INK, RGB, shade, text_colour_on

# Faces are drawn this many times larger and scaled down: pygame.draw does not anti-alias.
_SUPERSAMPLE = 4

# Mouth bend as a fraction of the face diameter: positive smiles, negative frowns.
_MOUTH_BEND = {
    "very_happy": 0.16,
    "happy": 0.1,
    "neutral": 0.0,
    "unhappy": -0.08,
    "very_unhappy": -0.13,
}


def _thick_curve(
    surface: pygame.Surface, points: list[tuple[float, float]], width: float, colour: RGB = FACE_INK
) -> None:
    # Stamping discs along the path gives round caps and no gaps, unlike a wide draw.arc.
    radius = max(1, round(width / 2))
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        steps = max(1, int(max(abs(x1 - x0), abs(y1 - y0)) / 2))
        for s in range(steps + 1):
            t = s / steps
            pygame.draw.circle(surface, colour, (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t), radius)


def _mouth_points(cx: float, y: float, half: float, bend: float) -> list[tuple[float, float]]:
    return [(cx + half * u / 20, y + bend * (1 - (u / 20) ** 2)) for u in range(-20, 21)]


def face_surface(diameter: int, kind: str) -> pygame.Surface:
    """Draw a face of ``kind`` (very_happy .. very_unhappy) on a transparent square surface."""
    d = diameter * _SUPERSAMPLE
    big = pygame.Surface((d, d), pygame.SRCALPHA)
    c = d / 2
    pygame.draw.circle(big, FACE_FILL, (c, c), d / 2)
    pygame.draw.circle(big, FACE_INK, (c, c), d / 2, max(1, round(d * 0.035)))
    eye_r = d * 0.06
    for side in (-1, 1):
        pygame.draw.circle(big, FACE_INK, (c + side * d * 0.17, c - d * 0.1), eye_r)
    stroke = d * 0.055
    if kind == "very_unhappy":
        for side in (-1, 1):
            inner = (c + side * d * 0.09, c - d * 0.2)
            outer = (c + side * d * 0.27, c - d * 0.26)
            _thick_curve(big, [inner, outer], stroke * 0.8)
    bend = _MOUTH_BEND.get(kind, 0.0) * d
    mouth_y = c + d * 0.2 - bend / 2
    half = d * (0.24 if kind == "very_happy" else 0.2)
    points = _mouth_points(c, mouth_y, half, bend)
    if kind == "very_happy":
        # An open laughing mouth: the smile closed by a straight upper lip, filled.
        pygame.draw.polygon(big, FACE_INK, points)
    _thick_curve(big, points, stroke)
    return pygame.transform.smoothscale(big, (diameter, diameter))


def _badge(number: int, diameter: int, colour: RGB) -> pygame.Surface:
    surface = pygame.Surface((diameter, diameter), pygame.SRCALPHA)
    ink = text_colour_on(colour)
    pygame.draw.circle(
        surface, ink, (diameter / 2, diameter / 2), diameter / 2, max(2, diameter // 14)
    )
    digit = text.block(
        str(number),
        (diameter, diameter),
        ink,
        size=round(diameter * 0.6),
        weight="bold",
        max_lines=1,
    )
    surface.blit(digit, digit.get_rect(center=(diameter / 2, diameter / 2)))
    return surface


@dataclass(frozen=True)
class ButtonParts:
    """Where a button's face and label go, relative to the button, and its largest label size."""

    face: Rect
    label: Rect
    label_size: int
    badge: int


def button_parts(size: tuple[int, int]) -> ButtonParts:
    """Place face and label in a button: side by side in a wide bar, stacked otherwise."""
    w, h = size
    pad = round(min(w, h) * 0.08)
    if w >= 1.4 * h:
        d = min(h - 2 * pad, round(w * 0.3))
        face = Rect(pad * 2, (h - d) // 2, d, d)
        label = Rect(face.right + pad, pad, w - face.right - 3 * pad, h - 2 * pad)
        return ButtonParts(face, label, round(min(h * 0.3, w * 0.09)), round(h * 0.2))
    d = min(w - 2 * pad, round((h - 2 * pad) * 0.56))
    face = Rect((w - d) // 2, pad + round(h * 0.06), d, d)
    label = Rect(pad, face.bottom + pad, w - 2 * pad, h - face.bottom - 2 * pad)
    return ButtonParts(face, label, round(min(h * 0.1, w * 0.2)), round(min(w, h) * 0.14))


def common_label_size(labels: list[str], sizes: list[tuple[int, int]]) -> int:
    """Return one label size that fits every button, so no label looks more important."""
    fitted = []
    for label, size in zip(labels, sizes, strict=True):
        parts = button_parts(size)
        fitted.append(text.fit_label(label, parts.label.size, size=parts.label_size).size)
    return min(fitted)


class RatingButton:
    """One large rating button: its level, keypad number and pre-rendered look."""

    def __init__(
        self, rect: Rect, index: int, label: str, colour: RGB, face: str, label_size: int
    ) -> None:
        self.rect = Rect(rect)
        self.index = index
        self.label = label
        self.colour = colour
        self.text_colour = text_colour_on(colour)
        self.label_box = Rect(0, 0, 0, 0)
        self._normal = self._render(colour, face, label_size, pressed=False)
        self._pressed = self._render(shade(colour, 0.72), face, label_size, pressed=True)

    def _render(self, colour: RGB, face: str, label_size: int, *, pressed: bool) -> pygame.Surface:
        w, h = self.rect.size
        parts = button_parts((w, h))
        surface = pygame.Surface((w, h), pygame.SRCALPHA)
        radius = round(min(w, h) * 0.12)
        pygame.draw.rect(surface, colour, surface.get_rect(), border_radius=radius)
        edge = shade(colour, 1.6 if pressed else 0.6)
        width = max(3, round(min(w, h) * 0.02))
        pygame.draw.rect(surface, edge, surface.get_rect(), width, border_radius=radius)
        surface.blit(face_surface(parts.face.width, face), parts.face)
        fitted = text.fit(self.label, parts.label.size, size=label_size, weight="bold")
        label = text.render(fitted, text_colour_on(colour))
        where = label.get_rect(center=parts.label.center)
        surface.blit(label, where)
        if not pressed:
            self.label_box = where.move(self.rect.topleft)
        badge = max(16, parts.badge)
        offset = round(min(w, h) * 0.04) + 2
        surface.blit(_badge(self.index + 1, badge, colour), (offset, offset))
        return surface

    def contains(self, pos: tuple[float, float], slack: int = 0) -> bool:
        """Tell whether a screen position lies on this button (or within ``slack`` pixels)."""
        return self.rect.inflate(2 * slack, 2 * slack).collidepoint(pos)

    def choose(self, channel: str) -> RatingChosen:
        """Return the intent this button emits when a visitor chooses it."""
        return RatingChosen(self.index, channel)

    def draw(self, surface: pygame.Surface, pressed: bool = False) -> None:
        """Blit the button (as pressed or not) onto ``surface``."""
        surface.blit(self._pressed if pressed else self._normal, self.rect)


def check_icon(diameter: int, colour: RGB) -> pygame.Surface:
    """Draw a filled disc of ``colour`` with a white tick, anti-aliased."""
    d = diameter * _SUPERSAMPLE
    big = pygame.Surface((d, d), pygame.SRCALPHA)
    pygame.draw.circle(big, colour, (d / 2, d / 2), d / 2)
    tick = [(d * 0.29, d * 0.52), (d * 0.44, d * 0.67), (d * 0.72, d * 0.37)]
    _thick_curve(big, tick, d * 0.09, (255, 255, 255))
    return pygame.transform.smoothscale(big, (diameter, diameter))


def alert_icon(diameter: int, colour: RGB) -> pygame.Surface:
    """Draw a filled disc of ``colour`` with a white exclamation mark, anti-aliased."""
    d = diameter * _SUPERSAMPLE
    big = pygame.Surface((d, d), pygame.SRCALPHA)
    pygame.draw.circle(big, colour, (d / 2, d / 2), d / 2)
    bar = Rect(0, 0, round(d * 0.11), round(d * 0.38))
    bar.midtop = (round(d / 2), round(d * 0.2))
    pygame.draw.rect(big, (255, 255, 255), bar, border_radius=bar.width // 2)
    pygame.draw.circle(big, (255, 255, 255), (d / 2, d * 0.73), d * 0.065)
    return pygame.transform.smoothscale(big, (diameter, diameter))
