"""Backups of the store taken while a kiosk-like process writes, kept to the newest N, and
restores that refuse a store in use and give back the same counts and the same CSV export."""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest

from admin_web.csv_export import csv_chunks
from lobby.backup import BackupError, list_backups, make_backup, restore_backup
from lobby.file_modes import sqlite_path
from lobby.settings import load_settings
from lobby.store import Store
from tests.helpers_wait import wait_for

ROOT = Path(__file__).resolve().parents[2]


class Writer:
    """The visit writer in its own process; ``stored`` grows as it reports committed visits."""

    def __init__(self, url: str, count: int) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.appliance.visit_writer", url, str(count)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.stored: list[str] = []
        self.done = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            word, _, rest = line.strip().partition(" ")
            if word == "stored":
                self.stored.append(rest)
            elif word == "done":
                self.done.set()

    def wait(self, condition, timeout: float, what: str) -> None:
        """Wait until ``condition`` holds; fail at once if the writer died first."""

        def met() -> bool:
            if condition():
                return True
            assert self.process.poll() is None, f"the writer exited ({self.process.returncode})"
            return False

        wait_for(met, timeout, what)

    def end_burst(self) -> None:
        """Stop writing (SIGTERM) and wait until it says it is done."""
        self.process.terminate()
        wait_for(self.done.is_set, 30, "the writer to stop its burst")

    def close(self) -> None:
        """Let the writer close its store and exit."""
        if self.process.stdin and not self.process.stdin.closed:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def admin_cli(config: Path, *args: str) -> subprocess.CompletedProcess:
    """Run ``python -m admin_web --config CONFIG ARGS`` and return what it did."""
    return subprocess.run(
        [sys.executable, "-m", "admin_web", "--config", str(config), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def visit_ids(path: Path) -> set[str]:
    """Return the visit ids a SQLite file holds (read-only)."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {row[0] for row in connection.execute("SELECT id FROM visits")}
    finally:
        connection.close()


def integrity(path: Path) -> str:
    """Return SQLite's integrity check verdict on a file."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()


def export_csv(url: str) -> str:
    """Return the admin's CSV export of every visit, as the results page sends it."""
    store = Store.open(url)
    try:
        rows = store.iter_visits(date(2020, 1, 1), date.today() + timedelta(days=2))
        return "".join(csv_chunks(rows, store.tz_name))
    finally:
        store.close()


def counts(url: str) -> tuple[int, int]:
    """Return the store's visit count with and without repeated presses."""
    store = Store.open(url)
    try:
        return store.count_visits(), store.count_visits(include_repeats=False)
    finally:
        store.close()


@pytest.fixture
def config(write_config) -> Path:
    """A config whose store and backup folder are in the test folder; three backups kept."""
    path = write_config("[backup]\nkeep = 3\n")
    settings = load_settings(path)
    Store.open(settings.store_url).close()
    return path


def test_a_backup_taken_during_a_burst_holds_every_visit_stored_before_it(config):
    settings = load_settings(config)
    writer = Writer(settings.store_url, 1_000_000)
    try:
        writer.wait(lambda: len(writer.stored) >= 50, 60, "50 visits stored by the writer")
        thanked_before = set(writer.stored)
        done = admin_cli(config, "backup")
        stored_during = len(writer.stored)
        assert done.returncode == 0, done.stderr
        assert not writer.done.is_set()
    finally:
        writer.end_burst()
        writer.close()
    assert stored_during > len(thanked_before), "the writer was writing while the backup ran"
    (backup,) = list_backups(settings.path("var/backups"))
    assert str(backup) in done.stdout
    assert integrity(backup) == "ok"
    held = visit_ids(backup)
    assert thanked_before <= held
    assert held <= set(writer.stored)
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert stat.S_IMODE(backup.parent.stat().st_mode) == 0o700
    assert not list(backup.parent.glob("*.partial"))


def test_the_backup_folder_keeps_only_the_newest_backups(config):
    settings = load_settings(config)
    made = [make_backup(settings).path for _ in range(5)]
    assert list_backups(settings.path("var/backups")) == made[-3:]
    assert all(not path.exists() for path in made[:2])


def test_a_backup_to_a_named_file_leaves_the_folder_alone(config, tmp_path):
    settings = load_settings(config)
    target = tmp_path / "usb" / "lobby.sqlite"
    done = admin_cli(config, "backup", str(target))
    assert done.returncode == 0, done.stderr
    assert integrity(target) == "ok"
    assert list_backups(settings.path("var/backups")) == []


def test_a_restore_gives_back_the_same_counts_and_csv_export(config):
    settings = load_settings(config)
    url = settings.store_url
    writer = Writer(url, 120)
    writer.wait(writer.done.is_set, 60, "120 visits written")
    writer.close()
    backup = make_backup(settings).path
    counted, exported = counts(url), export_csv(url)
    assert counted[0] == 120 and exported.count("\n") == 121
    later = Writer(url, 30)
    later.wait(later.done.is_set, 60, "30 more visits written")
    later.close()
    assert counts(url)[0] == 150

    done = admin_cli(config, "restore", str(backup))

    assert done.returncode == 0, done.stderr
    assert counts(url) == counted
    assert export_csv(url) == exported
    database = sqlite_path(url)
    (aside,) = database.parent.glob("lobby.db.replaced-*")
    assert str(aside) in done.stdout
    assert len(visit_ids(aside)) == 150
    assert stat.S_IMODE(database.stat().st_mode) == 0o600


def test_a_restore_is_refused_while_another_process_has_the_store_open(config):
    settings = load_settings(config)
    url = settings.store_url
    backup = make_backup(settings).path
    kiosk = Writer(url, 5)
    try:
        kiosk.wait(kiosk.done.is_set, 60, "5 visits written")
        done = admin_cli(config, "restore", str(backup))
    finally:
        kiosk.close()
    assert done.returncode == 1
    assert "đang được dùng" in done.stderr
    assert counts(url)[0] == 5
    assert not list(sqlite_path(url).parent.glob("lobby.db.replaced-*"))


def test_a_damaged_or_foreign_file_is_never_restored(config, tmp_path):
    settings = load_settings(config)
    url = settings.store_url
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database at all" * 100)
    foreign = tmp_path / "foreign.sqlite"
    sqlite3.connect(foreign).execute("CREATE TABLE notes (x)").connection.close()
    newer = make_backup(settings, tmp_path / "newer.sqlite").path
    connection = sqlite3.connect(newer)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
    connection.close()
    for path, reason in (
        (garbage, "không đọc được"),
        (foreign, "không phải kho dữ liệu"),
        (newer, "không biết"),
        (tmp_path / "missing.sqlite", "Không thấy"),
    ):
        with pytest.raises(BackupError, match=reason):
            restore_backup(settings, path)
    assert not list(sqlite_path(url).parent.glob("lobby.db.replaced-*"))
    assert integrity(sqlite_path(url)) == "ok"


def test_a_postgresql_store_is_backed_up_with_pg_dump(postgres_server, write_config, tmp_path):
    url = postgres_server.new_database()
    config = write_config(f'[store]\nurl = "{url}"\n')
    settings = load_settings(config)
    writer = Writer(url, 10)
    writer.wait(writer.done.is_set, 60, "10 visits written")
    writer.close()

    done = admin_cli(config, "backup")

    assert done.returncode == 0, done.stderr
    (dump,) = list_backups(settings.path("var/backups"))
    assert dump.suffix == ".pgdump"
    assert stat.S_IMODE(dump.stat().st_mode) == 0o600
    listing = subprocess.run(
        ["pg_restore", "--list", str(dump)], capture_output=True, text=True, check=True
    ).stdout
    assert "TABLE DATA public visits" in listing
    refused = admin_cli(config, "restore", str(dump))
    assert refused.returncode == 1 and "pg_restore" in refused.stderr
