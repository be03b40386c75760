"""Forwarding survives real faults: a real PostgreSQL central (the admin web as a process), two
SQLite sites with a few hundred visits each, forwarders as the site runs them (``python -m
lobby.sync``), and a TCP proxy between them that cuts connections mid-batch, goes silent and
comes back; kill -9 of a forwarder and of the central server mid-batch. After each fault every
visit of both sites is on the central exactly once, its tallies are what its visits make, and
the sites hold nothing unacknowledged."""

from __future__ import annotations

import os
import signal
import socket
import socketserver
import threading

import psycopg
import pytest
from sqlalchemy import select

from lobby.store.models import ResultTally, Visit
from lobby.store.tallies import rebuild
from tests.helpers_wait import wait_for
from tests.sync.helpers import (
    TALLY_COLUMNS,
    add_people,
    central_visits,
    make_visit,
    new_site,
    record_visits,
    tally_rows,
)
from tests.sync.tcp_proxy import DROP, FIN, RST

VISITS = 200
# Small batches: a site's backlog takes eight requests, so a fault lands mid-backlog.
BATCH = 25
SETTINGS = {
    "batch_size": BATCH,
    "interval_seconds": 1.0,
    "retry_max_seconds": 1.0,
    "request_timeout_seconds": 10.0,
}
DELIVERY_SECONDS = 60


def two_sites(central, folder, tag: str, url: str | None = None, **settings):
    """Two sites of the central, each with VISITS visits (two kiosks, two officials) not yet
    forwarded, talking to ``url`` (a proxy) with small batches."""
    sites = []
    for letter in "ab":
        site = new_site(
            central,
            folder / letter,
            f"{tag}-{letter}",
            f"UBND {tag} {letter}",
            url=url,
            **{**SETTINGS, **settings},
        )
        add_people(central.store, site.site_id)
        add_people(site.store, 1)
        record_visits(
            site.store,
            (
                make_visit(n, device=f"kiosk-{letter}{n % 2}", official=f"cb0{1 + n % 2}")
                for n in range(VISITS)
            ),
        )
        sites.append(site)
    return sites


def site_ids(store, site_id: int) -> set[str]:
    """Return the ids of a site's visits in ``store``."""
    with store.session() as s:
        return set(s.scalars(select(Visit.id).where(Visit.site_id == site_id)))


def delivered(central, site) -> bool:
    """Whether the central holds as many of the site's visits as the site, all acknowledged."""
    return (
        central_visits(central.store, site.site_id) == VISITS
        and site.store.count_unforwarded()["visits"] == 0
    )


def recomputed_tallies(store, site_id: int) -> list[tuple]:
    """Return a site's tally rows as the stored visits make them (rebuilt in a transaction that
    is rolled back), in the form of ``tally_rows``."""
    t = ResultTally
    with store.engine.connect() as connection:
        transaction = connection.begin()
        try:
            rebuild(connection)
            rows = connection.execute(select(*TALLY_COLUMNS).where(t.site_id == site_id)).all()
        finally:
            transaction.rollback()
    return sorted(tuple(row) for row in rows)


def assert_exactly_once(central, *sites) -> None:
    """Every visit of every site on the central once, its tallies what its visits make."""
    for site in sites:
        wait_for(lambda s=site: delivered(central, s), DELIVERY_SECONDS, f"{site.code} delivered")
        assert site_ids(central.store, site.site_id) == site_ids(site.store, 1)
        assert central_visits(central.store, site.site_id) == site.store.count_visits() == VISITS
        assert site.store.count_unforwarded() == {"visits": 0, "cases": 0, "letters": 0}
        stored = tally_rows(central.store, site.site_id)
        assert stored == tally_rows(site.store, 1)
        assert stored == recomputed_tallies(central.store, site.site_id)


def errors_seen(*sites) -> list[str]:
    """Return the sites' recorded last errors (empty when none failed yet)."""
    return [site.store.get_meta("sync_last_error") or "" for site in sites]


def test_connections_cut_mid_batch_lose_and_double_nothing(
    central, tmp_path, tcp_proxy, forwarders
):
    proxy = tcp_proxy(central.port)
    a, b = two_sites(central, tmp_path, "cut", url=proxy.url)
    # The third reply is reset as it comes back: the server stored that batch, its site never
    # hears so and sends it again.
    proxy.fault_at_reply(RST, nth=3)
    for site in (a, b):
        forwarders(site)
    wait_for(lambda: not proxy.armed(), 30, "the reset of the third reply")
    # Then a request is closed (FIN) half-way up: the server gets a partial body.
    proxy.fault_mid_request(FIN, after_bytes=700)
    wait_for(lambda: not proxy.armed(), 30, "the cut of a request half sent")
    assert_exactly_once(central, a, b)
    assert proxy.faults == 2
    assert any(site.store.get_meta("sync_last_error_at") for site in (a, b))


