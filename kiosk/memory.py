"""Give the memory freed after building screens back to the system.

Building a screen set allocates large temporary surfaces and text renders; glibc keeps the freed
heap for later instead of returning it, so a lobby PC would carry ~10 MB it never uses again.
``malloc_trim`` returns it (a few milliseconds, once after each set of screens is built).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging

log = logging.getLogger(__name__)


def _load_trim():
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        return getattr(ctypes.CDLL(name), "malloc_trim", None)
    except OSError:
        return None


_TRIM = _load_trim()


def release_free_memory() -> bool:
    """Return freed heap pages to the system where the C library can (glibc); False elsewhere."""
    if _TRIM is None:
        return False
    _TRIM(0)
    return True
