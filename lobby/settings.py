"""Settings: one registry of every key in config.toml, with types, defaults, checks and help text.

A broken file raises ConfigError whose message names the file, the key (or the line for a TOML
syntax error) and what was expected; entry points print it and exit with status 2.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_CONFIG_PATH = "config.toml"
CONFIG_EXIT_STATUS = 2


class ConfigError(Exception):
    """A configuration file that cannot be used; the message speaks to its author."""


# A check returns None for an acceptable value, else a phrase saying what was expected.
Check = Callable[[Any], str | None]


@dataclass(frozen=True)
class Setting:
    """One key of config.toml: where it lives, its type, default and what it means."""

    section: str
    key: str
    type: type
    default: Any
    help: str
    check: Check | None = None
    expected: str = ""

    @property
    def dotted(self) -> str:
        """Return the key as '[section] key', the way error messages name it."""
        return f"[{self.section}] {self.key}"


def _int_range(low: int, high: int) -> tuple[Check, str]:
    expected = f"a whole number from {low} to {high}"
    return (lambda v: None if low <= v <= high else expected), expected


def _float_range(low: float, high: float) -> tuple[Check, str]:
    expected = f"a number from {low:g} to {high:g}"
    return (lambda v: None if low <= v <= high else expected), expected


def _one_of(*choices: Any) -> tuple[Check, str]:
    expected = "one of " + ", ".join(repr(c) for c in choices)
    return (lambda v: None if v in choices else expected), expected


def _non_empty() -> tuple[Check, str]:
    expected = "a non-empty text"
    return (lambda v: None if v.strip() else expected), expected


def _time_zone() -> tuple[Check, str]:
    expected = "an IANA time zone name such as 'Asia/Ho_Chi_Minh'"

    def check(value: str) -> str | None:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            return expected
        return None

    return check, expected


def _store_url() -> tuple[Check, str]:
    expected = (
        "an SQLAlchemy URL such as 'sqlite:///var/lobby.db' or 'postgresql+psycopg://user@host/db'"
    )

    def check(value: str) -> str | None:
        # The scheme only, by SQLAlchemy's own URL pattern: importing SQLAlchemy to parse it
        # costs a quarter second before the kiosk's first frame. Store.open reports the rest.
        match = re.match(r"([\w]+)(?:\+[\w]+)?://", value)
        if match is None:
            return expected
        if match[1] not in ("sqlite", "postgresql"):
            return expected + " (only SQLite and PostgreSQL are supported)"
        return None

    return check, expected


def check_sign_port(value: str) -> str | None:
    """Return None if ``value`` is a port pyserial can open (or empty), else what was expected."""
    from signage.transport import check_port

    return check_port(value)


def _sign_port() -> tuple[Check, str]:
    from signage.transport import PORT_EXPECTED

    return check_sign_port, PORT_EXPECTED


def _protocol_name() -> tuple[Check, str]:
    expected = "the name of a sign protocol (signage/protocols/)"

    def check(value: str) -> str | None:
        from signage.protocols import PROTOCOLS

        names = ", ".join(repr(name) for name in sorted(PROTOCOLS))
        return None if value in PROTOCOLS else f"the name of a sign protocol: {names}"

    return check, expected


def _protocol_settings() -> tuple[Setting, ...]:
    """Collect the ``[sign.<protocol>]`` options each sign protocol module declares."""
    from signage.protocols import protocol_settings

    return tuple(
        Setting(section, o.name, o.type, o.default, o.help, o.check, o.expected)
        for section, o in protocol_settings()
    )


def _schedule_rule(key: str) -> tuple[Check, str]:
    expected = {
        "office_hours": "'HH:MM-HH:MM' such as '07:00-17:00' (start before end)",
        "office_days": "day numbers 1 (Monday) to 7 (Sunday) such as '1-5' or '1-5,7'",
    }[key]

    def check(value: str) -> str | None:
        from signage.schedule import parse_days, parse_hours

        try:
            (parse_hours if key == "office_hours" else parse_days)(value)
        except ValueError:
            return expected
        return None

    return check, expected


def _s(section: str, key: str, type_: type, default: Any, help_: str, rule=None) -> Setting:
    check, expected = rule if rule else (None, "")
    return Setting(section, key, type_, default, help_, check, expected)


SETTINGS: tuple[Setting, ...] = (
    _s(
        "office",
        "name",
        str,
        "SỞ NỘI VỤ",
        "Office name shown on the kiosk's attract screen.",
        _non_empty(),
    ),
    _s("office", "parent", str, "UBND TỈNH", "Parent authority shown above the office name."),
    _s(
        "office",
        "timezone",
        str,
        "Asia/Ho_Chi_Minh",
        "Time zone for dates shown to people.",
        _time_zone(),
    ),
    _s(
        "store",
        "url",
        str,
        "sqlite:///var/lobby.db",
        "SQLAlchemy URL of the store; a relative SQLite path is relative to this file.",
        _store_url(),
    ),
    _s(
        "kiosk",
        "device_id",
        str,
        "",
        "Id of this kiosk in forwarded responses; empty: generated once, kept in the store.",
    ),
    _s(
        "kiosk",
        "survey",
        str,
        "assets/survey.toml",
        "Survey definition (question and rating levels); relative to this file.",
        _non_empty(),
    ),
    _s(
        "kiosk",
        "fullscreen",
        bool,
        True,
        "Run the kiosk full screen (run_kiosk.py --windowed overrides).",
    ),
    _s(
        "kiosk",
        "width",
        int,
        1280,
        "Window width in pixels when not full screen.",
        _int_range(320, 7680),
    ),
    _s(
        "kiosk",
        "height",
        int,
        800,
        "Window height in pixels when not full screen.",
        _int_range(240, 4320),
    ),
    _s(
        "kiosk",
        "idle_seconds",
        float,
        30.0,
        "Seconds without input on the rating screen before it returns to the attract screen.",
        _float_range(5, 600),
    ),
    _s(
        "kiosk",
        "thanks_seconds",
        float,
        4.0,
        "Seconds the thank-you screen stays up.",
        _float_range(1, 30),
    ),
    _s("kiosk", "fps", int, 30, "Frames per second the kiosk draws.", _int_range(5, 120)),
    _s(
        "kiosk",
        "screen_diagonal_inches",
        float,
        21.5,
        "Diagonal of the kiosk's screen in inches: text sizes are set in millimetres from it.",
        _float_range(7, 100),
    ),
    _s(
        "kiosk",
        "theme",
        str,
        "standard",
        "Look of the kiosk: 'standard', 'large_text' (text about a third larger) or"
        " 'high_contrast' (black background, white and yellow text, strong outlines).",
        _one_of("standard", "large_text", "high_contrast"),
    ),
    _s(
        "kiosk",
        "keypad",
        bool,
        False,
        "A USB number pad or big-button box is attached: the screens show which key does what.",
    ),
    _s("kiosk", "speech", bool, False, "Speak the prompts in Vietnamese (needs espeak-ng)."),
    _s(
        "kiosk",
        "speech_volume",
        int,
        100,
        "Loudness of the spoken prompts (espeak-ng's amplitude, 0 to 200).",
        _int_range(0, 200),
    ),
    _s(
        "kiosk",
        "journal",
        str,
        "var/kiosk-journal.jsonl",
        "Local fsync'd journal of visits the store could not take yet; relative to this file.",
        _non_empty(),
    ),
    _s(
        "kiosk",
        "repeat_interval_seconds",
        float,
        5.0,
        "Visits from this kiosk closer than this are kept but flagged as repeated presses and"
        " excluded from results by default.",
        _float_range(0, 600),
    ),
    _s("sign", "enabled", bool, True, "Run the sign service from run_kiosk.py."),
    _s(
        "sign",
        "port",
        str,
        "",
        "Serial port or pyserial URL of the sign; empty: simulated board.",
        _sign_port(),
    ),
    _s("sign", "protocol", str, "alpha", "Sign protocol.", _protocol_name()),
    _s(
        "sign",
        "baudrate",
        int,
        9600,
        "Serial speed in baud.",
        _one_of(1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200),
    ),
    _s("sign", "bytesize", int, 7, "Data bits.", _one_of(7, 8)),
    _s("sign", "parity", str, "E", "Parity: N none, E even, O odd.", _one_of("N", "E", "O")),
    _s("sign", "stopbits", int, 1, "Stop bits.", _one_of(1, 2)),
    _s("sign", "rows", int, 7, "Board height in pixels (LED rows).", _int_range(5, 255)),
    _s("sign", "columns", int, 80, "Board width in pixels (LED columns).", _int_range(8, 4096)),
    _s("sign", "colours", int, 3, "Colours the board has: 1 (one colour) or 3.", _one_of(1, 3)),
    _s(
        "sign",
        "text_mode",
        str,
        "ascii",
        "'ascii': the board's font draws transliterated text; 'bitmap' (boards of 16 rows or more):"
        " the PC renders Vietnamese into pixels.",
        _one_of("ascii", "bitmap"),
    ),
    _s(
        "sign",
        "poll_seconds",
        float,
        0.5,
        "How often the sign service looks for changed messages.",
        _float_range(0.1, 2),
    ),
    _s(
        "sign",
        "retry_max_seconds",
        float,
        60.0,
        "Longest wait between attempts to reopen a failed port.",
        _float_range(1, 3600),
    ),
    _s(
        "sign",
        "office_hours",
        str,
        "00:00-24:00",
        "Office hours 'HH:MM-HH:MM' (local time); outside them the board shows after_hours.",
        _schedule_rule("office_hours"),
    ),
    _s(
        "sign",
        "office_days",
        str,
        "1-7",
        "Office days: numbers 1 (Monday) to 7 (Sunday), ranges and commas, e.g. '1-5' or '1-6'.",
        _schedule_rule("office_days"),
    ),
    _s(
        "sign",
        "after_hours",
        str,
        "blank",
        "What the board shows outside office hours: 'blank' or 'default' (after_hours_text).",
        _one_of("blank", "default"),
    ),
    _s(
        "sign",
        "after_hours_text",
        str,
        "",
        "Text shown outside office hours when after_hours = 'default'.",
    ),
    _s(
        "sign",
        "refresh_minutes",
        float,
        10.0,
        "Minutes between re-sends of the clock and text, so a board that lost its text comes back.",
        _float_range(1, 1440),
    ),
    _s(
        "sign",
        "warn_after_minutes",
        float,
        5.0,
        "The admin's front page warns when a sign has been unreachable this many minutes.",
        _float_range(0.5, 1440),
    ),
    _s("admin", "enabled", bool, True, "Serve the admin web from run_kiosk.py."),
    _s("admin", "host", str, "127.0.0.1", "Address the admin web listens on.", _non_empty()),
    _s("admin", "port", int, 8080, "TCP port of the admin web.", _int_range(1, 65535)),
    _s(
        "admin",
        "secret_key_file",
        str,
        "var/admin_secret_key",
        "File holding the session signing key; generated on first start; relative to this file.",
        _non_empty(),
    ),
    _s("admin", "session_hours", float, 8.0, "Hours a login stays valid.", _float_range(0.25, 168)),
    _s(
        "admin",
        "idle_minutes",
        float,
        30.0,
        "Minutes without any page opened after which a login ends.",
        _float_range(1, 1440),
    ),
    _s(
        "admin",
        "public_url",
        str,
        "",
        "Address staff open behind a TLS reverse proxy; https:// makes cookies Secure.",
        (
            lambda v: None if v == "" or v.startswith(("http://", "https://")) else "a URL",
            "an empty text or a URL starting with https:// (or http://)",
        ),
    ),
    _s(
        "admin",
        "device_silent_minutes",
        float,
        30.0,
        "The admin's front page warns when a kiosk or sign seen before has been silent this long.",
        _float_range(1, 10080),
    ),
    _s(
        "watchlist",
        "rate_threshold",
        float,
        70.0,
        "Officials and units whose satisfaction rate (%) in a period is under this are flagged.",
        _float_range(0, 100),
    ),
    _s(
        "watchlist",
        "index_threshold",
        float,
        60.0,
        "Officials and units whose 0-100 index in a period is under this are flagged.",
        _float_range(0, 100),
    ),
    _s(
        "watchlist",
        "min_visits",
        int,
        20,
        "Only officials and units with at least this many visits in the period can be flagged.",
        _int_range(1, 1000000),
    ),
    _s(
        "cases",
        "phone_retention_days",
        int,
        90,
        "Days a call-back phone number is kept; older ones are erased from visits and cases.",
        _int_range(1, 3650),
    ),
)

# Sign protocols declare their own [sign.<name>] keys (signage/protocols/).
SETTINGS = SETTINGS + _protocol_settings()

_SECTIONS = {s.section for s in SETTINGS}


class Section:
    """The settings of one section, as attributes (``settings.sign.port``)."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)

    def __repr__(self) -> str:
        return f"Section({self.__dict__!r})"


