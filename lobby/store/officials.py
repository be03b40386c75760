"""Units, counters and officials: who may be rated, read by the kiosk and kept by the import."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased, defer

from lobby import clock
from lobby.name_index import fold
from lobby.store.models import Counter, Official, Unit
from lobby.store.photos import photo_mime
from lobby.store.sites import LOCAL_SITE_ID
from lobby.vnsort import name_key, natural_key
from lobby.vntext import nfc, to_ascii

OFFICIALS_PAGE = 50


@dataclass(frozen=True)
class UnitRow:
    """A unit as read back."""

    code: str
    name: str
    active: bool
    id: int | None = None


@dataclass(frozen=True)
class CounterRow:
    """A counter and the unit it belongs to (codes and names; None when it has no unit)."""

    code: str
    name: str
    unit_code: str | None
    unit_name: str | None
    active: bool
    id: int | None = None
    unit_id: int | None = None


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
    id: int | None = None


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


def _unit_for(session: Session, name: str, site_id: int) -> Unit | None:
    name = nfc(name).strip()
    if not name:
        return None
    code = slug(name)
    own = Unit.site_id == site_id
    unit = session.scalars(select(Unit).where(own, Unit.name == name).order_by(Unit.id)).first()
    unit = unit or session.scalar(select(Unit).where(own, Unit.code == code))
    if unit is None:
        unit = Unit(site_id=site_id, code=code, name=name, active=True)
        session.add(unit)
        session.flush()
    return unit


def _counter_for(session: Session, name: str, unit: Unit | None, site_id: int) -> Counter | None:
    name = nfc(name).strip()
    if not name:
        return None
    # "Quầy 1" may exist in several units: the unit is part of the counter's code.
    code = f"{unit.code}.{slug(name)}" if unit else slug(name)
    own = Counter.site_id == site_id
    owner = Counter.unit_id == unit.id if unit else Counter.unit_id.is_(None)
    same_name = select(Counter).where(own, Counter.name == name, owner).order_by(Counter.id)
    counter = session.scalars(same_name).first()
    counter = counter or session.scalar(select(Counter).where(own, Counter.code == code))
    if counter is None:
        unit_id = unit.id if unit else None
        counter = Counter(site_id=site_id, code=code, name=name, unit_id=unit_id, active=True)
        session.add(counter)
        session.flush()
    return counter


@dataclass(frozen=True)
class OfficialInfo:
    """An official as the admin pages show it: names of unit and counter, photo type, no bytes."""

    id: int
    code: str
    name: str
    title: str
    unit_id: int | None
    unit_name: str | None
    counter_id: int | None
    counter_name: str | None
    photo_mime: str | None
    active: bool
    updated_at: datetime


@dataclass(frozen=True)
class OfficialFields:
    """What the admin's form sets on an official (unit and counter by id, None for none)."""

    name: str
    title: str = ""
    unit_id: int | None = None
    counter_id: int | None = None


