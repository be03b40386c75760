"""Store files made immutable (chattr +i) while the kiosk runs: the recorder keeps the votes in
its journal instead of letting SQLite write into the shared-memory map (which the kernel answers
with SIGBUS), and replays them once the files can be written again."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from lobby.store import Store
from tests.faults.helpers import as_nobody, recorder_process, visit_counts


def _chattr(flag: str, *paths: Path) -> None:
    subprocess.run(["chattr", flag, *map(str, paths)], check=True, capture_output=True)


def _immutable_unsupported(folder: Path) -> str | None:
    """Return why files in ``folder`` cannot be made immutable here, or None when they can."""
    if shutil.which("chattr") is None or shutil.which("lsattr") is None:
        return "chattr/lsattr not installed (e2fsprogs)"
    probe = folder / "probe"
    probe.write_bytes(b"")
    try:
        _chattr("+i", probe)
    except subprocess.CalledProcessError as exc:
        return f"chattr +i is refused here: {exc.stderr.decode().strip()}"
    try:
        flags = subprocess.run(["lsattr", str(probe)], capture_output=True, text=True).stdout
        if "i" not in flags.split()[0]:
            return "the file system ignores the immutable flag"
    finally:
        _chattr("-i", probe)
        probe.unlink()
    return None


@pytest.fixture
def store_files(tmp_path):
    """A migrated SQLite store's folder; its files are made mutable again at the end."""
    reason = _immutable_unsupported(tmp_path)
    if reason:
        pytest.skip(f"cannot make files immutable: {reason}")
    db_path = tmp_path / "lobby.db"
    Store.open(f"sqlite:///{db_path}").close()
    yield db_path
    for path in tmp_path.iterdir():
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)


def test_immutable_store_files_send_the_votes_to_the_journal_without_a_crash(store_files):
    db_path = store_files
    files = [db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")]
    kiosk = recorder_process(f"sqlite:///{db_path}", db_path.parent / "kiosk-journal.jsonl")
    try:
        kiosk.send("vote 2")
        stored = [kiosk.expect("durable ") for _ in range(2)]
        assert all(path.exists() for path in files)  # WAL and its shared memory are in use

        _chattr("+i", *files)
        with pytest.raises(PermissionError):
            db_path.open("r+b").close()  # the fault is real, even for root
        kiosk.send("vote 3")
        journaled = [kiosk.expect("durable ") for _ in range(3)]
        for visit_id in journaled:
            kiosk.logged(f"{visit_id} vào nhật ký cục bộ")
        kiosk.logged("cannot be written: lobby.db, lobby.db-wal, lobby.db-shm")
        assert kiosk.popen.poll() is None  # still running: no SIGBUS, no SIGSEGV

        _chattr("-i", *files)
        kiosk.send("drain")
        kiosk.expect("drained")
        kiosk.send("quit")
        kiosk.expect("bye")
    finally:
        _chattr("-i", *(path for path in files if path.exists()))
        status = kiosk.close()
    assert status == 0, "\n".join(kiosk.errors[-20:])
    assert visit_counts(db_path) == {visit_id: 1 for visit_id in stored + journaled}


def _can_drop_privileges() -> bool:
    try:
        pwd.getpwnam("nobody")
    except KeyError:
        return False
    return os.geteuid() == 0


@pytest.fixture
def base():
    """A folder an unprivileged user can traverse (pytest's own is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="lobby-chmod-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


@pytest.mark.skipif(
    not _can_drop_privileges(),
    reason="needs root and a 'nobody' user: file modes do not stop root's writes",
)
def test_store_files_made_read_only_while_running_send_the_votes_to_the_journal(base):
    """chmod 0444 on the database, -wal and -shm while the kiosk (an unprivileged user) runs:
    its open connection could still write, but the store is read-only now: journal, no crash."""
    store_dir = base / "store"
    db_path = store_dir / "lobby.db"
    Store.open(f"sqlite:///{db_path}").close()
    nobody = pwd.getpwnam("nobody")
    for path in [store_dir, *store_dir.iterdir()]:
        os.chown(path, nobody.pw_uid, nobody.pw_gid)
    journal = base / "journal" / "kiosk-journal.jsonl"
    journal.parent.mkdir()
    os.chown(journal.parent, nobody.pw_uid, nobody.pw_gid)
    files = [db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")]

    kiosk = recorder_process(f"sqlite:///{db_path}", journal, as_user=as_nobody())
    try:
        kiosk.send("vote")
        stored = kiosk.expect("durable ")
        kiosk.logged(f"{stored} vào kho dữ liệu")
        for path in files:
            path.chmod(0o444)
        kiosk.send("vote")
        journaled = kiosk.expect("durable ")
        kiosk.logged(f"{journaled} vào nhật ký cục bộ")
        kiosk.logged("cannot be written: lobby.db, lobby.db-wal, lobby.db-shm")
        for path in files:
            path.chmod(0o644)
        kiosk.send("drain")
        kiosk.expect("drained")
        kiosk.send("quit")
        kiosk.expect("bye")
    finally:
        status = kiosk.close()
    assert status == 0
    assert visit_counts(db_path) == {stored: 1, journaled: 1}
