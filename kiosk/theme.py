"""Colours of the kiosk and the WCAG contrast rules that choose text colours."""

from __future__ import annotations

RGB = tuple[int, int, int]

WHITE: RGB = (255, 255, 255)
BLACK: RGB = (0, 0, 0)
INK: RGB = (26, 26, 26)
PAPER: RGB = (255, 250, 240)
STATE_RED: RGB = (160, 18, 24)
GOLD: RGB = (255, 214, 90)
PANEL: RGB = (255, 240, 214)
PANEL_EDGE: RGB = (214, 170, 110)
THANKS_GREEN: RGB = (22, 96, 48)
ERROR_AMBER: RGB = (255, 236, 200)
ERROR_RED: RGB = (150, 30, 20)
WARNING_BG: RGB = (255, 220, 120)
FACE_FILL: RGB = (255, 248, 225)
FACE_INK: RGB = (30, 30, 30)

# WCAG 2.x AA: body text needs 4.5:1 against its background.
MIN_TEXT_CONTRAST = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb: RGB) -> float:
    """Return the WCAG relative luminance of an sRGB colour (0 black .. 1 white)."""
    r, g, b = (_channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    """Return the WCAG contrast ratio between two colours (1 .. 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_colour_on(background: RGB) -> RGB:
    """Return white or black, whichever reads better on ``background`` (always at least 4.58:1)."""
    return WHITE if contrast(WHITE, background) >= contrast(BLACK, background) else BLACK


def shade(rgb: RGB, factor: float) -> RGB:
    """Return ``rgb`` darkened (factor < 1) or lightened towards white (factor > 1)."""
    if factor <= 1:
        return tuple(round(v * factor) for v in rgb)  # type: ignore[return-value]
    t = min(factor - 1, 1)
    return tuple(round(v + (255 - v) * t) for v in rgb)  # type: ignore[return-value]
