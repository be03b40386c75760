"""A kiosk-like writer for backup tests: stores visits one after another through the store, as
fast as it can, and prints ``stored ID`` once each is committed (the moment a kiosk thanks).

python -m tests.appliance.visit_writer URL COUNT

Prints ``ready`` once the store is open and ``done N`` at the end, then keeps the store open,
idle like a kiosk between visitors, until its standard input closes; SIGTERM ends the burst early.
"""

from __future__ import annotations

import signal
import sys
import threading
from datetime import UTC, datetime

from lobby.store import Store
from lobby.visit_record import VisitRecord
from tests.faults.helpers import make_visit as kiosk_visit


def make_visit(n: int) -> VisitRecord:
    """A kiosk visit given now, with one answer and a Vietnamese comment."""
    return kiosk_visit(
        n,
        device_id="kiosk-sanh-1",
        created_at=datetime.now(UTC),
        comment=f"Lượt {n}: cán bộ nhiệt tình",
    )


def main(argv: list[str] | None = None) -> int:
    """Write COUNT visits into the store at URL, reporting each as it is committed."""
    url, count = (argv or sys.argv[1:])[:2]
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    store = Store.open(url)
    print("ready", flush=True)
    written = 0
    try:
        for n in range(int(count)):
            if stop.is_set():
                break
            visit = make_visit(n)
            store.record_visit(visit, repeat_interval_seconds=0)
            written += 1
            print(f"stored {visit.id}", flush=True)
        print(f"done {written}", flush=True)
        sys.stdin.read()
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
