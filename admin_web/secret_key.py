"""The session signing key: kept in a file of its own, generated on first start, never a default."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from lobby.file_modes import PRIVATE_FILE, make_private_dirs, warn_if_shared_file
from lobby.settings import ConfigError

MIN_KEY_CHARS = 32
KEY = "[admin] secret_key_file"


def load_or_create_secret_key(path: Path) -> str:
    """Return the key kept in ``path``, creating a random one (mode 0600, in folders made 0700)
    if missing; ConfigError naming the key if ``path`` is a folder or cannot be read."""
    if path.is_dir():
        raise ConfigError(
            f"{KEY}: {str(path)!r} is a folder; expected the path of a file (it is created if"
            " missing), such as 'var/admin_secret_key'"
        )
    try:
        key = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return _create_key_file(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"{KEY}: cannot read {path}: {exc}; fix its permissions or delete it"
            " to have a new key generated"
        ) from None
    if len(key) < MIN_KEY_CHARS:
        raise ConfigError(
            f"{KEY}: {path}: expected a random key of at least {MIN_KEY_CHARS}"
            " characters; delete the file to have a new one generated"
        )
    warn_if_shared_file(path, "khoá ký phiên đăng nhập")
    return key


def _create_key_file(path: Path) -> str:
    key = secrets.token_hex(32)
    try:
        make_private_dirs(path.parent)
        # O_EXCL: if another process creates the file first, use its key rather than overwrite it.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return load_or_create_secret_key(path)
    except OSError as exc:
        raise ConfigError(f"{KEY}: cannot create {path}: {exc.strerror}") from None
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    return key
