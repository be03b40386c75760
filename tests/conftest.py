"""Fixtures shared by every test: headless SDL, a real SQLite store, settings from a file."""

from __future__ import annotations

import os

# Before pygame is imported anywhere: no window, no sound card needed.
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from lobby.settings import Settings, load_settings  # noqa: E402
from lobby.store import Store  # noqa: E402

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
