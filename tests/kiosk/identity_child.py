"""Kiosks' starts, up to knowing their id, in a process of their own: for the test of two
kiosks starting at the same instant, round after round.

python tests/kiosk/identity_child.py CONFIG...

Opens the store of the first config, prints "ready", then for each line N read on standard
input finds the id of the kiosk of the Nth config (counting from 0) as the kiosk does at start
(``kiosk.boot.kiosk_device_id``) and prints "id ID".
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main(configs: list[str]) -> None:
    """Open the store, then print the id of each kiosk asked for."""
    from kiosk.boot import kiosk_device_id
    from lobby.settings import load_settings
    from lobby.store import Store

    kiosks = [load_settings(config) for config in configs]
    store = Store.open(kiosks[0].store_url, migrate=False)
    try:
        store.get_meta("kiosk-identity-test")  # connected now: the kiosks race on the take only
        print("ready", flush=True)
        for line in sys.stdin:
            print("id", kiosk_device_id(kiosks[int(line)], store), flush=True)
    finally:
        store.close()


if __name__ == "__main__":
    main(sys.argv[1:])
