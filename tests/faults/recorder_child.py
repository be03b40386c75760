"""A kiosk-like process for fault tests: records visits through the real VisitRecorder.

python -m tests.faults.recorder_child URL JOURNAL [--fsize-limit BYTES]

Reads commands on stdin, one per line, and answers on stdout:
  vote [N]          record N visits one after another like a kiosk (each waits for its outcome):
                    prints "durable ID" or "failed ID" for each
  burst N [GAP]     submit N visits GAP seconds apart without waiting, print outcomes as they come
  drain             wait until nothing is pending: "drained" (or "stuck N" after 30 s)
  quit              stop the recorder and exit
Log lines (INFO) go to stderr.
"""

from __future__ import annotations

import argparse
import logging
import resource
import signal
import sys
import time

from kiosk.recorder import VisitRecorder, recorder_store
from lobby.journal import Journal
from tests.faults.helpers import make_visit


def say(text: str) -> None:
    """Print one answer line at once."""
    print(text, flush=True)


def record(recorder: VisitRecorder, visits: list, gap: float = 0.0) -> None:
    """Submit ``visits`` ``gap`` seconds apart and print each outcome as soon as it is known."""
    unsent = list(visits)
    waiting = [visit.id for visit in visits]
    next_submit = time.monotonic()
    deadline = next_submit + 60 + gap * len(visits)
    while waiting and time.monotonic() < deadline:
        while unsent and time.monotonic() >= next_submit:
            recorder.submit(unsent.pop(0))
            next_submit += gap
        for visit_id in list(waiting):
            outcome = recorder.outcome(visit_id)
            if outcome is not None:
                say(f"{outcome} {visit_id}")
                waiting.remove(visit_id)
        time.sleep(0.002)
    for visit_id in waiting:
        say(f"timeout {visit_id}")


def main(argv: list[str] | None = None) -> None:
    """Run the command loop (``argv`` without the program name; default sys.argv)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("journal")
    parser.add_argument("--fsize-limit", type=int)
    args = parser.parse_args(argv)
    if args.fsize_limit is not None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes fail with EFBIG instead of a kill
        resource.setrlimit(resource.RLIMIT_FSIZE, (args.fsize_limit, args.fsize_limit))
    logging.basicConfig(
        stream=sys.stderr,
        level=logging.INFO,
        format="%(levelname)s %(name)s %(message)s",
        force=True,
    )
    recorder = VisitRecorder(
        recorder_store(args.url, lock_wait_seconds=1.0),
        Journal(args.journal),
        repeat_interval_seconds=0.0,
        retry_max_seconds=0.5,
    )
    recorder.start()
    say("ready")
    count = 0
    for line in sys.stdin:
        command, *rest = line.split() or [""]
        if command == "vote":
            for _ in range(int(rest[0]) if rest else 1):
                record(recorder, [make_visit(count := count + 1)])
        elif command == "burst":
            visits = [make_visit(count + i) for i in range(1, int(rest[0]) + 1)]
            count += len(visits)
            record(recorder, visits, float(rest[1]) if len(rest) > 1 else 0.0)
        elif command == "drain":
            deadline = time.monotonic() + 30
            while recorder.pending() and time.monotonic() < deadline:
                time.sleep(0.01)
            say("drained" if not recorder.pending() else f"stuck {recorder.pending()}")
        elif command == "quit":
            break
    recorder.stop()
    say("bye")


if __name__ == "__main__":
    main()
