"""Sign protocols, one pure module each, by the name config.toml uses in ``[sign] protocol``.

Every protocol module (listed in ``MODULES``; adding one touches signage/ only) provides:
``NAME``; ``OPTIONS`` (its ``[sign.<name>]`` keys as ``Setting``s of the settings registry,
registered with it by ``register_protocol``); ``TIMING``; ``encode(items, board, **options)
-> SignPlan`` (raises ``SignTooLarge``); ``clock_frames(now_local, **options)``;
``display_text(text, board)`` and ``unsupported_chars(text, board)`` (a ``BoardText``'s);
``needs_reply`` and ``reply_ok(frame, reply)``; and ``BoardSimulator(board, **options)`` with
``feed``, ``snapshot`` and ``replies``. None of them touches a port.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from lobby.settings import register
from signage.protocols.base import (
    BoardSnapshot,
    BoardText,
    DisplayedItem,
    SignPlan,
    SignTooLarge,
    WireTiming,
)

MODULES = ("alpha", "p10")
# What every protocol module defines (docs/sign-plugins.md); ``frame_parts`` and
# ``incremental`` are optional.
REQUIRED = (
    "NAME",
    "OPTIONS",
    "TIMING",
    "encode",
    "clock_frames",
    "display_text",
    "unsupported_chars",
    "needs_reply",
    "reply_ok",
    "BoardSimulator",
)

PROTOCOLS: dict[str, ModuleType] = {}


def register_protocol(module: ModuleType) -> None:
    """Add a protocol module under its NAME and its OPTIONS to the settings registry.

    ValueError if it lacks part of the interface, its name is taken, or an option lies outside
    its own ``[sign.<NAME>]`` section.
    """
    missing = [name for name in REQUIRED if not hasattr(module, name)]
    if missing:
        raise ValueError(f"sign protocol {module.__name__} lacks {', '.join(missing)}")
    if module.NAME in PROTOCOLS:
        raise ValueError(f"a sign protocol called {module.NAME!r} is registered already")
    stray = [o.dotted for o in module.OPTIONS if o.section != f"sign.{module.NAME}"]
    if stray:
        raise ValueError(f"options of {module.NAME!r} outside [sign.{module.NAME}]: {stray}")
    register(*module.OPTIONS)
    PROTOCOLS[module.NAME] = module


for _name in MODULES:
    register_protocol(importlib.import_module(f"signage.protocols.{_name}"))

__all__ = [
    "PROTOCOLS",
    "BoardSnapshot",
    "BoardText",
    "DisplayedItem",
    "SignPlan",
    "SignTooLarge",
    "WireTiming",
    "get_protocol",
    "protocol_options",
    "register_protocol",
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
