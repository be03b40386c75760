"""Command line of the sign driver: run the service, send or encode a message, simulate a board."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
import time
from pathlib import Path

from lobby.settings import (
    CONFIG_EXIT_STATUS,
    DEFAULT_CONFIG_PATH,
    SETTINGS,
    ConfigError,
    Settings,
    load_settings,
    settings_from_dict,
)
from lobby.store import Store, StoreError
from signage.protocols import PROTOCOLS
from signage.runtime import board_recorder, describe, start_sign
from signage.service import FRAME_PAUSE_SECONDS
from signage.simulator import PtyBoard
from signage.transport import SerialOptions, SerialTransport, TransportError

PROG = "python -m signage"
SERIAL_KEYS = ("baudrate", "bytesize", "parity", "stopbits")


class UsageError(Exception):
    """A command line that cannot be acted on; exits with the config status."""


def _registry(section: str, key: str):
    return next(s for s in SETTINGS if s.section == section and s.key == key)


def _add_config(parser: argparse.ArgumentParser, default) -> None:
    parser.add_argument(
        "--config",
        metavar="PATH",
        default=default,
        help=f"settings file (default: {DEFAULT_CONFIG_PATH})",
    )


def _add_line_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("protocol options (default: the config file's)")
    group.add_argument(
        "--protocol", choices=sorted(PROTOCOLS), help=_registry("sign", "protocol").help
    )
    seen: set[str] = set()
    for name, module in PROTOCOLS.items():
        for option in module.OPTIONS:
            if option.name not in seen:
                seen.add(option.name)
                flag = "--" + option.name.replace("_", "-")
                group.add_argument(
                    flag,
                    dest=f"opt_{option.name}",
                    metavar=option.name.upper(),
                    help=f"{name}: {option.help}",
                )
    group = parser.add_argument_group("serial options (default: the config file's)")
    group.add_argument("--baudrate", type=int, help=_registry("sign", "baudrate").help)
    group.add_argument(
        "--bytesize", type=int, choices=(7, 8), help=_registry("sign", "bytesize").help
    )
    group.add_argument(
        "--parity", type=str.upper, choices=("N", "E", "O"), help=_registry("sign", "parity").help
    )
    group.add_argument(
        "--stopbits", type=int, choices=(1, 2), help=_registry("sign", "stopbits").help
    )


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``python -m signage``."""
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__)
    _add_config(parser, None)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    run = commands.add_parser("run", help="keep the sign in step with the store (the default)")
    _add_config(run, argparse.SUPPRESS)
    send = commands.add_parser("send", help="send one message to a sign and exit")
    _add_config(send, argparse.SUPPRESS)
    send.add_argument("--port", help="serial port or pyserial URL (default: the config file's)")
    send.add_argument("text", nargs="+", metavar="TEXT", help="the message (words are joined)")
    _add_line_options(send)
    encode = commands.add_parser("encode", help="print the frame of a message as hex; send nothing")
    _add_config(encode, argparse.SUPPRESS)
    encode.add_argument("text", nargs="+", metavar="TEXT", help="the message (words are joined)")
    _add_line_options(encode)
    simulate = commands.add_parser("simulate", help="open a simulated board on a pseudo-terminal")
    _add_config(simulate, argparse.SUPPRESS)
    return parser


def _load(args: argparse.Namespace, *, optional: bool) -> Settings:
    """Load the config; a missing default file is fine when ``optional`` (registry defaults)."""
    path = args.config or DEFAULT_CONFIG_PATH
    if optional and args.config is None and not Path(path).exists():
        return settings_from_dict({})
    return load_settings(path)


def _line(args: argparse.Namespace, settings: Settings):
    """Return (protocol module, its options, serial options) from settings and the command line."""
    name = args.protocol or settings.sign.protocol
    module = PROTOCOLS[name]
    section = getattr(settings.sign, name)
    options = {}
    for option in module.OPTIONS:
        value = getattr(args, f"opt_{option.name}", None)
        if value is None:
            value = getattr(section, option.name)
        elif problem := option.check(value):
            raise UsageError(
                f"--{option.name.replace('_', '-')}: expected {problem}, got {value!r}"
            )
        options[option.name] = value
    serial_values = {}
    for key in SERIAL_KEYS:
        value = getattr(args, key)
        if value is None:
            value = getattr(settings.sign, key)
        elif (setting := _registry("sign", key)).check and (problem := setting.check(value)):
            raise UsageError(f"--{key}: expected {problem}, got {value!r}")
        serial_values[key] = value
    return module, options, SerialOptions(**serial_values)


def _cmd_encode(args: argparse.Namespace) -> int:
    module, options, _ = _line(args, _load(args, optional=True))
    for frame in module.frames_for_texts([" ".join(args.text)], **options):
        print(frame.hex(" ").upper())
    return 0


def _cmd_send(args: argparse.Namespace) -> int:
    settings = _load(args, optional=True)
    module, options, serial_options = _line(args, settings)
    port = args.port or settings.sign.port
    if not port:
        raise UsageError("no port: pass --port PORT or set [sign] port in the config file")
    text = " ".join(args.text)
    frames = module.connect_frames(**options) + module.frames_for_texts([text], **options)
    transport = SerialTransport(port, serial_options)
    try:
        transport.open()
        for index, frame in enumerate(frames):
            if index:
                time.sleep(FRAME_PAUSE_SECONDS)
            transport.write(frame)
    except TransportError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 1
    finally:
        transport.close()
    print(f"Sent to {port}: {module.display_text(text)}")
    return 0


def _open_store(settings: Settings) -> Store:
    return Store.open(settings.store_url, settings.office.timezone)


def _wait_for_interrupt() -> None:
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while not stop.wait(1.0):
            pass
    except KeyboardInterrupt:
        pass


def _cmd_run(args: argparse.Namespace) -> int:
    settings = _load(args, optional=False)
    store = _open_store(settings)
    runtime = start_sign(settings, store)
    where = f"simulated board on {runtime.port}" if runtime.simulated else runtime.port
    print(f"Sign service running ({where}); Ctrl-C stops it.", flush=True)
    try:
        _wait_for_interrupt()
    finally:
        runtime.stop()
        store.close()
    return 0


def _cmd_simulate(args: argparse.Namespace) -> int:
    settings = _load(args, optional=False)
    store = _open_store(settings)
    record = board_recorder(store)

    def show(texts: list[str], frames_ok: int, frames_bad: int) -> None:
        print(
            f"Board shows: {describe(texts)} (frames ok {frames_ok}, bad {frames_bad})", flush=True
        )
        record(texts, frames_ok, frames_bad)

    board = PtyBoard(on_change=show).start()
    print(f"Simulated board on {board.port}", flush=True)
    print(f"Try: {PROG} send --port {board.port} 'Xin chào'; Ctrl-C stops.", flush=True)
    try:
        _wait_for_interrupt()
    finally:
        board.stop()
        store.close()
    return 0


COMMANDS = {"run": _cmd_run, "send": _cmd_send, "encode": _cmd_encode, "simulate": _cmd_simulate}


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        return COMMANDS[args.command or "run"](args)
    except (ConfigError, UsageError) as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return CONFIG_EXIT_STATUS
    except StoreError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
