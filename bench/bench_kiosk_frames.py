"""Benchmark: kiosk frame time (events, update, draw and display flip) at 1920x1080 on SDL's
dummy driver, on the attract and rating screens. Prints figures; not a pass/fail test.

Run from the repository root: .venv/bin/python bench/bench_kiosk_frames.py [--frames N]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import _context  # first: sets SDL's dummy drivers and sys.path before pygame loads
import pygame
from _context import machine_context, summary

from kiosk.app import KioskApp
from kiosk.flow import Phase
from lobby.settings import settings_from_dict
from lobby.store import Store
from lobby.survey import load_survey

SIZE = (1920, 1080)


def frames(app: KioskApp, count: int, dt: float) -> list[float]:
    """Run ``count`` frames without input; return each frame's duration including the flip."""
    times = []
    for _ in range(count):
        start = time.perf_counter()
        app.step(pygame.event.get(), dt)
        pygame.display.flip()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=300)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-frames-") as folder:
        survey_path = _context.ROOT / "assets" / "survey.toml"
        settings = settings_from_dict(
            {"kiosk": {"survey": str(survey_path), "idle_seconds": 600.0}}, base_dir=Path(folder)
        )
        store = Store.open(f"sqlite:///{Path(folder) / 'lobby.db'}")
        pygame.display.init()
        surface = pygame.display.set_mode(SIZE)
        start = time.perf_counter()
        app = KioskApp(settings, store, load_survey(survey_path), surface)
        built = time.perf_counter() - start
        dt = 1 / settings.kiosk.fps

        attract = frames(app, args.frames, dt)
        app.step([pygame.event.Event(pygame.KEYDOWN, key=pygame.K_SPACE, mod=0)], 0.5)
        assert app.phase is Phase.RATE
        rating = frames(app, args.frames, dt)
        app.step([], app.flow.seconds_left(app.state) - 8)  # into the idle warning
        assert app.flow.warning_left(app.state) is not None
        warning = frames(app, min(args.frames, int(7 / dt)), dt)
        store.close()
        pygame.quit()

    budget = 1000 / settings.kiosk.fps
    print(
        f"bench_kiosk_frames: step (events + update + draw) + display.flip at {SIZE[0]}x{SIZE[1]}"
    )
    for line in machine_context():
        print("  " + line)
    print(f"  start-up (KioskApp: fonts, layouts, pre-rendered screens): {built * 1000:.1f} ms")
    print(f"  frame budget at {settings.kiosk.fps} fps: {budget:.1f} ms")
    print("  " + summary("attract screen", attract))
    print("  " + summary("rating screen", rating))
    print("  " + summary("rating screen with idle warning", warning))


if __name__ == "__main__":
    main()