def test_a_link_gone_silent_ends_in_the_time_out_and_delivery_resumes(
    central, tmp_path, tcp_proxy, forwarders
):
    proxy = tcp_proxy(central.port)
    a, b = two_sites(central, tmp_path, "silent", url=proxy.url, request_timeout_seconds=2.0)
    proxy.fault_at_reply(DROP, nth=2)
    for site in (a, b):
        forwarders(site)
    # No FIN, no RST: each forwarder learns only from its own request time-out.
    wait_for(
        lambda: all("không trả lời trong 2 giây" in e for e in errors_seen(a, b)),
        30,
        "both sites' time-outs",
        every=0.2,
    )
    assert all(site.store.count_unforwarded()["visits"] > 0 for site in (a, b))
    proxy.resume()
    assert_exactly_once(central, a, b)
    wait_for(lambda: errors_seen(a, b) == ["", ""], 30, "both sites' next round to succeed")


def test_kill_9_of_the_forwarders_mid_batch(central, tmp_path, tcp_proxy, forwarders):
    proxy = tcp_proxy(central.port)
    a, b = two_sites(central, tmp_path, "kill-fwd", url=proxy.url)
    proxy.fault_at_reply(DROP, nth=3)
    processes = [forwarders(site) for site in (a, b)]
    # Both forwarders wait on a batch's reply (the server stored one of them) when killed.
    wait_for(lambda: proxy.held_requests() >= 2, 30, "both forwarders waiting on a reply")
    for process in processes:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=15)
    stored_unacked = [
        central_visits(central.store, s.site_id) - (VISITS - s.store.count_unforwarded()["visits"])
        for s in (a, b)
    ]
    assert max(stored_unacked) > 0, "a batch stored on the central, never acknowledged"
    proxy.resume()
    for site in (a, b):
        forwarders(site)
    assert_exactly_once(central, a, b)


def _waiting_on_lock(database_url: str) -> bool:
    """Whether a push's transaction waits on the tallies' lock (its visits inserted)."""
    with psycopg.connect(database_url, autocommit=True) as connection:
        found = connection.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
            " AND datname = current_database() AND query LIKE '%result_tallies%'"
        ).fetchone()
    return found[0] > 0


# After the other tests of the module's central server: it kills it (and starts it again).
def test_kill_9_of_the_central_server_mid_batch_then_restarted(central, tmp_path, forwarders):
    a, b = two_sites(central, tmp_path, "kill-central")
    database_url = central.store_url.replace("postgresql+psycopg", "postgresql")
    for site in (a, b):
        forwarders(site)
    wait_for(lambda: central_visits(central.store, a.site_id) > 0, 30, "a first batch")
    # Hold the tallies: the next push inserts its visits and answers, then waits on the lock
    # inside its transaction; the server is killed right there.
    try:
        with psycopg.connect(database_url) as blocker:
            blocker.execute("LOCK TABLE result_tallies IN EXCLUSIVE MODE")
            wait_for(lambda: _waiting_on_lock(database_url), 30, "a push waiting mid-transaction")
            os.kill(central.process.pid, signal.SIGKILL)
            central.process.wait(timeout=15)
            partial = [central_visits(central.store, s.site_id) for s in (a, b)]
            blocker.rollback()
        assert min(partial) < VISITS
    finally:
        if central.process.poll() is not None:
            central.start()
    assert_exactly_once(central, a, b)


@pytest.fixture
def echo_port():
    """A TCP echo server on 127.0.0.1 (one thread per connection); its port."""

    class Echo(socketserver.BaseRequestHandler):
        def handle(self):
            while data := self.request.recv(4096):
                self.request.sendall(data)

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Echo)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_the_proxy_resets_closes_goes_silent_and_comes_back(tcp_proxy, echo_port):
    proxy = tcp_proxy(echo_port)

    def connect():
        return socket.create_connection(("127.0.0.1", proxy.port), timeout=1.0)

    with connect() as client:
        client.sendall(b"xin chao")
        assert client.recv(64) == b"xin chao"
        proxy.cut(RST)
        with pytest.raises(ConnectionResetError):
            client.recv(64)
    with connect() as client:
        client.sendall(b"a")
        assert client.recv(64) == b"a"
        proxy.cut(FIN)
        assert client.recv(64) == b""
    with connect() as client:
        proxy.drop()
        client.sendall(b"im lang")
        with pytest.raises(TimeoutError):
            client.recv(64)
        assert proxy.held_requests() == 1
    proxy.resume()
    with connect() as client:
        client.sendall(b"tro lai")
        assert client.recv(64) == b"tro lai"
    assert proxy.faults == 3
