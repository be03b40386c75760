"""Benchmark: how long the visitor waits on the saving screen while the PostgreSQL server is frozen
(SIGSTOP on the postmaster and its backends: connections open, nothing answers, as when a link
drops silently), and whether every visit is stored exactly once after the server resumes.

A throwaway cluster (tests/pgserver.py) and the kiosk's real recorder with the default
``[kiosk] save_timeout_seconds``; the first vote opens the recorder's connection, then the server
is frozen for ``--freeze`` seconds while ``--votes`` visitors vote one after another.

Targets: the longest wait at most the save time limit plus 0.5 s; after the freeze, every visit
in the store exactly once.

Then the whole kiosk (run_kiosk.py, sign and admin off, dummy display) is started while the server
is frozen: seconds until it takes visitors (target at most the connect time-out plus 15 s), and
until it has connected once the server resumes (target at most 5 s).

Run from the repository root: .venv/bin/python bench/bench_frozen_store.py [--freeze S] [--votes N]
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _context  # first: sys.path for the repository
from _verdict import Verdicts

from kiosk import READY
from kiosk.boot import CONNECTED
from kiosk.recorder import VisitRecorder, recorder_store
from lobby.journal import Journal
from lobby.settings import settings_from_dict
from lobby.store import Store, db
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
    """Return the seconds until ``text`` is in the console (``limit`` if it never is)."""
    start = time.monotonic()
    while time.monotonic() - start < limit and process.poll() is None:
        if text in console.read_text(encoding="utf-8"):
            break
        time.sleep(0.05)
    return time.monotonic() - start


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
    verdicts.at_most(
        "kiosk start to taking visitors, server frozen", ready, db.PG_CONNECT_SECONDS + 15, "s"
    )
    verdicts.at_most("server resumed to kiosk connected", connected, 5, "s")


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
        kiosk_start_frozen(server, url, verdicts)
    finally:
        server.stop()
    verdicts.finish()


if __name__ == "__main__":
    main()
