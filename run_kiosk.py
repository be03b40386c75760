"""One command for a lobby PC: the kiosk, plus the sign service and the admin web, each in its
own supervised process (a crash or a hang in one never stops the kiosk).

Usage: python run_kiosk.py [--config config.toml] [--windowed] [--kiosk-only]
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import signal
import sys
import tempfile
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
from lobby.supervisor import ChildProcess, Supervisor
from lobby.survey import load_survey

if TYPE_CHECKING:
    from lobby.store import Store

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

log = logging.getLogger("run_kiosk")
SIGN_LABEL = "Dịch vụ bảng LED"
ADMIN_LABEL = "Trang quản trị"
SYNC_LABEL = "Chuyển dữ liệu lên máy chủ trung tâm"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description="Kiosk đánh giá, bảng LED và trang quản trị.")
    parser.add_argument("--config", default=DEFAULT_CONFIG_PATH, help="path of config.toml")
    parser.add_argument("--windowed", action="store_true", help="run the kiosk in a window")
    parser.add_argument(
        "--kiosk-only",
        action="store_true",
        help="run the kiosk alone, without starting the sign service and the admin web (a"
        " service manager runs those)",
    )
    return parser.parse_args(argv)


def child_command(settings: Settings, module: str, *args: str) -> list[str]:
    """Return the command line of one of the product's entry points with this config."""
    if settings.source is None:
        raise ConfigError(f"python -m {module} needs the config file's path to start")
    return [sys.executable, "-m", module, "--config", str(settings.source), *args]


def build_supervisor(settings: Settings, runtime_dir: Path) -> Supervisor:
    """Register the sign service, the admin web and (with a ``[central] url``) the forwarder
    as configured, each in its own process whose heartbeat file lives in ``runtime_dir``."""
    services = settings.services
    supervisor = Supervisor(
        max_backoff=services.restart_max_seconds,
        stable_seconds=services.stable_seconds,
        # In a thread of its own: a locked store must not hold the supervisor's checks.
        on_failing=lambda name, message: threading.Thread(
            target=_tell_failure, args=(settings, name, message), daemon=True
        ).start(),
    )

    def child(name: str, module: str, *args: str):
        command = child_command(settings, module, *args, "--exit-with-parent")
        return lambda: ChildProcess(
            command, runtime_dir / f"{name}.alive", health_timeout=services.health_timeout_seconds
        )

    if settings.sign.enabled:
        supervisor.add("sign", child("sign", "signage", "run"), SIGN_LABEL)
    if settings.admin.enabled:
        supervisor.add("admin", child("admin", "admin_web", "serve"), ADMIN_LABEL)
    if settings.central.role == "site" and settings.central.url:
        supervisor.add("sync", child("sync", "lobby.sync"), SYNC_LABEL)
    return supervisor


def _tell_failure(settings: Settings, name: str, message: str) -> None:
    """Put why the sign service keeps stopping where the admin's front page shows it."""
    if name != "sign":
        return  # the admin cannot show its own failure; the console has it
    from lobby.store import Store, StoreError
    from lobby.store.sign import SIMULATED_SIGN_ID

    port = settings.sign.port
    try:
        store = Store.open(settings.store_url, settings.office.timezone)
        try:
            store.report_sign_service_failing(port or SIMULATED_SIGN_ID, port, message)
        finally:
            store.close()
    except StoreError as exc:
        log.warning("không ghi được tình trạng dịch vụ bảng LED vào kho: %s", exc)


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

    if args.kiosk_only:
        status = kiosk.main(settings, open_store, windowed=args.windowed, stop=stop)
        if stop.is_set():
            log.info("Đã dừng.")
        return status
    # The sign and the admin start once the kiosk takes visitors, from their own thread: the
    # kiosk's first frame and its store come first, and a slow service never holds a frame.
    runtime_dir = Path(tempfile.mkdtemp(prefix="lobby-services-"))
    supervisor = build_supervisor(settings, runtime_dir)
    services = threading.Thread(target=supervisor.start, name="services", daemon=True)
    try:
        status = kiosk.main(
            settings, open_store, windowed=args.windowed, stop=stop, on_ready=services.start
        )
        if stop.is_set():
            log.info("Đã dừng.")
        return status
    finally:
        supervisor.stop()  # waits for a start in progress; later ones see it stopped
        if services.is_alive():
            services.join(timeout=30)
        shutil.rmtree(runtime_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
