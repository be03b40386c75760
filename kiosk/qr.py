"""QR codes drawn with pygame from the ``qrcode`` package's module matrix (no PIL)."""

from __future__ import annotations

from functools import lru_cache

import pygame
import qrcode
from qrcode.constants import ERROR_CORRECT_M

from kiosk.theme import BLACK, WHITE
from lobby.public_info import public_page_url
from lobby.vntext import nfc

QUIET = 4  # modules of white border a reader needs around the code
PUBLIC_PAGE_CAPTION = nfc("Xem chi tiết, tải biểu mẫu")


def qr_matrix(data: str) -> list[list[bool]]:
    """Return the QR code of ``data`` as rows of dark (True) and light modules, no border."""
    return [list(row) for row in _matrix(data)]


@lru_cache(maxsize=128)
def _matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    # Encoding tries eight masks (some 10 ms a code): once per code, planned off the frame.
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    return tuple(tuple(row) for row in code.get_matrix())


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


def links(item, public_url: str = "") -> list[tuple[str, str]]:
    """Return (caption, QR data) for a public item: tel: phone, mailto: email, and its link: with
    a ``public_url``, the item on the public page /cong-khai (procedures always, others when they
    have a link); without one, the item's own url."""
    found = []
    phone = getattr(item, "phone", None)
    if phone:
        found.append((phone, "tel:" + "".join(ch for ch in phone if ch.isdigit() or ch == "+")))
    email = getattr(item, "email", None)
    if email:
        found.append((email, f"mailto:{email}"))
    url = getattr(item, "url", None)
    # A procedure always has more to read on the public page (its forms); others when linked.
    if public_url and (url or getattr(item, "kind", None) == "procedure"):
        found.append((PUBLIC_PAGE_CAPTION, public_page_url(public_url, getattr(item, "id", None))))
    elif url:
        found.append((url, url))
    return found
