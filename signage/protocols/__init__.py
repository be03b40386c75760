"""Sign protocols, one pure module each, by the name config.toml uses in ``[sign] protocol``.

Every protocol module (listed in ``MODULES``; adding one touches signage/ only) provides:
``NAME``; ``OPTIONS`` (its ``[sign.<name>]`` keys as ``Setting``s of the settings registry,
registered by signage/settings.py); ``TIMING``; ``encode(items, board, **options) -> SignPlan``
(raises ``SignTooLarge``); ``clock_frames(now_local, **options)``; ``display_text(text, board)``
and ``unsupported_chars(text, board)`` (a ``BoardText``'s); ``needs_reply`` and
``reply_ok(frame, reply)``; and ``BoardSimulator(board, **options)`` with ``feed``, ``snapshot``
and ``replies``. None of them touches a port.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from signage.protocols.base import (
    BoardSnapshot,
    BoardText,
    DisplayedItem,
    SignPlan,
    SignTooLarge,
    Timing,
)

MODULES = ("alpha", "p10")

PROTOCOLS: dict[str, ModuleType] = {}
for _name in MODULES:
    _module = importlib.import_module(f"signage.protocols.{_name}")
    PROTOCOLS[_module.NAME] = _module

__all__ = [
    "PROTOCOLS",
    "BoardSnapshot",
    "BoardText",
    "DisplayedItem",
    "SignPlan",
    "SignTooLarge",
    "Timing",
    "get_protocol",
    "protocol_options",
]


def get_protocol(name: str) -> ModuleType:
    """Return the protocol module called ``name``; KeyError naming the known ones if none."""
    try:
        return PROTOCOLS[name]
    except KeyError:
        known = sorted(PROTOCOLS)
        raise KeyError(f"unknown sign protocol {name!r}; expected one of {known}") from None


def protocol_options(settings, name: str) -> dict[str, object]:
    """Return the options of protocol ``name`` as set in ``[sign.<name>]`` of ``settings``."""
    section = getattr(settings.sign, name)
    return {option.key: getattr(section, option.key) for option in PROTOCOLS[name].OPTIONS}
