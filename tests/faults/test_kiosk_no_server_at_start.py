"""PostgreSQL down when the kiosk starts (the lobby PC booted before the server): the kiosk
starts on its journal, keeps the votes, and connects once the server is started."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from kiosk import READY
from kiosk.boot import CONNECTED, NO_SERVER
from kiosk.identity import ID_FILE_NAME, read_kept
from kiosk.recorder import DURABLE, VisitRecorder, recorder_store
from lobby.journal import Journal
from lobby.store import Store
from tests.faults.helpers import make_visit
from tests.faults.pg_faults import pg_ctl, visit_counts
from tests.helpers_kiosk_process import start_kiosk
from tests.helpers_wait import wait_for

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def server_down(postgres_server):
    """A migrated database whose server is stopped; started again at the end whatever happens."""
    url = postgres_server.new_database()
    Store.open(url).close()
    pg_ctl(postgres_server, "stop")
    try:
        yield url
    finally:
        if not (postgres_server.data / "postmaster.pid").exists():
            pg_ctl(postgres_server, "start")


def test_the_kiosk_starts_without_its_database_server_and_connects_when_it_comes(
    postgres_server, server_down, write_config, tmp_path
):
    config = write_config(
        f'[store]\nurl = "{server_down}"\n[sign]\nenabled = false\n[admin]\nenabled = false\n'
    )
    process, output = start_kiosk(config, tmp_path)
    try:
        wait_for(lambda: READY in output() or process.poll() is not None, 90, "the kiosk to start")
        assert process.poll() is None, output()
        assert NO_SERVER in output()
        assert CONNECTED not in output()
        # The kiosk's id is kept on its own disk, for the visits it takes without the store.
        kept = read_kept(tmp_path / "var" / ID_FILE_NAME)
        assert kept is not None and kept.device_id.startswith("kiosk-")

        pg_ctl(postgres_server, "start")
        wait_for(lambda: CONNECTED in output(), 60, "the kiosk to connect to the server")
        wait_for(lambda: "đọc được dữ liệu kiosk từ kho trở lại" in output(), 60, "a refresh")
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0, output()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert "Traceback" not in output()  # one line per fault, no stack traces


def test_votes_taken_while_the_server_is_down_reach_it_once_when_it_starts(
    postgres_server, server_down, tmp_path
):
    recorder = VisitRecorder(
        recorder_store(server_down, lock_wait_seconds=1.0),
        Journal(tmp_path / "kiosk-journal.jsonl"),
        repeat_interval_seconds=0.0,
        retry_max_seconds=0.5,
    )
    recorder.start()
    try:
        visits = [make_visit(n) for n in range(3)]
        for visit in visits:
            recorder.submit(visit)
            wait_for(lambda v=visit: recorder.outcome(v.id), 10, "thanks")
            assert recorder.outcome(visit.id) == DURABLE
        assert recorder.journal.pending_count() == 3

        pg_ctl(postgres_server, "start")
        wait_for(lambda: recorder.pending() == 0, 30, "the journal to drain into the store")
        assert visit_counts(server_down) == {v.id: 1 for v in visits}
    finally:
        assert recorder.stop()
        recorder.store.close()
