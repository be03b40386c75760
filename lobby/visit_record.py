"""A completed visit as the kiosk (or a paper form, or the web) hands it to the store.

This is the contract between whoever collects a visit and whoever keeps it: the kiosk's
recorder journals it and the store writes it, exactly once, keyed by ``id``. Everything a
report needs later is copied in here (labels, whether a level counted as satisfied), so that
editing the survey afterwards never changes the past.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

CHANNELS = ("kiosk", "paper", "web")
# Fields older versions wrote and nothing reads any more: dropped when a journal is replayed.
RETIRED_FIELDS = ("extra",)


@dataclass(frozen=True)
class AnswerRecord:
    """One question answered: its key and text, and the level chosen as it was at that moment."""

    question_key: str
    question_text: str
    level_key: str
    level_label: str
    level_index: int
    satisfied: bool


@dataclass(frozen=True)
class VisitRecord:
    """One citizen's visit (lượt đánh giá) with its context and answers."""

    id: str
    device_id: str
    channel: str
    created_at: datetime
    survey_key: str
    survey_version: int
    answers: tuple[AnswerRecord, ...]
    official_code: str | None = None
    counter_code: str | None = None
    unit_code: str | None = None
    dossier_code: str | None = None
    # Follow-up on a low rating: reason keys chosen, an optional comment, an optional call-back.
    reasons: tuple[str, ...] = ()
    comment: str | None = None
    callback_phone: str | None = None
    callback_consent: bool = False
    # How the visitor touched the screen (touch, mouse, key): kept for audits, not for reports.
    input_channel: str = "touch"

    def __post_init__(self) -> None:
        if self.created_at.tzinfo is None:
            raise ValueError("VisitRecord.created_at must be an aware datetime (UTC)")
        if self.channel not in CHANNELS:
            raise ValueError(f"unknown channel {self.channel!r}; expected one of {CHANNELS}")
        if self.callback_phone and not self.callback_consent:
            raise ValueError("a call-back phone number is kept only with the citizen's consent")

    @staticmethod
    def new_id() -> str:
        """Return a fresh visit id (a random UUID as text)."""
        return str(uuid.uuid4())

    def to_json(self) -> str:
        """Serialise to one line of JSON (for the kiosk's journal)."""
        data = asdict(self)
        data["created_at"] = self.created_at.astimezone(UTC).isoformat()
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> VisitRecord:
        """Parse what ``to_json`` wrote (ValueError if it is not a visit)."""
        try:
            data = json.loads(text)
            for retired in RETIRED_FIELDS:
                data.pop(retired, None)
            data["created_at"] = datetime.fromisoformat(data["created_at"])
            data["answers"] = tuple(AnswerRecord(**a) for a in data["answers"])
            data["reasons"] = tuple(data.get("reasons", ()))
            return cls(**data)
        except (KeyError, TypeError, json.JSONDecodeError) as exc:
            raise ValueError(f"not a visit record: {exc}") from exc
