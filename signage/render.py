"""Vietnamese text to 1-bit pixels on the PC, for boards whose own font cannot draw it.

Uses the kiosk's Vietnamese-complete font (Be Vietnam Pro) through FreeType, anti-aliased then
cut at half coverage: FreeType's monochrome mode merges small tone marks into the circumflex and
the letter at 16 rows, the threshold keeps them apart. The size is the largest whose real ink for
stacked capitals ("Ệ", "Ộ", "Ỗ") and descenders fits the board's rows, so tone marks never touch
the line above or leave the board. Pure: returns rows of '0'/'1' strings, never a window or a port.
"""

from __future__ import annotations

import os
from functools import lru_cache

from lobby.vntext import nfc

# The tallest ink Vietnamese text can have above and below the baseline.
INK_SAMPLE = "ỆỘỖẪỸẶgjpqyậỵ"
MIN_ROWS = 8
# Coverage (0-255) from which a pixel is lit.
THRESHOLD = 128
# Medium weight: the one whose marks stay distinct and apart from the letter at 16 rows.
WEIGHT = "medium"
GAP_COLUMNS = 2


_faces: dict[str, object] = {}


def _face():
    # Not an lru_cache: pygame.quit() (the kiosk's, in the same process) invalidates every
    # freetype Font, so a cached one must be checked and made again after that.
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame
    import pygame.freetype as freetype

    from kiosk.fonts import font_file

    if not freetype.get_init():
        freetype.init()
    face = _faces.get(WEIGHT)
    if face is not None:
        try:
            face.get_sized_height(12)
            return face
        except pygame.error:
            pass
    face = freetype.Font(str(font_file(WEIGHT)))
    face.antialiased = True
    face.origin = True
    face.pad = False
    _faces[WEIGHT] = face
    return face


@lru_cache(maxsize=64)
def font_metrics(rows: int) -> tuple[int, int]:
    """Return (font size, baseline row) so Vietnamese ink fits ``rows``; ValueError if too few."""
    if rows < MIN_ROWS:
        raise ValueError(f"a board of {rows} rows is too short for rendered Vietnamese text")
    face = _face()
    best = None
    for size in range(4, 4 * rows):
        rect = face.get_rect(INK_SAMPLE, size=size)
        if rect.height > rows:
            break
        best = (size, rect.y, rect.height)
    if best is None:
        raise ValueError(f"no font size fits {rows} rows")
    size, above, height = best
    # Centre the ink band vertically; ``above`` is the ink above the baseline.
    top_margin = (rows - height) // 2
    return size, top_margin + above


def render_text(text: str, rows: int, *, on: str = "1") -> list[str]:
    """Return ``text`` (NFC) as ``rows`` strings of '0' and ``on`` pixels, one column per char."""
    text = nfc(text)
    size, baseline = font_metrics(rows)
    face = _face()
    width = max(1, int(face.get_rect(text or " ", size=size).width + GAP_COLUMNS))
    advance = int(round(face.get_rect(text + "|", size=size).width)) if text else 0
    width = max(width, advance)
    grid = [bytearray(b"0" * width) for _ in range(rows)]
    for x_start, chunk in _runs(text):
        rect = face.get_rect(chunk, size=size)
        data, (w, h) = face.render_raw(chunk, size=size)
        left = _advance_before(text, x_start, size)
        for y in range(h):
            row = baseline - rect.y + y
            if not 0 <= row < rows:
                continue
            line = grid[row]
            for x in range(w):
                col = left + rect.x + x
                if data[y * w + x] >= THRESHOLD and 0 <= col < width:
                    line[col] = ord(on)
    return [line.decode("ascii") for line in grid]


def _runs(text: str) -> list[tuple[int, str]]:
    """Split on spaces: each word is drawn at its own advance (render_raw trims blanks)."""
    runs, start = [], None
    for index, ch in enumerate(text + " "):
        if ch.isspace():
            if start is not None:
                runs.append((start, text[start:index]))
                start = None
        elif start is None:
            start = index
    return runs


def _advance_before(text: str, index: int, size: int) -> int:
    if index == 0:
        return 0
    face = _face()
    # Measure "prefix|" minus "|" so trailing spaces count.
    with_bar = face.get_rect(text[:index] + "|", size=size)
    bar = face.get_rect("|", size=size)
    return int(with_bar.x + with_bar.width - (bar.x + bar.width))
