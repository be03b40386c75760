"""One central server process on a fresh PostgreSQL database for each test module."""

from __future__ import annotations

import pytest

from tests.sync.helpers import Central


@pytest.fixture(scope="module")
def central(postgres_server, tmp_path_factory):
    """The central server (admin web with role "central") running on PostgreSQL."""
    server = Central(tmp_path_factory.mktemp("central"), postgres_server.new_database())
    try:
        yield server.start()
    finally:
        server.stop()
