"""Benchmark: time from starting a kiosk process to its first frame on the display, and its
resident memory once running (the kiosk process, and beside it the admin web's own process),
through the real run_kiosk.py (kiosk, sign and admin web with default settings) on SDL's dummy
driver at 1920x1080.
Targets: first frame <= 1.5 s (slowest run), peak memory <= 150 MB. Prints PASS or FAIL per target
and exits with status 1 on a FAIL.

Run from the repository root: .venv/bin/python bench/bench_kiosk_start.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _context  # first: sets SDL's dummy drivers and sys.path before pygame loads
from _context import machine_context, percentile
from _verdict import Verdicts

from kiosk import READY

TARGET_START_S = 1.5
TARGET_RSS_MB = 150.0

# The child: run_kiosk.py's main (the command a lobby PC runs: settings, first frame, store,
# then the sign service and the admin's own process), with the first display flip reported on
# stdout; it keeps running ``settle`` seconds, reports its memory and its admin child's, then
# stops as a service manager would (SIGTERM).
CHILD = r"""
import json, os, runpy, signal, sys, threading, time
root, config, settle = sys.argv[1], sys.argv[2], float(sys.argv[3])
sys.path.insert(0, root)
import pygame

def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")

def children_rss():
    total = 0.0
    for task in os.listdir("/proc/self/task"):
        try:
            pids = open(f"/proc/self/task/{task}/children").read().split()
        except OSError:
            continue
        for pid in pids:
            for line in open(f"/proc/{pid}/status"):
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
    return total

def report():
    figures = {"rss_mb": status("VmRSS"), "peak_mb": status("VmHWM"), "admin_mb": children_rss()}
    print(json.dumps(figures), flush=True)
    os.kill(os.getpid(), signal.SIGTERM)

flip = pygame.display.flip
first = []

def flip_and_tell(*args):
    flip(*args)
    if not first:
        first.append(time.monotonic())
        print("FIRST-FRAME", time.process_time(), flush=True)
        threading.Timer(settle, report).start()

pygame.display.flip = flip_and_tell
sys.argv = ["run_kiosk.py", "--config", config, "--windowed"]
runpy.run_path(os.path.join(root, "run_kiosk.py"), run_name="__main__")
"""


def free_port() -> int:
    """Return a TCP port free on the loopback now (for the admin web)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def one_run(config: Path, settle: float) -> tuple[float, dict]:
    """Start one kiosk process; return seconds to its first frame and its memory figures."""
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(_context.ROOT), str(config), str(settle)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=config.parent,
    )
    first = ready = None
    cpu = float("nan")
    memory: dict = {}
    assert child.stdout is not None
    for line in child.stdout:
        if line.startswith("FIRST-FRAME") and first is None:
            first = time.perf_counter() - start
            cpu = float(line.split()[1])
        elif READY in line and ready is None:
            ready = time.perf_counter() - start
        elif line.startswith("{"):
            memory = json.loads(line)
    child.wait(timeout=30)
    if first is None:
        raise SystemExit(f"the kiosk never drew a frame (exit status {child.returncode})")
    memory["cpu_s"] = cpu
    memory["ready_s"] = float("nan") if ready is None else ready
    return first, memory


def main() -> None:
    """Start the kiosk a few times, print the figures and verdicts; exit 1 on a missed target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--settle", type=float, default=4.0, help="seconds before memory")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-start-") as folder:
        config = Path(folder) / "config.toml"
        config.write_text(
            "[kiosk]\n"
            f'survey = "{_context.ROOT / "assets" / "survey.toml"}"\n'
            "fullscreen = false\nwidth = 1920\nheight = 1080\n"
            f"[admin]\nport = {free_port()}\n",
            encoding="utf-8",
        )
        one_run(config, args.settle)  # warm the file cache; the store's first start is done
        runs = [one_run(config, args.settle) for _ in range(args.runs)]

    starts = [s for s, _ in runs]
    rss = [m.get("rss_mb", float("nan")) for _, m in runs]
    cpu = [m["cpu_s"] for _, m in runs]
    ready = [m["ready_s"] for _, m in runs]
    peak = [m.get("peak_mb", float("nan")) for _, m in runs]
    admin = [m.get("admin_mb", float("nan")) for _, m in runs]
    print("bench_kiosk_start: process start to first frame, and resident memory after start")
    for line in machine_context():
        print("  " + line)
    print(
        f"  runs {len(runs)}; each a new python process running run_kiosk.py (kiosk and sign, the"
        " admin in a child process; default settings) at 1920x1080"
    )
    print(
        f"  start to first frame: median {statistics.median(starts):.3f} s, "
        f"p99 {percentile(starts, 99):.3f} s, max {max(starts):.3f} s"
    )
    print(
        f"  start to taking visitors (store open, data read): median {statistics.median(ready):.3f}"
        f" s, p99 {percentile(ready, 99):.3f} s"
    )
    print(
        f"  CPU time of the process up to its first frame: median {statistics.median(cpu):.3f} s"
        " (what a busy machine does not inflate)"
    )
    print(
        f"  resident memory {args.settle:g} s after the first frame: max VmRSS {max(rss):.1f} MB,"
        f" peak VmHWM {max(peak):.1f} MB"
    )
    print(
        f"  the admin web's own process (python -m admin_web serve) at that moment: max VmRSS"
        f" {max(admin):.1f} MB (not the kiosk's: it runs beside it)"
    )
    verdicts = Verdicts()
    verdicts.at_most("start to first frame, slowest run", max(starts), TARGET_START_S, "s", 3)
    verdicts.at_most("kiosk peak resident memory (VmHWM)", max(peak), TARGET_RSS_MB, "MB", 1)
    verdicts.finish()


if __name__ == "__main__":
    main()
