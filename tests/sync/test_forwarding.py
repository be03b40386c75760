"""Sites forward to the central server exactly once: two real SQLite sites, the real admin
process on PostgreSQL, and ``python -m lobby.sync --once`` as the site runs it."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select, update

from lobby.store.models import Device, Visit
from lobby.sync.status import forwarding_status
from tests.sync.helpers import (
    add_people,
    central_visits,
    make_visit,
    new_site,
    start_sync_once,
    tally_rows,
)


def test_two_sites_arrive_exactly_once_and_the_centre_counts_what_they_count(central, tmp_path):
    a = new_site(central, tmp_path / "a", "quan-1", "UBND Quận 1")
    b = new_site(central, tmp_path / "b", "quan-2", "UBND Quận 2")
    for site, prefix in ((a, "Q1 "), (b, "Q2 ")):
        add_people(central.store, site.site_id, prefix)
        add_people(site.store, 1, prefix)
    # Site A: 25 visits, two of them pressed again within seconds (repeats); site B: 12.
    for n in range(25):
        a.store.record_visit(make_visit(n, official="cb01" if n % 2 else "cb02"))
    for n in (3, 7):
        again = make_visit(n, official="cb01")
        a.store.record_visit(replace(again, created_at=again.created_at.replace(second=2)))
    for n in range(12):
        b.store.record_visit(make_visit(n, device="kiosk-b", official="cb01"))
    assert a.store.count_unforwarded()["visits"] == 27

    for site, sent in ((a, 27), (b, 12)):
        done = site.sync_once()
        assert done.returncode == 0, done.stderr
        assert f"{sent} lượt đánh giá" in done.stdout
        assert site.store.count_unforwarded() == {"visits": 0, "cases": 0, "letters": 0}
        assert site.store.get_meta("sync_last_ok_at")
        assert site.store.get_meta("sync_last_error") == ""
        status = forwarding_status(site.store)
        assert not status.failing and status.pending == {"visits": 0, "cases": 0, "letters": 0}
        assert status.message("Asia/Ho_Chi_Minh").startswith("Đã chuyển dữ liệu")

    assert central_visits(central.store, a.site_id) == a.store.count_visits() == 27
    assert central_visits(central.store, b.site_id) == b.store.count_visits() == 12
    assert tally_rows(central.store, a.site_id) == tally_rows(a.store, 1)
    assert tally_rows(central.store, b.site_id) == tally_rows(b.store, 1)
    repeats = [n for *_k, is_repeat, n in tally_rows(central.store, a.site_id) if is_repeat]
    assert repeats, "the site's repeat flags travel with the visits"

    # Each visit resolved to its own site's official, received now, keeping the site's time.
    with central.store.session() as s:
        visit = s.scalars(select(Visit).where(Visit.site_id == b.site_id)).first()
        official_sites = {
            row.site_id
            for row in s.scalars(
                select(Visit).where(Visit.site_id == b.site_id, Visit.official_id.isnot(None))
            )
        }
        device = s.get(Device, "kiosk-b")
    assert visit.received_at is not None and visit.received_at > visit.created_at
    assert official_sites == {b.site_id}
    assert device is not None and device.site_id == b.site_id
    assert central.store.site_by_code("quan-1").last_push_at is not None

    # The acknowledgements were lost: the site sends everything again; nothing counts twice.
    with a.store.session() as s:
        s.execute(update(Visit).values(forwarded_at=None))
    before = tally_rows(central.store, a.site_id)
    again = a.sync_once()
    assert again.returncode == 0, again.stderr
    assert central_visits(central.store, a.site_id) == 27
    assert tally_rows(central.store, a.site_id) == before
    assert a.store.count_unforwarded()["visits"] == 0


def test_batches_smaller_than_the_backlog_send_it_all(central, tmp_path):
    site = new_site(central, tmp_path / "c", "xa-3", "UBND Xã 3", batch_size=5)
    for n in range(23):
        site.store.record_visit(make_visit(n, device="kiosk-c", official=None))
    done = site.sync_once()
    assert done.returncode == 0, done.stderr
    assert central_visits(central.store, site.site_id) == 23
    assert site.store.count_unforwarded()["visits"] == 0


def test_two_forwarders_of_one_site_at_once_still_send_each_visit_once(central, tmp_path):
    site = new_site(central, tmp_path / "d", "xa-4", "UBND Xã 4", batch_size=10)
    for n in range(60):
        site.store.record_visit(make_visit(n, device="kiosk-d", official=None))
    both = [start_sync_once(site.config) for _ in range(2)]
    for process in both:
        _out, err = process.communicate(timeout=180)
        assert process.returncode == 0, err
    assert central_visits(central.store, site.site_id) == 60
    assert tally_rows(central.store, site.site_id) == tally_rows(site.store, 1)
