"""Every kiosk keeps an id of its own: two kiosks on one store record their visits under two ids
(so one's visitor is never a repeat of the other's), only one of them takes over the id the
previous version shared through the store, even when both start at the same instant, and a disk
copied to another PC gets a new id there.

Real processes (run_kiosk.py with a visitor at its keypad, SDL's dummy driver), real SQLite and
PostgreSQL stores, and real fingerprint files: a machine root with etc/machine-id and
sys/class/net, as ``[kiosk] machine_root`` names it.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from kiosk import READY
from kiosk.boot import kiosk_device_id
from kiosk.identity import ID_FILE_NAME, Fingerprint, read_kept
from lobby.settings import load_settings
from lobby.store import Store
from lobby.store.base import SHARED_DEVICE_ID_KEY
from tests.helpers_wait import wait_for
from tests.kiosk_driver import all_visits

ROOT = Path(__file__).resolve().parents[2]
KEYPAD_KIOSK = ROOT / "tests" / "kiosk" / "keypad_kiosk.py"
IDENTITY_CHILD = ROOT / "tests" / "kiosk" / "identity_child.py"
SURVEY = ROOT / "assets" / "survey.toml"
# The id every kiosk of a store had under the previous version.
OLD_SHARED_ID = "kiosk-0d9c2f4e-5a61-4f7e-9b1c-2a8d7e6f5c40"
# Long enough that no visit of the test falls outside it on a slow machine.
REPEAT_SECONDS = 30
THANKS_SECONDS = 1


def machine_root(folder: Path, machine_id: str, *addresses: str) -> Path:
    """Make the files a PC's fingerprint is read from: its machine id and one physical network
    interface per address (plus lo, which has no device behind it); return the root."""
    (folder / "etc").mkdir(parents=True)
    (folder / "etc" / "machine-id").write_text(machine_id + "\n")
    for number, address in enumerate(addresses):
        interface = folder / "sys" / "class" / "net" / f"enp{number}s0"
        (interface / "device").mkdir(parents=True)
        (interface / "address").write_text(address + "\n")
        (interface / "addr_assign_type").write_text("0\n")
    loopback = folder / "sys" / "class" / "net" / "lo"
    loopback.mkdir(parents=True)
    (loopback / "address").write_text("00:00:00:00:00:00\n")
    return folder


def kiosk_folder(folder: Path, store_url: str, root: Path, extra: str = "") -> Path:
    """Make a kiosk's folder with its config (its own journal, the shared store); return the
    config's path."""
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "config.toml"
    config.write_text(
        f'[store]\nurl = "{store_url}"\n[sign]\nenabled = false\n[admin]\nenabled = false\n'
        f'[kiosk]\nsurvey = "{SURVEY}"\nmachine_root = "{root}"\n{extra}',
        encoding="utf-8",
    )
    return config


def headless_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["SDL_VIDEODRIVER"] = "dummy"
    return env


