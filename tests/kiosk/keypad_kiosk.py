"""run_kiosk.py with a visitor at its keypad who presses what the test tells it to.

Each line read on standard input names keys (pygame's names: "1", "return"...), separated by
spaces; they are pressed one after another, ``PRESS_SECONDS`` apart, through pygame's thread-safe
event queue, so the kiosk's own frame loop takes them. "vote" stands for the presses of one
visit with the top rating on the one-question survey.

Usage: python tests/kiosk/keypad_kiosk.py RUN_KIOSK_ARGUMENTS...
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

# Longer than a choice screen ignores choices once open (kiosk.flow.Timing.arm_seconds).
PRESS_SECONDS = 0.5
# Any key starts a visit; the digit 1 then gives the first (top) rating.
VOTE = ("1", "1")


def press_what_is_read() -> None:
    """Press the keys of each line read, once pygame has its display."""
    import pygame

    while not (pygame.display.get_init() and pygame.display.get_surface() is not None):
        time.sleep(0.05)
    for line in sys.stdin:
        names = [n for word in line.split() for n in (VOTE if word == "vote" else (word,))]
        for name in names:
            try:
                pygame.event.post(
                    pygame.event.Event(
                        pygame.KEYDOWN, key=pygame.key.key_code(name), mod=0, unicode=""
                    )
                )
            except pygame.error:
                return  # the kiosk closed its display
            time.sleep(PRESS_SECONDS)


if __name__ == "__main__":
    import run_kiosk

    threading.Thread(target=press_what_is_read, name="visitor", daemon=True).start()
    sys.exit(run_kiosk.main(sys.argv[1:]))
