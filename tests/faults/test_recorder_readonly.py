"""A read-only store (and journal folder): refused honestly, and recovered without a restart.

Tests run as root, for whom file modes do not stop writes, so the kiosk-like process runs as the
unprivileged user ``nobody`` (os.setuid in preexec_fn); the test proves the fault is real first.
"""

from __future__ import annotations

import os
import pwd
import shutil
import tempfile
from pathlib import Path

import pytest

from lobby.journal import Journal
from lobby.store import Store
from tests.faults.helpers import (
    as_nobody,
    make_visit,
    recorder_process,
    run_forked,
    visit_counts,
)


def _can_drop_privileges() -> bool:
    if os.geteuid() != 0:
        return False
    try:
        pwd.getpwnam("nobody")
    except KeyError:
        return False
    return True


pytestmark = pytest.mark.skipif(
    not _can_drop_privileges(),
    reason="needs root and a 'nobody' user: as root file modes do not stop writes, as a normal"
    " user the files cannot be handed to another user",
)


@pytest.fixture
def folders():
    """A store folder and a journal folder owned by ``nobody``, under a path it can traverse."""
    base = Path(tempfile.mkdtemp(prefix="lobby-readonly-"))
    base.chmod(0o755)
    store_dir, journal_dir = base / "store", base / "journal"
    Store.open(f"sqlite:///{store_dir / 'lobby.db'}").close()
    journal_dir.mkdir()
    nobody = pwd.getpwnam("nobody")
    for path in [store_dir, journal_dir, *store_dir.iterdir()]:
        os.chown(path, nobody.pw_uid, nobody.pw_gid)
    yield store_dir, journal_dir
    _set_writable(store_dir, True)
    shutil.rmtree(base)


def _set_writable(folder: Path, writable: bool) -> None:
    for path in folder.iterdir():
        path.chmod(0o644 if writable else 0o444)
    folder.chmod(0o755 if writable else 0o555)


def _open_for_writing(argv: list[str]) -> None:
    with open(argv[0], "r+b"):
        pass


def _nobody_can_write(path: Path) -> bool:
    return run_forked(_open_for_writing, [str(path)], as_nobody()) == 0


def test_a_read_only_store_and_journal_fail_then_recover_without_a_restart(folders):
    store_dir, journal_dir = folders
    db_path = store_dir / "lobby.db"
    _set_writable(store_dir, False)
    _set_writable(journal_dir, False)
    assert not _nobody_can_write(db_path), "the fault is not real: nobody can still write"

    kiosk = recorder_process(
        f"sqlite:///{db_path}", journal_dir / "kiosk-journal.jsonl", as_user=as_nobody()
    )
    try:
        # Neither the store nor the journal can keep it: never thanked.
        kiosk.send("vote")
        refused = kiosk.expect("failed ")

        # The journal folder is writable again: the next vote is safe on the kiosk's disk.
        _set_writable(journal_dir, True)
        kiosk.send("vote")
        journaled = kiosk.expect("durable ")
        kiosk.logged(f"{journaled} vào nhật ký cục bộ")
        assert visit_counts(db_path) == {}

        # The store is writable again: the journal drains and new votes go straight in.
        _set_writable(store_dir, True)
        assert _nobody_can_write(db_path)
        kiosk.send("drain")
        kiosk.expect("drained")
        kiosk.send("vote")
        direct = kiosk.expect("durable ")
        kiosk.send("quit")
        kiosk.expect("bye")
    finally:
        assert kiosk.close() == 0
    assert any(f"{direct} vào kho dữ liệu" in line for line in kiosk.errors)
    assert visit_counts(db_path) == {journaled: 1, direct: 1}
    assert refused not in visit_counts(db_path)
    assert (journal_dir / "kiosk-journal.jsonl").stat().st_size == 0


def test_a_read_only_journal_is_still_replayed_and_nothing_is_counted_twice(folders):
    store_dir, journal_dir = folders
    db_path = store_dir / "lobby.db"
    journal_path = journal_dir / "kiosk-journal.jsonl"
    left = Journal(journal_path)  # what a previous run left, then the file became read-only
    visits = [make_visit(1), make_visit(2)]
    for visit in visits:
        left.append(visit)
    left.close()
    nobody = pwd.getpwnam("nobody")
    os.chown(journal_path, nobody.pw_uid, nobody.pw_gid)
    _set_writable(journal_dir, False)
    assert not _nobody_can_write(journal_path), "the fault is not real: nobody can still write"

    kiosk = recorder_process(f"sqlite:///{db_path}", journal_path, as_user=as_nobody())
    try:
        kiosk.send("drain")
        kiosk.expect("drained")
        assert visit_counts(db_path) == {visits[0].id: 1, visits[1].id: 1}
        kiosk.send("quit")
        kiosk.expect("bye")
    finally:
        assert kiosk.close() == 0

    # Writable again: the next start replays the same two (no "done" could be written) and the
    # store keeps one of each; the journal is emptied.
    _set_writable(journal_dir, True)
    again = recorder_process(f"sqlite:///{db_path}", journal_path, as_user=as_nobody())
    again.send("drain")
    again.expect("drained")
    again.send("quit")
    again.expect("bye")
    assert again.close() == 0
    assert visit_counts(db_path) == {visits[0].id: 1, visits[1].id: 1}
    assert journal_path.stat().st_size == 0