def kept_id(folder: Path) -> str | None:
    kept = read_kept(folder / "var" / ID_FILE_NAME)
    return kept.device_id if kept is not None and kept.fingerprint is not None else None


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_two_kiosks_on_one_store_vote_under_their_own_ids(tmp_path):
    url = f"sqlite:///{tmp_path / 'shared' / 'lobby.db'}"
    store = Store.open(url)
    # A store of the previous version, whose kiosks both kept its one id beside their journal.
    store.set_meta(SHARED_DEVICE_ID_KEY, OLD_SHARED_ID)
    kiosks, consoles = {}, {}

    def output(name: str) -> str:
        return consoles[name].read_text(encoding="utf-8")

    try:
        for name, machine in (("a", "1" * 32), ("b", "2" * 32)):
            root = machine_root(tmp_path / f"pc-{name}", machine, f"52:54:00:00:00:0{len(kiosks)}")
            extra = (
                f"thanks_seconds = {THANKS_SECONDS}\nrepeat_interval_seconds = {REPEAT_SECONDS}\n"
            )
            config = kiosk_folder(tmp_path / name, url, root, extra)
            (tmp_path / name / "var").mkdir()
            (tmp_path / name / "var" / ID_FILE_NAME).write_text(OLD_SHARED_ID + "\n")
            consoles[name] = tmp_path / name / "console.log"
            with consoles[name].open("wb") as out:
                kiosks[name] = subprocess.Popen(
                    [sys.executable, str(KEYPAD_KIOSK), "--config", str(config)]
                    + ["--windowed", "--kiosk-only"],
                    cwd=tmp_path / name,
                    env=headless_env(),
                    stdin=subprocess.PIPE,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )

        for name, process in kiosks.items():
            wait_for(
                lambda n=name, p=process: READY in output(n) or p.poll() is not None,
                90,
                f"kiosk {name} to start",
            )
            assert process.poll() is None, output(name)
        ids = {name: kept_id(tmp_path / name) for name in kiosks}
        assert ids["a"] != ids["b"]
        assert sorted(ids.values()).count(OLD_SHARED_ID) == 1  # one kept the old id
        assert store.get_meta(SHARED_DEVICE_ID_KEY) is None

        def vote(name: str, count: int) -> float:
            kiosks[name].stdin.write(b"vote\n")
            kiosks[name].stdin.flush()
            wait_for(lambda: len(all_visits(store)) == count, 30, f"a visit at kiosk {name}")
            return time.monotonic()

        thanked_a = vote("a", 1)
        vote("b", 2)  # about a second later: the keys and the save take that long
        # Kiosk A's thank-you screen ignores keys; it is over after THANKS_SECONDS.
        wait_for(lambda: time.monotonic() - thanked_a > THANKS_SECONDS + 2, 10, "A's thanks")
        vote("a", 3)
        first, second, again = all_visits(store)
    finally:
        for process in kiosks.values():
            stop(process)
        store.close()
    assert (first.device_id, second.device_id, again.device_id) == (ids["a"], ids["b"], ids["a"])
    assert (second.created_at - first.created_at).total_seconds() < REPEAT_SECONDS
    assert (again.created_at - first.created_at).total_seconds() < REPEAT_SECONDS
    # B's visitor is no repeat of A's; A's own second visit so soon still is.
    assert [v.is_repeat for v in (first, second, again)] == [False, False, True]
    for name in kiosks:
        assert "Traceback" not in output(name)


