"""Benchmark: the year's exports at the speed of the database, on SQLite and PostgreSQL.

For each database, on the demo year (2026) of ``--visits`` visits (100,000 by default; 1,000,000
with ``--visits 1000000``):

- the baseline: one SQL join of the same answer rows (visits, answers, officials, units,
  counters; unformatted) written by ``csv.writer`` to a null sink, and on PostgreSQL the same join
  as ``COPY (…) TO STDOUT WITH (FORMAT csv)`` read through psycopg's ``cursor.copy``;
- the CSV export, GET /results/export.csv?period=2026 through the Flask test client, every byte
  read; its peak resident memory above what the process held before it (VmHWM);
- the year's XLSX report, GET /reports/2026.xlsx, the same way.

The timed runs alternate and the best of ``--runs`` is kept. Runs are judged by CPU time, which
other work on a shared machine does not stretch the way it stretches wall time: this process's
(all the work on SQLite) plus, on PostgreSQL, the server's processes' (read from /proc). Wall
time is printed too.

Targets: the CSV export within 1.5x of the csv.writer join on SQLite and of COPY on
PostgreSQL; its memory above the start under 50 MB (streamed); the XLSX (the report's figures
and all its sheets) under 60 s per million visits (60 s for ``--visits 1000000``, scaled down
for smaller demos). Prints PASS or FAIL per target and exits with status 1 on a FAIL.

The stores are the ones bench/bench_results_1m.py builds (lobby.demo_data, cached under the
temp folder by seed and size).

Run from the repository root:
    .venv/bin/python bench/bench_exports.py [--visits N] [--runs R] [--only sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import csv
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import _context  # noqa: F401  (first: sys.path and headless set-up)
from _context import machine_context
from _verdict import Verdicts
from bench_results_1m import (
    _app,
    cache_dir,
    demo_stores,
    peak_rss_mb,
    reset_peak_rss,
    unmeasured,
)

from lobby.store.answer_export import plain_statement

FIRST, LAST = date(2026, 1, 1), date(2026, 12, 31)
CSV_PATH = "/results/export.csv?period=2026"
XLSX_PATH = "/reports/2026.xlsx"
CSV_RATIO = 1.5
MEMORY_MB = 50.0
XLSX_SECONDS_PER_MILLION = 60.0


@dataclass
class Timing:
    """Wall-clock and CPU seconds (this process) of one run."""

    wall: float = 0.0
    cpu: float = 0.0

    def __str__(self) -> str:
        return f"{self.wall:.2f} s wall, {self.cpu:.2f} s CPU"


# The database server's CPU seconds so far (PostgreSQL: its processes; SQLite: none).
SERVER_CPU: list = [lambda: 0.0]


def cluster_cpu(data: Path) -> float:
    """Return the CPU seconds used so far by the PostgreSQL cluster at ``data`` (its postmaster
    and the processes it started, read from /proc)."""
    postmaster = int((data / "postmaster.pid").read_text().split()[0])
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry.name) == postmaster or int(fields[1]) == postmaster:
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


@contextmanager
def timed() -> Iterator[Timing]:
    """Measure the block's wall-clock time and CPU time (this process and the database
    server's) into the Timing yielded."""
    timing = Timing()
    server = SERVER_CPU[0]
    wall, cpu, served = time.perf_counter(), time.process_time(), server()
    yield timing
    timing.wall = time.perf_counter() - wall
    timing.cpu = time.process_time() - cpu + server() - served


class _Null:
    """A text sink counting what csv.writer writes."""

    def __init__(self) -> None:
        self.size = 0

    def write(self, text: str) -> int:
        """Count the characters and drop them."""
        self.size += len(text)
        return len(text)


def raw_join(store) -> tuple[Timing, int]:
    """Time the unformatted join written by csv.writer; return (time, rows)."""
    dialect = store.engine.dialect.name
    statement, params = plain_statement(dialect, store.tz_name, FIRST, LAST)
    rows = 0
    with timed() as timing, store.engine.connect() as connection:
        driver = connection.connection.dbapi_connection
        cursor = driver.cursor("bench_raw") if dialect == "postgresql" else driver.cursor()
        cursor.execute(statement, params)
        writer = csv.writer(_Null())
        while batch := cursor.fetchmany(5000):
            writer.writerows(batch)
            rows += len(batch)
        cursor.close()
        connection.rollback()
    return timing, rows


