"""A bar chart as a PNG for the printed report, drawn with pygame off screen (no display, no
network): black text on white, one dark bar per group, the value written after each bar."""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Sequence

from admin_web.charts import Bar

_LOCK = threading.Lock()  # pygame's font module is not meant for several threads at once
_SCALE = 2  # drawn at twice the size for a sharp print
_ROW, _LABEL_W, _BAR_W, _VALUE_W, _TITLE_H = 30, 230, 300, 90, 40


def _font_file() -> str:
    import fontpkg_be_vietnam_pro

    return str(fontpkg_be_vietnam_pro.ROOT / "files" / "BeVietnamPro-Regular.ttf")


def _fit(font, text: str, width: int) -> str:
    if font.size(text)[0] <= width:
        return text
    while text and font.size(text + "…")[0] > width:
        text = text[:-1]
    return text + "…"


def bar_chart_png(title: str, bars: Sequence[Bar], maximum: float | None = None) -> bytes:
    """Return a horizontal bar chart as PNG bytes (Vietnamese labels in Be Vietnam Pro)."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    top = max((bar.value or 0 for bar in bars), default=0)
    scale = maximum if maximum else top or 1
    s = _SCALE
    width = (_LABEL_W + _BAR_W + _VALUE_W) * s
    height = (_TITLE_H + _ROW * max(len(bars), 1) + 10) * s
    with _LOCK:
        if not pygame.font.get_init():
            pygame.font.init()
        font = pygame.font.Font(_font_file(), 15 * s)
        bold = pygame.font.Font(_font_file(), 16 * s)
        bold.set_bold(True)
        surface = pygame.Surface((width, height))
        surface.fill((255, 255, 255))
        black, bar_colour = (0, 0, 0), (31, 78, 121)
        heading = bold.render(_fit(bold, title, width - 20 * s), True, black)
        surface.blit(heading, (10 * s, 8 * s))
        for i, bar in enumerate(bars):
            y = (_TITLE_H + i * _ROW) * s
            label = font.render(_fit(font, bar.label, (_LABEL_W - 14) * s), True, black)
            surface.blit(label, ((_LABEL_W - 8) * s - label.get_width(), y + 4 * s))
            length = 0 if bar.value is None else round(_BAR_W * s * max(bar.value, 0) / scale)
            box = pygame.Rect(_LABEL_W * s, y + 4 * s, max(length, 1), (_ROW - 8) * s)
            pygame.draw.rect(surface, bar_colour, box)
            pygame.draw.rect(surface, black, box, 1)
            value = font.render(bar.text, True, black)
            surface.blit(value, (_LABEL_W * s + length + 6 * s, y + 4 * s))
        pygame.draw.line(
            surface, black, (_LABEL_W * s, _TITLE_H * s), (_LABEL_W * s, height - 6 * s), s
        )
        out = io.BytesIO()
        pygame.image.save(surface, out, "chart.png")
    return out.getvalue()
