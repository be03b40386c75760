"""Fixtures for the sign driver: a simulated board on a real pseudo-terminal and sign settings."""

from __future__ import annotations

import pytest

from lobby.settings import Settings, load_settings
from signage.simulator import PtyBoard


@pytest.fixture
def board():
    """A simulated Alpha board reading the master side of a real pty; point a driver at .port."""
    with PtyBoard(poll_seconds=0.05) as started:
        yield started


@pytest.fixture
def sign_settings(write_config, board) -> Settings:
    """Settings from a real config file whose sign port is the simulated board's pty."""
    return load_settings(write_config(f'[sign]\nport = "{board.port}"\npoll_seconds = 0.1\n'))
