"""Real PostgreSQL faults for tests: a server frozen with SIGSTOP (connections stay open, nothing
answers, as when a link drops silently), and a server stopped and started again.

Test-only, and a module rather than fixtures: bench/bench_frozen_store.py (run outside pytest)
freezes a server the same way."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

from tests.pgserver import PostgresServer


def server_pids(server: PostgresServer) -> list[int]:
    """Return the postmaster's pid and those of every process it started (its backends)."""
    postmaster = int((server.data / "postmaster.pid").read_text().split()[0])
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # ended meanwhile
        # "pid (name) state ppid ...": the name may hold spaces, so split after its ')'.
        if int(stat.rsplit(")", 1)[1].split()[1]) == postmaster:
            children.append(int(entry.name))
    return [postmaster, *children]


@contextmanager
def frozen(server: PostgresServer) -> Iterator[list[int]]:
    """SIGSTOP the whole server while the block runs; SIGCONT it afterwards, whatever happens."""
    pids = server_pids(server)
    stopped = []
    try:
        for pid in pids:
            os.kill(pid, signal.SIGSTOP)
            stopped.append(pid)
        yield pids
    finally:
        for pid in stopped:
            try:
                os.kill(pid, signal.SIGCONT)
            except ProcessLookupError:
                pass


def pg_ctl(server: PostgresServer, action: str) -> None:
    """Stop (fast) or start the server, keeping its cluster; ``start`` waits until it answers."""
    if action == "stop":
        server._run("pg_ctl", "-D", str(server.data), "-m", "fast", "-w", "stop")
        return
    options = f"-p {server.port} -k {server.root} -c listen_addresses=127.0.0.1 -c fsync=off"
    log = str(server.root / "log")
    server._run("pg_ctl", "-D", str(server.data), "-o", options, "-l", log, "-w", "start")


def visit_counts(url: str) -> dict[str, int]:
    """Return how many rows the store's ``visits`` table holds per visit id."""
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql"), connect_timeout=10) as c:
        return dict(c.execute("SELECT id, COUNT(*) FROM visits GROUP BY id").fetchall())
