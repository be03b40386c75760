"""Benchmark: results on 1,000,000 demo visits, on SQLite and on PostgreSQL. Prints verdicts.

For each database: the quarterly results page (GET /results?period=2026-Q3 through the Flask
test client: every figure, the previous quarter, seven groupings, the day-by-level table;
median of 5 after a warm-up) with its number of SQL queries, the watchlist's calls
(``report_figures`` by official and by unit for the quarter and the previous one), and the
year's CSV export (/results/export.csv?period=2026) streamed in a separate process: its time,
size and peak RSS (VmHWM, reset after logging in: argon2 alone takes tens of MB). Targets, on each
database: page and watchlist under 300 ms (median wall time), export under 150 MB. A database that
cannot be measured (no PostgreSQL server, a failed export) fails its targets. Prints PASS or FAIL
per target and exits with status 1 on a FAIL; ``--visits`` takes a smaller demo for a quick run.

The SQLite store is built once by the demo writer (lobby.demo_data, the year up to 01/12/2026)
and cached under the temp folder, keyed by seed and size; PostgreSQL gets the same rows by COPY
and runs as a throwaway server on a cached cluster (as tests/pgserver.py starts one).

Run from the repository root:
    .venv/bin/python bench/bench_results_1m.py [--visits N] [--seed S] [--only sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import _context  # first: sys.path and headless set-up
from _context import machine_context
from _verdict import Verdicts
from sqlalchemy import event

from admin_web import create_app
from admin_web.passwords import hash_password
from lobby.demo_data import write_demo_data
from lobby.settings import settings_from_dict
from lobby.store import Store
from tests.admin.helpers import PASSWORD, Browser
from tests.pgserver import PostgresServer, PostgresUnavailable

ROOT = _context.ROOT
NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)  # the demo year ends on 01/12/2026, 10:00 local
QUARTER, PREVIOUS = (date(2026, 7, 1), date(2026, 9, 30)), (date(2026, 4, 1), date(2026, 6, 30))
PAGE = "/results?period=2026-Q3"
EXPORT = "/results/export.csv?period=2026"
USER = "bench"
MARK = "bench_results_demo"
TARGET_MS = 300.0
TARGET_EXPORT_MB = 150.0


def cache_dir() -> Path:
    """Return the folder keeping the built stores between runs."""
    folder = Path(tempfile.gettempdir()) / "lobby-bench-results"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _progress(label: str):
    shown = [-1]

    def show(done: int, total: int) -> None:
        if int(done * 10 / total) > shown[0]:
            shown[0] = int(done * 10 / total)
            print(f"  building {label}: {done:,}/{total:,}", file=sys.stderr, flush=True)

    return show


def ensure_store(url: str, label: str, visits: int, seed: int) -> float | None:
    """Fill the store at ``url`` with demo data unless done already; return the build time."""
    store = Store.open(url)
    try:
        mark = f"{seed}:{visits}"
        if store.get_meta(MARK) == mark:
            return None
        survey = (ROOT / "assets" / "survey.toml").read_text(encoding="utf-8")
        full = (ROOT / "assets" / "survey-full.toml").read_text(encoding="utf-8")
        started = time.perf_counter()
        write_demo_data(
            store, survey, full, visits, seed, force=True, now=NOW, progress=_progress(label)
        )
        if store.get_user_by_name(USER) is None:
            store.create_user(USER, hash_password(PASSWORD), role="admin")
        store.set_meta(MARK, mark)
        return time.perf_counter() - started
    finally:
        store.close()


COPIED = (
    "units",
    "counters",
    "officials",
    "survey_versions",
    "devices",
    "users",
    "visits",
    "answers",
    "visit_reasons",
    "result_tallies",
)


def copy_to_postgres(sqlite_file: Path, server: PostgresServer, visits: int, seed: int) -> float:
    """Load the SQLite demo store into a fresh PostgreSQL database with COPY; return the time.

    The same rows on both databases: the demo writer itself is exercised on PostgreSQL by
    tests/store/test_report_rollup.py; building a million visits twice would only take longer.
    """
    import sqlite3

    import psycopg

    from lobby.store.models import Base

    started = time.perf_counter()
    with psycopg.connect(server.url("postgres"), autocommit=True) as connection:
        connection.execute('DROP DATABASE IF EXISTS "bench"')
        connection.execute('CREATE DATABASE "bench"')
    url = server.url("bench", driver="postgresql+psycopg")
    Store.open(url).close()  # the schema, by the migrations
    source = sqlite3.connect(sqlite_file)
    with psycopg.connect(server.url("bench")) as target:
        for table in COPIED:
            columns = [c.name for c in Base.metadata.tables[table].columns]
            names = ", ".join(f'"{c}"' for c in columns)
            target.execute(f"DELETE FROM {table}")
            with target.cursor().copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in source.execute(f"SELECT {names} FROM {table}"):  # noqa: S608
                    copy.write_row(row)
            if "id" in columns and table not in ("visits", "devices"):
                target.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                    f" (SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
                )
        target.execute("INSERT INTO meta (key, value) VALUES (%s, %s)", (MARK, f"{seed}:{visits}"))
        target.commit()
        target.autocommit = True
        target.execute("VACUUM ANALYZE")
    source.close()
    return time.perf_counter() - started


class CachedPostgres(PostgresServer):
    """A throwaway PostgreSQL server whose cluster is kept in the cache folder between runs."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        os.rmdir(self.root)
        self.root = folder
        self.root.mkdir(parents=True, exist_ok=True)
        self.data = self.root / "data"

    def start(self) -> CachedPostgres:
        """Start the server, creating the cluster only the first time."""
        if (self.data / "PG_VERSION").exists():
            if os.geteuid() == 0:
                self.user = "postgres"
            (self.data / "postmaster.pid").unlink(missing_ok=True)
            options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
            log = str(self.root / "log")
            self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w", "start")
            return self
        super().start()
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            connection.execute('CREATE DATABASE "bench"')
        return self

    def stop(self) -> None:
        """Stop the server and keep the cluster."""
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        except PostgresUnavailable:
            pass


