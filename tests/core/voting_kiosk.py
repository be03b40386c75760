"""run_kiosk.py with a visitor at the keypad: the real product, voting all the time it runs.

A thread presses keys as a visitor at a numeric keypad would (any key starts, a digit rates, the
same digit again answers what follows) through pygame's thread-safe event queue, so the kiosk's
own frame loop takes every vote. The process tree tests run this in place of run_kiosk.py.

Usage: python tests/core/voting_kiosk.py RUN_KIOSK_ARGUMENTS...
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

PRESS_SECONDS = 0.15


def press_keys_forever() -> None:
    """Press 1 (the first, top rating), then Enter, again and again, once pygame has its display."""
    import pygame

    while not (pygame.display.get_init() and pygame.display.get_surface() is not None):
        time.sleep(0.1)
    keys = [pygame.K_1, pygame.K_RETURN]
    while True:
        for code in keys:
            try:
                pygame.event.post(
                    pygame.event.Event(pygame.KEYDOWN, key=code, mod=0, unicode="", scancode=0)
                )
            except pygame.error:
                return  # the kiosk closed its display
            time.sleep(PRESS_SECONDS)


if __name__ == "__main__":
    import run_kiosk

    threading.Thread(target=press_keys_forever, name="visitor", daemon=True).start()
    sys.exit(run_kiosk.main(sys.argv[1:]))
