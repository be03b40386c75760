"""Benchmark: a site offline for 30 days with 10,000 visits catches up in under a minute.

A throwaway PostgreSQL cluster (tests/pgserver.py), the central server as its own process (the
admin web with ``[central] role = "central"``), one site created there, and the site's own
SQLite store holding ``--visits`` visits (10,000) over the last 30 days, none forwarded. The
figure is the wall time of ``python -m lobby.sync --config SITE.toml --once``, the real
forwarder process with the default batch size, from its start (Python's start-up included) to
its exit, after which every visit must be on the central once and acknowledged on the site.

Target 60 s: after a month without a link, a site is whole again on the centre
within a minute of the link coming back. Prints figure, target and PASS/FAIL; exit 1 on a FAIL.

Run from the repository root:
    .venv/bin/python bench/bench_central_catchup.py [--visits 10000] [--days 30]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import _context  # noqa: F401  (first: sys.path and headless set-up)
from _context import machine_context
from _verdict import Verdicts

from tests.pgserver import PostgresServer, PostgresUnavailable
from tests.sync.helpers import (
    Central,
    add_people,
    central_visits,
    make_visit,
    new_site,
    record_visits,
    run_sync,
)

TARGET_SECONDS = 60.0


def main() -> None:
    """Fill a site's month offline, time its catch-up with --once, print the verdicts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=30)
    args = parser.parse_args()
    for line in machine_context():
        print(line)
    verdicts = Verdicts()
    try:
        server = PostgresServer().start()
    except PostgresUnavailable as exc:
        verdicts.fail("PostgreSQL", str(exc))
        verdicts.finish()
        return
    central = None
    try:
        folder = Path(tempfile.mkdtemp(prefix="bench-catchup-"))
        central = Central(folder / "central", server.new_database()).start()
        site = new_site(central, folder / "site", "xa-vung-xa", "UBND xã vùng xa")
        add_people(central.store, site.site_id)
        add_people(site.store, 1)
        first = datetime.now(UTC).replace(microsecond=0) - timedelta(days=args.days)
        step = args.days * 86400 / args.visits
        record_visits(
            site.store,
            (
                make_visit(
                    n,
                    device=f"kiosk-{n % 4}",
                    official=f"cb0{1 + n % 2}",
                    created_at=first + timedelta(seconds=n * step),
                )
                for n in range(args.visits)
            ),
        )
        waiting = site.store.count_unforwarded()["visits"]
        print(f"site store: {waiting} visits over {args.days} days, none forwarded", flush=True)
        start = time.monotonic()
        done = run_sync(site.config, "--once", timeout=600)
        seconds = time.monotonic() - start
        print(f"python -m lobby.sync --once: exit {done.returncode} after {seconds:.1f} s")
        print(done.stdout.strip() or done.stderr.strip()[-2000:])
        if done.returncode != 0:
            verdicts.fail("catch-up with --once", f"exit status {done.returncode}")
        stored = central_visits(central.store, site.site_id)
        left = site.store.count_unforwarded()["visits"]
        verdicts.at_most(f"catch-up of {args.visits} visits", seconds, TARGET_SECONDS, "s", 1)
        verdicts.at_least("visits on the central", stored, args.visits, "", 0)
        verdicts.at_most("visits on the central beyond the site's", stored - args.visits, 0, "", 0)
        verdicts.at_most("visits left unacknowledged on the site", left, 0, "", 0)
        site.store.close()
    finally:
        if central is not None:
            central.stop()
        server.stop()
    verdicts.finish()


if __name__ == "__main__":
    main()
