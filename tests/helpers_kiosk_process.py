"""The kiosk started as a lobby PC starts it (``run_kiosk.py`` in its own process, SDL's dummy
driver), its console kept in a file: for tests that watch a whole start, fault and stop."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start_kiosk(config: Path, folder: Path) -> tuple[subprocess.Popen, Callable[[], str]]:
    """Start ``run_kiosk.py --config CONFIG --windowed`` in ``folder``; return the process and a
    function that reads everything it has printed so far."""
    console = folder / "console.log"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["SDL_VIDEODRIVER"] = "dummy"
    with console.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "run_kiosk.py"), "--config", str(config), "--windowed"],
            cwd=folder,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return process, lambda: console.read_text(encoding="utf-8")
