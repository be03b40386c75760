"""The kiosk's own device id: kept on the kiosk's disk with a fingerprint of the PC it was made on.

Every kiosk has an id of its own, also when several share one store (the repeat filter and the
counter a kiosk is tied to go by it). The id lives in a file beside the kiosk's journal, never in
the store. A kiosk with no file of its own yet may take over the one id that earlier versions
kept in the store for every kiosk (the first to ask gets it; see ``Store.take_shared_device_id``),
so a single kiosk keeps its visits' id and its counter across the upgrade; every other kiosk makes
a new id. The file also holds the PC's fingerprint (its machine-id and the permanent addresses of
its physical network interfaces): a disk copied to another PC gets a new id at its first start.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

ID_FILE_NAME = "kiosk-device-id"
# Where systemd keeps the machine id, then where older D-Bus set-ups keep it.
MACHINE_ID_FILES = ("etc/machine-id", "var/lib/dbus/machine-id")
NET_CLASS_DIR = "sys/class/net"
# addr_assign_type of an address burnt into the interface (not random, not set by software).
PERMANENT_ADDRESS = "0"
NO_ADDRESS = "00:00:00:00:00:00"


@dataclass(frozen=True)
class Fingerprint:
    """What tells one PC from another: a hash of its machine id and its physical interfaces'
    permanent hardware addresses (either may be empty where it cannot be read)."""

    machine: str
    interfaces: frozenset[str]

    @classmethod
    def read(cls, root: Path) -> Fingerprint:
        """Read the fingerprint of the system whose file tree starts at ``root`` ("/")."""
        machine = ""
        for name in MACHINE_ID_FILES:
            try:
                text = (root / name).read_text(encoding="ascii").strip()
            except (OSError, UnicodeDecodeError):
                continue
            if text:
                # Hashed: the machine id itself is meant to stay on the machine.
                machine = hashlib.sha256(text.encode("ascii")).hexdigest()[:32]
                break
        return cls(machine, frozenset(_physical_addresses(root / NET_CLASS_DIR)))

    def same_machine(self, kept: Fingerprint) -> bool:
        """Tell whether this PC is the one ``kept`` was read on: the same machine id, and at
        least one network address in common (an adapter added or removed is no new PC). What
        could not be read on either side is not compared."""
        if self.machine and kept.machine and self.machine != kept.machine:
            return False
        if self.interfaces and kept.interfaces and not self.interfaces & kept.interfaces:
            return False
        return True

    def as_dict(self) -> dict:
        """Return the fingerprint as kept in the id file."""
        return {"machine": self.machine, "interfaces": sorted(self.interfaces)}


def _physical_addresses(net: Path) -> set[str]:
    """Return the permanent addresses of the interfaces under ``net`` that have a device behind
    them (virtual ones such as lo, bridges and VPNs have none)."""
    found = set()
    try:
        interfaces = list(net.iterdir())
    except OSError:
        return found
    for interface in interfaces:
        try:
            if not (interface / "device").exists():
                continue
            assign = interface / "addr_assign_type"
            if assign.exists() and assign.read_text().strip() != PERMANENT_ADDRESS:
                continue  # a random or software-set address changes at will
            address = (interface / "address").read_text().strip().lower()
        except OSError:
            continue
        if address and address != NO_ADDRESS:
            found.add(address)
    return found


@dataclass(frozen=True)
class KeptId:
    """The id file's content: the id, and the fingerprint of the PC that made it (None in the
    one-line file of earlier versions, which held the store's shared id)."""

    device_id: str
    fingerprint: Fingerprint | None


def read_kept(path: Path) -> KeptId | None:
    """Return the id kept in ``path``, or None when there is none (or it cannot be read)."""
    try:
        text = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not text:
        return None
    if not text.startswith("{"):
        return KeptId(text.splitlines()[0].strip(), None)
    try:
        data = json.loads(text)
        fingerprint = Fingerprint(str(data["machine"]), frozenset(map(str, data["interfaces"])))
        return KeptId(str(data["device_id"]), fingerprint)
    except (ValueError, KeyError, TypeError):
        log.warning("tệp mã kiosk %s hỏng; bỏ qua", path)
        return None


def keep(path: Path, device_id: str, fingerprint: Fingerprint) -> None:
    """Write the id and the fingerprint to ``path`` atomically (a whole new file or none)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    body = json.dumps({"device_id": device_id, **fingerprint.as_dict()}, ensure_ascii=False)
    try:
        with temporary.open("w", encoding="utf-8") as out:
            out.write(body + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    try:
        folder = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return  # a folder that cannot be opened (Windows): the rename is all there is
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def new_device_id() -> str:
    """Return a new random kiosk id."""
    return f"kiosk-{uuid.uuid4()}"


def own_device_id(path: Path, fingerprint: Fingerprint, store) -> str:
    """Return this kiosk's id, kept in ``path``: the one there if it was made on this PC;
    else the store's shared id of earlier versions if this kiosk is the first to take it;
    else a new one. ``store`` None: known to be away (no shared id to take)."""
    kept = read_kept(path)
    if kept is not None and kept.fingerprint is not None:
        if fingerprint.same_machine(kept.fingerprint):
            return kept.device_id
        device_id = new_device_id()
        log.warning(
            "mã kiosk %s được tạo trên máy khác (ổ đĩa sao chép?); máy này dùng mã mới %s",
            kept.device_id,
            device_id,
        )
    else:
        device_id = _take_shared_or_new(store)
    try:
        keep(path, device_id, fingerprint)
    except OSError as exc:
        log.warning("chưa lưu được mã kiosk vào %s: %s", path, exc)
    return device_id


def _take_shared_or_new(store) -> str:
    """Return the store's shared id if this kiosk wins it, else a new id (logged either way)."""
    from lobby.store import StoreError

    try:
        taken = store.take_shared_device_id() if store is not None else None
    except StoreError as exc:
        device_id = new_device_id()
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        log.warning("chưa đọc được kho dữ liệu (%s); kiosk dùng mã mới %s", reason, device_id)
        return device_id
    if taken is not None:
        log.info("kiosk nhận mã %s (mã chung trong kho của phiên bản trước)", taken)
        return taken
    device_id = new_device_id()
    log.info("kiosk dùng mã mới %s", device_id)
    return device_id
