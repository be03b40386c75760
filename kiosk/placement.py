"""Where this kiosk stands, read off the frame loop with the rest of the kiosk's data.

The admin ties a kiosk to a counter or a unit in the devices page (the device's row in the
store). ``PlacedLoader`` reads that tie on each background refresh, with the survey and the
roster, and hands it over inside the snapshot's roster; a change of tie alone is a new
snapshot, taken between visitors like any other.
"""

from __future__ import annotations

import threading
from dataclasses import replace

from kiosk.loader import Loader, Snapshot
from kiosk.roster import Place


def read_place(store, device_id: str | None) -> Place | None:
    """Return where the kiosk ``device_id`` stands according to the store, or None."""
    if not device_id:
        return None
    found = store.device_placement(device_id)
    if found is None:
        return None
    return Place(counter=found.counter_code, unit=None if found.counter_code else found.unit_code)


class PlacedLoader(Loader):
    """A loader whose snapshots know the counter or unit the kiosk is tied to."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._place_lock = threading.Lock()
        self._place: Place | None = None
        self._taken: Place | None = None

    def _placed(self, snapshot: Snapshot) -> Snapshot:
        with self._place_lock:
            return replace(snapshot, roster=snapshot.roster.placed(self._place))

    def load(self) -> Snapshot:
        """Read the kiosk's tie, then everything else (StoreError when the store cannot)."""
        place = read_place(self.store, self.device_id)
        with self._place_lock:
            self._place = place
        return self._placed(super().load())

    def take(self) -> Snapshot | None:
        """Return the newest snapshot, with the kiosk's tie, if it or the tie changed since the
        last take; else None."""
        snapshot = super().take()
        with self._place_lock:
            place, moved = self._place, self._place != self._taken
            self._taken = place
        if snapshot is None and moved:
            with self._lock:
                snapshot = self._latest
        return None if snapshot is None else self._placed(snapshot)