class Settings:
    """Validated settings; ``base_dir`` is the folder relative paths are resolved against."""

    def __init__(
        self, values: dict[str, dict[str, Any]], source: Path | None, base_dir: Path
    ) -> None:
        self.source = source
        self.base_dir = base_dir
        for section, keys in values.items():
            head, _, tail = section.partition(".")
            if tail:
                getattr(self, head).__dict__[tail] = Section(keys)
            else:
                setattr(self, section, Section(keys))

    def path(self, relative: str) -> Path:
        """Resolve a path from the config file against the config file's folder."""
        candidate = Path(relative).expanduser()
        return candidate if candidate.is_absolute() else self.base_dir / candidate

    @property
    def store_url(self) -> str:
        """Return the store URL with a relative SQLite path made absolute against ``base_dir``."""
        from sqlalchemy.engine import make_url

        url = make_url(self.store.url)
        if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
            url = url.set(database=str(self.path(url.database)))
        return url.render_as_string(hide_password=False)


def _type_name(type_: type) -> str:
    return {
        str: "a text in quotes",
        int: "a whole number",
        float: "a number",
        bool: "true or false",
    }[type_]


def _coerce(setting: Setting, value: Any, where: str) -> Any:
    if setting.type is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if setting.type is int and isinstance(value, bool):
        value = "bool"  # TOML booleans are not numbers here
    if not isinstance(value, setting.type):
        raise ConfigError(
            f"{where}: {setting.dotted}: expected {_type_name(setting.type)}, got {value!r}"
        )
    if setting.check:
        problem = setting.check(value)
        if problem:
            raise ConfigError(f"{where}: {setting.dotted}: expected {problem}, got {value!r}")
    return value


