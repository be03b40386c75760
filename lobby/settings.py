"""Settings: one registry of every key in config.toml, with types, defaults, checks and help text.

The core's keys are in ``SETTINGS``; a part with keys of its own (the sign: signage/settings.py)
declares them with ``declare`` and passes them to ``register`` when imported; the modules listed in
``PLUGIN_MODULES`` are imported when a config is read, so importing this module loads none of them.
``all_settings()`` is the whole registry.

A broken file raises ConfigError whose message names the file, the key (or the line for a TOML
syntax error) and what was expected; entry points print it and exit with status 2.
"""

from __future__ import annotations

import importlib
import ipaddress
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


# A rule is a check with the phrase it answers on a bad value, as ``declare`` takes it.
Rule = tuple[Check, str]


def int_range(low: int, high: int) -> Rule:
    """Return the rule for a whole number from ``low`` to ``high``."""
    expected = f"a whole number from {low} to {high}"
    return (lambda v: None if low <= v <= high else expected), expected


def float_range(low: float, high: float) -> Rule:
    """Return the rule for a number from ``low`` to ``high``."""
    expected = f"a number from {low:g} to {high:g}"
    return (lambda v: None if low <= v <= high else expected), expected


def one_of(*choices: Any) -> Rule:
    """Return the rule for a value among ``choices``."""
    expected = "one of " + ", ".join(repr(c) for c in choices)
    return (lambda v: None if v in choices else expected), expected


def non_empty() -> Rule:
    """Return the rule for a text that is not blank."""
    expected = "a non-empty text"
    return (lambda v: None if v.strip() else expected), expected


def _regex() -> Rule:
    """Return the rule for a regular expression Python can compile."""
    expected = "a regular expression (Python re syntax)"

    def check(value: str) -> str | None:
        try:
            re.compile(value)
        except re.error as exc:
            return f"{expected}: {exc}"
        return None if value.strip() else expected

    return check, expected


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


def _office_rule(kind: str) -> Rule:
    """Return the rule of [office] working_hours ("hours") or working_days ("days")."""
    from lobby import office_hours

    if kind == "hours":
        return office_hours.check_hours, office_hours.HOURS_EXPECTED
    return office_hours.check_days, office_hours.DAYS_EXPECTED


def declare(
    section: str, key: str, type_: type, default: Any, help_: str, rule: Rule | None = None
) -> Setting:
    """Return a Setting; ``rule`` is (check, expected) as the rule functions above return."""
    check, expected = rule if rule else (None, "")
    return Setting(section, key, type_, default, help_, check, expected)


