"""Command line of the sign driver: run the service, send or encode a message, simulate a board."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from lobby.settings import (
    CONFIG_EXIT_STATUS,
    DEFAULT_CONFIG_PATH,
    ConfigError,
    Settings,
    all_settings,
    load_settings,
    settings_from_dict,
)
from signage.delivery import deliver
from signage.items import BoardProfile, SignItem
from signage.protocols import PROTOCOLS, SignTooLarge, protocol_options
from signage.protocols.base import COLOURS, MODES, POSITIONS
from signage.simulator import PtyBoard, TcpBoard
from signage.transport import SerialOptions, SerialTransport, TransportError

PROG = "python -m signage"
SERIAL_KEYS = ("baudrate", "bytesize", "parity", "stopbits")
BOARD_KEYS = ("rows", "columns", "colours", "text_mode")


class UsageError(Exception):
    """A command line that cannot be acted on; exits with the config status."""


def _registry(section: str, key: str):
    return next(s for s in all_settings() if s.section == section and s.key == key)


def _add_config(parser: argparse.ArgumentParser, default) -> None:
    parser.add_argument(
        "--config",
        metavar="PATH",
        default=default,
        help=f"settings file (default: {DEFAULT_CONFIG_PATH})",
    )


def _add_message_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("message options")
    group.add_argument(
        "--label", help="Alpha file label (A..z; '0' = the priority file); default: A"
    )
    group.add_argument("--position", choices=POSITIONS, default="middle", help="line(s) used")
    group.add_argument(
        "--mode", choices=MODES, default="rotate", help="how the text moves (default: rotate)"
    )
    group.add_argument(
        "--color",
        "--colour",
        dest="colour",
        metavar="COLOUR",
        help="text colour: " + ", ".join(COLOURS) + " (default: the board's; no code is sent)",
    )
    group.add_argument(
        "--speed",
        type=int,
        choices=range(1, 6),
        metavar="1..5",
        help="1 slow .. 5 fast (default: the board's; no code is sent)",
    )
    group.add_argument("--urgent", action="store_true", help="show it as an urgent notice")


def _add_board_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("board options (default: the config file's)")
    group.add_argument("--rows", type=int, help=_registry("sign", "rows").help)
    group.add_argument("--columns", type=int, help=_registry("sign", "columns").help)
    group.add_argument("--colours", type=int, help=_registry("sign", "colours").help)
    group.add_argument(
        "--text-mode", choices=("ascii", "bitmap"), help=_registry("sign", "text_mode").help
    )


def _add_line_options(parser: argparse.ArgumentParser) -> None:
    _add_board_options(parser)
    group = parser.add_argument_group("protocol options (default: the config file's)")
    group.add_argument(
        "--protocol", choices=sorted(PROTOCOLS), help=_registry("sign", "protocol").help
    )
    seen: set[str] = set()
    for name, module in PROTOCOLS.items():
        for option in module.OPTIONS:
            if option.key not in seen:
                seen.add(option.key)
                flag = "--" + option.key.replace("_", "-")
                group.add_argument(
                    flag,
                    dest=f"opt_{option.key}",
                    metavar=option.key.upper(),
                    type=option.type,
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
    run.add_argument(
        "--exit-with-parent",
        action="store_true",
        help="stop when the process that started this one ends (run_kiosk.py uses it)",
    )
    send = commands.add_parser("send", help="send one message to a sign and exit")
    _add_config(send, argparse.SUPPRESS)
    send.add_argument("--port", help="serial port or pyserial URL (default: the config file's)")
    send.add_argument("text", nargs="+", metavar="TEXT", help="the message (words are joined)")
    _add_message_options(send)
    _add_line_options(send)
    encode = commands.add_parser("encode", help="print the frame of a message as hex; send nothing")
    _add_config(encode, argparse.SUPPRESS)
    encode.add_argument("text", nargs="+", metavar="TEXT", help="the message (words are joined)")
    _add_message_options(encode)
    _add_line_options(encode)
    simulate = commands.add_parser("simulate", help="open a simulated board on a pseudo-terminal")
    _add_config(simulate, argparse.SUPPRESS)
    simulate.add_argument(
        "--protocol", choices=sorted(PROTOCOLS), help=_registry("sign", "protocol").help
    )
    simulate.add_argument(
        "--tcp",
        type=int,
        metavar="PORT",
        help="serve the board on 127.0.0.1:PORT (socket:// URL, like a serial server; 0 = any"
        " free port) instead of a pseudo-terminal",
    )
    _add_board_options(simulate)
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
        value = getattr(args, f"opt_{option.key}", None)
        if value is None:
            value = getattr(section, option.key)
        elif option.check and (problem := option.check(value)):
            raise UsageError(f"--{option.key.replace('_', '-')}: expected {problem}, got {value!r}")
        options[option.key] = value
    serial_values = {}
    for key in SERIAL_KEYS:
        value = getattr(args, key)
        if value is None:
            value = getattr(settings.sign, key)
        elif (setting := _registry("sign", key)).check and (problem := setting.check(value)):
            raise UsageError(f"--{key}: expected {problem}, got {value!r}")
        serial_values[key] = value
    return module, options, SerialOptions(**serial_values)


def _board(args: argparse.Namespace, settings: Settings) -> BoardProfile:
    """Return the board profile of ``[sign]`` with the command line's overrides."""
    values = {}
    for key in BOARD_KEYS:
        value = getattr(args, key, None)
        if value is None:
            value = getattr(settings.sign, key)
        elif (setting := _registry("sign", key)).check and (problem := setting.check(value)):
            raise UsageError(f"--{key.replace('_', '-')}: expected {problem}, got {value!r}")
        values[key] = value
    return BoardProfile(**values)


