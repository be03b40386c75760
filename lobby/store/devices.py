"""Devices: the kiosks and signs writing to this store, when each was last heard from, their
names and places, and their API tokens (kept only as SHA-256 hashes)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from lobby import clock
from lobby.store.models import Counter, Device, DeviceToken, Sign, SignLabel, Unit, Visit
from lobby.store.prepared import Prepared
from lobby.store.sites import LOCAL_SITE_ID
from lobby.store.upsert import conflict_insert
from lobby.vntext import nfc

DEVICE_KINDS = ("kiosk", "sign")
TOKEN_PREFIX = "lobby_"  # noqa: S105 (a prefix, not a secret)
# A token's last use is written at most this often, so a busy client does not write every call.
_LAST_USED_STEP = timedelta(minutes=1)


@dataclass(frozen=True)
class DeviceRow:
    """A device as read back."""

    id: str
    kind: str
    name: str | None
    place: str | None
    last_seen_at: datetime | None


@dataclass(frozen=True)
class DeviceTokenRow:
    """A device's API token as the admin sees it (never the token itself)."""

    id: int
    device_kind: str
    device_id: str
    created_at: datetime
    created_by: str
    revoked_at: datetime | None
    last_used_at: datetime | None


@dataclass(frozen=True)
class DeviceStatusRow:
    """One line of the devices page: a kiosk (from ``devices``) or a sign (from ``signs``)."""

    kind: str
    id: str
    name: str | None
    place: str | None
    last_seen_at: datetime | None
    votes_today: int
    token: DeviceTokenRow | None

    @property
    def label(self) -> str:
        """Return the name an administrator gave the device, else its id."""
        return self.name or self.id


@dataclass(frozen=True)
class DevicePlacement:
    """Where a kiosk stands: the counter (or the whole unit) whose officials it shows."""

    counter_code: str | None = None
    counter_name: str | None = None
    unit_code: str | None = None
    unit_name: str | None = None
    counter_id: int | None = None
    unit_id: int | None = None

    @property
    def label(self) -> str:
        """Return "Quầy 2" or "Đơn vị: Văn phòng", as the devices page shows it."""
        if self.counter_name:
            return self.counter_name
        return f"Đơn vị: {self.unit_name}" if self.unit_name else ""


def upsert_device(
    session: Session | Connection,
    device_id: str,
    kind: str = "kiosk",
    name: str | None = None,
    place: str | None = None,
    seen_at: datetime | None = None,
    site_id: int = LOCAL_SITE_ID,
) -> None:
    """Create the device (of ``site_id``) or move its last-seen time forward, safe under
    concurrent writers."""
    if kind not in DEVICE_KINDS:
        raise ValueError(f"unknown device kind {kind!r}; expected one of {DEVICE_KINDS}")
    seen = seen_at or clock.utcnow()
    values = {"id": nfc(device_id), "kind": kind, "site_id": site_id, "last_seen_at": seen}
    changes = {"last_seen_at": seen}
    if name is not None:
        values["name"] = changes["name"] = nfc(name)
    if place is not None:
        values["place"] = changes["place"] = nfc(place)
    connection = session.connection() if isinstance(session, Session) else session
    _DEVICE_UPSERTS[tuple(changes)].run(connection, values)


def _device_upsert(changed: tuple[str, ...]) -> Prepared:
    """The statement writing a device whose ``changed`` columns move on when it exists."""

    columns = ("id", "kind", "site_id", *changed)

    def build(dialect: str):
        statement = conflict_insert(Device.__table__, dialect)
        statement = statement.values({name: bindparam(name) for name in columns})
        set_ = {name: statement.excluded[name] for name in changed}
        if changed != ("last_seen_at",):
            return statement.on_conflict_do_update(index_elements=["id"], set_=set_)
        # A replayed old visit must not move last_seen_at backwards.
        seen = Device.__table__.c.last_seen_at
        newer = seen.is_(None) | (seen < statement.excluded.last_seen_at)
        return statement.on_conflict_do_update(index_elements=["id"], set_=set_, where=newer)

    return Prepared(build)


_DEVICE_UPSERTS = {
    changed: _device_upsert(changed)
    for changed in (
        ("last_seen_at",),
        ("last_seen_at", "name"),
        ("last_seen_at", "place"),
        ("last_seen_at", "name", "place"),
    )
}


