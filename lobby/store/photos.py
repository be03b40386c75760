"""Officials' photos: only PNG or JPEG, at most 2 MB."""

from __future__ import annotations

MAX_PHOTO_BYTES = 2 * 1024 * 1024


def photo_mime(data: bytes) -> str:
    """Return the MIME type of a PNG or JPEG photo; ValueError (Vietnamese) for anything else."""
    if len(data) > MAX_PHOTO_BYTES:
        raise ValueError(f"ảnh quá lớn ({len(data) // 1024} KB; tối đa 2 MB)")
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
        return "image/png"
    # Some cameras pad or append data after a JPEG's end marker: look for it near the end.
    if data.startswith(b"\xff\xd8\xff") and b"\xff\xd9" in data[-4096:]:
        return "image/jpeg"
    raise ValueError("không phải ảnh PNG hoặc JPEG")