def _app(url: str):
    settings = settings_from_dict(
        {"store": {"url": url}, "kiosk": {"survey": str(ROOT / "assets" / "survey.toml")}},
        base_dir=cache_dir(),
    )
    store = Store.open(url)
    app = create_app(settings, store, test_config={"TESTING": True})
    browser = Browser(app.test_client())
    assert browser.login(USER).status_code == 302, "bench login failed"
    return store, browser


def _timed(call, runs: int = 5) -> tuple[list[float], list[float]]:
    """Return the wall-clock and CPU times (this process) of ``runs`` calls after a warm-up."""
    call()
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        call()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return walls, cpus


def _ms(times: tuple[list[float], list[float]]) -> str:
    walls, cpus = times
    return (
        f"median {statistics.median(walls) * 1000:6.1f} ms wall (max {max(walls) * 1000:.1f}),"
        f" {statistics.median(cpus) * 1000:6.1f} ms CPU of this process"
    )


def measure(url: str, label: str, verdicts: Verdicts) -> None:
    """Print the page, watchlist and export figures of one database and their verdicts."""
    store, browser = _app(url)
    queries = []
    event.listen(store.engine, "before_cursor_execute", lambda *a: queries.append(a[2]))

    def page() -> None:
        response = browser.get(PAGE)
        assert response.status_code == 200, response.status_code
        response.get_data()

    def watchlist() -> None:
        for first, last in (QUARTER, PREVIOUS):
            store.report_figures(first, last, "official")
            store.report_figures(first, last, "unit")

    page_times = _timed(page)
    queries.clear()
    page()
    page_queries = len(queries)
    watch_times = _timed(watchlist)
    print(f"{label}: results page {PAGE:<26} {_ms(page_times)}; {page_queries} SQL queries")
    print(f"{label}: watchlist (official+unit, 2 quarters) {_ms(watch_times)}")
    page_ms = statistics.median(page_times[0]) * 1000
    watch_ms = statistics.median(watch_times[0]) * 1000
    verdicts.at_most(f"{label}: results page, median", page_ms, TARGET_MS, "ms", 1)
    verdicts.at_most(f"{label}: watchlist queries, median", watch_ms, TARGET_MS, "ms", 1)
    store.close()
    child = subprocess.run(
        [sys.executable, __file__, "--export-child", url],
        capture_output=True,
        text=True,
        check=False,
    )
    if child.returncode != 0:
        print(child.stderr.strip()[-2000:])
        verdicts.fail(f"{label}: CSV export peak RSS", "the export failed (its error above)")
        return
    figures = json.loads(child.stdout.strip().splitlines()[-1])
    print(
        f"{label}: CSV export {EXPORT}: {figures['bytes'] / 1e6:,.0f} MB, {figures['rows']:,} lines"
        f" in {figures['seconds']:.1f} s; peak RSS {figures['rss_mb']:.0f} MB"
        f" (the argon2 login before it peaked at {figures['rss_before_mb']:.0f} MB)"
    )
    verdicts.at_most(f"{label}: CSV export peak RSS", figures["rss_mb"], TARGET_EXPORT_MB, "MB", 0)


