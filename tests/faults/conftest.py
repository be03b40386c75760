"""Fixtures of the fault tests."""

from __future__ import annotations

import pytest

from lobby.store import Store


@pytest.fixture
def pg_url(postgres_server):
    """A fresh, migrated PostgreSQL database."""
    url = postgres_server.new_database()
    Store.open(url).close()
    return url
