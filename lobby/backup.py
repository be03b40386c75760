"""Backups of the store: a consistent, checked copy taken while the kiosk writes (SQLite's
online backup API; pg_dump for PostgreSQL), the newest few kept, and a checked restore into a
stopped store that keeps the replaced one aside."""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from lobby.settings import Settings

SQLITE_SUFFIX = ".sqlite"
PG_SUFFIX = ".pgdump"
PREFIX = "lobby-"
PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
# Seconds the backup's read waits for a writer's lock (WAL readers rarely wait at all).
BUSY_SECONDS = 30


class BackupError(Exception):
    """A backup or restore that could not be made; the message speaks to the office's staff."""


@dataclass(frozen=True)
class BackupResult:
    """A written backup: where, its size, what it holds and which old backups were removed."""

    path: Path
    size: int
    revision: str | None
    visits: int | None
    removed: tuple[Path, ...] = ()


@dataclass(frozen=True)
class RestoreResult:
    """A finished restore: the backup used, what it held and where the replaced store went."""

    source: Path
    revision: str
    visits: int
    kept_aside: Path | None


def backup_folder(settings: Settings) -> Path:
    """Return the folder backups go to ([backup] folder, relative to the config file)."""
    return settings.path(settings.backup.folder)


def sqlite_database(url: str) -> Path | None:
    """Return the file of a SQLite store URL, or None for PostgreSQL or an in-memory store."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def backup_name(suffix: str, now: datetime | None = None) -> str:
    """Return a backup file name that sorts by time: ``lobby-YYYYmmdd-HHMMSS-mmmZ<suffix>``
    (UTC, to the millisecond so that two backups in one second never share a name)."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    return f"{PREFIX}{moment:%Y%m%d-%H%M%S}-{moment.microsecond // 1000:03d}Z{suffix}"


def make_backup(settings: Settings, target: Path | None = None) -> BackupResult:
    """Back up the configured store into ``target``, or into the backup folder keeping the
    newest ``[backup] keep`` there; raise BackupError when the copy cannot be made or checked."""
    url = settings.store_url
    database = sqlite_database(url)
    suffix = SQLITE_SUFFIX if database else PG_SUFFIX
    folder = backup_folder(settings)
    path = Path(target) if target else folder / backup_name(suffix)
    _private_folder(path.parent)
    if database is not None:
        revision, visits = backup_sqlite(database, path)
    else:
        backup_postgresql(url, path)
        revision = visits = None
    removed = prune(folder, settings.backup.keep) if target is None else ()
    return BackupResult(path, path.stat().st_size, revision, visits, tuple(removed))


def backup_sqlite(database: Path, target: Path) -> tuple[str | None, int]:
    """Copy a live SQLite store into ``target`` with the online backup API, as one snapshot,
    check the copy and return its migration revision and visit count."""
    if not database.is_file():
        raise BackupError(f"Không thấy kho dữ liệu {database}.")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    try:
        # mode=rw: never create an empty store where the real one is missing.
        source = sqlite3.connect(f"file:{database}?mode=rw", uri=True, timeout=BUSY_SECONDS)
        copy = sqlite3.connect(partial)
        try:
            # One step (pages=-1) copies one read snapshot: a WAL writer never blocks it, and
            # stepping in pieces would restart from scratch after every commit of the kiosk.
            source.backup(copy, pages=-1)
            # A self-contained file, with no -wal beside it to lose.
            copy.execute("PRAGMA journal_mode=DELETE")
            revision, visits = check_sqlite_file(copy, partial)
        finally:
            copy.close()
            source.close()
        _sync_file(partial)
        os.replace(partial, target)
        _sync_dir(target.parent)
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"Không sao lưu được kho dữ liệu {database}: {exc}") from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return revision, visits


def check_sqlite_file(connection: sqlite3.Connection, path: Path) -> tuple[str | None, int]:
    """Run SQLite's integrity check on an open copy of the store; return its migration revision
    and visit count (BackupError if the file is damaged or not a store)."""
    try:
        problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise BackupError(f"Tệp {path} bị hỏng: {'; '.join(problems[:5])}")
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if "visits" not in tables or "alembic_version" not in tables:
            raise BackupError(f"Tệp {path} không phải kho dữ liệu của phần mềm sảnh chờ.")
        revisions = [
            row[0] for row in connection.execute("SELECT version_num FROM alembic_version")
        ]
        visits = connection.execute("SELECT count(*) FROM visits").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"Tệp {path} không đọc được như một kho SQLite: {exc}") from exc
    return (revisions[0] if len(revisions) == 1 else None), int(visits)


def find_pg_tool(name: str) -> str | None:
    """Return the path of a PostgreSQL client program (PATH first, then the newest installed
    server's bin folder), or None."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: (
            int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0
        ),
    )
    return candidates[-1] if candidates else None


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """Return a libpq URL without its password, and the environment that carries the password
    (so it never shows in the process list)."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def pg_schedule_hint(url: str) -> str:
    """Return what to schedule when pg_dump is missing on this machine."""
    libpq, _ = _libpq(url)
    return (
        "Không tìm thấy pg_dump trên máy này. Cài gói postgresql-client (cùng phiên bản với máy"
        " chủ) rồi chạy lại, hoặc lên lịch sao lưu hằng đêm trên máy chủ PostgreSQL:"
        f" pg_dump --format=custom --file=lobby-$(date +%Y%m%d).pgdump '{libpq}'"
    )


