"""A bar chart as a PNG for the printed report, drawn with pygame off screen (no display, no
network), with the web chart's rules (admin_web/charts.py): bars in the order given (sorted by
value), the value and its count after each bar, muted groups grey, labels wrapped onto as many
lines as they need, never cut."""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Sequence

from admin_web.charts import Bar

_LOCK = threading.Lock()  # pygame's font module is not meant for several threads at once
_SCALE = 2  # drawn at twice the size for a sharp print
_LINE, _PAD, _LABEL_W, _BAR_W, _VALUE_W, _TITLE_H = 20, 8, 250, 250, 230, 40


def _font_file() -> str:
    import fontpkg_be_vietnam_pro

    return str(fontpkg_be_vietnam_pro.ROOT / "files" / "BeVietnamPro-Regular.ttf")


def wrap(font, text: str, width: int) -> list[str]:
    """Return ``text`` as lines no wider than ``width`` (a word too long alone is broken)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if font.size(candidate)[0] <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while font.size(word)[0] > width:
            cut = len(word)
            while cut > 1 and font.size(word[:cut])[0] > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    return [*lines, line] if line else lines or [""]


def bar_chart_png(title: str, bars: Sequence[Bar], maximum: float | None = None) -> bytes:
    """Return a horizontal bar chart as PNG bytes (Vietnamese labels in Be Vietnam Pro)."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    top = max((bar.value or 0 for bar in bars), default=0)
    scale = maximum if maximum else top or 1
    s = _SCALE
    width = (_LABEL_W + _BAR_W + _VALUE_W) * s
    with _LOCK:
        if not pygame.font.get_init():
            pygame.font.init()
        font = pygame.font.Font(_font_file(), 14 * s)
        bold = pygame.font.Font(_font_file(), 16 * s)
        bold.set_bold(True)
        labels = [wrap(font, bar.label, (_LABEL_W - 16) * s) for bar in bars]
        heights = [max(len(lines), 1) * _LINE + 2 * _PAD for lines in labels]
        title_lines = wrap(bold, title, width - 20 * s)
        title_h = _TITLE_H + (len(title_lines) - 1) * 22
        height = (title_h + sum(heights) + 10) * s
        surface = pygame.Surface((width, height))
        surface.fill((255, 255, 255))
        black, grey, bar_colour, muted_colour = (
            (0, 0, 0),
            (85, 85, 85),
            (31, 78, 121),
            (160, 160, 160),
        )
        for n, line in enumerate(title_lines):
            surface.blit(bold.render(line, True, black), (10 * s, (8 + n * 22) * s))
        y = title_h * s
        for bar, lines, row_h in zip(bars, labels, heights, strict=True):
            ink = grey if bar.muted else black
            for n, line in enumerate(lines):
                surface.blit(font.render(line, True, ink), (8 * s, y + (_PAD + n * _LINE) * s))
            length = 0 if bar.value is None else round(_BAR_W * s * max(bar.value, 0) / scale)
            middle = y + row_h * s // 2
            box = pygame.Rect(_LABEL_W * s, middle - 9 * s, max(length, 1), 18 * s)
            pygame.draw.rect(surface, muted_colour if bar.muted else bar_colour, box)
            value = font.render(bar.text + (" (ít lượt)" if bar.muted else ""), True, ink)
            surface.blit(value, (_LABEL_W * s + length + 6 * s, middle - value.get_height() // 2))
            y += row_h * s
        pygame.draw.line(
            surface, black, (_LABEL_W * s, title_h * s), (_LABEL_W * s, height - 6 * s), s
        )
        out = io.BytesIO()
        pygame.image.save(surface, out, "chart.png")
    return out.getvalue()