def _section_table(data: dict[str, Any], section: str) -> Any:
    table: Any = data
    for part in section.split("."):
        if not isinstance(table, dict):
            return None
        table = table.get(part, {})
    return table


def _check_unknown(data: dict[str, Any], where: str) -> None:
    for name, table in data.items():
        if name not in _SECTIONS:
            known = ", ".join(sorted(f"[{s}]" for s in _SECTIONS))
            raise ConfigError(f"{where}: unknown section [{name}]; expected one of {known}")
        if not isinstance(table, dict):
            raise ConfigError(
                f"{where}: [{name}] must be a table (a [{name}] heading), got {table!r}"
            )
        for key, value in table.items():
            full = f"{name}.{key}"
            if full in _SECTIONS:
                if not isinstance(value, dict):
                    raise ConfigError(f"{where}: [{full}] must be a table, got {value!r}")
                for sub_key in value:
                    if not any(s.section == full and s.key == sub_key for s in SETTINGS):
                        raise ConfigError(_unknown_key_message(where, full, sub_key))
            elif not any(s.section == name and s.key == key for s in SETTINGS):
                raise ConfigError(_unknown_key_message(where, name, key))


def _unknown_key_message(where: str, section: str, key: str) -> str:
    known = ", ".join(s.key for s in SETTINGS if s.section == section)
    return f"{where}: [{section}] {key}: unknown key; expected one of {known}"


