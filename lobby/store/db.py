"""Engine creation and migrations: SQLite in WAL mode with synchronous commits, or PostgreSQL."""

from __future__ import annotations

import ast
import functools
import logging
import os
import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic logs every migration check at INFO; on a lobby PC's console that is noise at each start.
logging.getLogger("alembic").setLevel(logging.WARNING)

# Seconds a SQLite connection waits for another one's lock before giving up.
SQLITE_TIMEOUT = 30
MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"

# PostgreSQL's waits when the caller names none (the admin's reports and migrations): every one
# bounded, so a server or link that stops answering frees the connection in the end.
PG_CONNECT_SECONDS = 10
PG_LOCK_SECONDS = SQLITE_TIMEOUT
PG_STATEMENT_SECONDS = 300
PG_IDLE_IN_TRANSACTION_SECONDS = 60
# TCP keep-alive: an idle connection whose link dropped silently is found dead in about
# 5 + 3 * 2 = 11 s; data sent and not acknowledged for this long fails the connection.
PG_KEEPALIVE = {
    "keepalives": 1,
    "keepalives_idle": 5,
    "keepalives_interval": 2,
    "keepalives_count": 3,
}
PG_TCP_USER_TIMEOUT_MS = 10_000


def make_engine(
    url: str, *, transactional_ddl: bool = False, wait_seconds: float | None = None
) -> Engine:
    """Create an engine; SQLite gets its folder, WAL and fully synchronous commits; PostgreSQL
    gets bounded connect, lock, statement and idle-in-transaction waits and TCP keep-alive.

    No connection is made here: a database that cannot be reached yet fails the first use.
    ``transactional_ddl``: SQLite only; every transaction starts with ``BEGIN IMMEDIATE`` so that
    DDL runs inside it too (for migrations; see ``upgrade``). ``wait_seconds``: how long a
    connection waits for another's lock (PostgreSQL: also about twice that to connect and five
    times that for a statement) before failing, for callers with somewhere else to put the
    write (the kiosk's recorder and its journal); None: the long defaults above.
    """
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        return create_engine(
            url, pool_pre_ping=True, connect_args=postgres_connect_args(wait_seconds)
        )
    if backend != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url, connect_args={"check_same_thread": False, "timeout": SQLITE_TIMEOUT}
    )
    if transactional_ddl:
        _begin_explicitly(engine)
    if wait_seconds is not None:
        milliseconds = max(1, int(wait_seconds * 1000))

        def _short_busy_timeout(dbapi_connection, _record):
            dbapi_connection.execute(f"PRAGMA busy_timeout={milliseconds}")

        # First, so the pragmas below (WAL, synchronous) already wait only this long.
        event.listen(engine, "connect", _short_busy_timeout, insert=True)

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        _use_wal(cursor)
        # FULL: a commit returns once the WAL is synced, so a thanked vote survives a power cut.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine


def postgres_connect_args(wait_seconds: float | None = None) -> dict:
    """Return libpq's connection parameters bounding every wait (see ``make_engine``)."""
    if wait_seconds is None:
        connect, lock_ms = PG_CONNECT_SECONDS, PG_LOCK_SECONDS * 1000
        statement_ms = PG_STATEMENT_SECONDS * 1000
    else:
        lock_ms = max(1, int(wait_seconds * 1000))
        connect, statement_ms = max(2, round(wait_seconds * 2)), lock_ms * 5
    idle_ms = PG_IDLE_IN_TRANSACTION_SECONDS * 1000
    options = (
        f"-c lock_timeout={lock_ms} -c statement_timeout={statement_ms}"
        f" -c idle_in_transaction_session_timeout={idle_ms}"
    )
    return {
        "connect_timeout": connect,
        "options": options,
        **PG_KEEPALIVE,
        "tcp_user_timeout": PG_TCP_USER_TIMEOUT_MS,
    }


