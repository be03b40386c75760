"""Benchmark: the central server's ingest, 200 sites pushing into it at once.

A throwaway PostgreSQL cluster (tests/pgserver.py), the admin web serving ``[central] role =
"central"`` on it as its own process (``python -m admin_web ... serve``, as deployed), and 200
sites created with ``create_site``, each with its own site token. Every site is a thread posting
prepared gzip JSON batches to ``POST /api/central/v1/push`` over real HTTP, as ``python -m
lobby.sync`` sends them (the bodies are built before the clock starts, so the figures are the
server's, not the clients'). Three runs, each on fresh visits:

1. paced: every site sends ``--batch`` visits (500, the forwarder's default batch size), the
   sites' batches spread evenly so that the province offers ``--rate`` visits per second
   (1,100/s); all visits on ONE day, so every site writes that day's tally rows at once.
   Figures: visits per second accepted from the first send to the last acknowledgement, and
   the batches' p99 latency (send to acknowledgement).
2. burst, one day: every site sends ``--burst`` visits at the same instant (a province coming
   back after an outage of the centre); figure: visits per second accepted.
3. burst, a day per site: the same, each site's visits on a day no other site has (the same
   work per batch: the same number of tally rows, only not shared with other sites' days).

Targets and why:
- sustained >= 1,000 visits/s accepted: a province of 200 sites x 300 visits a day makes
  60,000 visits a day, under 3 a second in office hours. 1,000/s absorbs a whole day of the
  province in a minute, so the centre catches up within minutes after any outage.
- p99 batch latency <= 2 s for a 500-visit batch at that rate: a fifth of the forwarder's
  10 s request time-out, so a loaded centre never makes sites time out and send again.
- same-day burst >= 0.8 x the day-per-site burst's rate: tally rows are keyed by site first, so
  sites writing the same day's rows must not wait on each other (no serialisation).

Every batch must be acknowledged whole, and the central must hold exactly the visits sent
(a FAIL otherwise). Prints figure, target and PASS/FAIL per target; exit status 1 on a FAIL.

Run from the repository root:
    .venv/bin/python bench/bench_central_ingest.py [--sites 200] [--batch 500] [--rate 1100]
        [--burst 100]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import _context  # noqa: F401  (first: sys.path and headless set-up)
from _context import machine_context, percentile
from _verdict import Verdicts
from bench_exports import cluster_cpu
from sqlalchemy import func, select

from lobby.store.models import Visit
from lobby.sync.wire import PUSH_PATH, encode_body, iso, visit_to_wire
from tests.pgserver import PostgresServer, PostgresUnavailable
from tests.sync.helpers import Central, add_people, make_visit

SUSTAINED_TARGET = 1000.0
P99_TARGET_SECONDS = 2.0
SAME_DAY_RATIO = 0.8
DAY = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
REQUEST_TIMEOUT = 120.0


def batch_body(code: str, count: int, day_offset: int) -> bytes:
    """A site's push of ``count`` new visits, all ``day_offset`` days before DAY, gzip JSON."""
    visits = []
    for n in range(count):
        day = DAY - timedelta(days=day_offset)
        created = day + timedelta(seconds=37 * n % 30000)
        record = make_visit(
            n, device=f"{code}-k{n % 3}", official=f"cb0{1 + n % 2}", created_at=created
        )
        local_day = (created + timedelta(hours=7)).date()
        visits.append(visit_to_wire(record, local_day, False, False))
    payload = {"sent_at": iso(datetime.now(UTC)), "visits": visits, "cases": [], "letters": []}
    return encode_body(payload)


class Push:
    """One site's batch: its body, when it is due, and what happened."""

    def __init__(self, token: str, body: bytes, count: int, due: float) -> None:
        self.token = token
        self.body = body
        self.count = count
        self.due = due
        self.latency: float | None = None
        self.acked = 0
        self.error = ""

    def send(self, port: int) -> None:
        """Post the batch (no earlier than its due time); note latency and acknowledged ids."""
        wait = self.due - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        start = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        try:
            connection.request(
                "POST",
                PUSH_PATH,
                body=self.body,
                headers={
                    "Authorization": f"Bearer {self.token}",
                    "Content-Type": "application/json",
                    "Content-Encoding": "gzip",
                },
            )
            reply = connection.getresponse()
            data = reply.read()
            self.latency = time.monotonic() - start
            if reply.status != 200:
                self.error = f"HTTP {reply.status}: {data[:200]!r}"
                return
            self.acked = len(json.loads(data)["acked"]["visits"])
        except (OSError, http.client.HTTPException, ValueError) as exc:
            self.error = f"{type(exc).__name__}: {exc}"
        finally:
            connection.close()