def peak_rss_mb() -> float:
    """Return this process's peak resident memory in MB (VmHWM, else ru_maxrss)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak_rss() -> bool:
    """Reset the peak resident memory to the current one (Linux 4.0+); False if not possible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def export_child(url: str) -> None:
    """Stream the year's CSV through the test client and print size, time and peak RSS."""
    store, browser = _app(url)
    before = peak_rss_mb()
    # Logging in hashes with argon2 (tens of MB): start the peak from here when Linux allows.
    reset = reset_peak_rss()
    started = time.perf_counter()
    response = browser.get(EXPORT)
    assert response.status_code == 200, response.status_code
    size = lines = 0
    for chunk in response.response:
        data = chunk if isinstance(chunk, bytes) else chunk.encode("utf-8")
        size += len(data)
        lines += data.count(b"\n")
    seconds = time.perf_counter() - started
    rss = peak_rss_mb() if reset else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    store.close()
    print(
        json.dumps(
            {
                "bytes": size,
                "rows": lines,
                "seconds": seconds,
                "rss_mb": rss,
                "rss_before_mb": before,
            }
        )
    )


def main() -> None:
    """Build or reuse the stores, print the figures and verdicts; exit 1 on a missed target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    parser.add_argument("--export-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.export_child:
        export_child(args.export_child)
        return
    for line in machine_context():
        print(line)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average {load} (wall times stretch when other work shares the CPUs)")
    verdicts = Verdicts()
    measured = set()
    for url, label in demo_stores(args.visits, args.seed, args.only):
        measure(url, label, verdicts)
        measured.add(label)
    unmeasured(measured, args.only, verdicts)
    verdicts.finish()


def unmeasured(measured: set[str], only: str | None, verdicts: Verdicts) -> None:
    """Record as a FAIL each database asked for that could not be measured."""
    asked = {"sqlite": ["SQLite"], "postgresql": ["PostgreSQL"]}.get(only, ["SQLite", "PostgreSQL"])
    for label in asked:
        if label not in measured:
            verdicts.fail(label, "not measured (see above)")


def demo_stores(visits: int, seed: int, only: str | None = None) -> Iterator[tuple[str, str]]:
    """Yield (url, label) of the cached demo store on SQLite, then on PostgreSQL (the same rows,
    loaded by COPY from the SQLite one), building what is missing; ``only`` picks one."""
    key = f"s{seed}-n{visits}"
    print(f"{visits:,} demo visits (seed {seed}), cache {cache_dir()}")
    sqlite_url = f"sqlite:///{cache_dir() / f'sqlite-{key}.db'}"
    if only in (None, "sqlite"):
        built = ensure_store(sqlite_url, "SQLite", visits, seed)
        if built is not None:
            print(f"SQLite: demo data written in {built:.0f} s")
        yield sqlite_url, "SQLite"
    if only in (None, "postgresql"):
        try:
            server = CachedPostgres(cache_dir() / f"pg-{key}").start()
        except PostgresUnavailable as exc:
            print(f"PostgreSQL: SKIPPED, no server could be started: {exc}")
            return
        try:
            url = server.url("bench", driver="postgresql+psycopg")
            store = Store.open(url)
            done = store.get_meta(MARK) == f"{seed}:{visits}"
            store.close()
            if not done:
                ensure_store(sqlite_url, "SQLite", visits, seed)
                sqlite_file = cache_dir() / f"sqlite-{key}.db"
                loaded = copy_to_postgres(sqlite_file, server, visits, seed)
                print(f"PostgreSQL: the same demo rows loaded (COPY) in {loaded:.0f} s")
            yield url, "PostgreSQL"
        finally:
            server.stop()


if __name__ == "__main__":
    main()
