"""A visit is durable (in the store or the fsync'd journal) before thanks; a visit that cannot be
kept anywhere is never thanked; a locked store never freezes the kiosk or drops the vote."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from kiosk.flow import Phase
from lobby.store import Store
from tests.faults.helpers import LockHolder, visit_counts
from tests.helpers_wait import wait_for
from tests.kiosk_driver import Driver, all_visits


@pytest.fixture
def db_path(store, sqlite_url) -> Path:
    """The migrated store's SQLite file."""
    return Path(sqlite_url.removeprefix("sqlite:///"))


@pytest.fixture
def locker(db_path):
    """Another process that can hold the store's write lock, as a stuck process would."""
    holder = LockHolder(db_path)
    yield holder
    holder.release()


def test_vote_is_in_the_store_before_thanks(kiosk, sqlite_url):
    seen_at_thanks = []

    def on_phase(old, new):
        if new is Phase.THANKS:
            # A separate store on the same file: only a committed row is visible to it.
            other = Store.open(sqlite_url, migrate=False)
            try:
                seen_at_thanks.append([v.overall.level_key for v in all_visits(other)])
            finally:
                other.close()

    kiosk.app.add_phase_listener(on_phase)
    kiosk.open_rating()
    kiosk.touch(kiosk.button_centre(1))
    assert seen_at_thanks == [["hai_long"]]


def test_a_locked_store_thanks_from_the_journal_and_the_vote_reaches_the_store_once(
    kiosk, locker, db_path, caplog
):
    kiosk.open_rating()
    locker.hold()
    phases = []
    kiosk.app.add_phase_listener(lambda old, new: phases.append(new))
    with caplog.at_level(logging.INFO, logger="kiosk.recorder"):
        kiosk.touch(kiosk.button_centre(0))  # frames keep running while the recorder works
    assert phases == [Phase.SAVING, Phase.THANKS]
    assert visit_counts(db_path) == {}  # still locked: the vote is in the journal
    [kept] = [r.getMessage() for r in caplog.records if "vào nhật ký cục bộ" in r.getMessage()]

    # A stalled frame (the whole lock, say) never counts as time on the thank-you screen.
    kiosk.app.step([], 5.0)
    assert kiosk.app.phase is Phase.THANKS

    locker.release()
    wait_for(lambda: kiosk.app.recorder.pending() == 0, 10, "the journal to drain")
    [visit_id] = visit_counts(db_path)
    assert visit_id in kept
    assert visit_counts(db_path) == {visit_id: 1}

    kiosk.wait(kiosk.app.flow.timing.thanks_seconds)
    kiosk.open_rating()
    kiosk.touch(kiosk.button_centre(1))
    assert kiosk.app.phase is Phase.THANKS
    assert len(visit_counts(db_path)) == 2


def test_a_vote_kept_nowhere_shows_the_error_for_its_full_time_and_the_kiosk_recovers(
    make_app, locker, db_path, tmp_path, caplog
):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")  # the journal's folder cannot be created: no local journal
    kiosk_app = make_app(kiosk_toml=f'journal = "{blocker / "journal.jsonl"}"')
    kiosk = Driver(kiosk_app)
    kiosk.open_rating()
    locker.hold()
    phases = []
    kiosk.app.add_phase_listener(lambda old, new: phases.append(new))
    with caplog.at_level(logging.ERROR):
        kiosk.touch(kiosk.button_centre(2))
    assert phases == [Phase.SAVING, Phase.ERROR]
    assert any("KHÔNG ghi được" in r.getMessage() for r in caplog.records)

    error_seconds = kiosk.app.flow.timing.error_seconds
    kiosk.wait(error_seconds - 0.5)
    kiosk.app.step([], 30.0)  # a stalled frame does not cut the error screen short
    assert kiosk.app.phase is Phase.ERROR
    kiosk.wait(0.5)
    assert kiosk.app.phase is Phase.ATTRACT

    locker.release()  # the fault ends: the next vote is kept, with no restart
    kiosk.open_rating()
    kiosk.touch(kiosk.button_centre(3))
    assert kiosk.app.phase is Phase.THANKS
    assert [v.overall.level_key for v in all_visits(kiosk.app.store)] == ["khong_hai_long"]
