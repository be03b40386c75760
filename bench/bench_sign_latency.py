"""Benchmark: host time from a store change to the last byte written to the sign (a real pty).

1. The running service at its poll interval ([sign] poll_seconds, default 0.5 s): a message's text
   changes in the store; the time until the service's last write of that update has returned
   (written and flushed). The poll interval dominates (on average half of it), then the protocol's
   pauses between frames.
2. The same with 10 messages, one disabled then enabled again each time: the memory
   configuration must not go (it blanks an Alpha board for about a second); prints how many went.
3. The service's own work, without the wait for the next poll: read the store, compute the
   schedule, encode and write (with the protocol's pauses, and the bare encode + write).

Targets: a change reaches the wire within 2 s (p99 of 1 and 2), and no board-wide erase during 2
(Alpha: a memory configuration; P10: CLEAR of every slot). Prints median and p99, then PASS or
FAIL per target; exits with status 1 on a FAIL. The board is the protocol's simulator on a
pseudo-terminal.

Run from the repository root: .venv/bin/python bench/bench_sign_latency.py [--changes N]
    [--protocol alpha|p10] [--poll SECONDS]
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import threading
import time
from pathlib import Path

from _context import machine_context, percentile, summary  # first: the repository on sys.path
from _verdict import Verdicts

from lobby.settings import settings_from_dict
from lobby.store import Store
from signage.items import SignItem
from signage.protocols import alpha, get_protocol, p10
from signage.runtime import simulated_board
from signage.service import SignService, board_profile

CHANGE_TARGET_S = 2.0


def board_wipes(simulator) -> int:
    """Count the board-wide erases the simulator has acted on (what blanks the whole board)."""
    if isinstance(simulator, alpha.BoardSimulator):
        return simulator.configurations
    if isinstance(simulator, p10.BoardSimulator):
        everything = bytes([p10.ALL_SLOTS])
        return sum(f.command == p10.CLEAR and f.payload == everything for f in simulator.acted)
    raise SystemExit(f"no count of board-wide erases for {type(simulator).__name__}")


class WriteClock:
    """Remembers when the service's transport last finished a write."""

    def __init__(self, service: SignService) -> None:
        self.last = 0.0
        self.writes = threading.Event()
        original = service.transport.write

        def write(data: bytes) -> None:
            original(data)
            self.last = time.perf_counter()
            self.writes.set()

        service.transport.write = write  # type: ignore[method-assign]


def settle(clock: WriteClock, quiet: float) -> None:
    """Wait until no write has happened for ``quiet`` seconds."""
    while True:
        clock.writes.clear()
        if not clock.writes.wait(quiet):
            return


def running_service(store: Store, settings, changes: int) -> list[float]:
    """Change a message ``changes`` times; return store-change -> last-byte-written seconds."""
    board = simulated_board(settings, store)
    service = SignService(store, settings, port=board.port, sign_id="bench")
    clock = WriteClock(service)
    message = store.add_sign_message("Lần 0")
    service.start()
    settle(clock, 1.5)
    samples = []
    try:
        for n in range(1, changes + 1):
            text = f"Lần {n}"
            began = time.perf_counter()
            store.update_sign_message(message, text=text)
            expected = service.protocol.display_text(text, service.board)
            while store.get_sign_status("bench").sent_text != expected:
                time.sleep(0.005)
            samples.append(clock.last - began)
            time.sleep(0.05 + (n % 7) * 0.037)  # changes land anywhere in the poll cycle
    finally:
        service.stop()
        board.stop()
    return samples


def toggling_service(store: Store, settings, changes: int) -> tuple[list[float], int]:
    """Disable/enable one of 10 messages ``changes`` times; return seconds and board erases."""
    board = simulated_board(settings, store)
    service = SignService(store, settings, port=board.port, sign_id="bench-toggle")
    clock = WriteClock(service)
    ids = [store.add_sign_message(f"Thông điệp {n}") for n in range(10)]
    texts = [service.protocol.display_text(f"Thông điệp {n}", service.board) for n in range(10)]
    service.start()
    settle(clock, 1.5)
    wipes = board_wipes(board.simulator)
    everything = board.showing()  # with any message added before
    without = [text for text in everything if text != texts[3]]
    samples = []
    try:
        for n in range(1, changes + 1):
            enabled = n % 2 == 0
            expected = everything if enabled else without
            began = time.perf_counter()
            store.update_sign_message(ids[3], enabled=enabled)
            if not board.wait_until(lambda b, e=expected: b.showing() == e, timeout=10):
                raise SystemExit("the board never showed the change")
            settle(clock, 0.3)
            samples.append(clock.last - began)
    finally:
        service.stop()
        board.stop()
    return samples, board_wipes(board.simulator) - wipes


def own_work(store: Store, settings, changes: int) -> tuple[list[float], list[float]]:
    """Return (one step with the protocol's pauses, bare encode + write) per change, seconds."""
    board = simulated_board(settings, store)
    service = SignService(store, settings, port=board.port, sign_id="bench-step")
    message = store.add_sign_message("Bước 0")
    service.step()
    steps, bare = [], []
    try:
        for n in range(1, changes + 1):
            store.update_sign_message(message, text=f"Bước {n}")
            began = time.perf_counter()
            service.step()
            steps.append(time.perf_counter() - began)
            items = [SignItem(m.text) for m in store.enabled_sign_messages()]
            began = time.perf_counter()
            plan = service.protocol.encode(items, board_profile(settings), **service.options)
            for frame in plan.frames:
                service.transport.write(frame)
            bare.append(time.perf_counter() - began)
    finally:
        service.stop()
        board.stop()
    return steps, bare


def main() -> None:
    """Run the benchmark, print its figures and verdicts; exit 1 if a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=50)
    parser.add_argument("--protocol", default="alpha")
    parser.add_argument("--poll", type=float, default=0.5)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as folder:
        settings = settings_from_dict(
            {"sign": {"protocol": args.protocol, "poll_seconds": args.poll}},
            base_dir=Path(folder),
        )
        store = Store.open(f"sqlite:///{folder}/bench.db")
        try:
            print("\n".join(machine_context()))
            timing = get_protocol(args.protocol).TIMING
            print(
                f"protocol {args.protocol}: frame pause {timing.frame_pause:g} s;"
                f" poll every {args.poll:g} s; {args.changes} changes; SQLite store"
            )
            changes = running_service(store, settings, args.changes)
            print(summary("store change -> last byte (service)", changes))
            toggles, wiped = toggling_service(store, settings, max(4, args.changes // 5))
            print(summary("10 messages, one disabled/enabled -> last byte", toggles))
            steps, bare = own_work(store, settings, args.changes)
            print(summary("one step, with frame pauses", steps))
            print(summary("encode + write, no pauses", bare))
        finally:
            store.close()
    verdicts = Verdicts()
    verdicts.at_most(
        "store change -> last byte, p99", percentile(changes, 99), CHANGE_TARGET_S, "s"
    )
    verdicts.at_most(
        "one of 10 messages disabled/enabled -> last byte, p99",
        percentile(toggles, 99),
        CHANGE_TARGET_S,
        "s",
    )
    verdicts.at_most("board-wide erases during those changes", wiped, 0, "", 0)
    verdicts.finish()


if __name__ == "__main__":
    main()
