"""Opening the kiosk's display (full screen, windowed, or SDL's dummy driver with no screen), and
compact full-screen backdrops."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

import pygame

from kiosk import wording


def needs_dummy_driver(env: Mapping[str, str] = os.environ, platform: str = sys.platform) -> bool:
    """Tell whether SDL would find no display: Linux, no DISPLAY/WAYLAND_DISPLAY, no driver set."""
    return (
        platform.startswith("linux")
        and not env.get("DISPLAY")
        and not env.get("WAYLAND_DISPLAY")
        and not env.get("SDL_VIDEODRIVER")
    )


def open_display(settings, windowed: bool = False) -> pygame.Surface:
    """Open the kiosk's surface: full screen unless ``windowed`` or the settings say otherwise."""
    if needs_dummy_driver():
        os.environ["SDL_VIDEODRIVER"] = "dummy"
        print(
            "kiosk: không có màn hình (DISPLAY và WAYLAND_DISPLAY trống); "
            "chạy không màn hình bằng trình điều khiển video giả của SDL (dummy)",
            flush=True,
        )
    pygame.display.init()
    pygame.font.init()
    pygame.display.set_caption(f"{wording.WINDOW_TITLE} – {settings.office.name}")
    kiosk = settings.kiosk
    if windowed or not kiosk.fullscreen:
        surface = pygame.display.set_mode((kiosk.width, kiosk.height))
    else:
        surface = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        pygame.mouse.set_visible(False)
    return surface


class Backdrop:
    """A pre-rendered full-screen background kept small: its plain colour and the rest.

    A 1920x1080 surface is 8 MB and the kiosk has a dozen screens. Most of each background is
    one flat colour, so that colour becomes a run-length-encoded colour key (SDL then frees the
    full pixel buffer) and drawing is a fill plus a blit of what is not flat.
    """

    def __init__(self, surface: pygame.Surface, colour) -> None:
        self.colour = tuple(colour)
        self.size = surface.get_size()
        surface.set_colorkey(self.colour, pygame.RLEACCEL)
        # SDL encodes (and frees the full buffer) at the first blit: do it now, not on first show.
        pygame.Surface((1, 1)).blit(surface, (0, 0))
        self._rest = surface

    def draw(self, target: pygame.Surface, area: pygame.Rect | None = None) -> None:
        """Draw the background onto ``target``: all of it, or only the part inside ``area``."""
        if area is None:
            target.fill(self.colour)
            target.blit(self._rest, (0, 0))
        else:
            target.fill(self.colour, area)
            target.blit(self._rest, area.topleft, area)
