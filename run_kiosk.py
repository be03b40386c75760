"""One command for a lobby PC: the kiosk, plus the supervised sign service (a thread) and admin
web (a child process).

Usage: python run_kiosk.py [--config config.toml] [--windowed]
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from lobby.settings import (
    CONFIG_EXIT_STATUS,
    DEFAULT_CONFIG_PATH,
    ConfigError,
    Settings,
    load_settings,
)
from lobby.supervisor import Supervisor
from lobby.survey import load_survey

if TYPE_CHECKING:
    from lobby.store import Store

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

log = logging.getLogger("run_kiosk")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description="Kiosk đánh giá, bảng LED và trang quản trị.")
    parser.add_argument("--config", default=DEFAULT_CONFIG_PATH, help="path of config.toml")
    parser.add_argument("--windowed", action="store_true", help="run the kiosk in a window")
    return parser.parse_args(argv)


def build_supervisor(settings: Settings) -> Supervisor:
    """Register the sign service and the admin web as configured; each gets its own store handle."""
    supervisor = Supervisor(max_backoff=settings.sign.retry_max_seconds)
    if settings.sign.enabled:
        supervisor.add("sign", lambda: _start_sign(settings))
    if settings.admin.enabled:
        supervisor.add("admin", lambda: _start_admin(settings))
    return supervisor


class _OwnedStoreService:
    """A service handle that also closes the store it was given when it stops."""

    def __init__(self, service, store: Store) -> None:
        self.service, self.store = service, store

    def is_alive(self) -> bool:
        """Return True while the wrapped service works."""
        return self.service.is_alive()

    def stop(self) -> None:
        """Stop the service, then close its store."""
        try:
            self.service.stop()
        finally:
            self.store.close()


def _start_sign(settings: Settings):
    from lobby.store import Store
    from signage.runtime import start_sign

    store = Store.open(settings.store_url, settings.office.timezone)
    try:
        return _OwnedStoreService(start_sign(settings, store), store)
    except BaseException:
        store.close()
        raise


class AdminProcess:
    """The admin web in a child process (``python -m admin_web serve``): its requests, reports
    and memory never compete with the kiosk's frame loop for the interpreter; it prints its own
    address and first-start setup link, and stops when the kiosk does (or dies)."""

    def __init__(self, config: Path) -> None:
        command = [sys.executable, "-m", "admin_web", "--config", str(config)]
        self.process = subprocess.Popen([*command, "serve", "--exit-with-parent"])

    def is_alive(self) -> bool:
        """Return True while the admin's process runs."""
        return self.process.poll() is None

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the admin to stop (SIGTERM), then kill it if it has not within ``timeout``."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _start_admin(settings: Settings) -> AdminProcess:
    if settings.source is None:
        raise ConfigError("the admin web needs the config file's path to start its process")
    return AdminProcess(settings.source)


def main(argv: list[str] | None = None) -> int:
    """Run the kiosk until it is closed; return the process exit status."""
    args = parse_args(argv)
    # SIGTERM (a service manager) and Ctrl-C only raise a flag that the kiosk's frame loop reads:
    # an exception thrown at a random point could be swallowed inside pygame or break clean-up.
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda _signum, _frame: stop.set())
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        settings = load_settings(args.config)
        load_survey(settings.path(settings.kiosk.survey))
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return CONFIG_EXIT_STATUS
    import kiosk

    def open_store() -> Store:
        from lobby.file_modes import secure_store_files
        from lobby.store import Store

        secure_store_files(settings)  # the store holds password hashes: owner only
        return Store.open(settings.store_url, settings.office.timezone)

    # The sign and the admin start once the kiosk takes visitors, in their own thread: the
    # kiosk's first frame and its store come first, and a slow service never holds a frame.
    supervisor = build_supervisor(settings)
    services = threading.Thread(target=supervisor.start, name="services", daemon=True)
    try:
        status = kiosk.main(
            settings, open_store, windowed=args.windowed, stop=stop, on_ready=services.start
        )
        if stop.is_set():
            log.info("Đã dừng.")
        return status
    finally:
        if services.is_alive():
            services.join(timeout=30)
        supervisor.stop()


if __name__ == "__main__":
    sys.exit(main())
