"""Store fixtures: every store test runs on a SQLite file and on a real PostgreSQL server."""

from __future__ import annotations

import warnings

import pytest

from lobby.store import Store
from tests.pgserver import PostgresServer, PostgresUnavailable

_pg_problem: list[str] = []


@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway PostgreSQL cluster for the whole session, or a loud skip if none can run."""
    try:
        server = PostgresServer().start()
    except PostgresUnavailable as exc:
        _pg_problem.append(str(exc))
        warnings.warn(f"PostgreSQL tests SKIPPED: {exc}", stacklevel=1)
        pytest.skip(f"PostgreSQL tests SKIPPED, no server could be started: {exc}")
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, sqlite_url):
    """URL of a fresh, empty database on each backend."""
    if request.param == "sqlite":
        return sqlite_url
    return request.getfixturevalue("postgres_server").new_database()


@pytest.fixture
def any_store(store_url):
    """A migrated store on each backend."""
    opened = Store.open(store_url)
    yield opened
    opened.close()


def pytest_terminal_summary(terminalreporter):
    """Repeat loudly at the end of the run when the PostgreSQL tests could not run."""
    for problem in _pg_problem:
        terminalreporter.write_sep("!", f"PostgreSQL tests were SKIPPED: {problem}", red=True)
