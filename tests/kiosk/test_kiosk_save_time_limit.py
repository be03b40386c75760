"""The saving screen's time limit in the real kiosk: with its PostgreSQL server frozen, the
visitor is thanked after ``[kiosk] save_timeout_seconds`` from the journal, and the visit reaches
the store once when the server answers again."""

from __future__ import annotations

import logging

from kiosk.flow import Phase
from lobby.store import Store
from tests.faults.pg_faults import frozen, visit_counts
from tests.helpers_wait import wait_for
from tests.kiosk_driver import Driver


def test_a_frozen_server_thanks_the_visitor_after_the_save_time_limit(
    make_app, postgres_server, caplog
):
    url = postgres_server.new_database()
    store = Store.open(url)
    try:
        toml = f'save_timeout_seconds = 0.5\n[store]\nurl = "{url}"\n'
        app = make_app(kiosk_toml=toml, app_store=store)
        kiosk = Driver(app)
        kiosk.open_rating()
        kiosk.touch(kiosk.button_centre(0))  # opens the recorder's connection to the server
        assert app.phase is Phase.THANKS
        kiosk.wait(app.flow.timing.thanks_seconds)

        kiosk.open_rating()
        phases = []
        app.add_phase_listener(lambda old, new: phases.append(new))
        with frozen(postgres_server), caplog.at_level(logging.WARNING, logger="kiosk.recorder"):
            # The server answers nothing until the block ends; the driver gives the recorder
            # 10 s to settle the visit, far less than the kiosk would otherwise wait.
            kiosk.touch(kiosk.button_centre(1))
            assert phases == [Phase.SAVING, Phase.THANKS]
            assert "no answer from the store within 0.5 s" in caplog.text

        wait_for(lambda: app.recorder.pending() == 0, 30, "the journal to drain")
        counts = visit_counts(url)
        assert len(counts) == 2 and set(counts.values()) == {1}
    finally:
        store.close()
