"""What a board shows for a plan: the exact bytes fed to the protocol's board simulator."""

from __future__ import annotations

from signage.items import BoardProfile
from signage.protocols import BoardSnapshot, SignPlan, get_protocol


def preview(
    plan_or_frames: SignPlan | list[bytes],
    protocol: str,
    board: BoardProfile,
    **options,
) -> BoardSnapshot:
    """Return the snapshot of a fresh ``protocol`` board after it received the plan's bytes."""
    module = get_protocol(protocol)
    frames = (
        plan_or_frames.all_frames()
        if isinstance(plan_or_frames, SignPlan)
        else list(plan_or_frames)
    )
    simulator = module.BoardSimulator(board, **options)
    for frame in frames:
        simulator.feed(frame)
    return simulator.snapshot()