def backup_postgresql(url: str, target: Path) -> None:
    """Dump a PostgreSQL store with pg_dump (custom format) and check the archive reads back."""
    pg_dump, pg_restore = find_pg_tool("pg_dump"), find_pg_tool("pg_restore")
    if pg_dump is None or pg_restore is None:
        raise BackupError(pg_schedule_hint(url))
    libpq, env = _libpq(url)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    try:
        for command in (
            [pg_dump, "--format=custom", f"--file={partial}", f"--dbname={libpq}"],
            [pg_restore, "--list", str(partial)],
        ):
            done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                raise BackupError(
                    f"{Path(command[0]).name} không thành công: {done.stderr.strip()[-500:]}"
                )
        _sync_file(partial)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def list_backups(folder: Path) -> list[Path]:
    """Return the backups this program wrote into ``folder``, oldest first."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and p.name.startswith(PREFIX) and p.suffix in (SQLITE_SUFFIX, PG_SUFFIX)
    )


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups in ``folder``; return the deleted ones."""
    backups = list_backups(folder)
    old = backups[:-keep] if keep > 0 else backups
    for path in old:
        path.unlink(missing_ok=True)
    return old


def known_revision(revision: str | None) -> bool:
    """Return True if ``revision`` is one of this program's migrations."""
    if not revision:
        return False
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    from lobby.store.db import MIGRATIONS_DIR

    try:
        return ScriptDirectory(str(MIGRATIONS_DIR)).get_revision(revision) is not None
    except CommandError:
        return False


def check_backup_file(path: Path) -> tuple[str, int]:
    """Check a SQLite backup before it is restored: readable, intact, a store of a known
    migration revision; return the revision and visit count (BackupError otherwise)."""
    if not path.is_file():
        raise BackupError(f"Không thấy tệp sao lưu {path}.")
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BackupError(f"Không mở được tệp sao lưu {path}: {exc}") from exc
    try:
        revision, visits = check_sqlite_file(connection, path)
    finally:
        connection.close()
    if not known_revision(revision):
        raise BackupError(
            f"Tệp {path} mang phiên bản dữ liệu {revision!r} mà phần mềm này không biết"
            " (sao lưu từ phiên bản phần mềm mới hơn?)."
        )
    return str(revision), visits


def _take_store_offline(database: Path) -> sqlite3.Connection | None:
    """Lock the live store exclusively (refused while any other process has it open), fold its
    WAL into the main file and return the locking connection; None if there is no store."""
    if not database.exists():
        return None
    connection = sqlite3.connect(database, timeout=0, isolation_level=None)
    try:
        connection.execute("PRAGMA locking_mode=EXCLUSIVE")
        connection.execute("BEGIN EXCLUSIVE")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        connection.execute("COMMIT")
        connection.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.OperationalError as exc:
        connection.close()
        if "locked" in str(exc) or "busy" in str(exc):
            raise BackupError(
                f"Kho dữ liệu {database} đang được dùng (kiosk, bảng LED hoặc trang quản trị còn"
                " chạy). Dừng chúng trước: sudo systemctl stop congso-lobby.target"
            ) from exc
        raise BackupError(f"Không khoá được kho dữ liệu {database}: {exc}") from exc
    return connection


def restore_backup(settings: Settings, source: Path, now: datetime | None = None) -> RestoreResult:
    """Replace the stopped SQLite store by a checked backup; the replaced store is renamed
    ``<name>.replaced-<UTC time>`` beside it, never deleted."""
    url = settings.store_url
    database = sqlite_database(url)
    if database is None:
        libpq, _ = _libpq(url)
        raise BackupError(
            "Kho dữ liệu là PostgreSQL: khôi phục bằng pg_restore khi các dịch vụ đã dừng, ví dụ"
            f" pg_restore --clean --if-exists --dbname='{libpq}' {source}"
        )
    source = Path(source)
    revision, visits = check_backup_file(source)
    database.parent.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    incoming = database.with_name(database.name + ".restoring")
    incoming.unlink(missing_ok=True)
    os.close(os.open(incoming, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    lock = _take_store_offline(database)
    aside = None
    try:
        reader = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        writer = sqlite3.connect(incoming)
        try:
            reader.backup(writer, pages=-1)
            writer.execute("PRAGMA journal_mode=DELETE")
            check_sqlite_file(writer, incoming)
        finally:
            writer.close()
            reader.close()
        _sync_file(incoming)
        if lock is not None:
            stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%d-%H%M%SZ")
            aside = database.with_name(f"{database.name}.replaced-{stamp}")
            os.replace(database, aside)
            lock.close()
            lock = None
        for suffix in ("-wal", "-shm", "-journal"):
            database.with_name(database.name + suffix).unlink(missing_ok=True)
        os.replace(incoming, database)
        _sync_dir(database.parent)
    except sqlite3.Error as exc:
        raise BackupError(f"Không khôi phục được từ {source}: {exc}") from exc
    finally:
        if lock is not None:
            lock.close()
        incoming.unlink(missing_ok=True)
    return RestoreResult(source, revision, visits, aside)


def _private_folder(folder: Path) -> None:
    folder.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)


def _sync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
