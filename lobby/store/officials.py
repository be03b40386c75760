"""Units, counters and officials: who may be rated, read by the kiosk and kept by the import."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from lobby import clock
from lobby.store.models import Counter, Official, Unit
from lobby.store.photos import photo_mime
from lobby.vnsort import name_key
from lobby.vntext import nfc, to_ascii


@dataclass(frozen=True)
class UnitRow:
    """A unit as read back."""

    code: str
    name: str
    active: bool


@dataclass(frozen=True)
class CounterRow:
    """A counter and the unit it belongs to (codes and names; None when it has no unit)."""

    code: str
    name: str
    unit_code: str | None
    unit_name: str | None
    active: bool


@dataclass(frozen=True)
class OfficialRow:
    """An official with the names of their unit and counter, and their photo (or None)."""

    code: str
    name: str
    title: str
    unit_code: str | None
    unit_name: str | None
    counter_code: str | None
    counter_name: str | None
    photo: bytes | None
    photo_mime: str | None
    active: bool


@dataclass(frozen=True)
class OfficialInput:
    """One official to create or update by code (unit and counter given by name)."""

    code: str
    name: str
    title: str = ""
    unit: str = ""
    counter: str = ""
    photo: bytes | None = None


def slug(name: str) -> str:
    """Return a code made from a name: "Phòng Một cửa" -> "phong-mot-cua"."""
    return re.sub(r"[^a-z0-9]+", "-", to_ascii(nfc(name)).lower()).strip("-")[:60] or "x"


def _unit_for(session: Session, name: str) -> Unit | None:
    name = nfc(name).strip()
    if not name:
        return None
    code = slug(name)
    unit = session.scalar(select(Unit).where(Unit.code == code))
    if unit is None:
        unit = Unit(code=code, name=name, active=True)
        session.add(unit)
        session.flush()
    return unit


def _counter_for(session: Session, name: str, unit: Unit | None) -> Counter | None:
    name = nfc(name).strip()
    if not name:
        return None
    # "Quầy 1" may exist in several units: the unit is part of the counter's code.
    code = f"{unit.code}.{slug(name)}" if unit else slug(name)
    counter = session.scalar(select(Counter).where(Counter.code == code))
    if counter is None:
        counter = Counter(code=code, name=name, unit_id=unit.id if unit else None, active=True)
        session.add(counter)
        session.flush()
    return counter


class OfficialsMixin:
    """Reading and importing units, counters and officials."""

    def list_units(self) -> list[UnitRow]:
        """Return every unit, by name."""
        with self.session() as s:
            rows = s.scalars(select(Unit).order_by(Unit.name, Unit.code))
            return [UnitRow(u.code, u.name, u.active) for u in rows]

    def list_counters(self, unit: str | None = None) -> list[CounterRow]:
        """Return the counters (of one unit, by code, when given), by name."""
        query = (
            select(Counter, Unit)
            .outerjoin(Unit, Counter.unit_id == Unit.id)
            .order_by(Counter.name, Counter.code)
        )
        if unit is not None:
            query = query.where(Unit.code == unit)
        with self.session() as s:
            return [
                CounterRow(c.code, c.name, u.code if u else None, u.name if u else None, c.active)
                for c, u in s.execute(query)
            ]

    def list_officials(
        self, counter_code: str | None = None, active_only: bool = True
    ) -> list[OfficialRow]:
        """Return officials (of one counter when given) ordered by given name, Vietnamese style."""
        unit, counter = aliased(Unit), aliased(Counter)
        query = (
            select(Official, unit, counter)
            .outerjoin(unit, Official.unit_id == unit.id)
            .outerjoin(counter, Official.counter_id == counter.id)
        )
        if counter_code is not None:
            query = query.where(counter.code == counter_code)
        if active_only:
            query = query.where(Official.active.is_(True))
        with self.session() as s:
            rows = [
                OfficialRow(
                    o.code,
                    o.full_name,
                    o.title,
                    u.code if u else None,
                    u.name if u else None,
                    c.code if c else None,
                    c.name if c else None,
                    o.photo,
                    o.photo_mime,
                    o.active,
                )
                for o, u, c in s.execute(query)
            ]
        return sorted(rows, key=lambda row: name_key(row.name))

    def upsert_officials(self, rows: Iterable[OfficialInput]) -> tuple[int, int]:
        """Create or update officials by code in ONE transaction; return (added, updated).

        Units and counters are created by name as needed. Nothing is ever deleted: officials
        missing from ``rows`` stay as they are. ValueError (nothing written) on a bad row.
        """
        added = updated = 0
        now = clock.utcnow()
        with self.session() as s:
            for row in rows:
                code, name = nfc(row.code).strip(), nfc(row.name).strip()
                if not code or not name:
                    raise ValueError("mã và họ tên không được để trống")
                if row.photo is not None:
                    photo_mime(row.photo)  # before anything is written for this row
                unit = _unit_for(s, row.unit)
                counter = _counter_for(s, row.counter, unit)
                official = s.scalar(select(Official).where(Official.code == code))
                if official is None:
                    official = Official(code=code, created_at=now, active=True)
                    s.add(official)
                    added += 1
                else:
                    updated += 1
                official.full_name = name
                official.title = nfc(row.title).strip()
                official.unit_id = unit.id if unit else None
                official.counter_id = counter.id if counter else None
                official.active = True
                official.updated_at = now
                if row.photo is not None:
                    official.photo = row.photo  # the model sets photo_mime
                s.flush()
        return added, updated