def _plan(args: argparse.Namespace, module, options: dict, board: BoardProfile):
    """Return the plan of the command line's one message (UsageError if it cannot be encoded)."""
    item = SignItem(
        " ".join(args.text),
        mode=args.mode,
        colour=args.colour,
        speed=args.speed,
        position=args.position,
        urgent=args.urgent or args.label == "0",
    )
    extra = {}
    if args.label is not None and args.label != "0":
        if "label" not in module.encode.__code__.co_varnames:
            raise UsageError(f"--label: the {module.NAME} protocol has no file labels")
        extra["label"] = args.label
    try:
        return module.encode([item], board, **options, **extra)
    except SignTooLarge as exc:
        raise UsageError(str(exc)) from None
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _cmd_encode(args: argparse.Namespace) -> int:
    settings = _load(args, optional=True)
    module, options, _ = _line(args, settings)
    plan = _plan(args, module, options, _board(args, settings))
    for frame in plan.all_frames():
        print(frame.hex(" ").upper())
    return 0


def _cmd_send(args: argparse.Namespace) -> int:
    settings = _load(args, optional=True)
    module, options, serial_options = _line(args, settings)
    board = _board(args, settings)
    port = args.port or settings.sign.port
    if not port:
        raise UsageError("no port: pass --port PORT or set [sign] port in the config file")
    text = " ".join(args.text)
    plan = _plan(args, module, options, board)
    transport = SerialTransport(port, serial_options)
    try:
        transport.open()
        deliver(
            plan.all_frames(),
            transport,
            module,
            config_frames=len(plan.config_frames),
        )
    except TransportError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 1
    finally:
        transport.close()
    print(f"Sent to {port}: {module.display_text(text, board)}")
    return 0


def _open_store(settings: Settings):
    # The store (SQLAlchemy, Alembic) is imported only by the commands that use it: encode and
    # send start fast.
    from lobby.file_modes import secure_store_files
    from lobby.store import Store
    from lobby.store.seed import seed_new_store

    secure_store_files(settings)  # the store holds password hashes: owner only
    store = Store.open(settings.store_url, settings.office.timezone)
    seed_new_store(store)  # a store made by this start gets the plan's messages and samples
    return store


def _wait_for_interrupt(
    running: Callable[[], bool] = lambda: True, parent: int | None = None
) -> bool:
    """Wait for SIGTERM or Ctrl-C (True), for ``running()`` to turn False or for the process
    ``parent`` to be gone (False)."""
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while not stop.wait(1.0):
            if not running():
                return False
            if parent is not None and os.getppid() != parent:
                return True  # the kiosk that started us is gone: stop as asked
    except KeyboardInterrupt:
        pass
    return True


def _cmd_run(args: argparse.Namespace) -> int:
    settings = _load(args, optional=False)
    store = _open_store(settings)
    from lobby.heartbeat import Heartbeat
    from signage.runtime import start_sign
    from signage.service import STALL_SECONDS

    # Absent when no command is given (run is the default).
    parent = os.getppid() if getattr(args, "exit_with_parent", False) else None
    runtime = start_sign(settings, store)
    # Beats only while the service's loop moves: a deadlocked loop is restarted like a dead one.
    heartbeat = Heartbeat.from_environment(lambda: runtime.service.progress, STALL_SECONDS).start()
    where = f"simulated board on {runtime.port}" if runtime.simulated else runtime.port
    print(f"Sign service running ({where}); Ctrl-C stops it.", flush=True)
    try:
        asked = _wait_for_interrupt(runtime.is_alive, parent)
    finally:
        heartbeat.stop()
        runtime.stop()
        store.close()
    if not asked:
        print(f"{PROG}: dịch vụ bảng LED đã dừng bất thường", file=sys.stderr)
        return 1
    return 0


def _cmd_simulate(args: argparse.Namespace) -> int:
    settings = _load(args, optional=False)
    store = _open_store(settings)
    from signage.runtime import board_recorder, describe

    record = board_recorder(store)

    def show(texts: list[str], frames_ok: int, frames_bad: int) -> None:
        print(
            f"Board shows: {describe(texts)} (frames ok {frames_ok}, bad {frames_bad})", flush=True
        )
        record(texts, frames_ok, frames_bad)

    name = args.protocol or settings.sign.protocol
    options = protocol_options(settings, name)
    profile = _board(args, settings)
    if args.tcp is not None:
        board = TcpBoard(
            on_change=show, protocol=name, board=profile, options=options, tcp_port=args.tcp
        ).start()
    else:
        board = PtyBoard(on_change=show, protocol=name, board=profile, options=options).start()
    print(f"Simulated board on {board.port}", flush=True)
    size = f"{profile.rows}x{profile.columns}"
    print(f"Protocol {name}, {size} pixels, text mode {profile.text_mode}", flush=True)
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
    except Exception as exc:
        from lobby.store import StoreError  # imported only when needed: see _open_store

        if not isinstance(exc, StoreError):
            raise
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