def copy_join(store) -> Timing:
    """Time PostgreSQL's COPY of the unformatted join to STDOUT, every byte read."""
    statement, params = plain_statement("postgresql", store.tz_name, FIRST, LAST)
    with timed() as timing, store.engine.connect() as connection:
        driver = connection.connection.dbapi_connection
        with (
            driver.cursor() as cursor,
            cursor.copy(f"COPY ({statement}) TO STDOUT WITH (FORMAT csv)", params) as copy,
        ):
            for _data in copy:
                pass
        connection.rollback()
    return timing


def rss_mb() -> float:
    """Return this process's resident memory now, in MB (VmRSS)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def download(browser, path: str) -> tuple[Timing, int, float]:
    """GET ``path`` and read every byte; return (time, bytes, MB of peak memory above the
    memory at the start, or of the whole process where the peak cannot be reset)."""
    before = rss_mb()
    reset = reset_peak_rss()
    with timed() as timing:
        response = browser.get(path)
        assert response.status_code == 200, (path, response.status_code)
        size = sum(len(chunk) for chunk in response.response)
        response.close()
    return timing, size, peak_rss_mb() - (before if reset else 0)


def best(timings: list[Timing]) -> float:
    """The best run's CPU time (this process and the database server)."""
    return min(t.cpu for t in timings)


def measure(url: str, label: str, visits: int, seed: int, runs: int, verdicts: Verdicts) -> None:
    """Print the figures of one database and their verdicts."""
    store, browser = _app(url)
    on_cpu = label == "SQLite"
    if not on_cpu:
        data = cache_dir() / f"pg-s{seed}-n{visits}" / "data"
        SERVER_CPU[0] = lambda: cluster_cpu(data)
    raws, copies, exports, memory = [], [], [], 0.0
    rows = size = 0
    for _ in range(runs):
        timing, rows = raw_join(store)
        raws.append(timing)
        if not on_cpu:
            copies.append(copy_join(store))
        timing, size, grown = download(browser, CSV_PATH)
        exports.append(timing)
        memory = max(memory, grown)
    kind = "CPU time" if on_cpu else "CPU time of this process and the server"
    print(f"{label}: {rows:,} answer rows; best of {runs} runs by {kind}")
    print(f"{label}: raw join + csv.writer      {_list(raws)}")
    if copies:
        print(f"{label}: raw join as COPY TO STDOUT {_list(copies)}")
    print(f"{label}: CSV export {CSV_PATH}: {_list(exports)}")
    print(f"{label}: CSV export {size / 1e6:.1f} MB, peak memory above the start {memory:.0f} MB")
    export = best(exports)
    baseline, name = (best(copies), "COPY") if copies else (best(raws), "join")
    verdicts.at_most(f"{label}: CSV export ÷ {name} ({kind})", export / baseline, CSV_RATIO, "x")
    verdicts.at_most(f"{label}: CSV export memory above the start", memory, MEMORY_MB, "MB", 0)
    timing, size, grown = download(browser, XLSX_PATH)
    print(
        f"{label}: XLSX {XLSX_PATH}: {timing}, {size / 1e6:.1f} MB,"
        f" peak memory above the start {grown:.0f} MB"
    )
    target = XLSX_SECONDS_PER_MILLION * visits / 1_000_000
    figure = timing.cpu
    verdicts.at_most(f"{label}: XLSX of {visits:,} visits ({kind})", figure, target, "s", 1)
    store.close()


def _list(values: list[Timing]) -> str:
    return "; ".join(str(v) for v in values)


def main() -> None:
    """Build or reuse the demo stores, print the figures and verdicts; exit 1 on a FAIL."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    args = parser.parse_args()
    for line in machine_context():
        print(line)
    verdicts = Verdicts()
    measured = set()
    for url, label in demo_stores(args.visits, args.seed, args.only):
        try:
            measure(url, label, args.visits, args.seed, args.runs, verdicts)
        except Exception as exc:  # a database that cannot be measured fails its targets
            verdicts.fail(label, f"{type(exc).__name__}: {exc}")
        measured.add(label)
    unmeasured(measured, args.only, verdicts)
    verdicts.finish()


if __name__ == "__main__":
    main()
