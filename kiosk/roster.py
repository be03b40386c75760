"""Who may be rated: counters and active officials as the kiosk shows them (no pygame, no store)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from lobby.vnsort import name_key, natural_key


@dataclass(frozen=True)
class Counter:
    """A counter (quầy) by its code and the name shown."""

    code: str
    name: str


@dataclass(frozen=True)
class Official:
    """An official as shown on the kiosk: code, full name, title, counter, unit and photo bytes."""

    code: str
    name: str
    title: str = ""
    counter: str | None = None
    unit: str | None = None
    photo: bytes | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Place:
    """Where a kiosk stands, as set in the admin's devices page: a counter (by code) or a whole
    unit; a kiosk tied to either asks no counter and shows only those officials."""

    counter: str | None = None
    unit: str | None = None


@dataclass(frozen=True)
class Roster:
    """Counters and officials, each sorted the Vietnamese way (officials by given name), and
    where this kiosk stands (``place``: None for an untied lobby kiosk)."""

    counters: tuple[Counter, ...] = ()
    officials: tuple[Official, ...] = ()
    place: Place | None = None

    @property
    def tied(self) -> bool:
        """Tell whether this kiosk stands at a counter or a unit (no counter step then)."""
        return self.place is not None and bool(self.place.counter or self.place.unit)

    def placed(self, place: Place | None) -> Roster:
        """Return this roster for a kiosk standing at ``place``."""
        return replace(self, place=place)

    @classmethod
    def of(cls, counters, officials) -> Roster:
        """Build a roster, sorting counters by name (numbers by value) and officials by given
        name."""
        return cls(
            tuple(sorted(counters, key=lambda c: natural_key(c.name))),
            tuple(sorted(officials, key=lambda o: name_key(o.name))),
        )

    def officials_for(self, counter: str | None) -> tuple[Official, ...]:
        """Return the officials of ``counter``; when ``counter`` is None, those of the unit the
        kiosk is tied to, or else every official."""
        if counter is None:
            unit = self.place.unit if self.place else None
            if unit:
                return tuple(o for o in self.officials if o.unit == unit)
            return self.officials
        return tuple(o for o in self.officials if o.counter == counter)

    def official(self, code: str | None) -> Official | None:
        """Return the official with this code, or None."""
        return next((o for o in self.officials if o.code == code), None)


EMPTY = Roster()
