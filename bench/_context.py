"""Shared bench helpers: headless SDL set-up, the repo on sys.path, machine context, percentiles."""

from __future__ import annotations

import os
import platform
import sqlite3
import statistics
import sys
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def filesystem_of(path: Path) -> str:
    """Return the mount point and file system type holding ``path`` (Linux), else '?'."""
    best = ("?", "?")
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return "?"
    resolved = str(path.resolve())
    for line in mounts:
        parts = line.split()
        if len(parts) >= 3 and resolved.startswith(parts[1]) and len(parts[1]) >= len(best[0]):
            best = (parts[1], parts[2])
    return f"{best[1]} mounted at {best[0]}"


def machine_context() -> list[str]:
    """Describe the machine the figures come from."""
    import pygame

    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return [
        f"machine: {platform.platform()}; {os.cpu_count()} logical CPUs; {cpu}",
        f"python {platform.python_version()}; pygame-ce {pygame.version.ver}; "
        f"SDL {'.'.join(map(str, pygame.get_sdl_version()))}; "
        f"video driver {os.environ.get('SDL_VIDEODRIVER')}; SQLite {sqlite3.sqlite_version}",
    ]


def percentile(values: list[float], q: float) -> float:
    """Return the q-th percentile (0-100) of ``values`` by linear interpolation."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summary(name: str, seconds: list[float]) -> str:
    """Format median, p99 and max of durations in milliseconds."""
    ms = [s * 1000 for s in seconds]
    return (
        f"{name:<34} n={len(ms):<5} median {statistics.median(ms):7.3f} ms"
        f"   p99 {percentile(ms, 99):7.3f} ms   max {max(ms):7.3f} ms"
    )
