"""Physical sizes: pixels per millimetre from the screen's diagonal, text sizes in millimetres.

The kiosk knows its surface in pixels; ``[kiosk] screen_diagonal_inches`` says how big that is.
Body text must have a capital height of at least 5 mm (read from a metre away by older eyes).
``configure`` is called once when the kiosk starts; the functions below then need only a size.
"""

from __future__ import annotations

import math
from functools import lru_cache

from kiosk import fonts

MM_PER_INCH = 25.4
DEFAULT_DIAGONAL_INCHES = 21.5
MIN_BODY_CAP_MM = 5.0
# Headings: a third larger than the body floor.
MIN_HEADING_CAP_MM = 6.5
# Every touch target is at least this tall and wide (kiosk-ux: 20 mm for elderly fingers); the
# on-screen keyboard's keys are the one stated exception (kiosk/screens/comment.py).
MIN_TARGET_MM = 20.0
# A screen shorter than this (a 7" 800x480 is 91 mm) drops the step screens' footer line and
# puts their navigation buttons in a column, so that 20 mm targets still fit.
COMPACT_HEIGHT_MM = 110.0

_diagonal = DEFAULT_DIAGONAL_INCHES
_text_scale = 1.0


def configure(diagonal_inches: float, text_scale: float = 1.0) -> None:
    """Set the screen's diagonal (inches) and the theme's text scale for every later measure."""
    global _diagonal, _text_scale
    if not 1 <= diagonal_inches <= 1000:
        raise ValueError(f"screen diagonal {diagonal_inches!r} inches is not a screen")
    _diagonal = float(diagonal_inches)
    _text_scale = float(text_scale)


def diagonal_inches() -> float:
    """Return the configured screen diagonal in inches."""
    return _diagonal


def text_scale() -> float:
    """Return the configured theme's text scale (1.0, or about 1.35 for large text)."""
    return _text_scale


def px_per_mm(size: tuple[int, int], diagonal: float | None = None) -> float:
    """Return pixels per millimetre of a ``size`` pixel screen with ``diagonal`` inches."""
    return math.hypot(*size) / ((diagonal or _diagonal) * MM_PER_INCH)


def mm_to_px(mm: float, size: tuple[int, int], diagonal: float | None = None) -> float:
    """Return how many pixels ``mm`` millimetres take on the screen."""
    return mm * px_per_mm(size, diagonal)


def target_px(size: tuple[int, int], mm: float = MIN_TARGET_MM) -> int:
    """Return the pixels a touch target needs to be ``mm`` millimetres (20 mm) on this screen."""
    return math.ceil(mm_to_px(mm, size))


def is_compact(size: tuple[int, int]) -> bool:
    """Tell whether the screen is too short for a footer line under 20 mm targets (7")."""
    return size[1] / px_per_mm(size) < COMPACT_HEIGHT_MM


@lru_cache(maxsize=512)
def cap_height_px(font_size: int, weight: str = "medium") -> int:
    """Return the height in pixels of a capital "H" at ``font_size`` (the font's cap height)."""
    return fonts.font(font_size, weight).metrics("H")[0][3]


def cap_height_mm(
    font_size: int, size: tuple[int, int], weight: str = "medium", diagonal: float | None = None
) -> float:
    """Return the capital height in millimetres of text at ``font_size`` on this screen."""
    return cap_height_px(font_size, weight) / px_per_mm(size, diagonal)


@lru_cache(maxsize=256)
def _smallest_size(cap_px: float, weight: str) -> int:
    size = max(6, int(cap_px))
    while cap_height_px(size, weight) < cap_px:
        size += 1
    return size


def min_text_px(
    size: tuple[int, int],
    cap_mm: float = MIN_BODY_CAP_MM,
    weight: str = "medium",
    diagonal: float | None = None,
) -> int:
    """Return the smallest font size whose capitals are at least ``cap_mm`` tall on this screen."""
    return _smallest_size(round(mm_to_px(cap_mm, size, diagonal), 2), weight)


def body_size(size: tuple[int, int], weight: str = "medium") -> int:
    """Return the font size for body text (labels, hints, warnings) on this screen and theme."""
    return round(min_text_px(size, MIN_BODY_CAP_MM, weight) * _text_scale)


def heading_size(size: tuple[int, int], weight: str = "bold") -> int:
    """Return the smallest font size for headings on this screen and theme."""
    return round(min_text_px(size, MIN_HEADING_CAP_MM, weight) * _text_scale)
