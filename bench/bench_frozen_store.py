"""Benchmark: how long the visitor waits on the saving screen while the PostgreSQL server is frozen
(SIGSTOP on the postmaster and its backends: connections open, nothing answers, as when a link
drops silently), and whether every visit is stored exactly once after the server resumes.

A throwaway cluster (tests/pgserver.py) and the kiosk's real recorder with the default
``[kiosk] save_timeout_seconds``; the first vote opens the recorder's connection, then the server
is frozen for ``--freeze`` seconds while ``--votes`` visitors vote one after another.

Targets: the longest wait at most the save time limit plus 0.5 s; after the freeze, every visit
in the store exactly once.

The same with the whole kiosk app pointed straight at PostgreSQL (its own store, recorder and
background refresh; real frames at 30 per second on the dummy display): visitors tap a rating
during a freeze of ``--freeze`` seconds; the seconds from the tap to the thank-you screen (target
at most the save time limit plus 0.5 s), the longest frame meanwhile (target 50 ms), and every
visit stored exactly once after.

Then the whole kiosk (run_kiosk.py, sign and admin off, dummy display) is started while the server
is frozen: seconds until it takes visitors (target at most the connect time-out plus 15 s), and
until it has connected once the server resumes (target at most 5 s); a kiosk that exits instead
fails both.

Run from the repository root: .venv/bin/python bench/bench_frozen_store.py [--freeze S] [--votes N]
"""

from __future__ import annotations

import argparse
import math
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _context  # first: sys.path for the repository
import pygame
from _verdict import Verdicts

from kiosk import READY
from kiosk.app import KioskApp
from kiosk.boot import CONNECTED
from kiosk.flow import Phase
from kiosk.recorder import VisitRecorder, recorder_store
from lobby.journal import Journal
from lobby.settings import settings_from_dict
from lobby.store import Store, db
from lobby.survey import load_survey
from tests.faults.helpers import make_visit
from tests.faults.pg_faults import frozen, visit_counts
from tests.pgserver import PostgresServer


def wait_outcome(recorder: VisitRecorder, visit_id: str, limit: float) -> float:
    """Return the seconds until ``visit_id`` is settled (``limit`` if it never is)."""
    start = time.monotonic()
    while recorder.outcome(visit_id) is None and time.monotonic() - start < limit:
        time.sleep(0.002)
    return time.monotonic() - start


def seconds_until(text: str, console: Path, process: subprocess.Popen, limit: float) -> float:
    """Return the seconds until ``text`` is in the console (infinity if it never is, or the
    process exits first)."""
    start = time.monotonic()
    while time.monotonic() - start < limit:
        if text in console.read_text(encoding="utf-8"):
            return time.monotonic() - start
        if process.poll() is not None:
            break
        time.sleep(0.05)
    return math.inf


def kiosk_start_frozen(server: PostgresServer, url: str, verdicts: Verdicts) -> None:
    """Start the whole kiosk while the server is frozen; time it taking visitors, and
    connecting once the server resumes."""
    folder = Path(tempfile.mkdtemp(prefix="bench-frozen-start-"))
    config = folder / "config.toml"
    survey = Path(_context.ROOT) / "assets" / "survey.toml"
    config.write_text(
        f'[store]\nurl = "{url}"\n[sign]\nenabled = false\n[admin]\nenabled = false\n'
        f'[kiosk]\nsurvey = "{survey}"\n',
        encoding="utf-8",
    )
    console = folder / "console.log"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["SDL_VIDEODRIVER"] = "dummy"
    command = [sys.executable, str(Path(_context.ROOT) / "run_kiosk.py"), "--config", str(config)]
    with frozen(server), console.open("wb") as out:
        process = subprocess.Popen(
            [*command, "--windowed"], cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT
        )
        try:
            ready = seconds_until(READY, console, process, 120)
        except BaseException:
            process.kill()
            raise
    try:
        connected = seconds_until(CONNECTED, console, process, 60)
    finally:
        process.send_signal(signal.SIGTERM)
        status = process.wait(30)
    print(f"kiosk started with the server frozen: taking visitors after {ready:.2f} s")
    print(f"connected {connected:.2f} s after the server resumed; exit status {status}")
    if math.isinf(ready) or math.isinf(connected):
        print(console.read_text(encoding="utf-8")[-3000:])
    verdicts.at_most(
        "kiosk start to taking visitors, server frozen", ready, db.PG_CONNECT_SECONDS + 15, "s"
    )
    verdicts.at_most("server resumed to kiosk connected", connected, 5, "s")


