"""QR codes for the public information: tel:, mailto: and links, drawn module by module."""

from __future__ import annotations

import pygame

from kiosk.qr import QUIET, links, qr_matrix, qr_surface
from lobby.public_info import PublicItem


def test_an_item_gives_tel_mailto_and_its_link():
    item = PublicItem(
        "contact", "Văn phòng", phone="0236 3821 111", email="vp@x.gov.vn", url="https://x.vn"
    )
    assert links(item) == [
        ("0236 3821 111", "tel:02363821111"),
        ("vp@x.gov.vn", "mailto:vp@x.gov.vn"),
        ("https://x.vn", "https://x.vn"),
    ]
    assert links(PublicItem("rule", "Nội quy")) == []


def test_the_surface_draws_every_module_of_the_matrix_with_a_quiet_zone():
    matrix = qr_matrix("tel:1900 1234")
    surface = qr_surface("tel:1900 1234", 300)
    modules = len(matrix) + 2 * QUIET
    scale = surface.get_width() // modules
    assert surface.get_width() <= 300 and scale >= 1
    black = pygame.Color(0, 0, 0)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            at = ((x + QUIET) * scale + scale // 2, (y + QUIET) * scale + scale // 2)
            assert (surface.get_at(at) == black) is dark
    assert surface.get_at((1, 1)) != black, "the quiet zone is white"
