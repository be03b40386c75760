"""Fault-test fixtures: a throwaway PostgreSQL server for the session (skipped loudly if none)."""

from __future__ import annotations

import warnings

import pytest

from tests.pgserver import PostgresServer, PostgresUnavailable


@pytest.fixture(scope="session")
def fault_postgres():
    """A throwaway PostgreSQL cluster for the fault tests, or a loud skip if none can run."""
    try:
        server = PostgresServer().start()
    except PostgresUnavailable as exc:
        warnings.warn(f"PostgreSQL fault tests SKIPPED: {exc}", stacklevel=1)
        pytest.skip(f"PostgreSQL fault tests SKIPPED, no server could be started: {exc}")
    yield server
    server.stop()
