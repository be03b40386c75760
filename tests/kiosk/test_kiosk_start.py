"""Start-up: the first frame comes before the store, screens are built one per frame, and the
store's migration check needs Alembic only when there is something to migrate."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from kiosk import READY
from kiosk.boot import FIRST_FRAME
from kiosk.flow import Phase
from lobby.store import db
from tests.helpers_kiosk_process import start_kiosk
from tests.helpers_wait import wait_for
from tests.kiosk_driver import Driver

ROOT = Path(__file__).resolve().parents[2]


def test_the_head_read_from_the_scripts_is_alembics_head(store):
    from alembic.script import ScriptDirectory

    config = db.alembic_config(store.engine)
    assert db.head_revision() == ScriptDirectory.from_config(config).get_current_head()
    assert db.current_revision(store.engine) == db.head_revision()


def test_a_store_at_the_newest_migration_opens_without_loading_alembic(store, sqlite_url):
    script = (
        "import sys\nfrom lobby.store import Store\n"
        f"Store.open({sqlite_url!r}).close()\nprint('alembic' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_a_store_behind_is_still_migrated(tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        db.upgrade(engine, "0001")
        assert db.current_revision(engine) == "0001"
        db.upgrade(engine)
        assert db.current_revision(engine) == db.head_revision()
    finally:
        engine.dispose()


def test_screens_are_built_one_per_frame_and_a_touch_in_the_first_frame_starts_a_visit(make_app):
    app = make_app()
    assert app.phase is Phase.ATTRACT and app.screens.pending
    Driver(app).touch((640, 400))
    assert app.phase is Phase.RATE
    for _ in range(40):
        app.step([], 1 / 30)
        if not app.screens.pending:
            break
    assert not app.screens.pending
    assert len(app.rating_screens) == len(app.survey.questions)


def test_first_frame_shows_while_another_process_holds_the_store(write_config, tmp_path):
    """A lock held by another process keeps the store from opening: the attract screen is up
    anyway, and the kiosk takes visitors once the lock is gone."""
    database = tmp_path / "var" / "lobby.db"
    database.parent.mkdir(parents=True)
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # a brand-new file: the kiosk must create and migrate it
    config = write_config("[sign]\nenabled = false\n[admin]\nenabled = false\n")
    process, output = start_kiosk(config, tmp_path)
    try:
        wait_for(lambda: FIRST_FRAME in output(), 30, "the first frame")
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline:  # the lock is held: the kiosk keeps waiting, alive
            assert READY not in output() and process.poll() is None
            time.sleep(0.05)
        holder.rollback()
        holder.close()
        wait_for(lambda: READY in output(), 40, "the kiosk to take visitors")
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
    finally:
        holder.close()
        if process.poll() is None:
            process.kill()
            process.wait()
    engine = db.make_engine(f"sqlite:///{database}")
    try:
        assert db.current_revision(engine) == db.head_revision()
    finally:
        engine.dispose()


def test_a_store_that_cannot_open_is_reported_after_the_first_frame(write_config, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the store's folder should be", encoding="utf-8")
    config = write_config(
        f'[store]\nurl = "sqlite:///{blocker / "lobby.db"}"\n'
        "[sign]\nenabled = false\n[admin]\nenabled = false\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["SDL_VIDEODRIVER"] = "dummy"
    result = subprocess.run(
        [sys.executable, str(ROOT / "run_kiosk.py"), "--config", str(config), "--windowed"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert FIRST_FRAME in result.stderr
    assert "Không mở được kho dữ liệu ([store] url)" in result.stderr
    assert READY not in result.stderr and "Traceback" not in result.stderr
