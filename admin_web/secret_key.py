"""The session signing key: kept in a file of its own, generated on first start, never a default."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from lobby.settings import ConfigError

MIN_KEY_CHARS = 32


def load_or_create_secret_key(path: Path) -> str:
    """Return the key kept in ``path``, creating a random one (mode 0600) if missing."""
    try:
        key = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return _create_key_file(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"[admin] secret_key_file: cannot read {path}: {exc}; fix its permissions or delete it"
            " to have a new key generated"
        ) from None
    if len(key) < MIN_KEY_CHARS:
        raise ConfigError(
            f"[admin] secret_key_file: {path}: expected a random key of at least {MIN_KEY_CHARS}"
            " characters; delete the file to have a new one generated"
        )
    return key


def _create_key_file(path: Path) -> str:
    key = secrets.token_hex(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: if another process creates the file first, use its key rather than overwrite it.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return load_or_create_secret_key(path)
    except OSError as exc:
        raise ConfigError(
            f"[admin] secret_key_file: cannot create {path}: {exc.strerror}"
        ) from None
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    return key
