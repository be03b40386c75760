"""Sign protocols, one pure module each, by the name config.toml uses in ``[sign] protocol``.

Every protocol module provides ``NAME``, ``OPTIONS`` (its ``[sign.<name>]`` keys with help text),
``frames_for_texts(texts, **options) -> list[bytes]``, ``connect_frames(**options) -> list[bytes]``
and ``display_text(text) -> str`` (what the sign can show of a text). None of them touches a port.
"""

from __future__ import annotations

from types import ModuleType

from signage.protocols import alpha

PROTOCOLS: dict[str, ModuleType] = {"alpha": alpha}


def protocol_options(settings, name: str) -> dict[str, object]:
    """Return the options of protocol ``name`` as set in ``[sign.<name>]`` of ``settings``."""
    section = getattr(settings.sign, name)
    return {option.name: getattr(section, option.name) for option in PROTOCOLS[name].OPTIONS}
