"""Private files: the store (it holds password hashes) and the session key are for their owner.

The product tightens only what it creates itself: a folder it makes is 0700 and a file it
creates is 0600 from its first byte. A folder or file that was there before keeps its mode; when
other accounts can read it, a warning (in Vietnamese) says so and what to do.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from lobby.settings import ConfigError, Settings

log = logging.getLogger(__name__)

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
# Permission bits that let accounts other than the owner in.
_SHARED_BITS = 0o077
# SQLite's companion files take the main file's mode when it makes them.
_SQLITE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def sqlite_path(url: str) -> Path | None:
    """Return the file of a SQLite store URL, or None for another database or memory."""
    # Imported here: the kiosk checks its file settings before its first frame, without it.
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def make_private_dirs(folder: Path) -> None:
    """Create ``folder`` and its missing parents, each 0700; folders already there are left as
    they are (OSError if one cannot be made)."""
    missing = []
    current = folder
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=PRIVATE_DIR)
        except FileExistsError:
            continue  # made meanwhile by another process: not this one's to change
        # mkdir's mode passes through the umask, which may take away the owner's own bits.
        path.chmod(PRIVATE_DIR)


def create_private_file(path: Path) -> bool:
    """Create ``path`` empty and 0600 (its missing folders 0700); return False if it existed."""
    make_private_dirs(path.parent)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    except FileExistsError:
        return False
    return True


def _shared_mode(path: Path) -> int | None:
    """Return the mode of ``path`` when other accounts may use it, else None (also if missing)."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None
    return mode if mode & _SHARED_BITS else None


def warn_if_shared_folder(folder: Path, holds: str) -> None:
    """Log (in Vietnamese) that other accounts can open ``folder``, which holds ``holds``."""
    mode = _shared_mode(folder)
    if mode is not None:
        log.warning(
            "Thư mục %s chứa %s nhưng tài khoản khác trên máy cũng mở được (quyền %o). Phần mềm"
            " không đổi quyền của thư mục có sẵn; nên đặt %s trong một thư mục riêng chỉ tài"
            " khoản chạy phần mềm dùng được (quyền 700).",
            folder,
            holds,
            mode,
            holds,
        )


def warn_if_shared_file(path: Path, what: str) -> None:
    """Log (in Vietnamese) that other accounts can read the existing file ``path`` (``what``)."""
    mode = _shared_mode(path)
    if mode is not None:
        log.warning(
            "Tệp %s (%s) tài khoản khác trên máy cũng đọc được (quyền %o). Phần mềm không đổi"
            " quyền của tệp có sẵn; hãy chạy: chmod 600 %s",
            path,
            what,
            mode,
            path,
        )


# Said beside the English config message, for the clerk at the lobby PC's console.
FOLDER_NOT_FILE_VI = (
    "Đường dẫn này là một thư mục; hãy ghi đường dẫn của một tệp (tệp sẽ được tạo nếu chưa có)."
)


def check_file_setting(settings: Settings, section: str, key: str) -> Path:
    """Return the file a path setting names; ConfigError naming the key if it is a folder."""
    value = getattr(getattr(settings, section), key)
    path = settings.path(value)
    if path.is_dir():
        where = f"{settings.source}: " if settings.source else ""
        raise ConfigError(
            f"{where}[{section}] {key}: {str(path)!r} is a folder; expected the path of a file"
            f" (it is created if missing). {FOLDER_NOT_FILE_VI}"
        )
    return path


def secure_store_files(settings: Settings) -> None:
    """Create the SQLite store file 0600 (and its missing folders 0700) if it is missing; warn
    about an existing store, or the folder it is in, that other accounts can read."""
    if os.name != "posix":
        return
    database = sqlite_path(settings.store_url)
    if database is None:
        return
    folder = database.parent
    if folder.is_dir():
        warn_if_shared_folder(folder, "kho dữ liệu")
    try:
        # An empty file is a valid SQLite database; made here, it is private from its first byte.
        if create_private_file(database):
            return
    except OSError as exc:
        log.warning("cannot create %s: %s", database, exc.strerror)
        return
    for suffix in _SQLITE_SUFFIXES:
        warn_if_shared_file(database.with_name(database.name + suffix), "kho dữ liệu")
