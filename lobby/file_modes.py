"""Private files: the store (it holds password hashes) and var/ are for their owner only."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from sqlalchemy.engine import make_url

from lobby.settings import Settings

log = logging.getLogger(__name__)

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
# SQLite's companion files take the main file's mode when it makes them.
_SQLITE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def sqlite_path(url: str) -> Path | None:
    """Return the file of a SQLite store URL, or None for another database or memory."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def _restrict(path: Path, mode: int) -> None:
    try:
        if path.exists() and stat.S_IMODE(path.stat().st_mode) & ~mode:
            path.chmod(mode)
    except OSError as exc:
        log.warning("cannot make %s private (mode %o): %s", path, mode, exc.strerror)


def secure_store_files(settings: Settings) -> None:
    """Create the SQLite store file 0600 if missing and make it, its companions and var/ private."""
    if os.name != "posix":
        return
    var_dir = settings.path("var")
    _restrict(var_dir, PRIVATE_DIR)
    _restrict(settings.path(settings.admin.secret_key_file), PRIVATE_FILE)
    database = sqlite_path(settings.store_url)
    if database is None:
        return
    if not database.parent.exists():
        database.parent.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    if database.parent.name == "var":
        _restrict(database.parent, PRIVATE_DIR)
    try:
        # An empty file is a valid SQLite database; made here, it is private from its first byte.
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    except FileExistsError:
        pass
    except OSError as exc:
        log.warning("cannot create %s: %s", database, exc.strerror)
    for suffix in _SQLITE_SUFFIXES:
        _restrict(database.with_name(database.name + suffix), PRIVATE_FILE)