def test_of_two_kiosks_starting_at_once_exactly_one_takes_the_stores_old_id(store_url, tmp_path):
    store = Store.open(store_url)
    rounds = 6  # even: new kiosks, odd: kiosks upgraded from the previous version
    folders = {
        (n, name): tmp_path / f"round-{n}-{name}" for n in range(rounds) for name in ("a", "b")
    }
    configs = {}
    for (n, name), folder in folders.items():
        root = machine_root(folder / "pc", f"{n}{name}".ljust(32, "0"))
        configs[n, name] = kiosk_folder(folder, store_url, root)
    # Each process is kiosk a, resp. b, of every round: started once, asked at once each round.
    children = [
        subprocess.Popen(
            [sys.executable, str(IDENTITY_CHILD)] + [str(configs[n, name]) for n in range(rounds)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for name in ("a", "b")
    ]
    try:
        for child in children:
            assert child.stdout.readline().strip() == "ready"
        for n in range(rounds):
            old_id = f"{OLD_SHARED_ID[:-1]}{n}"
            store.set_meta(SHARED_DEVICE_ID_KEY, old_id)
            if n % 2:  # as the previous version left both kiosks: the shared id, one line
                for name in ("a", "b"):
                    (folders[n, name] / "var").mkdir()
                    (folders[n, name] / "var" / ID_FILE_NAME).write_text(old_id + "\n")
            for child in children:  # back to back: both take the store's id at once
                child.stdin.write(f"{n}\n")
                child.stdin.flush()
            answers = [child.stdout.readline().split() for child in children]
            assert all(answer[:1] == ["id"] for answer in answers), answers
            ids = [answer[1] for answer in answers]
            assert ids.count(old_id) == 1, ids
            assert ids[0] != ids[1] and all(i.startswith("kiosk-") for i in ids)
            assert [kept_id(folders[n, name]) for name in ("a", "b")] == ids
            assert store.get_meta(SHARED_DEVICE_ID_KEY) is None
    finally:
        for child in children:
            child.stdin.close()
            stop(child)
        store.close()


def test_a_copied_kiosk_folder_on_another_pc_gets_a_new_id(tmp_path, caplog):
    url = f"sqlite:///{tmp_path / 'lobby.db'}"
    store = Store.open(url)
    store.set_meta(SHARED_DEVICE_ID_KEY, OLD_SHARED_ID)
    first_pc = machine_root(tmp_path / "pc-1", "a" * 32, "52:54:00:12:34:56")
    original = tmp_path / "kiosk"
    kiosk_folder(original, url, first_pc)
    try:
        own = kiosk_device_id(load_settings(original / "config.toml"), store)
        assert own == OLD_SHARED_ID  # the first kiosk of the store keeps its visits' id
        # Started again on the same PC (an adapter plugged in meanwhile): the same id.
        (first_pc / "sys" / "class" / "net" / "wlx0").mkdir()
        (first_pc / "sys" / "class" / "net" / "wlx0" / "device").mkdir()
        (first_pc / "sys" / "class" / "net" / "wlx0" / "address").write_text("00:0f:00:aa:bb:cc")
        assert kiosk_device_id(load_settings(original / "config.toml"), store) == own

        others = {
            # An exact copy of the disk (same machine id) in a PC with another network card.
            "same-machine-id": machine_root(tmp_path / "pc-2", "a" * 32, "52:54:00:65:43:21"),
            # A copy whose machine id was made anew, in a PC with the same card's address.
            "new-machine-id": machine_root(tmp_path / "pc-3", "b" * 32, "52:54:00:12:34:56"),
        }
        made = set()
        for name, root in others.items():
            copy = tmp_path / f"copy-{name}"
            shutil.copytree(original, copy)
            kiosk_folder(copy, url, root)  # its config names the PC it runs on
            assert kept_id(copy) == own  # the copied state folder holds the original's id
            caplog.clear()
            with caplog.at_level(logging.WARNING, logger="kiosk.identity"):
                copied = kiosk_device_id(load_settings(copy / "config.toml"), store)
            assert copied != own and copied.startswith("kiosk-")
            assert kept_id(copy) == copied
            assert kiosk_device_id(load_settings(copy / "config.toml"), store) == copied
            assert any(
                "máy khác" in r.getMessage() and own in r.getMessage() for r in caplog.records
            )
            made.add(copied)
        assert len(made) == len(others)
        assert kiosk_device_id(load_settings(original / "config.toml"), store) == own
    finally:
        store.close()


def test_a_kiosk_without_its_store_makes_an_id_of_its_own_and_keeps_it(tmp_path):
    root = machine_root(tmp_path / "pc", "c" * 32, "52:54:00:00:00:01")
    config = kiosk_folder(tmp_path / "kiosk", "postgresql://kiosk@127.0.0.1:9/none", root)
    made = kiosk_device_id(load_settings(config), None)
    assert made.startswith("kiosk-") and kept_id(tmp_path / "kiosk") == made
    assert kiosk_device_id(load_settings(config), None) == made


def test_an_id_set_in_the_config_is_used_as_it_is(tmp_path):
    root = machine_root(tmp_path / "pc", "d" * 32)
    config = kiosk_folder(tmp_path / "kiosk", "sqlite:///lobby.db", root, 'device_id = "quay-3"\n')
    assert kiosk_device_id(load_settings(config), None) == "quay-3"
    assert not (tmp_path / "kiosk" / "var" / ID_FILE_NAME).exists()


def test_the_fingerprint_is_the_hashed_machine_id_and_the_permanent_physical_addresses(tmp_path):
    root = machine_root(tmp_path / "pc", "e" * 32, "52:54:00:00:00:07")
    net = root / "sys" / "class" / "net"
    (net / "wlp1s0" / "device").mkdir(parents=True)  # wifi with a random address
    (net / "wlp1s0" / "address").write_text("f2:11:22:33:44:55\n")
    (net / "wlp1s0" / "addr_assign_type").write_text("1\n")
    (net / "docker0").mkdir()  # virtual: no device behind it
    (net / "docker0" / "address").write_text("02:42:ac:11:00:01\n")
    fingerprint = Fingerprint.read(root)
    assert fingerprint.interfaces == {"52:54:00:00:00:07"}
    assert len(fingerprint.machine) == 32 and "e" * 32 not in fingerprint.machine
    assert Fingerprint.read(tmp_path / "nothing-here") == Fingerprint("", frozenset())
