"""A small real image for the tests that store, upload and import officials' photos.

Test-only, and a module rather than a fixture: the store's and the admin's tests build files
and archives from the same bytes and compare what comes back with them."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image


def png_bytes() -> bytes:
    """A real 1x1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def same_picture(first: bytes, second: bytes) -> bool:
    """Return True if two image files hold the same size and pixels (however encoded)."""
    with Image.open(io.BytesIO(first)) as a, Image.open(io.BytesIO(second)) as b:
        return a.size == b.size and a.convert("RGB").tobytes() == b.convert("RGB").tobytes()
