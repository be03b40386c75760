"""Forward this site's visits, cases and letters to the central server, and pull what the centre
manages: ``python -m lobby.sync --config SITE.toml [--once] [--exit-with-parent]``.

With ``--once``: one round (push everything, then pull); exit 0 only when everything pushed was
acknowledged, 1 with the reason on stderr otherwise, 2 for a config that cannot forward.
Without: rounds every ``[central] interval_seconds``, with back-off after failures, until
stopped (SIGTERM, Ctrl-C, or the parent gone with ``--exit-with-parent``).
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading

from lobby.settings import CONFIG_EXIT_STATUS, DEFAULT_CONFIG_PATH, ConfigError, load_settings

FAILURE = 1
NOT_A_SITE = '[central] role = "central": máy chủ trung tâm không chuyển dữ liệu đi đâu cả.'
NO_URL = "[central] url trống: điểm này không chuyển dữ liệu lên máy chủ trung tâm."


def build_parser() -> argparse.ArgumentParser:
    """Return the command line's parser."""
    parser = argparse.ArgumentParser(
        prog="python -m lobby.sync",
        description="Chuyển dữ liệu của điểm lên máy chủ trung tâm và nhận dữ liệu trung tâm.",
    )
    parser.add_argument("--config", default=DEFAULT_CONFIG_PATH, help="path of config.toml")
    parser.add_argument(
        "--once", action="store_true", help="one round (push, then pull), then exit"
    )
    parser.add_argument(
        "--attempts",
        type=int,
        default=3,
        help="with --once: tries of a round that fails on the network or the server",
    )
    parser.add_argument(
        "--exit-with-parent",
        action="store_true",
        help="stop when the process that started this one is gone (run_kiosk.py)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        settings = load_settings(args.config)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return CONFIG_EXIT_STATUS
    central = settings.central
    if central.role != "site":
        print(f"{settings.source}: {NOT_A_SITE}", file=sys.stderr)
        return CONFIG_EXIT_STATUS
    if not central.url:
        print(f"{settings.source}: {NO_URL}", file=sys.stderr)
        return CONFIG_EXIT_STATUS
    from lobby.store import Store, StoreError
    from lobby.sync.client import CentralClient, SyncError
    from lobby.sync.forwarder import Forwarder

    try:
        store = Store.open(settings.store_url, settings.office.timezone)
    except StoreError as exc:
        print(f"Không mở được kho dữ liệu của điểm: {exc}", file=sys.stderr)
        return FAILURE
    client = CentralClient(central.url, central.token, central.request_timeout_seconds)
    forwarder = Forwarder(store, client, central.batch_size)
    try:
        if args.once:
            try:
                result = forwarder.run_once(max(args.attempts, 1), central.retry_max_seconds)
            except SyncError as exc:
                print(str(exc), file=sys.stderr)
                return FAILURE
            print(result.describe(), flush=True)
            return 0
        _run_service(forwarder, settings, args.exit_with_parent)
        return 0
    finally:
        store.close()


def _run_service(forwarder, settings, exit_with_parent: bool) -> None:
    from lobby.heartbeat import Heartbeat

    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda _signum, _frame: stop.set())
    parent = os.getppid()

    def keep_going() -> bool:
        return not exit_with_parent or os.getppid() == parent

    central = settings.central
    # A request is bounded by its time-out; the work counts as stuck well after that.
    stall = 3 * central.request_timeout_seconds + 10
    heartbeat = Heartbeat.from_environment(lambda: forwarder.progress, stall).start()
    print(f"Đang chuyển dữ liệu lên máy chủ trung tâm {central.url}", flush=True)
    try:
        forwarder.run_forever(central.interval_seconds, central.retry_max_seconds, stop, keep_going)
    finally:
        heartbeat.stop()


if __name__ == "__main__":
    sys.exit(main())
