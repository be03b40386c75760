"""QR codes drawn with pygame from the ``qrcode`` package's module matrix (no PIL)."""

from __future__ import annotations

import pygame
import qrcode
from qrcode.constants import ERROR_CORRECT_M

from kiosk.theme import BLACK, WHITE

QUIET = 4  # modules of white border a reader needs around the code


def qr_matrix(data: str) -> list[list[bool]]:
    """Return the QR code of ``data`` as rows of dark (True) and light modules, no border."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    return code.get_matrix()


def qr_surface(data: str, side: int) -> pygame.Surface:
    """Draw the QR code of ``data`` at most ``side`` pixels square, whole pixels per module."""
    matrix = qr_matrix(data)
    modules = len(matrix) + 2 * QUIET
    scale = max(1, side // modules)
    surface = pygame.Surface((modules * scale, modules * scale))
    surface.fill(WHITE)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                surface.fill(BLACK, ((x + QUIET) * scale, (y + QUIET) * scale, scale, scale))
    return surface


def links(item) -> list[tuple[str, str]]:
    """Return (caption, QR data) for a public item: tel: phone, mailto: email, its url."""
    found = []
    phone = getattr(item, "phone", None)
    if phone:
        found.append((phone, "tel:" + "".join(ch for ch in phone if ch.isdigit() or ch == "+")))
    email = getattr(item, "email", None)
    if email:
        found.append((email, f"mailto:{email}"))
    url = getattr(item, "url", None)
    if url:
        found.append((url, url))
    return found