class FieldError(ValueError):
    """A value the admin typed cannot be kept; ``field`` names the form field, the message is
    Vietnamese."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def clean_text(value: str, field: str, what: str, most: int = 200, required: bool = True) -> str:
    """Return ``value`` in NFC, spaces collapsed; FieldError if empty (when required) or long."""
    text = " ".join(nfc(value or "").split())
    if required and not text:
        raise FieldError(field, f"{what} không được để trống.")
    if len(text) > most:
        raise FieldError(field, f"{what} dài quá {most} ký tự.")
    return text


def _free_code(session: Session, model, base: str, site_id: int) -> str:
    code, n = base, 1
    taken = select(model.id).where(model.site_id == site_id)
    while session.scalar(taken.where(model.code == code)) is not None:
        n += 1
        code = f"{base[:60]}-{n}"
    return code


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _info(o: Official, unit: Unit | None, counter: Counter | None) -> OfficialInfo:
    return OfficialInfo(
        o.id,
        o.code,
        o.full_name,
        o.title,
        o.unit_id,
        unit.name if unit else None,
        o.counter_id,
        counter.name if counter else None,
        o.photo_mime,
        o.active,
        o.updated_at,
    )


def _info_query():
    unit, counter = aliased(Unit), aliased(Counter)
    query = (
        select(Official, unit, counter)
        .outerjoin(unit, Official.unit_id == unit.id)
        .outerjoin(counter, Official.counter_id == counter.id)
    )
    # The photos stay in the database: a list of 300 officials must not load 300 images.
    return query.options(defer(Official.photo)), unit, counter


def _placement(
    session: Session, fields: OfficialFields, site_id: int
) -> tuple[int | None, int | None]:
    """Check the unit and counter chosen for an official of ``site_id``: they exist, belong to
    that site and to each other."""
    unit_id, counter_id = fields.unit_id, fields.counter_id
    if unit_id is not None:
        unit = session.get(Unit, unit_id)
        if unit is None or unit.site_id != site_id:
            raise FieldError("unit_id", "Đơn vị đã chọn không còn; hãy chọn lại.")
    if counter_id is not None:
        counter = session.get(Counter, counter_id)
        if counter is None or counter.site_id != site_id:
            raise FieldError("counter_id", "Quầy đã chọn không còn; hãy chọn lại.")
        if counter.unit_id is not None:
            if unit_id is None:
                unit_id = counter.unit_id  # a counter inside a unit places the official there
            elif unit_id != counter.unit_id:
                owner = session.get(Unit, counter.unit_id)
                raise FieldError(
                    "counter_id",
                    f"Quầy “{counter.name}” thuộc “{owner.name}”, không thuộc đơn vị đã chọn.",
                )
    return unit_id, counter_id


class OfficialsMixin:
    """Reading and importing units, counters and officials, and editing them from the admin."""

    def list_units(self, site_id: int | None = None) -> list[UnitRow]:
        """Return every unit (of one site when given), by name in natural order ("Tổ 2" before
        "Tổ 10")."""
        query = select(Unit).order_by(Unit.name, Unit.code)
        if site_id is not None:
            query = query.where(Unit.site_id == site_id)
        with self.session() as s:
            rows = s.scalars(query)
            units = [UnitRow(u.code, u.name, u.active, u.id) for u in rows]
        return sorted(units, key=lambda u: natural_key(u.name))

    def list_counters(
        self, unit: str | None = None, site_id: int | None = None
    ) -> list[CounterRow]:
        """Return the counters (of one unit, by code, and of one site, when given), by name in
        natural order ("Quầy 2" before "Quầy 10")."""
        query = (
            select(Counter, Unit)
            .outerjoin(Unit, Counter.unit_id == Unit.id)
            .order_by(Counter.name, Counter.code)
        )
        if unit is not None:
            query = query.where(Unit.code == unit)
        if site_id is not None:
            query = query.where(Counter.site_id == site_id)
        with self.session() as s:
            counters = [_counter_row(c, u) for c, u in s.execute(query)]
        return sorted(counters, key=lambda c: natural_key(c.name))

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
                    o.id,
                )
                for o, u, c in s.execute(query)
            ]
        return sorted(rows, key=lambda row: name_key(row.name))

    def upsert_officials(
        self, rows: Iterable[OfficialInput], site_id: int = LOCAL_SITE_ID
    ) -> tuple[int, int]:
        """Create or update officials of ``site_id`` by code in ONE transaction; return
        (added, updated).

        Units and counters (of the site) are created by name as needed. Nothing is ever
        deleted: officials missing from ``rows`` stay as they are. ValueError (nothing written)
        on a bad row.
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
                unit = _unit_for(s, row.unit, site_id)
                counter = _counter_for(s, row.counter, unit, site_id)
                official = s.scalar(
                    select(Official).where(Official.site_id == site_id, Official.code == code)
                )
                if official is None:
                    official = Official(site_id=site_id, code=code, created_at=now, active=True)
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

    # Officials, for the admin pages

    def official_infos(self, site_id: int | None = None) -> list[OfficialInfo]:
        """Return every official (active or not, of one site when given) without photo bytes,
        Vietnamese order by given name."""
        query, unit, counter = _info_query()
        if site_id is not None:
            query = query.where(Official.site_id == site_id)
        with self.session() as s:
            rows = [_info(o, u, c) for o, u, c in s.execute(query)]
        return sorted(rows, key=lambda row: name_key(row.name))

    def official_page(
        self,
        query: str = "",
        unit_id: int | None = None,
        offset: int = 0,
        limit: int = OFFICIALS_PAGE,
        site_id: int | None = None,
    ) -> tuple[list[OfficialInfo], int]:
        """Return one page of officials (active or not) in Vietnamese order by given name and
        how many match: ``query`` is matched without marks against name, code and title, and
        against the unit's name; ``unit_id`` keeps one unit's officials, ``site_id`` one site's."""
        rows, _unit, _counter = _info_query()
        conditions = [] if site_id is None else [Official.site_id == site_id]
        with self.session() as s:
            words = fold(query).split()[:8]
            # Units are few: their names are matched here, without marks, and kept as ids.
            units = s.execute(select(Unit.id, Unit.name)).all() if words else []
            for word in words:
                pattern = "%" + _escape_like(word) + "%"
                in_units = [i for i, name in units if word in fold(name)]
                conditions.append(
                    or_(
                        Official.search_text.like(pattern, escape="\\"),
                        Official.unit_id.in_(in_units),
                    )
                )
            if unit_id is not None:
                conditions.append(Official.unit_id == unit_id)
            counted = select(func.count()).select_from(Official).where(*conditions)
            page = (
                rows.where(*conditions)
                .order_by(Official.sort_key, Official.full_name, Official.id)
                .offset(max(offset, 0))
                .limit(max(limit, 1))
            )
            total = s.scalar(counted) or 0
            return [_info(o, u, c) for o, u, c in s.execute(page)], total

    def get_official_info(self, official_id: int) -> OfficialInfo | None:
        """Return one official for the admin pages, or None."""
        query, _unit, _counter = _info_query()
        with self.session() as s:
            found = s.execute(query.where(Official.id == official_id)).first()
            return _info(*found) if found else None

    def official_infos_by_code(self, codes: Iterable[str]) -> dict[str, OfficialInfo]:
        """Return the officials with the given codes, by code (for recording an import)."""
        wanted = [nfc(c) for c in codes]
        query, _unit, _counter = _info_query()
        found: dict[str, OfficialInfo] = {}
        with self.session() as s:
            for start in range(0, len(wanted), 500):
                chunk = query.where(Official.code.in_(wanted[start : start + 500]))
                found.update({o.code: _info(o, u, c) for o, u, c in s.execute(chunk)})
        return found

    def official_photo(self, official_id: int) -> tuple[bytes, str] | None:
        """Return an official's photo and its MIME type, or None when there is none."""
        with self.session() as s:
            row = s.execute(
                select(Official.photo, Official.photo_mime).where(Official.id == official_id)
            ).first()
            if row is None or row.photo is None:
                return None
            return row.photo, row.photo_mime or photo_mime(row.photo)

    def add_official(self, code: str, fields: OfficialFields, site_id: int = LOCAL_SITE_ID) -> int:
        """Add an official of ``site_id``; return its id (FieldError in Vietnamese when something
        is wrong)."""
        code = clean_text(code, "code", "Mã cán bộ", 64)
        name = clean_text(fields.name, "name", "Họ và tên")
        title = clean_text(fields.title, "title", "Chức danh", required=False)
        now = clock.utcnow()
        with self.session() as s:
            existing = s.scalar(
                select(Official).where(Official.site_id == site_id, Official.code == code)
            )
            if existing is not None:
                raise FieldError("code", f"Mã “{code}” đã dùng cho {existing.full_name}.")
            unit_id, counter_id = _placement(s, fields, site_id)
            official = Official(
                site_id=site_id,
                code=code,
                full_name=name,
                title=title,
                unit_id=unit_id,
                counter_id=counter_id,
                active=True,
                created_at=now,
                updated_at=now,
            )
            s.add(official)
            s.flush()
            return official.id

    def update_official(self, official_id: int, fields: OfficialFields) -> None:
        """Change an official's name, title, unit and counter (LookupError, FieldError)."""
        name = clean_text(fields.name, "name", "Họ và tên")
        title = clean_text(fields.title, "title", "Chức danh", required=False)
        with self.session() as s:
            official = s.get(Official, official_id)
            if official is None:
                raise LookupError(official_id)
            unit_id, counter_id = _placement(s, fields, official.site_id)
            official.full_name, official.title = name, title
            official.unit_id, official.counter_id = unit_id, counter_id
            official.updated_at = clock.utcnow()

    def set_official_active(self, official_id: int, active: bool) -> None:
        """Stop (or resume) offering an official on the kiosk; never deletes (LookupError)."""
        with self.session() as s:
            official = s.get(Official, official_id)
            if official is None:
                raise LookupError(official_id)
            official.active = active
            official.updated_at = clock.utcnow()

    def set_official_photo(self, official_id: int, data: bytes | None) -> None:
        """Replace (or with None remove) an official's photo: PNG or JPEG of at most 2 MB
        (ValueError in Vietnamese otherwise; LookupError for an unknown official)."""
        if data is not None:
            photo_mime(data)
        with self.session() as s:
            official = s.get(Official, official_id)
            if official is None:
                raise LookupError(official_id)
            official.photo = data
            official.updated_at = clock.utcnow()

    # Units and counters, for the admin pages

    def get_unit(self, unit_id: int) -> UnitRow | None:
        """Return one unit, or None."""
        with self.session() as s:
            u = s.get(Unit, unit_id)
            return UnitRow(u.code, u.name, u.active, u.id) if u else None

    def add_unit(self, name: str, site_id: int = LOCAL_SITE_ID) -> int:
        """Add a unit of ``site_id`` (its code made from the name); return its id (FieldError if
        unusable)."""
        name = clean_text(name, "name", "Tên đơn vị")
        with self.session() as s:
            clash = select(Unit.id).where(Unit.site_id == site_id, Unit.name == name)
            if s.scalar(clash) is not None:
                raise FieldError("name", f"Đã có đơn vị tên “{name}”.")
            code = _free_code(s, Unit, slug(name), site_id)
            unit = Unit(site_id=site_id, code=code, name=name, active=True)
            s.add(unit)
            s.flush()
            return unit.id

    def rename_unit(self, unit_id: int, name: str) -> None:
        """Rename a unit; its code stays, so visits and imports keep finding it."""
        name = clean_text(name, "name", "Tên đơn vị")
        with self.session() as s:
            unit = s.get(Unit, unit_id)
            if unit is None:
                raise LookupError(unit_id)
            clash = s.scalar(
                select(Unit.id).where(
                    Unit.site_id == unit.site_id, Unit.name == name, Unit.id != unit_id
                )
            )
            if clash is not None:
                raise FieldError("name", f"Đã có đơn vị tên “{name}”.")
            unit.name = name

    def set_unit_active(self, unit_id: int, active: bool) -> None:
        """Mark a unit in use or not; never deletes (LookupError for an unknown unit)."""
        with self.session() as s:
            unit = s.get(Unit, unit_id)
            if unit is None:
                raise LookupError(unit_id)
            unit.active = active

    def get_counter(self, counter_id: int) -> CounterRow | None:
        """Return one counter with its unit, or None."""
        with self.session() as s:
            c = s.get(Counter, counter_id)
            if c is None:
                return None
            u = s.get(Unit, c.unit_id) if c.unit_id is not None else None
            return _counter_row(c, u)

    def _check_counter(
        self, s: Session, name: str, unit_id: int | None, own_id: int | None, site_id: int
    ):
        unit = None
        if unit_id is not None:
            unit = s.get(Unit, unit_id)
            if unit is None or unit.site_id != site_id:
                raise FieldError("unit_id", "Đơn vị đã chọn không còn; hãy chọn lại.")
        owner = Counter.unit_id == unit_id if unit_id is not None else Counter.unit_id.is_(None)
        clash = select(Counter.id).where(Counter.site_id == site_id, Counter.name == name, owner)
        if own_id is not None:
            clash = clash.where(Counter.id != own_id)
        if s.scalar(clash) is not None:
            where = f" trong “{unit.name}”" if unit else ""
            raise FieldError("name", f"Đã có quầy tên “{name}”{where}.")
        return unit

    def add_counter(self, name: str, unit_id: int | None, site_id: int = LOCAL_SITE_ID) -> int:
        """Add a counter of ``site_id``, optionally inside one of its units; return its id
        (FieldError if unusable)."""
        name = clean_text(name, "name", "Tên quầy")
        with self.session() as s:
            unit = self._check_counter(s, name, unit_id, None, site_id)
            base = f"{unit.code}.{slug(name)}" if unit else slug(name)
            code = _free_code(s, Counter, base, site_id)
            counter = Counter(site_id=site_id, code=code, name=name, active=True)
            counter.unit_id = unit.id if unit else None
            s.add(counter)
            s.flush()
            return counter.id

    def update_counter(self, counter_id: int, name: str, unit_id: int | None) -> None:
        """Rename a counter or move it to another unit; its code stays (LookupError, FieldError)."""
        name = clean_text(name, "name", "Tên quầy")
        with self.session() as s:
            counter = s.get(Counter, counter_id)
            if counter is None:
                raise LookupError(counter_id)
            self._check_counter(s, name, unit_id, counter_id, counter.site_id)
            counter.name, counter.unit_id = name, unit_id

    def set_counter_active(self, counter_id: int, active: bool) -> None:
        """Mark a counter in use or not; never deletes (LookupError for an unknown counter)."""
        with self.session() as s:
            counter = s.get(Counter, counter_id)
            if counter is None:
                raise LookupError(counter_id)
            counter.active = active


def _counter_row(c: Counter, u: Unit | None) -> CounterRow:
    return CounterRow(
        c.code, c.name, u.code if u else None, u.name if u else None, c.active, c.id, c.unit_id
    )
