"""Officials' photos: only PNG or JPEG, at most 2 MB, and of a size the kiosk can decode."""

from __future__ import annotations

import io
import struct
import warnings

MAX_PHOTO_BYTES = 2 * 1024 * 1024
# A photo's pixels are checked from its header before anything decodes it: a small file can
# claim 40000×40000 pixels, which would take gigabytes to decode.
MAX_SOURCE_PIXELS = 25_000_000
MAX_SOURCE_SIDE = 10_000
# What is stored: at most this size, upright, without metadata.
PHOTO_BOX = (600, 800)
JPEG_QUALITY = 85


class _TooLarge(ValueError):
    """The photo claims more pixels than may be decoded."""


def _png_size(data: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _size_problem(width: int, height: int) -> str | None:
    if width * height > MAX_SOURCE_PIXELS or max(width, height) > MAX_SOURCE_SIDE:
        most = MAX_SOURCE_PIXELS // 1_000_000
        return f"ảnh {width}×{height} điểm ảnh quá lớn (tối đa {most} triệu điểm ảnh)"
    return None


def photo_mime(data: bytes) -> str:
    """Return the MIME type of a PNG or JPEG photo; ValueError (Vietnamese) for anything else."""
    if len(data) > MAX_PHOTO_BYTES:
        raise ValueError(f"ảnh quá lớn ({len(data) // 1024} KB; tối đa 2 MB)")
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR" and len(data) >= 24:
        problem = _size_problem(*_png_size(data))
        if problem:
            raise ValueError(problem)
        return "image/png"
    # Some cameras pad or append data after a JPEG's end marker: look for it near the end.
    if data.startswith(b"\xff\xd8\xff") and b"\xff\xd9" in data[-4096:]:
        return "image/jpeg"
    raise ValueError("không phải ảnh PNG hoặc JPEG")


def _flatten(image):
    """Return ``image`` as RGB (transparent parts on white) or keep RGBA for a PNG with alpha."""
    if image.mode in ("RGB", "L"):
        return image
    if image.mode == "P" and "transparency" in image.info:
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA"):
        return image.convert("RGBA")
    return image.convert("RGB")


def prepare_photo(data: bytes) -> bytes:
    """Return the photo re-encoded as stored: PNG or JPEG as given, at most 600×800 pixels,
    turned upright by its EXIF orientation, without metadata. ValueError (Vietnamese) if the
    file is not a usable PNG or JPEG or claims too many pixels (checked before decoding)."""
    from PIL import Image, ImageOps  # only where photos are prepared, not in the kiosk

    mime = photo_mime(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=["PNG", "JPEG"]) as image:
                problem = _size_problem(*image.size)  # from the header: nothing decoded yet
                if problem:
                    raise _TooLarge(problem)
                if image.format == "JPEG":
                    # Decode at the smallest scale that still covers the stored size.
                    image.draft("RGB", (PHOTO_BOX[0] * 2, PHOTO_BOX[1] * 2))
                upright = ImageOps.exif_transpose(image)
                upright.thumbnail(PHOTO_BOX, Image.Resampling.LANCZOS)
                out = _flatten(upright)
                buffer = io.BytesIO()
                if mime == "image/png":
                    out.save(buffer, "PNG", optimize=True)
                else:
                    out.convert("RGB").save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    except _TooLarge:
        raise
    except (OSError, SyntaxError, EOFError, ValueError, Image.DecompressionBombError, Warning):
        raise ValueError("ảnh bị hỏng hoặc không đọc được") from None
    return buffer.getvalue()
