"""Be Vietnam Pro from the fontpkg package: font files, cached Font objects, glyph coverage."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import fontpkg_be_vietnam_pro
import pygame
import pygame.freetype

FONT_DIR = fontpkg_be_vietnam_pro.ROOT / "files"
WEIGHTS = {
    "regular": "Regular",
    "medium": "Medium",
    "semibold": "SemiBold",
    "bold": "Bold",
    "extrabold": "ExtraBold",
}


def font_file(weight: str = "regular") -> Path:
    """Return the TTF file of Be Vietnam Pro in ``weight`` (regular, medium, semibold, bold...)."""
    return FONT_DIR / f"BeVietnamPro-{WEIGHTS[weight]}.ttf"


@lru_cache(maxsize=256)
def font(size: int, weight: str = "semibold") -> pygame.font.Font:
    """Return a cached Be Vietnam Pro font of ``size`` pixels (never pygame's default font)."""
    if not pygame.font.get_init():
        pygame.font.init()
    return pygame.font.Font(font_file(weight), max(6, int(size)))


def forget() -> None:
    """Drop every cached Font: call after pygame.quit(), which invalidates them."""
    font.cache_clear()


def missing_glyphs(text: str, file: str | Path | None = None) -> list[str]:
    """Return the distinct characters of ``text`` that the font file has no glyph for."""
    if not pygame.freetype.get_init():
        pygame.freetype.init()
    face = pygame.freetype.Font(str(file or font_file()), 24)
    chars = sorted({ch for ch in text if not ch.isspace()})
    # freetype's get_metrics gives None for a character the font lacks; pygame.font would
    # silently measure the .notdef box instead.
    return [ch for ch, m in zip(chars, face.get_metrics("".join(chars)), strict=True) if m is None]
