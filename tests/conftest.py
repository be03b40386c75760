"""Fixtures shared by every test: headless SDL, a real SQLite store, settings from a file,
and one throwaway PostgreSQL server for the whole run, shared by every area's tests."""

from __future__ import annotations

import os
import warnings

# Before pygame is imported anywhere: no window, no sound card needed.
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from lobby.settings import Settings, load_settings  # noqa: E402
from lobby.store import Store  # noqa: E402
from tests.pgserver import PostgresServer, PostgresUnavailable  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """URL of a fresh SQLite file in the test's own folder."""
    return f"sqlite:///{tmp_path / 'var' / 'lobby.db'}"


@pytest.fixture
def store(sqlite_url: str):
    """A migrated store on a real SQLite file."""
    opened = Store.open(sqlite_url)
    yield opened
    opened.close()


@pytest.fixture
def write_config(tmp_path: Path):
    """Write a config.toml into the test folder and return its path.

    The survey path points at the project's default survey, the store at the test folder.
    """

    def write(text: str = "", *, name: str = "config.toml") -> Path:
        path = tmp_path / name
        body = text
        if "[kiosk]" not in text:
            body += f'\n[kiosk]\nsurvey = "{ROOT / "assets" / "survey.toml"}"\n'
        path.write_text(body, encoding="utf-8")
        return path

    return write


@pytest.fixture
def settings(write_config) -> Settings:
    """Settings loaded from a real config file whose store is a SQLite file in the test folder."""
    return load_settings(write_config(""))


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
