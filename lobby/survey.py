"""The survey definition: the question and its rating levels, loaded from a TOML file."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from lobby.settings import ConfigError
from lobby.vntext import nfc

FACES = ("very_happy", "happy", "neutral", "unhappy", "very_unhappy")
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_KEY = re.compile(r"^[a-z0-9_]{1,40}$")


@dataclass(frozen=True)
class Level:
    """One rating button: stored key, label, colour, face and whether it counts as satisfied."""

    key: str
    label: str
    colour: str
    face: str
    satisfied: bool

    @property
    def rgb(self) -> tuple[int, int, int]:
        """Return the colour as an (r, g, b) tuple."""
        return tuple(int(self.colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


@dataclass(frozen=True)
class Survey:
    """A question with its rating levels, in the order the kiosk shows them left to right."""

    id: str
    question: str
    levels: tuple[Level, ...]

    def level(self, key: str) -> Level:
        """Return the level with this key (KeyError if none)."""
        for level in self.levels:
            if level.key == key:
                return level
        raise KeyError(key)


def load_survey(path: str | Path) -> Survey:
    """Read a survey definition; raise ConfigError naming the file and the field that is wrong."""
    source = Path(path)
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{source}: survey file not found ([kiosk] survey)") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: TOML syntax error: {exc}") from None
    return survey_from_dict(data, str(source))


def survey_from_dict(data: dict, where: str = "survey") -> Survey:
    """Validate a parsed survey definition and return it."""

    def need(table: dict, key: str, kind: type, label: str):
        value = table.get(key)
        if not isinstance(value, kind) or (isinstance(value, str) and not value.strip()):
            raise ConfigError(f"{where}: {label}{key}: expected {kind.__name__}, got {value!r}")
        return nfc(value) if isinstance(value, str) else value

    levels_data = data.get("levels")
    if not isinstance(levels_data, list) or not 2 <= len(levels_data) <= 7:
        raise ConfigError(f"{where}: levels: expected 2 to 7 [[levels]] tables")
    levels = []
    for number, table in enumerate(levels_data, start=1):
        label = f"levels #{number} "
        key = need(table, "key", str, label)
        if not _KEY.match(key):
            raise ConfigError(
                f"{where}: {label}key: expected lower-case letters, digits or _, got {key!r}"
            )
        colour = need(table, "colour", str, label)
        if not _COLOUR.match(colour):
            raise ConfigError(
                f"{where}: {label}colour: expected a colour like '#1B6B36', got {colour!r}"
            )
        face = need(table, "face", str, label)
        if face not in FACES:
            raise ConfigError(
                f"{where}: {label}face: expected one of {', '.join(FACES)}, got {face!r}"
            )
        levels.append(
            Level(
                key,
                need(table, "label", str, label),
                colour,
                face,
                bool(table.get("satisfied", False)),
            )
        )
    if len({level.key for level in levels}) != len(levels):
        raise ConfigError(f"{where}: levels: every level needs its own key")
    return Survey(need(data, "id", str, ""), need(data, "question", str, ""), tuple(levels))
