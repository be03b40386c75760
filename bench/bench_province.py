"""Benchmark: the province's picture on a central PostgreSQL holding a year of 200 sites.

Builds (once, cached under the temp folder, keyed by size) a central store of 200 sites × 20
officials with 300 visits a site a day for 2026 (21.9 million visits, two answers each; ``--visits``
takes fewer, spread over the same sites and days), then measures through the admin's own views
(Flask test client, a province-wide administrator, ``[central] role = "central"``):

- the province's quarterly results page, GET /results?period=2026-Q3 (every site, the table of
  sites, every grouping), target ≤ 500 ms;
- the province's watchlist, GET /watchlist?period=2026-Q3, target ≤ 500 ms;
- one site's quarter, GET /results?period=2026-Q3&site=<code>, target ≤ 300 ms;
- the database's size on disk (pg_database_size), printed.

Medians of 5 after a warm-up. Prints figure, target, PASS/FAIL and exits 1 on a FAIL. Beside
the wall-clock time each page's CPU time is printed, of this process (the view, in Python) and of
the PostgreSQL server's processes (read from /proc): what the page costs whatever else the
machine is running, as the wall-clock time grows with the machine's load.

Where the tally rows lie decides much of the time: rows written as visits come are scattered over
the table, so every site's rows of a quarter sit on different pages. ``--cluster`` first runs
what the central server's nightly ``python -m admin_web maintain`` runs (lobby.store.maintenance:
CLUSTER in key order, with room left on each page; its duration is printed, the table is locked
that long), kept in the cache; the figures say which layout they were measured on.

The store is built with set-based SQL (INSERT … SELECT over generate_series): sites, units,
counters and officials, the visits and their answers, then the tallies by GROUP BY over the
visits, month by month, with the keys the store's own Tallies writes (checked: one site's
quarter from the tallies equals a count over its visits). Secondary indexes are dropped during
the load and built again after it, as their definitions were.

Run from the repository root:
    .venv/bin/python bench/bench_province.py [--visits N] [--rebuild] [--cluster]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import _context  # first: sys.path and headless set-up
from _context import machine_context
from _verdict import Verdicts
from bench_results_1m import CachedPostgres

from admin_web import create_app
from admin_web.passwords import hash_password
from lobby.settings import settings_from_dict
from lobby.store import Store, db
from lobby.store.maintenance import order_tallies
from tests.admin.helpers import PASSWORD, Browser
from tests.admin.reports_data import SURVEY_KEY, SURVEY_TOML
from tests.pgserver import PostgresUnavailable

ROOT = _context.ROOT
SITES = 200
OFFICIALS = 20  # per site, in 5 units and at 10 counters
YEAR_FIRST, DAYS = date(2026, 1, 1), 365
FULL = SITES * 300 * DAYS
MARK = "bench_province"
BUILD_VERSION = "2"
USER = "tinh"
QUARTER = "2026-Q3"
SITE_CODE = "site-050"
PAGE_TARGET_MS, SITE_TARGET_MS = 500.0, 300.0


def cache_dir() -> Path:
    """Return the folder keeping the built clusters between runs."""
    folder = Path(tempfile.gettempdir()) / "lobby-bench-province"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _say(text: str) -> None:
    print(f"  {text}", file=sys.stderr, flush=True)


# Overall question (4 levels) and "thai_do" (3 levels), as tests/admin/reports_data.py's survey.
OVERALL = (
    ("rat_hai_long", "Rất hài lòng", True),
    ("hai_long", "Hài lòng", True),
    ("binh_thuong", "Bình thường", False),
    ("khong_hai_long", "Không hài lòng", False),
)
THAI_DO = (("tot", "Tốt", True), ("tb", "Trung bình", False), ("kem", "Kém", False))


def _case(column: str, levels, part: int) -> str:
    """A CASE choosing the key (0), label (1) or satisfied flag (2) of a level index."""
    whens = " ".join(
        f"WHEN {i} THEN {'TRUE' if lv[part] else 'FALSE'}"
        if part == 2
        else f"WHEN {i} THEN '{lv[part]}'"
        for i, lv in enumerate(levels)
    )
    return f"CASE {column} {whens} END"


def _secondary_indexes(cur, tables) -> list[tuple[str, str]]:
    """Return (name, definition) of the indexes of ``tables`` that back no constraint."""
    cur.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public'"
        " AND i.tablename = ANY(%s) AND NOT EXISTS (SELECT 1 FROM pg_constraint c"
        " WHERE c.conname = i.indexname)",
        (list(tables),),
    )
    return list(cur.fetchall())


def build(url: str, dsn: str, per_day: int) -> float:
    """Fill the empty central store at ``url`` (psycopg ``dsn``); return the seconds taken."""
    import psycopg

    started = time.perf_counter()
    store = Store.open(url)  # the schema, by the migrations
    version = store.ensure_survey_version(SURVEY_KEY, SURVEY_TOML)
    store.create_user(USER, hash_password(PASSWORD), role="admin")
    store.close()
    with psycopg.connect(dsn, autocommit=True) as db, db.cursor() as cur:
        cur.execute("SET session_replication_role = replica")  # no FK triggers while loading
        cur.execute("SET maintenance_work_mem = '512MB'")
        cur.execute("SET work_mem = '256MB'")
        cur.execute(
            "INSERT INTO sites (code, name, created_at, active)"
            " SELECT 'site-' || lpad(g::text, 3, '0'), 'Cơ quan số ' || g, now(), TRUE"
            " FROM generate_series(1, %s) g",
            (SITES,),
        )
        cur.execute(
            "INSERT INTO units (site_id, code, name, active)"
            " SELECT s.id, 'dv-' || u, 'Phòng ' || u, TRUE FROM sites s"
            " CROSS JOIN generate_series(0, 4) u WHERE s.code LIKE 'site-%'"
        )
        cur.execute(
            "INSERT INTO counters (site_id, code, name, unit_id, active)"
            " SELECT s.id, 'q-' || c, 'Quầy ' || c, u.id, TRUE FROM sites s"
            " CROSS JOIN generate_series(0, 9) c"
            " JOIN units u ON u.site_id = s.id AND u.code = 'dv-' || (c % 5)"
            " WHERE s.code LIKE 'site-%'"
        )
        cur.execute(
            "INSERT INTO officials (site_id, code, full_name, title, unit_id, counter_id, active,"
            " created_at, updated_at)"
            " SELECT s.id, 'cb-' || o, 'Cán bộ ' || o || ' – ' || s.code, '', u.id, c.id, TRUE,"
            " now(), now() FROM sites s CROSS JOIN generate_series(0, %s) o"
            " JOIN counters c ON c.site_id = s.id AND c.code = 'q-' || (o %% 10)"
            " JOIN units u ON u.site_id = s.id AND u.code = 'dv-' || (o %% 5)"
            " WHERE s.code LIKE 'site-%%'",
            (OFFICIALS - 1,),
        )
        dropped = _secondary_indexes(cur, ("visits", "answers", "visit_reasons"))
        for name, _definition in dropped:
            cur.execute(f'DROP INDEX "{name}"')
        _say(f"sites and officials made; {len(dropped)} secondary indexes dropped for the load")
        for month in range(1, 13):
            _load_month(cur, month, per_day, version)
            _say(f"month {month:2}/12 of visits, answers and day tallies loaded")
        for _name, definition in dropped:
            cur.execute(definition)
        _say("indexes built again")
        _month_tallies(cur)
        cur.execute("RESET session_replication_role")
        cur.execute("VACUUM ANALYZE")
        cur.execute("INSERT INTO meta (key, value) VALUES (%s, %s)", (MARK, _mark(per_day)))
    return time.perf_counter() - started


def _mark(per_day: int) -> str:
    return f"{BUILD_VERSION}:{SITES}:{per_day}"


# The visits of one month: per site, day and number k, a deterministic official, channel and
# level (each site has its own share of low ratings, so sites differ and some are watched).
_VISITS = f"""
INSERT INTO visits (id, site_id, device_id, channel, created_at, local_day, survey_key,
    survey_version, official_code, counter_code, unit_code, official_id, counter_id, unit_id,
    callback_consent, input_channel, is_repeat, dossier_repeat, received_at)
