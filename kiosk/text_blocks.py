"""Text blocks: wrap words to a width, shrink to fit a box, render once to a surface.

Line boxes hold the font's full ink. pygame's ascent and descent do not cover Vietnamese stacked
marks (the hook over the circumflex of "Ể" rises above the ascent, which makes SDL_ttf grow the
rendered surface and push the baseline down, so the dot under "Ệ" fell off the block's bottom).
Each line is placed by its baseline, in a box measured from the real glyph extents.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

import pygame

from kiosk import fonts, metrics
from kiosk.theme import RGB, plated, readable

# Glyphs that reach highest (capitals with two marks) and lowest (dot below, descenders).
_TALL = "ẤẦẨẪẬẮẰẲẴẶẾỀỂỄỆỐỒỔỖỘỚỜỞỠỢỨỪỬỮỰÁÀẢÃÉÈẺẼÍÌỈĨÓÒỎÕÚÙỦŨÝỲỶỸĐÂÊÔƠƯĂỄẵẫễỗữỡ|([{"
_DEEP = "ẠẶẬẸỆỊỌỘỢỤỰỴạặậẹệịọộợụựỵgjpqyỹ|()[]{},;"
# One spare pixel on every side: anti-aliasing may reach one pixel past the glyph box.
PAD = 1
# Control characters have no glyph (a NUL even stops SDL_ttf): each is drawn as a space.
_CONTROLS = {code: " " for code in (*range(0x00, 0x20), *range(0x7F, 0xA0)) if code != 0x0A}


def shown(text: str) -> str:
    """Return ``text`` as it can be drawn: control characters but the newline become spaces."""
    return text.translate(_CONTROLS)


@dataclass(frozen=True)
class Ink:
    """How far a font's ink reaches above and below the baseline, in pixels (with padding)."""

    top: int
    bottom: int

    @property
    def height(self) -> int:
        """Return the height of one line box: the distance between two baselines."""
        return self.top + self.bottom


# Glyph extents are measured once per weight at this size and scaled: asking SDL_ttf for the
# metrics of every probe glyph at every size tried while fitting would cost ~4 ms a size.
_REFERENCE = 200


@lru_cache(maxsize=8192)
def _glyph_reach(weight: str, char: str) -> tuple[float, float]:
    found = fonts.font(_REFERENCE, weight).metrics(shown(char))
    metric = found[0] if found else None
    return (0.0, 0.0) if metric is None else (metric[3] / _REFERENCE, -metric[2] / _REFERENCE)


@lru_cache(maxsize=16)
def _probe_reach(weight: str) -> tuple[float, float]:
    reaches = [_glyph_reach(weight, ch) for ch in _TALL + _DEEP]
    return max(r[0] for r in reaches), max(r[1] for r in reaches)


def _scaled(size: int, weight: str, top: float, bottom: float) -> Ink:
    font = fonts.font(size, weight)
    # +1: hinting may round a glyph's edge out to the next whole pixel.
    up = max(font.get_ascent(), math.ceil(top * size) + 1)
    down = max(font.get_height() - font.get_ascent(), math.ceil(bottom * size) + 1)
    return Ink(up + PAD, down + PAD)


@lru_cache(maxsize=512)
def ink(size: int, weight: str = "semibold") -> Ink:
    """Return the ink reach of Be Vietnam Pro at ``size``/``weight`` for any Vietnamese text."""
    return _scaled(int(size), weight, *_probe_reach(weight))


def line_height(size: int, weight: str = "semibold") -> int:
    """Return the distance between baselines that keeps stacked marks apart and unclipped."""
    return ink(size, weight).height


def _ink_of(lines: tuple[str, ...], size: int, weight: str) -> Ink:
    top, bottom = _probe_reach(weight)
    for ch in set("".join(lines)):
        up, down = _glyph_reach(weight, ch)
        if up > top or down > bottom:
            top, bottom = max(top, up), max(bottom, down)
    if (top, bottom) == _probe_reach(weight):
        return ink(size, weight)
    return _scaled(int(size), weight, top, bottom)


def _baseline_in(font: pygame.font.Font, image: pygame.Surface) -> int:
    # SDL_ttf grows a rendered line at the top for marks above the ascent; the part below the
    # baseline is always height - ascent (checked glyph by glyph in tests/kiosk/test_kiosk_text.py).
    return image.get_height() - (font.get_height() - font.get_ascent())


