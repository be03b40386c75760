"""Opening the kiosk's display: full screen or windowed, or SDL's dummy driver with no screen."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

import pygame

from kiosk import texts


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
    pygame.display.set_caption(f"{texts.WINDOW_TITLE} – {settings.office.name}")
    kiosk = settings.kiosk
    if windowed or not kiosk.fullscreen:
        surface = pygame.display.set_mode((kiosk.width, kiosk.height))
    else:
        surface = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        pygame.mouse.set_visible(False)
    return surface
