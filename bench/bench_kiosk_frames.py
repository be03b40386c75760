"""Benchmark: kiosk frame time (update, draw and display flip) at 1920x1080 on SDL's dummy driver,
on every screen the kiosk has (whatever kiosk.app builds).
Targets: p99 at most 4 ms on every screen (a screen that raises fails it); every frame that builds
new data (the demo office's 300 officials and five long rules) at most 50 ms.
Prints PASS or FAIL per target and exits with status 1 on a FAIL.

Run from the repository root:
    .venv/bin/python bench/bench_kiosk_frames.py [--frames N] [--officials N]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import _context  # first: sets SDL's dummy drivers and sys.path before pygame loads
import pygame
from _context import machine_context, percentile, summary
from _verdict import Verdicts

from kiosk.app import KioskApp
from kiosk.flow import Phase
from lobby.demo_data import build_plan
from lobby.settings import settings_from_dict
from lobby.store import OfficialInput, Store
from lobby.survey import load_survey

SIZE = (1920, 1080)
TARGET_P99_MS = 4.0
FRAME_LIMIT_MS = 50.0  # house rule: no call in a frame blocks longer
RULES = 5  # long rules added before the reload, as an editor might


def long_rule(number: int, least: int = 1500) -> str:
    """Return the body of rule ``number``: numbered sentences, at least ``least`` characters."""
    sentences: list[str] = []
    while len(" ".join(sentences)) < least:
        sentences.append(
            f"Điều {number}.{len(sentences) + 1}. Công dân xuất trình giấy tờ tùy thân, "
            "giữ trật tự chung và chờ đến lượt."
        )
    return " ".join(sentences)


def frames(screen, surface: pygame.Surface, count: int, dt: float) -> list[float]:
    """Run ``count`` full frames of one screen; return each one's duration including the flip."""
    times = []
    for _ in range(count):
        start = time.perf_counter()
        pygame.event.pump()
        screen.update(dt)
        screen.draw(surface)
        pygame.display.flip()
        times.append(time.perf_counter() - start)
    return times


def app_frames(app: KioskApp, count: int, dt: float) -> list[float]:
    """Run ``count`` frames through the app as run() does (it skips or narrows idle redraws)."""
    times = []
    for _ in range(count):
        start = time.perf_counter()
        app.step(pygame.event.get(), dt)
        if app.dirty is not None:
            pygame.display.update(app.dirty)
        elif app.drew:
            pygame.display.flip()
        times.append(time.perf_counter() - start)
    return times


def all_screens(app: KioskApp) -> list[tuple[str, object]]:
    """Return every distinct screen of the app with a name, in the app's order."""
    found: list[tuple[str, object]] = []
    seen: set[int] = set()
    named = [(phase.name.lower(), screen) for phase, screen in app.screens.items()]
    extra = getattr(app, "rating_screens", [])
    named += [(f"rate (question {i + 1})", screen) for i, screen in enumerate(extra)]
    for name, screen in named:
        if id(screen) not in seen:
            seen.add(id(screen))
            found.append((name, screen))
    return found


def main() -> None:
    """Run the benchmark, print its figures and verdicts; exit 1 if a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=200)
    parser.add_argument("--officials", type=int, default=300, help="officials in the new data")
    args = parser.parse_args()

    results: list[tuple[str, list[float] | str]] = []
    cpu: list[float] = []
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
        while app.screens.build_next():  # as kiosk.main does: every screen, off the frame loop
            pass
        built = time.perf_counter() - start
        dt = 1 / settings.kiosk.fps
        try:
            # New data (here an official and five long rules added in the admin) is built on
            # the attract screen, a screen (or a part of the information screen) per frame, then
            # switched to: reported apart, since it happens rarely; each such frame must stay
            # under the 50 ms a frame may take.
            store.upsert_officials([OfficialInput("CB-BENCH", "Nguyễn Thị Thử", "Chuyên viên")])
            roster = build_plan(7).officials[: max(0, args.officials - 1)]
            store.upsert_officials(OfficialInput(o.code, o.name, o.title) for o in roster)
            for n in range(1, RULES + 1):
                store.add_public_item(
                    {"kind": "rule", "title": f"Nội quy số {n}", "body": long_rule(n)}
                )
            app.loader.load()
            building = app_frames(app, 1, dt)
            planning: list[float] = []  # the frames that planned the information screen's pages
            officials: list[float] = []  # the frames that built the officials screen
            cpu0 = time.thread_time()
            while app._next is not None:
                made = app._next[2]
                before, had = made.built(Phase.INFO), made.built(Phase.OFFICIAL)
                building += app_frames(app, 1, dt)
                if not before and (made.building is Phase.INFO or made.built(Phase.INFO)):
                    planning.append(building[-1])
                if not had and (made.building is Phase.OFFICIAL or made.built(Phase.OFFICIAL)):
                    officials.append(building[-1])
            results.append(("attract, frames building new data", building))
            cpu.append(time.thread_time() - cpu0)
            cpu0 = time.thread_time()
            results.append(("attract, real loop (idle)", app_frames(app, args.frames, dt)))
            cpu.append(time.thread_time() - cpu0)
            for name, screen in all_screens(app):
                try:
                    screen.enter()
                    cpu0 = time.thread_time()
                    results.append(
                        (name + ", full redraw", frames(screen, surface, args.frames, dt))
                    )
                    cpu.append(time.thread_time() - cpu0)
                except Exception as exc:  # a screen that cannot draw misses its target
                    results.append((name, f"raised {type(exc).__name__}: {exc}"))
                    cpu.append(0.0)
        finally:
            app.close()
            store.close()
            pygame.quit()

    print(f"bench_kiosk_frames: update + draw + display.flip at {SIZE[0]}x{SIZE[1]}, per screen")
    for line in machine_context():
        print("  " + line)
    print(f"  start-up (KioskApp: fonts, layouts, pre-rendered screens): {built * 1000:.1f} ms")
    print(f"  frame budget at {settings.kiosk.fps} fps: {1000 / settings.kiosk.fps:.1f} ms")
    building_ms = [s * 1000 for s in building]
    print(
        f"  rebuild with {RULES} rules of 1,500 characters: {len(building_ms)} frames; "
        f"the information screen's pages planned in {len(planning)} frames, "
        f"max {max(planning, default=0) * 1000:.1f} ms"
    )
    print(
        f"  officials screen with {args.officials} officials built in {len(officials)} frames, "
        f"max {max(officials, default=0) * 1000:.1f} ms"
    )
    for (name, result), used in zip(results, cpu, strict=True):
        if isinstance(result, str):
            print(f"  {name:<34} {result}")
        else:
            print(
                "  " + summary(name, result) + f"   CPU/frame {used / len(result) * 1000:6.3f} ms"
            )
    print("  (wall-clock p99 includes time other processes take the CPU; CPU/frame does not)")
    verdicts = Verdicts()
    verdicts.at_most("max frame building new data", max(building_ms), FRAME_LIMIT_MS, "ms", 1)
    for name, result in results[1:]:
        if isinstance(result, str):
            verdicts.fail(f"frame p99, {name}", result)
        else:
            p99 = percentile([s * 1000 for s in result], 99)
            verdicts.at_most(f"frame p99, {name}", p99, TARGET_P99_MS, "ms", 3)
    verdicts.finish()


if __name__ == "__main__":
    main()
