"""The survey definition: questions, rating levels and opt-in visit steps, from a TOML file.

Two formats are read: the current one (``[[questions]]`` with their ``levels``, optional steps and
``[followup]``), and the first one (top-level ``question`` plus ``[[levels]]``), which becomes one
question with key ``overall`` (the key the store's migration gives old responses).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from lobby.settings import ConfigError
from lobby.vntext import nfc

FACES = ("very_happy", "happy", "neutral", "unhappy", "very_unhappy")
OVERALL = "overall"
# The stored answer of a visitor who said a question does not apply to the visit.
NOT_APPLICABLE_KEY = "khong_ap_dung"
NOT_APPLICABLE_LABEL = nfc("Không áp dụng")
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_KEY = re.compile(r"^[a-z0-9_]{1,40}$")
_SURVEY_ID = re.compile(r"^[a-z0-9_-]{1,60}$")
DEFAULT_APOLOGY = nfc(
    "Chúng tôi thành thật xin lỗi Ông/Bà vì sự chưa hài lòng này. "
    "Cơ quan sẽ xem xét và sửa chữa thiếu sót."
)


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
class Question:
    """One question with its scale, levels in the order shown (left to right)."""

    key: str
    text: str
    levels: tuple[Level, ...]
    # The visitor may answer "Không áp dụng" (kept with the visit, left out of every rate).
    not_applicable: bool = False

    def level(self, key: str) -> Level:
        """Return the level with this key (KeyError if none)."""
        for level in self.levels:
            if level.key == key:
                return level
        raise KeyError(key)


@dataclass(frozen=True)
class Reason:
    """A follow-up reason a visitor may pick after a low rating."""

    key: str
    label: str


@dataclass(frozen=True)
class Followup:
    """What the kiosk asks after a low overall rating; off unless ``enabled``."""

    enabled: bool = False
    low_levels: tuple[str, ...] = ()
    reasons: tuple[Reason, ...] = ()
    apology: str = DEFAULT_APOLOGY
    callback: bool = False
    comment: bool = False


@dataclass(frozen=True)
class Survey:
    """A survey: its key, questions (the first is the overall one) and which steps are asked."""

    id: str
    questions: tuple[Question, ...]
    ask_official: bool = False
    ask_counter: bool = False
    ask_dossier: bool = False
    followup: Followup = field(default_factory=Followup)
    # The questions after the first are asked only after a low first answer.
    rest_after_low: bool = False
    # The first question's rating buttons are on the idle screen itself: one tap rates.
    rate_on_idle: bool = False

    @property
    def overall(self) -> Question:
        """Return the overall question (the first one)."""
        return self.questions[0]

    @property
    def question(self) -> str:
        """Return the overall question's text."""
        return self.overall.text

    @property
    def levels(self) -> tuple[Level, ...]:
        """Return the overall question's levels."""
        return self.overall.levels

    def level(self, key: str) -> Level:
        """Return the overall question's level with this key (KeyError if none)."""
        return self.overall.level(key)

    def is_low(self, level_key: str) -> bool:
        """Tell whether this overall level opens the follow-up (only when follow-up is on)."""
        return self.followup.enabled and level_key in self.followup.low_levels


def load_survey(path: str | Path) -> Survey:
    """Read a survey definition; raise ConfigError naming the file and the field that is wrong."""
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{source}: survey file not found ([kiosk] survey)") from None
    return survey_from_text(text, str(source))


