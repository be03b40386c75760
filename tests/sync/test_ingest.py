"""The central store's ingest on PostgreSQL: the same batch pushed twice at the same moment (a
forwarder restarted while its first request is still being written) is stored and counted once;
a visit id another site holds is never acknowledged to this one."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from lobby.store import Store
from lobby.sync.wire import visit_to_wire
from tests.sync.helpers import central_visits, make_visit, tally_rows


@pytest.fixture
def central_store(postgres_server):
    store = Store.open(postgres_server.new_database())
    yield store
    store.close()


def _batch(visits) -> dict:
    wire = [visit_to_wire(v, date(2026, 11, 30), False, False) for v in visits]
    return {"sent_at": "2026-11-30T02:00:00+00:00", "visits": wire}


def test_one_batch_pushed_twice_at_once_is_counted_once(central_store):
    site, _token = central_store.create_site("song-song", "Điểm", by="kiem-thu")
    batch = _batch([make_visit(n, official=None) for n in range(200)])
    start = threading.Barrier(2)
    answers, failures = [], []

    def push():
        start.wait()
        try:
            answers.append(central_store.ingest_push(site.id, batch))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            failures.append(exc)

    threads = [threading.Thread(target=push) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert [len(a["visits"]) for a in answers] == [200, 200]
    assert central_visits(central_store, site.id) == 200
    by_span = {"d": 0, "m": 0}
    for dimension, span, *_key, n in tally_rows(central_store, site.id):
        if dimension == "visits":
            by_span[span] += n
    assert by_span == {"d": 200, "m": 200}


def test_a_visit_id_held_by_another_site_is_not_acknowledged(central_store):
    first, _ = central_store.create_site("diem-mot", "Điểm một", by="kiem-thu")
    second, _ = central_store.create_site("diem-hai", "Điểm hai", by="kiem-thu")
    visit = make_visit(1, official=None)
    assert central_store.ingest_push(first.id, _batch([visit]))["visits"] == [visit.id]
    assert central_store.ingest_push(second.id, _batch([visit]))["visits"] == []
    assert central_visits(central_store, first.id) == 1
    assert central_visits(central_store, second.id) == 0