SELECT
    lpad(to_hex(s.id), 8, '0') || '-' || lpad(to_hex(d.n), 4, '0') || '-4'
        || lpad(to_hex(k), 3, '0') || '-8000-' || lpad(to_hex(s.id * 1000 + k), 12, '0'),
    s.id, s.code || '-k' || (k %% 4), CASE WHEN k %% 10 = 0 THEN 'paper' ELSE 'kiosk' END,
    (d.day + time '08:00' + (k * 28800 / %(per_day)s) * interval '1 second') - interval '7 hours',
    d.day, %(survey)s, %(version)s, o.code, c.code, u.code, o.id, c.id, u.id,
    FALSE, 'touch', FALSE, FALSE, now()
FROM sites s
CROSS JOIN (SELECT day::date AS day, (day::date - DATE '2026-01-01') AS n
            FROM generate_series(%(first)s::date, %(last)s::date, interval '1 day') day) d
CROSS JOIN generate_series(0, %(per_day)s - 1) k
JOIN officials o ON o.site_id = s.id AND o.code = 'cb-' || (k %% {OFFICIALS})
JOIN counters c ON c.id = o.counter_id
JOIN units u ON u.id = o.unit_id
WHERE s.code LIKE 'site-%%'
ORDER BY 1
"""


def _level(salt: str, levels: int) -> str:
    """A level index from a hash of the visit: sites between about 80 and 92% satisfied, and
    one official in every fifth site well under the watchlist's 70%."""
    h = f"abs(hashtext(v.id || '{salt}')) %% 100"
    bad = (
        "((v.site_id %% 7) * 2"
        " + CASE WHEN v.official_code = 'cb-7' AND v.site_id %% 5 = 0 THEN 35 ELSE 0 END)"
    )
    if levels == 4:
        return (
            f"CASE WHEN {h} < 55 - {bad} THEN 0 WHEN {h} < 92 - {bad} THEN 1"
            f" WHEN {h} < 96 THEN 2 ELSE 3 END"
        )
    return f"CASE WHEN {h} < 75 - {bad} THEN 0 WHEN {h} < 95 THEN 1 ELSE 2 END"