def hash_token(token: str) -> str:
    """Return the SHA-256 (hex) under which a token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _token_row(t: DeviceToken) -> DeviceTokenRow:
    return DeviceTokenRow(
        t.id, t.device_kind, t.device_id, t.created_at, t.created_by, t.revoked_at, t.last_used_at
    )


def _clean_label(value: str, what: str) -> str | None:
    text = " ".join(nfc(value).split())
    if len(text) > 200:
        raise ValueError(f"{what} dài quá 200 ký tự.")
    return text or None


class DevicesMixin:
    """Registering devices, listing them with their health, naming them, and their tokens."""

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

    def votes_by_device(self, day: date) -> dict[str, int]:
        """Return the number of visits each device recorded on the office's calendar ``day``."""
        query = (
            select(Visit.device_id, func.count())
            .where(Visit.local_day == day)
            .group_by(Visit.device_id)
        )
        with self.session() as s:
            return {device_id: n for device_id, n in s.execute(query)}

    def device_statuses(self, today: date) -> list[DeviceStatusRow]:
        """Return every kiosk and sign with its name, place, last seen, votes today and token.

        A sign's "last seen" is its last successful (acknowledged) write.
        """
        votes = self.votes_by_device(today)
        with self.session() as s:
            tokens = {
                (t.device_kind, t.device_id): _token_row(t)
                for t in s.scalars(select(DeviceToken).where(DeviceToken.revoked_at.is_(None)))
            }
            rows = [
                DeviceStatusRow(
                    d.kind,
                    d.id,
                    d.name,
                    d.place,
                    d.last_seen_at,
                    votes.get(d.id, 0),
                    tokens.get((d.kind, d.id)),
                )
                for d in s.scalars(select(Device).order_by(Device.kind, Device.id))
            ]
            known = {(r.kind, r.id) for r in rows}
            signs = s.execute(
                select(Sign.sign_id, Sign.last_ok_at, SignLabel.name, SignLabel.place)
                .outerjoin(SignLabel, SignLabel.sign_id == Sign.sign_id)
                .order_by(Sign.sign_id)
            )
            for sign_id, last_ok, name, place in signs:
                if ("sign", sign_id) not in known:
                    rows.append(
                        DeviceStatusRow(
                            "sign",
                            sign_id,
                            name,
                            place,
                            last_ok,
                            votes.get(sign_id, 0),
                            tokens.get(("sign", sign_id)),
                        )
                    )
        return rows

    def device_status(self, kind: str, device_id: str, today: date) -> DeviceStatusRow | None:
        """Return one device's line of the devices page, or None if the store does not know it."""
        return next(
            (r for r in self.device_statuses(today) if r.kind == kind and r.id == device_id),
            None,
        )

    def silent_devices(self, now: datetime, minutes: float) -> list[DeviceStatusRow]:
        """Return the devices that report by themselves (kiosks and signs, not the paper forms
        or the web page whose visits are written under a device id) seen at least once but not
        within ``minutes`` before ``now``."""
        limit = now - timedelta(minutes=minutes)
        today = clock.local_day(now, self.tz_name)
        silent = [
            row
            for row in self.device_statuses(today)
            if row.last_seen_at is not None and row.last_seen_at < limit
        ]
        kiosks = [row.id for row in silent if row.kind == "kiosk"]
        channels = self._latest_channels(kiosks)
        return [
            row for row in silent if row.kind != "kiosk" or channels.get(row.id, "kiosk") == "kiosk"
        ]

    def _latest_channels(self, device_ids: list[str]) -> dict[str, str]:
        """Return the channel of each device's latest visit (one index lookup a device)."""
        if not device_ids:
            return {}
        latest = (
            select(Visit.channel)
            .where(Visit.device_id == bindparam("device_id"))
            .order_by(Visit.created_at.desc())
            .limit(1)
        )
        with self.session() as s:
            found = {d: s.scalar(latest, {"device_id": d}) for d in device_ids}
        return {d: channel for d, channel in found.items() if channel is not None}

    def set_device_label(self, kind: str, device_id: str, name: str, place: str) -> None:
        """Set the name and place of a kiosk or sign (ValueError in Vietnamese if unusable)."""
        name_text = _clean_label(name, "Tên")
        place_text = _clean_label(place, "Nơi đặt")
        with self.session() as s:
            if kind == "sign" and s.get(Device, device_id) is None:
                if s.get(Sign, device_id) is None:
                    raise LookupError(device_id)
                label = s.get(SignLabel, device_id) or SignLabel(sign_id=device_id)
                label.name, label.place = name_text, place_text
                s.add(label)
                return
            device = s.get(Device, device_id)
            if device is None or device.kind != kind:
                raise LookupError(device_id)
            device.name, device.place = name_text, place_text

    def device_placements(self) -> dict[str, DevicePlacement]:
        """Return the placement of every kiosk tied to a counter or a unit, by device id."""
        query = (
            select(Device.id, Counter, Unit)
            .outerjoin(Counter, Device.counter_id == Counter.id)
            .outerjoin(Unit, Device.unit_id == Unit.id)
            .where(Device.counter_id.is_not(None) | Device.unit_id.is_not(None))
        )
        with self.session() as s:
            return {
                device_id: DevicePlacement(
                    c.code if c else None,
                    c.name if c else None,
                    u.code if u else None,
                    u.name if u else None,
                    c.id if c else None,
                    u.id if u else None,
                )
                for device_id, c, u in s.execute(query)
            }

    def device_placement(self, device_id: str) -> DevicePlacement | None:
        """Return the counter or unit a kiosk is tied to, or None when it stands untied."""
        return self.device_placements().get(device_id) if device_id else None

    def set_device_placement(
        self, device_id: str, counter_id: int | None = None, unit_id: int | None = None
    ) -> None:
        """Tie a kiosk to a counter, or to a unit, or (both None) to neither; LookupError for
        an unknown kiosk, counter or unit."""
        with self.session() as s:
            device = s.get(Device, device_id)
            if device is None or device.kind != "kiosk":
                raise LookupError(device_id)
            if counter_id is not None and s.get(Counter, counter_id) is None:
                raise LookupError(counter_id)
            if unit_id is not None and s.get(Unit, unit_id) is None:
                raise LookupError(unit_id)
            # One place at a time: a counter already says its unit.
            device.counter_id = counter_id
            device.unit_id = None if counter_id is not None else unit_id

    # API tokens

    def issue_device_token(self, kind: str, device_id: str, by: str) -> str:
        """Make a new API token for a device, revoking its previous one; return it (shown once)."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        now = clock.utcnow()
        with self.session() as s:
            s.execute(
                update(DeviceToken)
                .where(
                    DeviceToken.device_kind == kind,
                    DeviceToken.device_id == device_id,
                    DeviceToken.revoked_at.is_(None),
                )
                .values(revoked_at=now, revoked_by=nfc(by)[:64])
            )
            s.add(
                DeviceToken(
                    device_kind=kind,
                    device_id=device_id,
                    token_hash=hash_token(token),
                    created_at=now,
                    created_by=nfc(by)[:64],
                )
            )
        return token

    def revoke_device_token(self, kind: str, device_id: str, by: str) -> bool:
        """Revoke a device's live token; return False if it had none."""
        with self.session() as s:
            result = s.execute(
                update(DeviceToken)
                .where(
                    DeviceToken.device_kind == kind,
                    DeviceToken.device_id == device_id,
                    DeviceToken.revoked_at.is_(None),
                )
                .values(revoked_at=clock.utcnow(), revoked_by=nfc(by)[:64])
            )
            return result.rowcount > 0

    def device_for_token(
        self, token: str, kinds: tuple[str, ...] = DEVICE_KINDS
    ) -> DeviceTokenRow | None:
        """Return the live token matching ``token`` (noting its use), or None; only tokens of
        devices of ``kinds`` count (a site's push token is no kiosk's)."""
        if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
            return None
        now = clock.utcnow()
        with self.session() as s:
            row = s.scalar(select(DeviceToken).where(DeviceToken.token_hash == hash_token(token)))
            if row is None or row.revoked_at is not None or row.device_kind not in kinds:
                return None
            if row.last_used_at is None or now - row.last_used_at >= _LAST_USED_STEP:
                row.last_used_at = now
            return _token_row(row)
