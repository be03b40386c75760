"""Text blocks: wrap words to a width, shrink to fit a box, render once to a surface."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from kiosk import fonts
from kiosk.theme import RGB


def wrap(text: str, font: pygame.font.Font, width: int) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` where words allow it."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
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

    def extent(self) -> tuple[int, int]:
        """Return the width and height of the block in pixels."""
        f = self.font
        width = max((f.size(line)[0] for line in self.lines), default=0)
        return width, f.get_linesize() * len(self.lines)


def fit(
    text: str,
    box: tuple[int, int],
    *,
    size: int,
    weight: str = "semibold",
    max_lines: int = 3,
    min_size: int = 10,
) -> Fitted:
    """Return the largest size (from ``size`` down) at which ``text`` fits ``box`` in few lines."""
    width, height = box
    current = max(int(size), min_size)
    while True:
        font = fonts.font(current, weight)
        lines = wrap(text, font, width)
        fitted = Fitted(tuple(lines), current, weight)
        w, h = fitted.extent()
        if (w <= width and h <= height and len(lines) <= max_lines) or current <= min_size:
            return fitted
        current = max(min_size, min(current - 1, int(current * 0.92)))


def fit_label(text: str, box: tuple[int, int], *, size: int, weight: str = "bold") -> Fitted:
    """Fit a short label: shrink it by up to a third to keep it on one line before wrapping."""
    one_line = fit(text, box, size=size, weight=weight, max_lines=1, min_size=round(size * 0.67))
    w, h = one_line.extent()
    if len(one_line.lines) == 1 and w <= box[0] and h <= box[1]:
        return one_line
    return fit(text, box, size=size, weight=weight, max_lines=3)


def render(fitted: Fitted, colour: RGB, align: str = "center") -> pygame.Surface:
    """Render a fitted block to a transparent surface, lines aligned left, centre or right."""
    font = fitted.font
    w, h = fitted.extent()
    block = pygame.Surface((max(w, 1), max(h, 1)), pygame.SRCALPHA)
    y = 0
    for line in fitted.lines:
        image = font.render(line, True, colour)
        if align == "left":
            x = 0
        elif align == "right":
            x = w - image.get_width()
        else:
            x = (w - image.get_width()) // 2
        block.blit(image, (x, y))
        y += font.get_linesize()
    return block


def block(
    text: str,
    box: tuple[int, int],
    colour: RGB,
    *,
    size: int,
    weight: str = "semibold",
    max_lines: int = 3,
    align: str = "center",
) -> pygame.Surface:
    """Fit ``text`` into ``box`` and render it: the usual one-call way to make a text surface."""
    return render(fit(text, box, size=size, weight=weight, max_lines=max_lines), colour, align)


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
    current = max(int(size), min_size)
    while True:
        font = fonts.font(current, weight)
        wrapped = [wrap(item, font, width) for item in items]
        widest = max(font.size(line)[0] for lines in wrapped for line in lines)
        lines = sum(len(lines) for lines in wrapped)
        total = lines * font.get_linesize() + (len(items) - 1) * round(current * spacing)
        if (widest <= width and total <= height) or current <= min_size:
            return current, wrapped
        current = max(min_size, min(current - 1, int(current * 0.93)))