_ANSWERS = f"""
INSERT INTO answers (visit_id, question_key, position, question_text, level_key, level_label,
    level_index, satisfied)
SELECT v.id, q.key, q.position, q.text, q.level_key, q.level_label, q.level_index, q.satisfied
FROM visits v
CROSS JOIN LATERAL (
    SELECT 'overall' AS key, 0 AS position, 'Ông/Bà hài lòng?' AS text,
        {_case("x.l", OVERALL, 0)} AS level_key, {_case("x.l", OVERALL, 1)} AS level_label,
        x.l AS level_index, {_case("x.l", OVERALL, 2)} AS satisfied
    FROM (SELECT {_level("o", 4)} AS l) x
    UNION ALL
    SELECT 'thai_do', 1, 'Thái độ cán bộ?', {_case("y.l", THAI_DO, 0)},
        {_case("y.l", THAI_DO, 1)}, y.l, {_case("y.l", THAI_DO, 2)}
    FROM (SELECT {_level("t", 3)} AS l) y
) q
WHERE v.local_day >= %(first)s AND v.local_day <= %(last)s
"""

# The day tallies of one month, with the keys lobby/store/tallies.py's Tallies writes.
_TALLY_COLUMNS = (
    "site_id, dimension, span, day, group_key, ref_id, survey_key, survey_version, question_key,"
    " level_key, level_index, satisfied, is_repeat, label, n"
)
_DAY_TALLIES = f"""
INSERT INTO result_tallies ({_TALLY_COLUMNS})
WITH a AS MATERIALIZED (
    SELECT v.site_id, v.local_day, v.created_at, v.channel, v.survey_key, v.survey_version,
        v.is_repeat, coalesce(v.unit_code, '') AS unit_code, coalesce(v.unit_id, 0) AS unit_id,
        coalesce(v.counter_code, '') AS counter_code, coalesce(v.counter_id, 0) AS counter_id,
        coalesce(v.official_code, '') AS official_code,
        coalesce(v.official_id, 0) AS official_id,
        a.position, a.question_key, a.question_text, a.level_key, a.level_index, a.satisfied
    FROM visits v JOIN answers a ON a.visit_id = v.id
    WHERE v.local_day >= %(first)s AND v.local_day <= %(last)s AND a.level_index >= 0
), o AS MATERIALIZED (SELECT * FROM a WHERE position = 0)
SELECT site_id, 'visits', 'd', local_day, '*', 0, survey_key, survey_version, '', '', -1,
    FALSE, is_repeat, '', count(*)
FROM o GROUP BY site_id, local_day, survey_key, survey_version, is_repeat
UNION ALL
SELECT site_id, 'question', 'd', local_day, question_key, 0, survey_key, survey_version,
    question_key, level_key, level_index, satisfied, is_repeat, min(question_text), count(*)
FROM a GROUP BY site_id, local_day, survey_key, survey_version, question_key, level_key,
    level_index, satisfied, is_repeat
UNION ALL
SELECT site_id, g.dimension, 'd', local_day, g.key, g.ref, survey_key, survey_version,
    question_key, level_key, level_index, satisfied, is_repeat, g.label, count(*)
FROM o CROSS JOIN LATERAL (VALUES
    ('total', '*', 0, ''),
    ('unit', unit_code, unit_id, ''),
    ('counter', counter_code, counter_id, ''),
    ('official', official_code, official_id, ''),
    ('channel', channel, 0, channel),
    ('weekday', extract(dow FROM local_day)::int::text, 0, ''),
    ('utc_slot', ((extract(hour FROM created_at) * 60 + extract(minute FROM created_at))::int
        / 15)::text, 0, '')
) AS g(dimension, key, ref, label)
GROUP BY site_id, local_day, survey_key, survey_version, question_key, level_key, level_index,
    satisfied, is_repeat, g.dimension, g.key, g.ref, g.label
"""

