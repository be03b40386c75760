"""Benchmark: how long after a TCP-attached board's link returns the board shows the current text.

A real TCP listener (the simulated board behind it, like a serial-to-Ethernet converter) goes away
for each outage length in turn while the message changes, then listens again on the same port; the
figure is the time from that listen to the board showing the new text. The service runs with the
shipped [sign] settings. Target: every figure within 5 s, whatever the outage lasted.

Run from the repository root: .venv/bin/python bench/bench_sign_reconnect.py [--outages 10 40]
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from pathlib import Path

from _context import machine_context  # first: the repository on sys.path
from _verdict import Verdicts

from lobby.settings import settings_from_dict
from lobby.store import Store
from signage.service import SignService
from signage.simulator import TcpBoard

TARGET_SECONDS = 5.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outages", type=float, nargs="+", default=[10.0, 40.0])
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    for line in machine_context():
        print(line)
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(f"sqlite:///{Path(folder) / 'lobby.db'}")
        board = TcpBoard(poll_seconds=0.05).start()
        tcp_port = int(board.port.rsplit(":", 1)[1])
        settings = settings_from_dict({"sign": {"port": board.port}})
        message = store.add_sign_message("Lan 0")
        service = SignService(store, settings).start()
        figures: list[tuple[float, float]] = []
        try:
            if not board.wait_until(lambda b: b.showing() == ["Lan 0"], timeout=15):
                print("the board never showed the first message")
                return 1
            for number, outage in enumerate(args.outages, start=1):
                board.stop()
                store.update_sign_message(message, text=f"Lan {number}")
                time.sleep(outage)
                board = TcpBoard(poll_seconds=0.05, tcp_port=tcp_port).start()
                back = time.monotonic()
                shown = board.wait_until(lambda b, n=number: b.showing() == [f"Lan {n}"], 120)
                figures.append((outage, time.monotonic() - back if shown else float("inf")))
        finally:
            service.stop()
            board.stop()
            store.close()
    verdicts = Verdicts()
    for outage, seconds in figures:
        verdicts.at_most(
            f"board right after a {outage:.0f} s outage, from the link's return",
            seconds,
            TARGET_SECONDS,
            "s",
            digits=1,
        )
    verdicts.finish()
    return 0


if __name__ == "__main__":
    sys.exit(main())