def settings_from_dict(
    data: dict[str, Any], source: Path | None = None, base_dir: Path | None = None
) -> Settings:
    """Validate a parsed config (as from tomllib) and return Settings (ConfigError if broken)."""
    where = str(source) if source else "settings"
    _check_unknown(data, where)
    values: dict[str, dict[str, Any]] = {}
    for setting in SETTINGS:
        table = _section_table(data, setting.section)
        value = (
            table.get(setting.key, setting.default) if isinstance(table, dict) else setting.default
        )
        values.setdefault(setting.section, {})[setting.key] = _coerce(setting, value, where)
    if base_dir is None:
        base_dir = source.resolve().parent if source else Path.cwd()
    return Settings(values, source, base_dir)


def load_settings(path: str | Path = DEFAULT_CONFIG_PATH) -> Settings:
    """Read and validate a config.toml; raise ConfigError naming file, key and what was expected."""
    source = Path(path)
    try:
        raw = source.read_bytes()
    except FileNotFoundError:
        raise ConfigError(
            f"{source}: file not found (pass --config PATH to use another file)"
        ) from None
    except OSError as exc:
        raise ConfigError(f"{source}: cannot be read: {exc.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{source}: not UTF-8 text; save the file as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: {_describe_syntax_error(exc)}") from None
    return settings_from_dict(data, source)


def _describe_syntax_error(exc: tomllib.TOMLDecodeError) -> str:
    message = str(exc)
    match = re.search(r"\(at line (\d+), column (\d+)\)", message)
    if match:
        reason = message[: match.start()].strip()
        return f"line {match.group(1)}, column {match.group(2)}: TOML syntax error: {reason}"
    return f"TOML syntax error: {message}"