def wrap(text: str, font: pygame.font.Font, width: int) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` where words allow it."""
    lines: list[str] = []
    for paragraph in shown(text).split("\n"):
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if current and font.size(candidate)[0] > width:
                lines.append(current)
                current = word
            else:
                current = candidate
        lines.append(current)
    return lines


@dataclass(frozen=True)
class Fitted:
    """Text broken into lines with the font size that fits its box."""

    lines: tuple[str, ...]
    size: int
    weight: str

    @property
    def font(self) -> pygame.font.Font:
        """Return the font these lines were fitted with."""
        return fonts.font(self.size, self.weight)

    @property
    def ink(self) -> Ink:
        """Return the ink reach of these lines' font (line box top and bottom)."""
        return _ink_of(self.lines, self.size, self.weight)

    def extent(self) -> tuple[int, int]:
        """Return the width and height of the block in pixels, every mark inside."""
        f = self.font
        width = max((f.size(shown(line))[0] for line in self.lines), default=0)
        return width + 2 * PAD, self.ink.height * max(1, len(self.lines))


# No text is ever drawn smaller than this, whatever the box.
SMALLEST = 10


def _fits(fitted: Fitted, box: tuple[int, int], max_lines: int) -> bool:
    w, h = fitted.extent()
    return w <= box[0] and h <= box[1] and len(fitted.lines) <= max_lines


def _wrapped(text: str, box, size: int, weight: str) -> Fitted:
    # The block is 2 * PAD wider than its widest line: wrap to what is left of the box.
    return Fitted(tuple(wrap(text, fonts.font(size, weight), box[0] - 2 * PAD)), size, weight)


def _shrink(text: str, box, start: int, weight: str, max_lines: int, floor: int) -> Fitted:
    current, tried = max(start, floor), None
    while True:
        fitted = _wrapped(text, box, current, weight)
        if _fits(fitted, box, max_lines):
            break
        if current <= floor:
            return fitted
        tried, current = current, max(floor, min(current - 1, int(current * 0.92)))
    # The steps down skip sizes: take the largest of the skipped ones that still fits.
    for size in range(current + 1, tried or current):
        larger = _wrapped(text, box, size, weight)
        if not _fits(larger, box, max_lines):
            break
        fitted = larger
    return fitted


def fit(
    text: str,
    box: tuple[int, int],
    *,
    size: int,
    weight: str = "semibold",
    max_lines: int = 3,
    min_size: int = SMALLEST,
    scale: bool = True,
) -> Fitted:
    """Return the largest size (from ``size`` down) at which ``text`` fits ``box`` in few lines.

    ``size`` is scaled by the theme's text scale (large text) first, unless ``scale`` is False
    (a size that came out of an earlier fit is already scaled). ``min_size`` (such as
    metrics.body_size) is kept whenever the box allows it; where even that does not fit (a 7"
    screen with large text), the text shrinks further rather than spill over its neighbours.
    """
    start = max(round(size * (metrics.text_scale() if scale else 1)), min_size)
    fitted = _shrink(text, box, start, weight, max_lines, min_size)
    if min_size > SMALLEST and not _fits(fitted, box, max_lines):
        fitted = _shrink(text, box, min_size - 1, weight, max_lines, SMALLEST)
    return fitted


def balance(fitted: Fitted) -> Fitted:
    """Return ``fitted`` wrapped again, at its size and in as many lines, as narrow as it goes:
    lines of even length, never one word left alone on the last (a heading over two lines)."""
    if len(fitted.lines) < 2 or any("\n" in line for line in fitted.lines):
        return fitted
    words = " ".join(fitted.lines)
    font = fitted.font
    low, high = 1, max(font.size(shown(line))[0] for line in fitted.lines)
    while low < high:
        middle = (low + high) // 2
        if len(wrap(words, font, middle)) <= len(fitted.lines):
            high = middle
        else:
            low = middle + 1
    return Fitted(tuple(wrap(words, font, high)), fitted.size, fitted.weight)


def fit_label(text: str, box: tuple[int, int], *, size: int, weight: str = "bold") -> Fitted:
    """Fit a short label: shrink it by up to a third to keep it on one line before wrapping."""
    one_line = fit(text, box, size=size, weight=weight, max_lines=1, min_size=round(size * 0.67))
    w, h = one_line.extent()
    if len(one_line.lines) == 1 and w <= box[0] and h <= box[1]:
        return one_line
    return fit(text, box, size=size, weight=weight, max_lines=3)


@dataclass(frozen=True)
class Drawn:
    """One text rendered: its words, ink, the colour it sits on (None: not said) and size."""

    text: str
    ink: RGB
    behind: RGB | None
    size: int
    weight: str


_drawn: list[Drawn] | None = None


@contextmanager
def recording(into: list | None = None) -> Iterator[list[Drawn]]:
    """Collect every text rendered inside the block (for the contrast and size tests).

    ``into`` is the list to append to (a test's own, that notes which screen was shown).
    """
    global _drawn
    saved, _drawn = _drawn, ([] if into is None else into)
    try:
        yield _drawn
    finally:
        _drawn = saved


def render(
    fitted: Fitted, colour: RGB, align: str = "center", *, behind: RGB | None = None
) -> pygame.Surface:
    """Render a fitted block to a transparent surface, lines aligned left, centre or right.

    ``behind`` is the colour the text will sit on: every screen says it, so a test can check
    each text's contrast (see ``recording``).
    """
    if _drawn is not None:
        words = " ".join(fitted.lines)
        _drawn.append(Drawn(words, tuple(colour), behind, fitted.size, fitted.weight))
    font = fitted.font
    reach = fitted.ink
    w, h = fitted.extent()
    block = pygame.Surface((max(w, 1), max(h, 1)), pygame.SRCALPHA)
    baseline = reach.top
    for line in fitted.lines:
        if line:
            image = font.render(shown(line), True, colour)
            if align == "left":
                x = PAD
            elif align == "right":
                x = w - PAD - image.get_width()
            else:
                x = (w - image.get_width()) // 2
            block.blit(image, (x, baseline - _baseline_in(font, image)))
        baseline += reach.height
    return block


def line(
    text: str, colour: RGB, *, size: int, weight: str = "semibold", behind: RGB | None = None
) -> pygame.Surface:
    """Render one line (no wrapping) in a box that holds all its ink."""
    return render(Fitted((shown(text),), int(size), weight), colour, "left", behind=behind)


def block(
    text: str,
    box: tuple[int, int],
    colour: RGB,
    *,
    size: int,
    weight: str = "semibold",
    max_lines: int = 3,
    align: str = "center",
    min_size: int = SMALLEST,
    behind: RGB | None = None,
) -> pygame.Surface:
    """Fit ``text`` into ``box`` and render it: the usual one-call way to make a text surface.

    Pass ``min_size=metrics.body_size(screen)`` for body text: it never shrinks below 5 mm,
    and ``behind``, the colour the text sits on.
    """
    fitted = fit(text, box, size=size, weight=weight, max_lines=max_lines, min_size=min_size)
    return render(fitted, colour, align, behind=behind)


def plate_pad(size: int) -> int:
    """Return the margin of a backing plate around text of ``size`` pixels."""
    return max(2, round(size * 0.18))


def render_on(
    fitted: Fitted, background: RGB, align: str = "center", *, plate: bool = False
) -> pygame.Surface:
    """Render ``fitted`` in the colour that reads at 7:1 on ``background``, on a plate if needed
    (always, when ``plate``: texts side by side in one style).

    A mid-tone (an office's survey colour) reaches 7:1 with neither white nor black; the text
    then sits on a rounded plate of the same hue, darkened or lightened just enough.
    """
    look = plated(background) if plate else readable(background)
    ink_surface = render(fitted, look.ink, align, behind=look.behind(background))
    if look.plate is None:
        return ink_surface
    pad = plate_pad(fitted.size)
    w, h = ink_surface.get_size()
    on_plate = pygame.Surface((w + 2 * pad, h + 2 * pad), pygame.SRCALPHA)
    pygame.draw.rect(on_plate, look.plate, on_plate.get_rect(), border_radius=pad * 2)
    on_plate.blit(ink_surface, (pad, pad))
    return on_plate


def block_on(
    text: str,
    box: tuple[int, int],
    background: RGB,
    *,
    size: int,
    weight: str = "semibold",
    max_lines: int = 3,
    align: str = "center",
    min_size: int = SMALLEST,
) -> pygame.Surface:
    """Fit ``text`` into ``box`` and render it readable (7:1) on ``background``, plate included."""
    if readable(background).plate is not None:
        pad = plate_pad(size)
        box = (max(1, box[0] - 2 * pad), max(1, box[1] - 2 * pad))
    fitted = fit(text, box, size=size, weight=weight, max_lines=max_lines, min_size=min_size)
    return render_on(fitted, background, align)


def fit_list(
    items: list[str] | tuple[str, ...],
    box: tuple[int, int],
    *,
    size: int,
    weight: str = "medium",
    spacing: float = 0.35,
    min_size: int = 10,
) -> tuple[int, list[list[str]]]:
    """Return the largest size at which every item (wrapped) fits ``box`` stacked, and the lines."""
    width, height = box

    def attempt(current: int) -> tuple[bool, list[list[str]]]:
        font = fonts.font(current, weight)
        wrapped = [wrap(item, font, width) for item in items]
        widest = max(font.size(line)[0] for lines in wrapped for line in lines)
        lines = sum(len(lines) for lines in wrapped)
        total = lines * line_height(current, weight) + (len(items) - 1) * round(current * spacing)
        return widest <= width and total <= height, wrapped

    current, tried = max(int(size), min_size), None
    while True:
        fits, wrapped = attempt(current)
        if fits:
            break
        if current <= min_size:
            return current, wrapped
        tried, current = current, max(min_size, min(current - 1, int(current * 0.93)))
    # The steps down skip sizes: take the largest of the skipped ones that still fits.
    for larger in range(current + 1, tried or current):
        fits, more = attempt(larger)
        if not fits:
            break
        current, wrapped = larger, more
    return current, wrapped