def process_cpu(pid: int) -> float:
    """Return the CPU seconds (user and system) process ``pid`` used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(port: int, pushes: list[Push], server_cpu) -> tuple[float, float, list[Push]]:
    """Send every push from its own thread; return the seconds from the first due time to the
    last acknowledgement, the server's CPU seconds meanwhile (``server_cpu()`` before and
    after), and the pushes."""
    threads = [threading.Thread(target=p.send, args=(port,), daemon=True) for p in pushes]
    start, cpu = min(p.due for p in pushes), server_cpu()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(REQUEST_TIMEOUT + 600)
    return time.monotonic() - start, server_cpu() - cpu, pushes


def report(name: str, seconds: float, cpu: float, pushes: list[Push], verdicts: Verdicts):
    """Print a run's figures; check every batch was acknowledged whole; return visits/s."""
    sent = sum(p.count for p in pushes)
    acked = sum(p.acked for p in pushes)
    latencies = [p.latency for p in pushes if p.latency is not None] or [0.0]
    rate = acked / seconds if seconds else 0.0
    print(
        f"{name}: {len(pushes)} batches, {sent} visits in {seconds:.1f} s = {rate:.0f} visits/s;"
        f" batch latency median {percentile(latencies, 50):.2f} s,"
        f" p99 {percentile(latencies, 99):.2f} s, max {max(latencies):.2f} s;"
        f" server CPU {cpu:.1f} s = {acked / max(cpu, 1e-9):.0f} visits per CPU-second"
        f" (load average {os.getloadavg()[0]:.1f})",
        flush=True,
    )
    errors = [p.error for p in pushes if p.error]
    if errors:
        verdicts.fail(f"{name}: every batch acknowledged", f"{len(errors)} failed: {errors[0]}")
    else:
        verdicts.at_least(f"{name}: visits acknowledged", acked, sent, "", 0)
    return rate


def main() -> None:
    """Start PostgreSQL and the central server, run the three pushes, print verdicts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=200)
    parser.add_argument("--batch", type=int, default=500, help="visits per paced batch")
    parser.add_argument("--rate", type=float, default=1100.0, help="paced visits/s offered")
    parser.add_argument("--burst", type=int, default=100, help="visits per site in a burst")
    args = parser.parse_args()
    for line in machine_context():
        print(line)
    try:
        server = PostgresServer().start()
    except PostgresUnavailable as exc:
        verdicts = Verdicts()
        verdicts.fail("PostgreSQL", str(exc))
        verdicts.finish()
        return
    verdicts = Verdicts()
    central = None
    try:
        central = Central(Path(tempfile.mkdtemp(prefix="bench-central-")), server.new_database())
        central.start()
        sites = []
        for i in range(args.sites):
            row, token = central.store.create_site(f"site-{i:03d}", f"Điểm {i}", by="bench")
            add_people(central.store, row.id)
            sites.append((row.code, token))
        print(f"central server on {central.url}; {len(sites)} sites created", flush=True)

        def server_cpu() -> float:
            return process_cpu(central.process.pid) + cluster_cpu(server.data)

        def pushes(count: int, own_day: bool, gap: float) -> list[Push]:
            now = time.monotonic() + 1.0
            return [
                Push(token, batch_body(code, count, i if own_day else 0), count, now + i * gap)
                for i, (code, token) in enumerate(sites)
            ]

        paced = pushes(args.batch, False, args.batch / args.rate)
        seconds, cpu, done = run(central.port, paced, server_cpu)
        sustained = report("paced, one day", seconds, cpu, done, verdicts)
        latencies = [p.latency for p in done if p.latency is not None]
        verdicts.at_least("paced: sustained visits/s accepted", sustained, SUSTAINED_TARGET, "/s")
        verdicts.at_most(
            f"paced: p99 latency of a {args.batch}-visit batch",
            percentile(latencies, 99),
            P99_TARGET_SECONDS,
            "s",
        )
        burst = pushes(args.burst, False, 0)
        same_day = report("burst, one day", *run(central.port, burst, server_cpu), verdicts)
        burst = pushes(args.burst, True, 0)
        spread = report("burst, a day per site", *run(central.port, burst, server_cpu), verdicts)
        verdicts.at_least(
            "burst: one day's rate / a day per site's", same_day / spread, SAME_DAY_RATIO, "", 2
        )
        with central.store.session() as s:
            stored = s.scalar(select(func.count()).select_from(Visit))
        expected = args.sites * (args.batch + 2 * args.burst)
        verdicts.at_least("visits on the central (each exactly once)", stored, expected, "", 0)
        verdicts.at_most("visits on the central beyond those sent", stored - expected, 0, "", 0)
    finally:
        if central is not None:
            central.stop()
        server.stop()
    verdicts.finish()


if __name__ == "__main__":
    main()