# The core's table below is written with these short names.
_s = declare
_int_range, _float_range, _one_of, _non_empty = int_range, float_range, one_of, non_empty
_PROXY_HEADERS = frozenset(
    {"x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port", "forwarded"}
)


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


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
        "office",
        "working_hours",
        str,
        "07:00-17:00",
        "Office working hours 'HH:MM-HH:MM' (local time): silent devices are reported only then.",
        _office_rule("hours"),
    ),
    _s(
        "office",
        "working_days",
        str,
        "1-5",
        "Working days: numbers 1 (Monday) to 7 (Sunday), ranges and commas, e.g. '1-5' or '1-6'."
        " Case due dates count these days.",
        _office_rule("days"),
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
        "Id of this kiosk, different on every kiosk; empty: generated once and kept in"
        " kiosk-device-id beside the journal (a new one on another PC).",
    ),
    _s(
        "kiosk",
        "machine_root",
        str,
        "/",
        "Folder whose etc/machine-id and sys/class/net identify this PC, so a copied disk gets"
        " a new kiosk id; relative to this file.",
        _non_empty(),
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
        "dossier_pattern",
        str,
        r"[0-9A-Z]+(\.[0-9A-Z]+)*-[0-9]{6}-[0-9]{3,6}|[0-9]{4,30}",
        "Pattern of the office's dossier codes (Python regular expression, matched whole, upper"
        " case): a code typed or scanned that does not match is refused with a message.",
        _regex(),
    ),
    _s(
        "kiosk",
        "callback_days",
        int,
        2,
        "Working days within which the office calls back a visitor who left a phone number:"
        " the thank-you screen says so.",
        _int_range(1, 30),
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
    _s(
        "kiosk",
        "save_timeout_seconds",
        float,
        1.0,
        "Longest the visitor waits on the saving screen for the store: then the visit goes to the"
        " local journal (replayed into the store later) and the visitor is thanked.",
        _float_range(0.1, 30),
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
        "trusted_proxy",
        str,
        "",
        "Address of the TLS reverse proxy whose X-Forwarded-* headers are believed (e.g."
        " 127.0.0.1); empty: none, the headers are ignored.",
        (
            lambda v: None if v == "" or _is_ip(v) else "an IP address",
            'an empty text or the proxy\'s IP address, e.g. "127.0.0.1"',
        ),
    ),
    _s(
        "admin",
        "trusted_proxy_count",
        int,
        1,
        "How many proxies in a row stand before the admin (the last of them is trusted_proxy).",
        _int_range(1, 5),
    ),
    _s(
        "admin",
        "trusted_proxy_headers",
        str,
        "x-forwarded-for x-forwarded-proto x-forwarded-host",
        "Which of the trusted proxy's headers are believed, separated by spaces.",
        (
            lambda v: (
                None
                if v.split() and set(v.lower().split()) <= _PROXY_HEADERS
                else "proxy header names"
            ),
            "names among " + " ".join(sorted(_PROXY_HEADERS)),
        ),
    ),
    _s(
        "admin",
        "setup_link_hours",
        float,
        24.0,
        "Hours the one-time setup link printed at start stays usable; a new one is printed at the"
        " next start.",
        _float_range(0.25, 720),
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
    _s(
        "cases",
        "due_working_days",
        int,
        5,
        "Working days a follow-up case has from its visit before it is shown as overdue.",
        _int_range(1, 60),
    ),
    _s(
        "letters",
        "separate_approver",
        bool,
        True,
        "A letter is approved by someone other than the accounts that wrote or changed it.",
    ),
    _s(
        "backup",
        "folder",
        str,
        "var/backups",
        "Folder of the store's backups (python -m admin_web backup); relative to this file.",
        _non_empty(),
    ),
    _s(
        "backup",
        "keep",
        int,
        14,
        "How many of the newest backups the backup folder keeps; older ones are deleted.",
        _int_range(1, 3650),
    ),
    _s(
        "services",
        "health_timeout_seconds",
        float,
        15.0,
        "run_kiosk.py kills and restarts the sign service or the admin web when it has given no"
        " sign of life for this long (a hung process).",
        _float_range(2, 600),
    ),
    _s(
        "services",
        "stable_seconds",
        float,
        30.0,
        "A service that ran this long counts as started well: its restart delay starts again"
        " from 1 s.",
        _float_range(5, 3600),
    ),
    _s(
        "services",
        "restart_max_seconds",
        float,
        60.0,
        "Longest wait between restarts of a service that keeps stopping soon after it starts.",
        _float_range(1, 3600),
    ),
)

# Parts outside the core that declare their own keys: each module calls ``register`` when
# imported, which ``all_settings`` does only when a config is read, so importing this module
# loads no part's code (the sign's brings pyserial and its protocols).
PLUGIN_MODULES: tuple[str, ...] = ("signage.settings", "lobby.central_settings")

_registered: dict[tuple[str, str], Setting] = {}
# Checks across keys (one key needs another): each takes the values by section and key and
# returns None, or the message naming the key and what was expected.
CrossCheck = Callable[[dict[str, dict[str, Any]]], str | None]
_cross_checks: list[CrossCheck] = []


def register(*settings: Setting) -> None:
    """Add a part's settings to the registry; a key declared twice raises ValueError."""
    core = {(s.section, s.key) for s in SETTINGS}
    for setting in settings:
        where = (setting.section, setting.key)
        if where in core or where in _registered:
            raise ValueError(f"{setting.dotted} is declared twice in the settings registry")
        _registered[where] = setting


def register_check(check: CrossCheck) -> None:
    """Add a check across keys, run on every config after each key's own checks."""
    if check not in _cross_checks:
        _cross_checks.append(check)


def all_settings() -> tuple[Setting, ...]:
    """Return every key: the core's, then those the modules in ``PLUGIN_MODULES`` register."""
    for name in PLUGIN_MODULES:
        importlib.import_module(name)
    return SETTINGS + tuple(_registered.values())


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
        # Tables before their sub-tables ([sign] before [sign.alpha]), whatever registered first.
        for section, keys in sorted(values.items(), key=lambda item: item[0].count(".")):
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


def _check_unknown(data: dict[str, Any], where: str, registry: tuple[Setting, ...]) -> None:
    sections = {s.section for s in registry}
    keys = {(s.section, s.key) for s in registry}
    for name, table in data.items():
        if name not in sections:
            known = ", ".join(sorted(f"[{s}]" for s in sections))
            raise ConfigError(f"{where}: unknown section [{name}]; expected one of {known}")
        if not isinstance(table, dict):
            raise ConfigError(
                f"{where}: [{name}] must be a table (a [{name}] heading), got {table!r}"
            )
        for key, value in table.items():
            full = f"{name}.{key}"
            if full in sections:
                if not isinstance(value, dict):
                    raise ConfigError(f"{where}: [{full}] must be a table, got {value!r}")
                for sub_key in value:
                    if (full, sub_key) not in keys:
                        raise ConfigError(_unknown_key_message(where, full, sub_key, registry))
            elif (name, key) not in keys:
                raise ConfigError(_unknown_key_message(where, name, key, registry))


def _unknown_key_message(where: str, section: str, key: str, registry: tuple[Setting, ...]) -> str:
    known = ", ".join(s.key for s in registry if s.section == section)
    return f"{where}: [{section}] {key}: unknown key; expected one of {known}"


def settings_from_dict(
    data: dict[str, Any], source: Path | None = None, base_dir: Path | None = None
) -> Settings:
    """Validate a parsed config (as from tomllib) and return Settings (ConfigError if broken)."""
    where = str(source) if source else "settings"
    registry = all_settings()
    _check_unknown(data, where, registry)
    values: dict[str, dict[str, Any]] = {}
    for setting in registry:
        table = _section_table(data, setting.section)
        value = (
            table.get(setting.key, setting.default) if isinstance(table, dict) else setting.default
        )
        values.setdefault(setting.section, {})[setting.key] = _coerce(setting, value, where)
    for check in _cross_checks:
        problem = check(values)
        if problem:
            raise ConfigError(f"{where}: {problem}")
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