_MONTH_TALLIES = f"""
INSERT INTO result_tallies ({_TALLY_COLUMNS})
SELECT site_id, dimension, 'm', date_trunc('month', day)::date, group_key, ref_id, survey_key,
    survey_version, question_key, level_key, level_index, satisfied, is_repeat, min(label), sum(n)
FROM result_tallies WHERE span = 'd'
GROUP BY site_id, dimension, date_trunc('month', day), group_key, ref_id, survey_key,
    survey_version, question_key, level_key, level_index, satisfied, is_repeat
"""


def _load_month(cur, month: int, per_day: int, version: int) -> None:
    first = date(2026, month, 1)
    last = date(2026 + month // 12, month % 12 + 1, 1).toordinal() - 1
    params = {
        "first": first,
        "last": date.fromordinal(last),
        "per_day": per_day,
        "survey": SURVEY_KEY,
        "version": version,
    }
    cur.execute(_VISITS, params)
    cur.execute(_ANSWERS, params)
    cur.execute(_DAY_TALLIES, params)


def _month_tallies(cur) -> None:
    cur.execute(_MONTH_TALLIES)
    _say("month tallies summed from the day tallies")


def check_tallies(dsn: str) -> None:
    """Raise if one site's quarter read from the tallies differs from a count of its visits."""
    import psycopg

    with psycopg.connect(dsn) as db:
        (site,) = db.execute("SELECT id FROM sites WHERE code = %s", (SITE_CODE,)).fetchone()
        counted = db.execute(
            "SELECT a.level_index, count(*) FROM visits v JOIN answers a ON a.visit_id = v.id"
            " AND a.position = 0 WHERE v.site_id = %s AND v.local_day BETWEEN %s AND %s"
            " GROUP BY 1 ORDER BY 1",
            (site, date(2026, 7, 1), date(2026, 9, 30)),
        ).fetchall()
        tallied = db.execute(
            "SELECT level_index, sum(n) FROM result_tallies WHERE site_id = %s"
            " AND dimension = 'official' AND span = 'm' AND day BETWEEN %s AND %s"
            " GROUP BY 1 ORDER BY 1",
            (site, date(2026, 7, 1), date(2026, 9, 1)),
        ).fetchall()
    if [tuple(map(int, r)) for r in counted] != [tuple(map(int, r)) for r in tallied]:
        raise SystemExit(f"tallies differ from the visits: {counted} != {tallied}")


def _timed(call, data: Path, runs: int = 5) -> tuple[list[float], list[float], list[float]]:
    """Return the wall-clock, this process's CPU and the server's CPU seconds of ``runs`` calls
    after a warm-up (no server CPU figures where /proc cannot tell)."""
    call()
    walls, cpus, servers = [], [], []
    for _ in range(runs):
        server, cpu, started = server_cpu_seconds(data), time.process_time(), time.perf_counter()
        call()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
        after = server_cpu_seconds(data)
        if server is not None and after is not None:
            servers.append(after - server)
    return walls, cpus, servers


def tallies_layout(url: str, dsn: str, cluster: bool) -> str:
    """Order the tallies by their key when asked, as the nightly maintenance does; return the
    layout measured."""
    import psycopg

    if cluster:
        engine = db.make_engine(url)
        try:
            seconds = order_tallies(engine)
        finally:
            engine.dispose()
        print(f"python -m admin_web maintain: tallies ordered by their key in {seconds:.0f} s")
    with psycopg.connect(dsn, autocommit=True) as connection:
        found = connection.execute(
            "SELECT i.indisclustered FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
            " WHERE c.relname = 'result_tallies_pkey'"
        ).fetchone()
    clustered = bool(found and found[0])
    return "ordered by key (CLUSTER)" if clustered else "as written (scattered)"


def server_cpu_seconds(data: Path) -> float | None:
    """Return the CPU seconds used so far by the PostgreSQL server of the cluster ``data`` (its
    postmaster and children, from /proc), or None where /proc cannot tell."""
    try:
        root = int((data / "postmaster.pid").read_text().split()[0])
        tick = os.sysconf("SC_CLK_TCK")
        total = 0
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                fields = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # ended meanwhile
            if int(entry.name) == root or int(fields[1]) == root:
                total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / tick
    except (OSError, ValueError, IndexError):
        return None


def measure(url: str, dsn: str, data: Path, verdicts: Verdicts, layout: str) -> None:
    """Time the province's and one site's pages and print the database's size."""
    import psycopg

    print(f"tallies {layout}; load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}")

    settings = settings_from_dict(
        {
            "store": {"url": url},
            "central": {"role": "central"},
            "kiosk": {"survey": str(ROOT / "assets" / "survey.toml")},
        },
        base_dir=cache_dir(),
    )
    store = Store.open(url)
    app = create_app(settings, store, test_config={"TESTING": True})
    browser = Browser(app.test_client())
    assert browser.login(USER).status_code == 302, "bench login failed"
    pages = (
        ("province results page", f"/results?period={QUARTER}", PAGE_TARGET_MS),
        ("province watchlist page", f"/watchlist?period={QUARTER}", PAGE_TARGET_MS),
        ("one site's results page", f"/results?period={QUARTER}&site={SITE_CODE}", SITE_TARGET_MS),
    )
    for label, page, target in pages:

        def get(page=page) -> None:
            response = browser.get(page)
            assert response.status_code == 200, (page, response.status_code)
            response.get_data()

        times, cpus, servers = _timed(get, data)
        median = statistics.median(times) * 1000
        print(f"{label:<26} {page:<44} median {median:7.1f} ms (max {max(times) * 1000:.1f})")
        cpu = f"CPU: view {statistics.median(cpus) * 1000:.0f} ms"
        if servers:
            cpu += f", PostgreSQL {statistics.median(servers) * 1000:.0f} ms"
        print(f"{'':<26} {cpu} (medians)")
        verdicts.at_most(f"{label}, median", median, target, "ms", 1)
    store.close()
    with psycopg.connect(dsn) as db:
        size = db.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        rows = db.execute(
            "SELECT relname, n_live_tup, pg_total_relation_size(relid) FROM pg_stat_user_tables"
            " ORDER BY 3 DESC LIMIT 4"
        ).fetchall()
    print(f"database size on disk: {size / 2**30:.2f} GiB")
    for name, count, total in rows:
        print(f"  {name:<16} {count:>12,} rows  {total / 2**30:6.2f} GiB with indexes")


def main() -> None:
    """Build or reuse the central store, print the figures and verdicts; exit 1 on a FAIL."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=FULL, help="about how many visits")
    parser.add_argument("--rebuild", action="store_true", help="build the store again")
    parser.add_argument(
        "--cluster", action="store_true", help="run the nightly maintenance (CLUSTER by key) first"
    )
    args = parser.parse_args()
    per_day = max(1, round(args.visits / (SITES * DAYS)))
    for line in machine_context():
        print(line)
    print(f"load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(
        f"{SITES} sites × {per_day} visits a day × {DAYS} days = {SITES * per_day * DAYS:,} visits"
    )
    verdicts = Verdicts()
    folder = cache_dir() / f"pg-{SITES}x{per_day}"
    try:
        server = CachedPostgres(folder).start()
    except PostgresUnavailable as exc:
        verdicts.fail("PostgreSQL", f"no server could be started: {exc}")
        verdicts.finish()
        return
    try:
        url, dsn = server.url("bench", driver="postgresql+psycopg"), server.url("bench")
        store = Store.open(url)
        built = store.get_meta(MARK) == _mark(per_day)
        store.close()
        if args.rebuild or not built:
            import psycopg

            with psycopg.connect(server.url("postgres"), autocommit=True) as db:
                db.execute('DROP DATABASE IF EXISTS "bench"')
                db.execute('CREATE DATABASE "bench"')
            print(
                f"built the central store in {build(url, dsn, per_day):.0f} s (cached in {folder})"
            )
        check_tallies(dsn)
        measure(url, dsn, server.data, verdicts, tallies_layout(url, dsn, args.cluster))
    finally:
        server.stop()
    verdicts.finish()


if __name__ == "__main__":
    main()
