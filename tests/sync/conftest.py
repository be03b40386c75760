"""One central server process on a fresh PostgreSQL database for each test module; TCP proxies
in front of it and forwarder services, stopped after each test."""

from __future__ import annotations

import pytest

from tests.sync.helpers import Central, start_sync
from tests.sync.tcp_proxy import TcpProxy


@pytest.fixture(scope="module")
def central(postgres_server, tmp_path_factory):
    """The central server (admin web with role "central") running on PostgreSQL."""
    server = Central(tmp_path_factory.mktemp("central"), postgres_server.new_database())
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture
def tcp_proxy():
    """Start a TcpProxy in front of a port: ``tcp_proxy(port)``; every one stopped after."""
    started: list[TcpProxy] = []

    def start(port: int) -> TcpProxy:
        proxy = TcpProxy(("127.0.0.1", port)).start()
        started.append(proxy)
        return proxy

    yield start
    for proxy in started:
        proxy.stop()


@pytest.fixture
def forwarders(tmp_path):
    """Start forwarder services: ``forwarders(site)`` returns the process; all killed after."""
    started = []

    def start(site):
        process = start_sync(site.config, tmp_path / f"sync-{site.code}.log")
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=15)