def unwritable_files(engine: Engine) -> list[Path]:
    """Return the SQLite store's files (database, -wal, -shm) that exist and cannot be written
    now (read-only mode or mount, immutable flag); always [] for a database server.

    A few microseconds: callers ask before each write. Once the -shm file is immutable
    (``chattr +i``), the kernel answers SQLite's next write into its shared-memory map of that
    file with SIGBUS, which no Python code can catch: the write must not be tried at all.
    """
    url = engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return []
    database = Path(url.database)
    paths = [database, database.with_name(database.name + "-wal")]
    paths.append(database.with_name(database.name + "-shm"))
    return [path for path in paths if path.exists() and not os.access(path, os.W_OK)]


def _use_wal(cursor, timeout: float = SQLITE_TIMEOUT) -> None:
    # Switching a new file to WAL fails at once with "database is locked" (no busy wait) while
    # another process is switching it too, as when two services make the store together.
    deadline = time.monotonic() + timeout
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _begin_explicitly(engine: Engine) -> None:
    # pysqlite's legacy transaction control only opens a transaction before INSERT/UPDATE/DELETE,
    # so CREATE TABLE and friends would each commit on their own: a kill -9 in the middle of the
    # first start left tables without alembic_version. Take transaction control from the driver
    # (SQLAlchemy's documented recipe) and open each transaction ourselves. IMMEDIATE also takes
    # the write lock at once, so two processes starting together migrate one after the other.
    @event.listens_for(engine, "connect")
    def _no_driver_transactions(dbapi_connection, _record):
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin_immediate(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def alembic_config(engine: Engine) -> Config:
    """Return an Alembic config that migrates ``engine`` with the package's migration scripts."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


@functools.cache
def head_revision(folder: Path = MIGRATIONS_DIR / "versions") -> str:
    """Return the newest migration's id, read from the scripts' ``revision`` and
    ``down_revision`` lines without importing Alembic (a test checks it against Alembic)."""
    revisions, parents = set(), set()
    for script in folder.glob("*.py"):
        for node in ast.parse(script.read_text(encoding="utf-8")).body:
            if not isinstance(node, ast.Assign | ast.AnnAssign):
                continue
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = {t.id for t in targets if isinstance(t, ast.Name)}
            value = node.value.value if isinstance(node.value, ast.Constant) else None
            if "revision" in names and value is not None:
                revisions.add(value)
            elif "down_revision" in names and value is not None:
                parents.add(value)
    heads = revisions - parents
    if len(heads) != 1:
        raise RuntimeError(f"the migration scripts have {len(heads)} heads: {sorted(heads)}")
    return heads.pop()


def current_revision(engine: Engine) -> str | None:
    """Return the store's migration id (plain SQL), or None when it has none or no table."""
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except SQLAlchemyError:
        return None
    return rows[0][0] if len(rows) == 1 else None


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply every pending migration up to ``revision``, all in one transaction (atomic).

    A store already at the newest migration is told by one query: Alembic (a fifth of a second
    to import, and 12 MB) is loaded only when there is something to migrate.
    """
    url = engine.url
    if url.get_backend_name() != "sqlite":
        # A server that cannot be reached fails here, after one connect time-out, rather than
        # once in the check below (which takes any failure for "no migration yet") and again
        # in Alembic.
        with engine.connect():
            pass
    if revision == "head" and current_revision(engine) == head_revision():
        return
    from alembic import command

    _migrate(engine, command.upgrade, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Undo migrations down to ``revision`` ("base" for none), in one transaction like ``upgrade``.

    For rolling a store back to what an older program knows; some downgrades lose data by design
    (each migration's ``downgrade`` says what).
    """
    from alembic import command

    _migrate(engine, command.downgrade, revision)


def _migrate(engine: Engine, run, revision: str) -> None:
    url = engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        # PostgreSQL's DDL is transactional already; lobby/migrations/env.py holds a lock.
        run(alembic_config(engine), revision)
        return
    # SQLite: through an engine whose transactions take in the DDL (see _begin_explicitly).
    migrating = make_engine(url.render_as_string(hide_password=False), transactional_ddl=True)
    try:
        run(alembic_config(migrating), revision)
    finally:
        migrating.dispose()
