"""Every wait of a store connection is bounded: SQLite's lock wait, and PostgreSQL's connect,
lock, statement and idle-in-transaction time-outs with TCP keep-alive on a real server."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from lobby.store import db


def _show(engine, name: str) -> str:
    with engine.connect() as connection:
        return connection.execute(text(f"SHOW {name}")).scalar_one()


@pytest.fixture
def pg_url(postgres_server):
    """A fresh PostgreSQL database."""
    return postgres_server.new_database()


def test_a_short_wait_bounds_every_postgresql_wait(pg_url):
    engine = db.make_engine(pg_url, wait_seconds=0.5)
    try:
        assert _show(engine, "lock_timeout") == "500ms"
        assert _show(engine, "statement_timeout") == "2500ms"
        assert _show(engine, "idle_in_transaction_session_timeout") == "1min"
        with engine.connect() as connection:
            parameters = connection.connection.dbapi_connection.info.get_parameters()
        assert parameters["connect_timeout"] == "2"
        assert parameters["keepalives"] == "1"
        assert parameters["keepalives_idle"] == "5"
        assert parameters["keepalives_interval"] == "2"
        assert parameters["keepalives_count"] == "3"
        assert parameters["tcp_user_timeout"] == "10000"
        # A statement that would outlast the bound is cut by the server, not waited for.
        with pytest.raises(OperationalError, match="statement timeout"):
            with engine.connect() as connection:
                connection.execute(text("SELECT pg_sleep(30)"))
    finally:
        engine.dispose()


def test_the_default_postgresql_waits_are_long_but_bounded(pg_url):
    engine = db.make_engine(pg_url)
    try:
        assert _show(engine, "lock_timeout") == "30s"
        assert _show(engine, "statement_timeout") == "5min"
        with engine.connect() as connection:
            parameters = connection.connection.dbapi_connection.info.get_parameters()
        assert parameters["connect_timeout"] == "10"
        assert parameters["keepalives"] == "1"
    finally:
        engine.dispose()


def test_a_short_wait_sets_sqlites_lock_wait(sqlite_url):
    short, default = db.make_engine(sqlite_url, wait_seconds=0.25), db.make_engine(sqlite_url)
    try:
        assert _pragma(short, "busy_timeout") == 250
        assert _pragma(default, "busy_timeout") == db.SQLITE_TIMEOUT * 1000
    finally:
        short.dispose()
        default.dispose()


def _pragma(engine, name: str):
    with engine.connect() as connection:
        return connection.exec_driver_sql(f"PRAGMA {name}").scalar_one()
