"""Benchmark: a tap on a rating button to the vote committed on disk (real SQLite store, WAL,
synchronous=FULL), over 1,000 votes. Prints figures; not a pass/fail test.

Run from the repository root: .venv/bin/python bench/bench_vote.py [--votes N]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import _context  # first: sets SDL's dummy drivers and sys.path before pygame loads
import pygame
from _context import filesystem_of, machine_context, summary
from sqlalchemy import text

from kiosk.app import KioskApp
from kiosk.flow import Phase
from lobby.settings import settings_from_dict
from lobby.store import Store
from lobby.survey import load_survey


def tap(pos: tuple[int, int], size: tuple[int, int]) -> list[pygame.event.Event]:
    """Post a finger down and up at ``pos`` through pygame's queue and return what it yields."""
    x, y = pos[0] / size[0], pos[1] / size[1]
    for kind in (pygame.FINGERDOWN, pygame.FINGERUP):
        pygame.event.post(
            pygame.event.Event(
                kind, touch_id=1, finger_id=1, x=x, y=y, dx=0.0, dy=0.0, pressure=1.0
            )
        )
    return pygame.event.get()


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--votes", type=int, default=1000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-vote-") as folder:
        db_path = Path(folder) / "lobby.db"
        survey_path = _context.ROOT / "assets" / "survey.toml"
        settings = settings_from_dict(
            {"kiosk": {"survey": str(survey_path)}}, base_dir=Path(folder)
        )
        store = Store.open(f"sqlite:///{db_path}")
        with store.engine.connect() as conn:
            journal = conn.execute(text("PRAGMA journal_mode")).scalar()
            sync = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}[
                conn.execute(text("PRAGMA synchronous")).scalar()
            ]
        pygame.display.init()
        size = (1920, 1080)
        app = KioskApp(settings, store, load_survey(survey_path), pygame.display.set_mode(size))
        rating = app.screens[Phase.RATE]
        committed_at: list[float] = []
        app.add_phase_listener(
            lambda old, new: (
                committed_at.append(time.perf_counter()) if new is Phase.THANKS else None
            )
        )
        to_commit: list[float] = []
        to_frame: list[float] = []
        pygame.event.clear()
        for i in range(args.votes):
            app.step(tap((10, 10), size), 0.5)  # attract -> rating, past the arm delay
            assert app.phase is Phase.RATE
            centre = rating.buttons[i % len(rating.buttons)].rect.center
            committed_at.clear()
            start = time.perf_counter()
            app.step(tap(centre, size), 0.0)
            drawn = time.perf_counter()
            if app.phase is not Phase.THANKS or len(committed_at) != 1:
                raise SystemExit(f"vote {i} was not stored (phase {app.phase})")
            to_commit.append(committed_at[0] - start)
            to_frame.append(drawn - start)
            app.step([], settings.kiosk.thanks_seconds + 0.1)  # thanks -> attract
        stored = store.count_responses()
        store.close()
        pygame.quit()

        print("bench_vote: tap (FINGERDOWN+FINGERUP through pygame's queue) -> committed row")
        for line in machine_context():
            print("  " + line)
        print(
            f"  store: {db_path.name} in {folder} ({filesystem_of(Path(folder))}); "
            f"journal_mode={journal}, synchronous={sync}"
        )
        print(f"  votes stored: {stored} of {args.votes}")
        print("  " + summary("tap -> record_response returned", to_commit))
        print("  " + summary("tap -> thank-you frame drawn", to_frame))


if __name__ == "__main__":
    main()
