"""run_kiosk.py runs the forwarder as its child "sync" when [central] url is set: the site's
visits reach the centre while the kiosk never waits on it."""

from __future__ import annotations

import tempfile
from pathlib import Path

from lobby.settings import load_settings
from run_kiosk import build_supervisor
from tests.helpers_wait import wait_for
from tests.sync.helpers import central_visits, make_visit, new_site, write_site_config


def test_the_supervised_forwarder_sends_visits_as_they_come(central, tmp_path):
    site = new_site(central, tmp_path, "tram-y-te", "Trạm")
    config = write_site_config(tmp_path, central.url, site.token, interval_seconds=1.0)
    config.write_text(
        config.read_text(encoding="utf-8") + "[sign]\nenabled = false\n[admin]\nenabled = false\n",
        encoding="utf-8",
    )
    settings = load_settings(config)
    supervisor = build_supervisor(settings, Path(tempfile.mkdtemp(prefix="sync-test-")))
    site.store.record_visit(make_visit(1, device="kiosk-tram"))
    supervisor.start()
    try:
        assert supervisor.running("sync")
        wait_for(lambda: central_visits(central.store, site.site_id) == 1, 60, "the first visit")
        site.store.record_visit(make_visit(2, device="kiosk-tram"))
        wait_for(lambda: central_visits(central.store, site.site_id) == 2, 60, "the second")
        assert supervisor.failures("sync") == 0
    finally:
        supervisor.stop()
    assert site.store.count_unforwarded()["visits"] == 0