class Kiosk:
    """The kiosk app run in real time: a frame each 1/30 s with the time that really passed;
    keeps the longest frame."""

    def __init__(self, app) -> None:
        self.app = app
        self.size = app.surface.get_size()
        self.last = time.monotonic()
        self.longest = 0.0

    def frame(self, events=()) -> None:
        """Run one frame with ``events``, after waiting for its turn."""
        time.sleep(max(0.0, self.last + 1 / 30 - time.monotonic()))
        now = time.monotonic()
        pygame.event.clear()
        for event in events:
            pygame.event.post(event)
        start = time.perf_counter()
        self.app.step(pygame.event.get(), now - self.last)
        self.longest = max(self.longest, time.perf_counter() - start)
        self.last = now

    def run_until(self, done, limit: float) -> float:
        """Run frames until ``done()``; return the seconds it took (infinity past ``limit``)."""
        start = time.monotonic()
        while not done():
            if time.monotonic() - start > limit:
                return math.inf
            self.frame()
        return time.monotonic() - start

    def tap(self, pos) -> None:
        """A finger down and up at ``pos`` in one frame."""
        x, y = pos[0] / self.size[0], pos[1] / self.size[1]
        touch = {"touch_id": 7, "finger_id": 1, "x": x, "y": y, "dx": 0.0, "dy": 0.0}
        self.frame(
            [
                pygame.event.Event(pygame.FINGERDOWN, pressure=1.0, **touch),
                pygame.event.Event(pygame.FINGERUP, pressure=0.0, **touch),
            ]
        )

    def vote(self) -> float:
        """A visitor starts a visit and taps the top rating; return the seconds from the tap
        to the thank-you screen, once back on the attract screen."""
        self.tap((self.size[0] // 2, self.size[1] // 2))
        shown = time.monotonic()
        self.run_until(lambda: time.monotonic() - shown > 0.6, 5)  # the visitor reads
        self.tap(self.app.screens[Phase.RATE].buttons[0].rect.center)
        wait = self.run_until(lambda: self.app.phase is not Phase.SAVING, 60)
        self.run_until(lambda: self.app.phase is Phase.ATTRACT, 60)
        return wait


def kiosk_app_frozen(
    server: PostgresServer, url: str, freeze: float, votes: int, verdicts: Verdicts
) -> None:
    """The whole kiosk app on PostgreSQL: visitors vote while the server is frozen; time the
    tap to the thank-you screen and the longest frame, and count the visits stored after."""
    folder = Path(tempfile.mkdtemp(prefix="bench-frozen-app-"))
    settings = settings_from_dict(
        {
            "store": {"url": url},
            "kiosk": {
                "survey": str(Path(_context.ROOT) / "assets" / "survey.toml"),
                "journal": str(folder / "kiosk-journal.jsonl"),
                "thanks_seconds": 1,
                "repeat_interval_seconds": 0,
            },
        },
        base_dir=folder,
    )
    budget = settings.kiosk.save_timeout_seconds
    pygame.display.init()
    pygame.font.init()
    store = Store.open(url, settings.office.timezone)
    app = KioskApp(
        settings,
        store,
        load_survey(settings.path(settings.kiosk.survey)),
        pygame.display.set_mode((1280, 800)),
    )
    try:
        while app.screens.build_next():  # as the kiosk does before its first frame
            pass
        kiosk = Kiosk(app)
        kiosk.vote()  # the server answers: the recorder's connection is open in the freeze
        kiosk.longest = 0.0
        waits = []
        with frozen(server):
            frozen_at = time.monotonic()
            for _ in range(votes):
                waits.append(kiosk.vote())
            # Frames go on through the rest of the freeze: the background refresh tries too.
            kiosk.run_until(lambda: time.monotonic() - frozen_at > freeze, freeze + 5)
        longest = kiosk.longest
        drained = kiosk.run_until(lambda: app.recorder.pending() == 0, 60)
    finally:
        app.close()
        store.close()
        pygame.display.quit()
    counts = visit_counts(url)
    print(f"kiosk app on PostgreSQL, server frozen {freeze:g} s; save time limit {budget:g} s")
    print(f"tap to the thank-you screen (s): {', '.join(f'{w:.2f}' for w in waits)}")
    print(
        f"longest frame during the freeze {longest * 1000:.1f} ms; journal drained {drained:.2f} s"
    )
    verdicts.at_most("kiosk app: longest tap to thank-you screen", max(waits), budget + 0.5, "s")
    verdicts.at_most("kiosk app: longest frame during the freeze", longest * 1000, 50, "ms", 1)
    verdicts.at_least("kiosk app: visits stored", len(counts), votes + 1, "", 0)
    verdicts.at_most(
        "kiosk app: visits stored more than once", sum(c > 1 for c in counts.values()), 0
    )


def main() -> None:
    """Freeze the server, time each visitor's wait, check the store after, print verdicts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--freeze", type=float, default=20.0, help="seconds the server is frozen")
    parser.add_argument("--votes", type=int, default=5, help="visitors voting during the freeze")
    args = parser.parse_args()
    budget = settings_from_dict({}).kiosk.save_timeout_seconds
    server = PostgresServer().start()
    verdicts = Verdicts()
    try:
        url = server.new_database()
        Store.open(url).close()
        folder = Path(tempfile.mkdtemp(prefix="bench-frozen-"))
        recorder = VisitRecorder(
            recorder_store(url),
            Journal(folder / "kiosk-journal.jsonl"),
            repeat_interval_seconds=0.0,
            save_timeout_seconds=budget,
        )
        recorder.start()
        first = make_visit(0)
        recorder.submit(first)
        wait_outcome(recorder, first.id, 30)
        visits, waits = [make_visit(n) for n in range(1, args.votes + 1)], []
        with frozen(server):
            frozen_at = time.monotonic()
            for visit in visits:
                recorder.submit(visit)
                waits.append(wait_outcome(recorder, visit.id, args.freeze))
            while time.monotonic() - frozen_at < args.freeze:
                time.sleep(0.05)
        start = time.monotonic()
        while recorder.pending() and time.monotonic() - start < 60:
            time.sleep(0.01)
        drained = time.monotonic() - start
        counts = visit_counts(url)
        recorder.stop()
        recorder.store.close()
        print(f"server frozen {args.freeze:g} s; save time limit {budget:g} s")
        print(f"waits on the saving screen (s): {', '.join(f'{w:.2f}' for w in waits)}")
        print(f"journal drained {drained:.2f} s after the server resumed")
        verdicts.at_most("longest wait on the saving screen", max(waits), budget + 0.5, "s")
        stored_once = sum(1 for v in [first, *visits] if counts.get(v.id) == 1)
        verdicts.at_least("visits stored exactly once", stored_once, len(visits) + 1, "", 0)
        verdicts.at_most("visits stored more than once", sum(c > 1 for c in counts.values()), 0)
        kiosk_app_frozen(server, server.new_database(), args.freeze, args.votes, verdicts)
        kiosk_start_frozen(server, url, verdicts)
    finally:
        server.stop()
    verdicts.finish()


if __name__ == "__main__":
    main()
