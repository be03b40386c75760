"""The central database's backup restores whole: ``python -m admin_web backup`` (pg_dump, custom
format) of a central holding two sites' visits, ``pg_restore`` into a new database, and the
restored central has the same sites, visits, tallies and cases, and still admits the sites'
tokens (docs/central-server.md's restore, step by step)."""

from __future__ import annotations

import subprocess
import sys
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from lobby.backup import find_pg_tool
from lobby.store import Store
from lobby.store.models import FollowupCase, ResultTally, Site
from lobby.sync.wire import iso, visit_to_wire
from tests.sync.helpers import ROOT, Central, add_people, central_visits, make_visit, tally_rows

OFFICE = ZoneInfo("Asia/Ho_Chi_Minh")


def push(central: Central, site_id: int, count: int, device: str) -> None:
    """Store ``count`` visits of a site on the central as a push does (one with a case)."""
    visits = [make_visit(n, device=device) for n in range(count)]
    wire = [visit_to_wire(v, v.created_at.astimezone(OFFICE).date(), False, False) for v in visits]
    case = {
        "visit_id": visits[0].id,
        "status": "new",
        "wants_callback": True,
        "call_outcome": None,
        "created_at": iso(visits[0].created_at),
        "updated_at": iso(visits[0].created_at),
        "notes": [],
    }
    payload = {"sent_at": iso(visits[-1].created_at), "visits": wire, "cases": [case]}
    acked = central.store.ingest_push(site_id, payload)
    assert len(acked["visits"]) == count and acked["cases"] == [visits[0].id]


def counts(store: Store) -> dict:
    """What a central holds, site by site."""
    with store.session() as s:
        sites = {row.code: row.id for row in s.scalars(select(Site))}
        cases = s.scalar(select(func.count()).select_from(FollowupCase))
        tallies = s.scalar(select(func.count()).select_from(ResultTally))
    return {
        "sites": sorted(sites),
        "visits": {code: central_visits(store, i) for code, i in sites.items()},
        "tallies": {code: tally_rows(store, i) for code, i in sites.items()},
        "cases": cases,
        "tally_rows": tallies,
    }


def test_a_central_backup_restores_into_a_new_database_with_the_same_counts(
    postgres_server, tmp_path
):
    central = Central(tmp_path / "central", postgres_server.new_database())
    tokens = {}
    for code, name, count in (("quan-1", "UBND Quận 1", 40), ("xa-2", "UBND Xã 2", 25)):
        row, tokens[code] = central.store.create_site(code, name, by="kiem-thu")
        add_people(central.store, row.id)
        push(central, row.id, count, device=f"kiosk-{code}")
    before = counts(central.store)
    assert before["visits"] == {"local": 0, "quan-1": 40, "xa-2": 25}

    dump = tmp_path / "central.pgdump"
    made = subprocess.run(
        [sys.executable, "-m", "admin_web", "--config", str(central.config), "backup", str(dump)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    assert dump.stat().st_size > 0

    restored_url = postgres_server.new_database()
    libpq = restored_url.replace("postgresql+psycopg://", "postgresql://")
    restored = subprocess.run(
        [find_pg_tool("pg_restore"), "--no-owner", "--exit-on-error", f"--dbname={libpq}", dump],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert restored.returncode == 0, restored.stderr
    central.store.close()

    store = Store.open(restored_url)
    try:
        assert counts(store) == before
        for code, token in tokens.items():
            assert store.site_for_token(token).code == code
    finally:
        store.close()
