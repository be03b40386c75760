"""Benchmark: CPU used by the kiosk's real run loop idling on the attract screen at 1920x1080
(process CPU time over wall time, every thread included).
Target: at most 3% of one core. Prints PASS or FAIL and exits with status 1 on a FAIL.

Run from the repository root: .venv/bin/python bench/bench_kiosk_idle.py [--seconds S]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
from pathlib import Path

import _context  # first: sets SDL's dummy drivers and sys.path before pygame loads
import pygame
from _context import machine_context
from _verdict import Verdicts

from kiosk.app import KioskApp
from kiosk.flow import Phase
from lobby.settings import settings_from_dict
from lobby.store import Store
from lobby.survey import load_survey

SIZE = (1920, 1080)
TARGET_PERCENT = 3.0


def main() -> None:
    """Run the kiosk loop idle for a while, print the CPU it used and the verdict."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-idle-") as folder:
        survey_path = _context.ROOT / "assets" / "survey.toml"
        settings = settings_from_dict(
            {"kiosk": {"survey": str(survey_path)}}, base_dir=Path(folder)
        )
        store = Store.open(f"sqlite:///{Path(folder) / 'lobby.db'}")
        pygame.display.init()
        surface = pygame.display.set_mode(SIZE)
        app = KioskApp(settings, store, load_survey(survey_path), surface)
        assert app.phase is Phase.ATTRACT
        # Idle means after start-up: the app builds its other screens one per frame at first.
        while app.screens.pending:
            app.step([], 1 / settings.kiosk.fps)
        flips = 0
        real_flip, real_update = pygame.display.flip, pygame.display.update

        def counted_flip(*a):
            nonlocal flips
            flips += 1
            return real_flip(*a)

        def counted_update(*a):
            nonlocal flips
            flips += 1
            return real_update(*a)

        pygame.display.flip, pygame.display.update = counted_flip, counted_update
        stop = threading.Event()
        timer = threading.Timer(args.seconds, stop.set)
        cpu0, wall0 = time.process_time(), time.perf_counter()
        timer.start()
        try:
            app.run(stop)
        finally:
            timer.cancel()
            pygame.display.flip, pygame.display.update = real_flip, real_update
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        phase = app.phase
        store.close()
        pygame.quit()

    percent = 100 * cpu / wall
    print(f"bench_kiosk_idle: the real run loop on the attract screen at {SIZE[0]}x{SIZE[1]}")
    for line in machine_context():
        print("  " + line)
    print(f"  pid {os.getpid()}; fps setting {settings.kiosk.fps}; still on {phase.name.lower()}")
    print(f"  wall {wall:.2f} s, process CPU {cpu:.3f} s, display updates {flips}")
    verdicts = Verdicts()
    verdicts.at_most("CPU of one core, idle on the attract screen", percent, TARGET_PERCENT, "%")
    verdicts.finish()


if __name__ == "__main__":
    main()
