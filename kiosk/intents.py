"""What screens ask for (intents) and what the flow asks the app to do (effects)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Begin:
    """A visitor touched the attract (or error) screen: open the rating screen."""

    channel: str


@dataclass(frozen=True)
class Activity:
    """A visitor is still there (a touch that chose nothing): restart the idle timer."""


@dataclass(frozen=True)
class RatingChosen:
    """A visitor chose the rating button at ``index`` (0-based, in display order)."""

    index: int
    channel: str


Intent = Begin | Activity | RatingChosen


@dataclass(frozen=True)
class CommitVote:
    """Effect: store the vote for level ``level_index`` durably, then report back to the flow."""

    level_index: int
    channel: str
