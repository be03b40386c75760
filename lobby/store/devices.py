"""Devices: the kiosks and signs writing to this store, and when each was last heard from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from lobby import clock
from lobby.store.models import Device
from lobby.vntext import nfc

DEVICE_KINDS = ("kiosk", "sign")


@dataclass(frozen=True)
class DeviceRow:
    """A device as read back."""

    id: str
    kind: str
    name: str | None
    place: str | None
    last_seen_at: datetime | None


def upsert_device(
    session: Session,
    device_id: str,
    kind: str = "kiosk",
    name: str | None = None,
    place: str | None = None,
    seen_at: datetime | None = None,
) -> None:
    """Create the device or move its last-seen time forward, safe under concurrent writers."""
    if kind not in DEVICE_KINDS:
        raise ValueError(f"unknown device kind {kind!r}; expected one of {DEVICE_KINDS}")
    seen = seen_at or clock.utcnow()
    values = {"id": nfc(device_id), "kind": kind, "last_seen_at": seen}
    changes = {"last_seen_at": seen}
    if name is not None:
        values["name"] = changes["name"] = nfc(name)
    if place is not None:
        values["place"] = changes["place"] = nfc(place)
    insert = pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert
    statement = insert(Device).values(**values)
    # A replayed old visit must not move last_seen_at backwards.
    newer = Device.last_seen_at.is_(None) | (Device.last_seen_at < statement.excluded.last_seen_at)
    if len(changes) == 1:
        statement = statement.on_conflict_do_update(
            index_elements=[Device.id], set_=changes, where=newer
        )
    else:
        statement = statement.on_conflict_do_update(index_elements=[Device.id], set_=changes)
    session.execute(statement)


class DevicesMixin:
    """Registering devices and listing them."""

    def touch_device(
        self,
        device_id: str,
        kind: str = "kiosk",
        name: str | None = None,
        place: str | None = None,
    ) -> None:
        """Record that a device is alive now (creating it on first contact)."""
        with self.session() as s:
            upsert_device(s, device_id, kind, name, place)

    def list_devices(self) -> list[DeviceRow]:
        """Return every device known to the store, by kind then id."""
        with self.session() as s:
            rows = s.scalars(select(Device).order_by(Device.kind, Device.id))
            return [DeviceRow(d.id, d.kind, d.name, d.place, d.last_seen_at) for d in rows]
