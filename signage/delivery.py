"""Writing a plan's frames to a board: the protocol's pauses, its replies, retries."""

from __future__ import annotations

import threading
import time
from types import ModuleType

from signage.transport import TransportError


def deliver(
    plan_frames: list[bytes],
    transport,
    protocol: ModuleType,
    *,
    stop_event: threading.Event | None = None,
    retries: int = 3,
    reply_timeout: float = 1.0,
    config_frames: int = 0,
) -> int:
    """Write ``plan_frames`` one by one and return the bytes written.

    Pauses ``protocol.TIMING.frame_pause`` between frames (``after_config`` after the first
    ``config_frames`` frames). When the protocol needs replies, each frame is re-sent up to
    ``retries`` times until acknowledged; TransportError if it never is, or if the link fails.
    """
    stop_event = stop_event or threading.Event()
    written = 0
    for index, frame in enumerate(plan_frames):
        if index:
            pause = protocol.TIMING.frame_pause
            if config_frames and index == config_frames:
                pause = max(pause, protocol.TIMING.after_config)
            if pause and stop_event.wait(pause):
                raise TransportError("stopped before every frame was written")
        written += _send(frame, transport, protocol, stop_event, retries, reply_timeout)
    return written


def _send(frame, transport, protocol, stop_event, retries: int, reply_timeout: float) -> int:
    if not getattr(protocol, "needs_reply", False):
        _write_parts(frame, transport, protocol, stop_event)
        return len(frame)
    written = 0
    outcome = "no reply"
    for _attempt in range(1 + retries):
        if stop_event.is_set():
            raise TransportError("stopped before every frame was acknowledged")
        transport.read(65536, 0)  # forget stale replies to earlier attempts
        _write_parts(frame, transport, protocol, stop_event)
        written += len(frame)
        verdict = _await_reply(frame, transport, protocol, reply_timeout)
        if verdict:
            return written
        outcome = "refused (NAK)" if verdict is False else "no reply"
    raise TransportError(
        f"the board did not acknowledge a frame after {1 + retries} attempts: {outcome}"
    )


def _write_parts(frame: bytes, transport, protocol, stop_event) -> None:
    """Write one frame, pausing ``TIMING.part_pause`` between the parts of ``frame_parts``."""
    split = getattr(protocol, "frame_parts", None)
    parts = split(frame) if split else [frame]
    for index, part in enumerate(parts):
        if index and stop_event.wait(protocol.TIMING.part_pause):
            raise TransportError("stopped in the middle of a frame")
        transport.write(part)


def _await_reply(frame, transport, protocol, reply_timeout: float) -> bool | None:
    deadline = time.monotonic() + reply_timeout
    reply = b""
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        reply += transport.read(4096, min(left, 0.05))
        if reply:
            verdict = protocol.reply_ok(frame, reply)
            if verdict is not None:
                return verdict
