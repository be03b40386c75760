"""A vote is on disk before thanks; a vote the store refused is never thanked."""

from __future__ import annotations

import logging
import sqlite3

import pygame
import pytest
from sqlalchemy import event

from kiosk.flow import Phase
from lobby.store import Store
from lobby.store.db import make_engine
from tests.kiosk_driver import Driver, all_rows, key


def test_vote_is_durable_before_thanks(kiosk, store, sqlite_url):
    seen_at_thanks = []

    def on_phase(old, new):
        if new is Phase.THANKS:
            # A separate store on the same file: only a committed row is visible to it.
            other = Store.open(sqlite_url, migrate=False)
            try:
                seen_at_thanks.append([r.level_key for r in all_rows(other)])
            finally:
                other.close()

    kiosk.app.add_phase_listener(on_phase)
    kiosk.open_rating()
    kiosk.touch(kiosk.button_centre(1))
    assert seen_at_thanks == [["hai_long"]]


@pytest.fixture
def impatient_store(store, sqlite_url):
    """The same real store file, but giving up on a locked database after 50 ms instead of 30 s."""
    engine = make_engine(sqlite_url)

    @event.listens_for(engine, "connect")
    def _short_busy_timeout(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA busy_timeout=50")

    opened = Store(engine)
    yield opened
    opened.close()


@pytest.fixture
def locker(sqlite_url):
    """Another connection that can hold the database's write lock, as a stuck process would."""
    path = sqlite_url.removeprefix("sqlite:///")
    connection = sqlite3.connect(path, isolation_level=None)
    yield connection
    connection.close()


def test_a_refused_vote_shows_the_error_never_thanks_and_the_next_vote_is_kept(
    make_app, impatient_store, store, locker, caplog
):
    kiosk = Driver(make_app(app_store=impatient_store))
    phases = []
    kiosk.app.add_phase_listener(lambda old, new: phases.append(new))
    kiosk.open_rating()
    locker.execute("BEGIN EXCLUSIVE")
    with caplog.at_level(logging.ERROR, logger="kiosk.app"):
        kiosk.step(key(pygame.K_1))
    assert kiosk.app.phase is Phase.ERROR
    assert Phase.THANKS not in phases
    [record] = [r for r in caplog.records if r.levelname == "ERROR"]
    assert "rat_hai_long" in record.getMessage() and record.exc_info is not None
    locker.execute("ROLLBACK")
    assert all_rows(store) == []

    kiosk.wait(2)
    assert kiosk.app.phase is Phase.ERROR
    kiosk.touch((5, 5))
    assert kiosk.app.phase is Phase.RATE
    kiosk.wait(0.5)
    kiosk.step(key(pygame.K_2))
    assert kiosk.app.phase is Phase.THANKS
    assert [r.level_key for r in all_rows(store)] == ["hai_long"]


def test_the_error_screen_times_out_to_attract_and_the_kiosk_keeps_running(
    make_app, impatient_store, store, locker
):
    kiosk = Driver(make_app(app_store=impatient_store))
    kiosk.open_rating()
    locker.execute("BEGIN EXCLUSIVE")
    kiosk.touch(kiosk.button_centre(3))
    locker.execute("ROLLBACK")
    assert kiosk.app.phase is Phase.ERROR
    kiosk.wait(kiosk.app.flow.timing.error_seconds + 0.5)
    assert kiosk.app.phase is Phase.ATTRACT
    assert kiosk.app.running
    kiosk.open_rating()
    kiosk.touch(kiosk.button_centre(3))
    assert [r.level_key for r in all_rows(store)] == ["khong_hai_long"]


def test_a_second_tap_on_the_error_screen_does_not_vote(make_app, impatient_store, store, locker):
    kiosk = Driver(make_app(app_store=impatient_store))
    kiosk.open_rating()
    locker.execute("BEGIN EXCLUSIVE")
    centre = kiosk.button_centre(0)
    kiosk.touch(centre)
    locker.execute("ROLLBACK")
    kiosk.touch(centre)
    assert kiosk.app.phase is Phase.RATE
    assert all_rows(store) == []