def survey_from_text(text: str, where: str = "survey") -> Survey:
    """Parse and validate a survey definition given as TOML text."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where}: TOML syntax error: {exc}") from None
    return survey_from_dict(data, where)


def control_characters(value: str, newlines: bool = False) -> list[str]:
    """Return the control characters in ``value`` as "U+0000" codes, in order, each once; a
    newline is allowed when ``newlines`` (a text of several lines)."""
    found = []
    for ch in value:
        if unicodedata.category(ch) == "Cc" and not (newlines and ch == "\n"):
            code = f"U+{ord(ch):04X}"
            if code not in found:
                found.append(code)
    return found


class _Reader:
    """Validation helpers that name the file and the field in every error."""

    def __init__(self, where: str) -> None:
        self.where = where

    def fail(self, field_name: str, expected: str, value) -> ConfigError:
        return ConfigError(f"{self.where}: {field_name}: expected {expected}, got {value!r}")

    def text(
        self,
        table: dict,
        key: str,
        label: str,
        default: str | None = None,
        newlines: bool = False,
    ) -> str:
        value = table.get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{label}{key}", "non-empty text", value)
        controls = control_characters(value.strip(), newlines)
        if controls:
            expected = f"text without control characters (found {', '.join(controls)})"
            raise self.fail(f"{label}{key}", expected, value)
        return nfc(value.strip())

    def flag(self, table: dict, key: str, label: str) -> bool:
        value = table.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(f"{label}{key}", "true or false", value)
        return value

    def key(self, table: dict, key: str, label: str) -> str:
        value = self.text(table, key, label)
        if not _KEY.match(value):
            raise self.fail(f"{label}{key}", "lower-case letters, digits or _", value)
        return value

    def table_list(self, data: dict, key: str, label: str) -> list[dict]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
            raise self.fail(f"{label}{key}", f"a list of [[{key}]] tables", value)
        return value

    def levels(self, levels_data, label: str, most: int) -> tuple[Level, ...]:
        if not isinstance(levels_data, list) or not 2 <= len(levels_data) <= most:
            raise ConfigError(f"{self.where}: {label}levels: expected 2 to {most} levels")
        levels = []
        for number, table in enumerate(levels_data, start=1):
            where = f"{label}levels #{number} "
            if not isinstance(table, dict):
                raise self.fail(where.strip(), "a table", table)
            key = self.key(table, "key", where)
            colour = self.text(table, "colour", where)
            if not _COLOUR.match(colour):
                raise self.fail(f"{where}colour", "a colour like '#1B6B36'", colour)
            face = self.text(table, "face", where)
            if face not in FACES:
                raise self.fail(f"{where}face", f"one of {', '.join(FACES)}", face)
            satisfied = self.flag(table, "satisfied", where)
            levels.append(Level(key, self.text(table, "label", where), colour, face, satisfied))
        if len({level.key for level in levels}) != len(levels):
            raise ConfigError(f"{self.where}: {label}levels: every level needs its own key")
        return tuple(levels)


def _questions(read: _Reader, data: dict) -> tuple[Question, ...]:
    if "questions" not in data:
        # The first format: one question and its levels at the top level.
        text = read.text(data, "question", "")
        return (Question(OVERALL, text, read.levels(data.get("levels"), "", 7)),)
    if "question" in data or "levels" in data:
        raise ConfigError(
            f"{read.where}: question/levels: use either [[questions]] or the old top-level"
            " question and [[levels]], not both"
        )
    tables = read.table_list(data, "questions", "")
    if not tables:
        raise ConfigError(f"{read.where}: questions: expected at least one [[questions]] table")
    questions = []
    for number, table in enumerate(tables, start=1):
        label = f"questions #{number} "
        not_applicable = read.flag(table, "not_applicable", label)
        if not_applicable and number == 1:
            raise read.fail(f"{label}not_applicable", "false on the first (overall) question", True)
        questions.append(
            Question(
                read.key(table, "key", label),
                read.text(table, "text", label, newlines=True),
                read.levels(table.get("levels"), label, 5),
                not_applicable,
            )
        )
    if len({q.key for q in questions}) != len(questions):
        raise ConfigError(f"{read.where}: questions: every question needs its own key")
    return tuple(questions)


def _followup(read: _Reader, data: dict, overall: Question) -> Followup:
    table = data.get("followup", {})
    if not isinstance(table, dict):
        raise read.fail("followup", "a [followup] table", table)
    label = "followup."
    if "low_levels" in table:
        low = table["low_levels"]
        keys = {level.key for level in overall.levels}
        if not isinstance(low, list) or not all(isinstance(k, str) and k in keys for k in low):
            raise read.fail(f"{label}low_levels", f"level keys of the first question {keys}", low)
        low_levels = tuple(low)
    else:
        low_levels = tuple(level.key for level in overall.levels if not level.satisfied)
    reasons = []
    for number, reason in enumerate(read.table_list(table, "reasons", label), start=1):
        where = f"{label}reasons #{number} "
        reasons.append(Reason(read.key(reason, "key", where), read.text(reason, "label", where)))
    if len({r.key for r in reasons}) != len(reasons):
        raise ConfigError(f"{read.where}: {label}reasons: every reason needs its own key")
    return Followup(
        enabled=read.flag(table, "enabled", label),
        low_levels=low_levels,
        reasons=tuple(reasons),
        apology=read.text(table, "apology", label, DEFAULT_APOLOGY, newlines=True),
        callback=read.flag(table, "callback", label),
        comment=read.flag(table, "comment", label),
    )


def survey_from_dict(data: dict, where: str = "survey") -> Survey:
    """Validate a parsed survey definition and return it."""
    read = _Reader(where)
    survey_id = read.text(data, "id", "")
    if not _SURVEY_ID.match(survey_id):
        raise read.fail("id", "lower-case letters, digits, - or _", survey_id)
    questions = _questions(read, data)
    return Survey(
        id=survey_id,
        questions=questions,
        ask_official=read.flag(data, "ask_official", ""),
        ask_counter=read.flag(data, "ask_counter", ""),
        ask_dossier=read.flag(data, "ask_dossier", ""),
        followup=_followup(read, data, questions[0]),
        rest_after_low=read.flag(data, "rest_after_low", ""),
        rate_on_idle=read.flag(data, "rate_on_idle", ""),
    )


_TOML_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n"}


def _toml_text(value: str) -> str:
    # Any other control character is written as an escape: TOML allows none raw in a string.
    escaped = (
        _TOML_ESCAPES.get(ch) or (f"\\u{ord(ch):04X}" if unicodedata.category(ch) == "Cc" else ch)
        for ch in value
    )
    return '"' + "".join(escaped) + '"'


def survey_to_toml(survey: Survey) -> str:
    """Write ``survey`` as TOML in the current format (``survey_from_text`` reads it back)."""
    lines = [
        f"id = {_toml_text(survey.id)}",
        f"ask_official = {str(survey.ask_official).lower()}",
        f"ask_counter = {str(survey.ask_counter).lower()}",
        f"ask_dossier = {str(survey.ask_dossier).lower()}",
        f"rest_after_low = {str(survey.rest_after_low).lower()}",
        f"rate_on_idle = {str(survey.rate_on_idle).lower()}",
    ]
    for question in survey.questions:
        lines += ["", "[[questions]]", f"key = {_toml_text(question.key)}"]
        lines.append(f"text = {_toml_text(question.text)}")
        if question.not_applicable:
            lines.append("not_applicable = true")
        for level in question.levels:
            lines += [
                "",
                "[[questions.levels]]",
                f"key = {_toml_text(level.key)}",
                f"label = {_toml_text(level.label)}",
                f"colour = {_toml_text(level.colour)}",
                f"face = {_toml_text(level.face)}",
                f"satisfied = {str(level.satisfied).lower()}",
            ]
    f = survey.followup
    reasons = ", ".join(
        f"{{ key = {_toml_text(r.key)}, label = {_toml_text(r.label)} }}" for r in f.reasons
    )
    lines += [
        "",
        "[followup]",
        f"enabled = {str(f.enabled).lower()}",
        f"low_levels = [{', '.join(_toml_text(k) for k in f.low_levels)}]",
        f"apology = {_toml_text(f.apology)}",
        f"callback = {str(f.callback).lower()}",
        f"comment = {str(f.comment).lower()}",
        f"reasons = [{reasons}]",
    ]
    return "\n".join(lines) + "\n"
