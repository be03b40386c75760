"""What screens ask for (intents) and what the flow asks the app to do (effects)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Begin:
    """A visitor touched the attract (or error) screen: start a visit."""

    channel: str


@dataclass(frozen=True)
class OpenInfo:
    """A visitor asked for the public information from the attract screen."""

    channel: str


@dataclass(frozen=True)
class Activity:
    """A visitor is still there (a touch that chose nothing): restart the idle timer."""


@dataclass(frozen=True)
class RatingChosen:
    """A visitor chose the rating button at ``index`` (0-based, in display order)."""

    index: int
    channel: str


@dataclass(frozen=True)
class NotApplicable:
    """A visitor answered "Không áp dụng": the question does not fit this visit."""

    channel: str


@dataclass(frozen=True)
class Picked:
    """A visitor picked a counter or an official by ``code``; None is "Bỏ qua / không nhớ"."""

    code: str | None
    channel: str


@dataclass(frozen=True)
class ToggleReason:
    """A visitor switched a follow-up reason on or off."""

    key: str


@dataclass(frozen=True)
class Edited:
    """The text on a keypad or keyboard screen is now ``text``."""

    text: str


@dataclass(frozen=True)
class Confirm:
    """A visitor pressed "Tiếp tục" (or Enter): go on with what is on screen."""


@dataclass(frozen=True)
class Skip:
    """A visitor pressed "Bỏ qua": clear this step's answer and go on."""


@dataclass(frozen=True)
class Back:
    """A visitor pressed "Quay lại" (or Escape): go to the previous step."""


@dataclass(frozen=True)
class Consent:
    """A visitor agreed (True) or declined (False) to have the phone number kept."""

    given: bool


@dataclass(frozen=True)
class Scanned:
    """A barcode or QR scanner typed ``code`` (fast, ending with Enter): the dossier code."""

    code: str


@dataclass(frozen=True)
class Repeat:
    """A visitor pressed "Nghe lại": say the screen's prompt again."""

    channel: str


Intent = (
    Begin
    | OpenInfo
    | Activity
    | RatingChosen
    | NotApplicable
    | Picked
    | ToggleReason
    | Edited
    | Confirm
    | Skip
    | Back
    | Consent
    | Scanned
    | Repeat
)


@dataclass(frozen=True)
class CommitVisit:
    """Effect: keep this visit durably, then report the outcome back to the flow.

    ``answers`` holds the chosen level index of each question answered, in survey order.
    """

    answers: tuple[int, ...]
    channel: str
    counter: str | None = None
    official: str | None = None
    reasons: tuple[str, ...] = ()
    comment: str = ""
    phone: str = ""
    consent: bool = False
    dossier: str = ""
