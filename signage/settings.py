"""The sign's keys of config.toml, registered into lobby.settings' registry on import.

``[sign]`` holds the line, the board and the schedule; each protocol module's ``OPTIONS`` are its
``[sign.<name>]`` keys, registered by ``signage.protocols.register_protocol``. lobby.settings
imports this module (it is listed in ``PLUGIN_MODULES``) only when it reads or validates a
config, so importing the core loads neither pyserial nor a protocol.
"""

from __future__ import annotations

from lobby.settings import Check, declare, float_range, int_range, one_of, register
from signage.protocols import PROTOCOLS
from signage.schedule import parse_days, parse_hours
from signage.transport import PORT_EXPECTED, check_port

DEFAULT_PROTOCOL = "alpha"


def _protocol_name() -> tuple[Check, str]:
    names = ", ".join(repr(name) for name in sorted(PROTOCOLS))
    expected = f"the name of a sign protocol: {names}"
    return (lambda v: None if v in PROTOCOLS else expected), expected


def _schedule_rule(parse, expected: str) -> tuple[Check, str]:
    def check(value: str) -> str | None:
        try:
            parse(value)
        except ValueError:
            return expected
        return None

    return check, expected


SIGN_SETTINGS = (
    declare("sign", "enabled", bool, True, "Run the sign service from run_kiosk.py."),
    declare(
        "sign",
        "port",
        str,
        "",
        "Serial port or pyserial URL of the sign; empty: simulated board.",
        (check_port, PORT_EXPECTED),
    ),
    declare("sign", "protocol", str, DEFAULT_PROTOCOL, "Sign protocol.", _protocol_name()),
    declare(
        "sign",
        "baudrate",
        int,
        9600,
        "Serial speed in baud.",
        one_of(1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200),
    ),
    declare("sign", "bytesize", int, 7, "Data bits.", one_of(7, 8)),
    declare("sign", "parity", str, "E", "Parity: N none, E even, O odd.", one_of("N", "E", "O")),
    declare("sign", "stopbits", int, 1, "Stop bits.", one_of(1, 2)),
    declare("sign", "rows", int, 7, "Board height in pixels (LED rows).", int_range(5, 255)),
    declare("sign", "columns", int, 80, "Board width in pixels (LED columns).", int_range(8, 4096)),
    declare("sign", "colours", int, 3, "Colours the board has: 1 (one colour) or 3.", one_of(1, 3)),
    declare(
        "sign",
        "text_mode",
        str,
        "ascii",
        "'ascii': the board's font draws transliterated text; 'bitmap' (boards of 16 rows or more):"
        " the PC renders Vietnamese into pixels.",
        one_of("ascii", "bitmap"),
    ),
    declare(
        "sign",
        "simulated_board",
        str,
        "preview",
        "The board simulated when port is empty: 'preview', 16 rows by 96 columns in bitmap mode"
        " (every Vietnamese mark shows); 'configured', the rows, columns, colours and text_mode"
        " above.",
        one_of("preview", "configured"),
    ),
    declare(
        "sign",
        "poll_seconds",
        float,
        0.5,
        "How often the sign service looks for changed messages.",
        float_range(0.1, 2),
    ),
    declare(
        "sign",
        "retry_max_seconds",
        float,
        60.0,
        "Longest wait between attempts to reopen a failed port; never more than 2 s, so a board"
        " is right within seconds of its link returning.",
        float_range(1, 3600),
    ),
    declare(
        "sign",
        "office_hours",
        str,
        "00:00-24:00",
        "Office hours 'HH:MM-HH:MM' (local time); outside them the board shows after_hours.",
        _schedule_rule(parse_hours, "'HH:MM-HH:MM' such as '07:00-17:00' (start before end)"),
    ),
    declare(
        "sign",
        "office_days",
        str,
        "1-7",
        "Office days: numbers 1 (Monday) to 7 (Sunday), ranges and commas, e.g. '1-5' or '1-6'.",
        _schedule_rule(parse_days, "day numbers 1 (Monday) to 7 (Sunday) such as '1-5' or '1-5,7'"),
    ),
    declare(
        "sign",
        "after_hours",
        str,
        "blank",
        "What the board shows outside office hours: 'blank' or 'default' (after_hours_text).",
        one_of("blank", "default"),
    ),
    declare(
        "sign",
        "after_hours_text",
        str,
        "",
        "Text shown outside office hours when after_hours = 'default'.",
    ),
    declare(
        "sign",
        "refresh_minutes",
        float,
        10.0,
        "Minutes between re-sends of the clock and text, so a board that lost its text comes back.",
        float_range(1, 1440),
    ),
    declare(
        "sign",
        "warn_after_minutes",
        float,
        5.0,
        "The admin's front page warns when a sign has been unreachable this many minutes.",
        float_range(0.5, 1440),
    ),
)

# The protocols' [sign.<name>] keys are registered by signage.protocols, imported above.
register(*SIGN_SETTINGS)
