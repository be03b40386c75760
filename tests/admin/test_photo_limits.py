"""Officials' photos against misuse: a small file claiming huge dimensions, a big camera photo
with metadata, and a ZIP that names one photo in many rows or inflates to gigabytes."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from PIL import Image

from lobby.store import OfficialInput
from tests.admin.helpers import OFFICIALS_HEADER as HEADER
from tests.admin.helpers import find_official_id, post_file

ORIENTATION = 0x0112
MAKE = 0x010F


def pixel_bomb(side: int = 40_000) -> bytes:
    """A real 1-bit PNG of side × side black pixels: about 200 kB that decode to gigabytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" * (1 + side // 8)
    packer = zlib.compressobj(9)
    block = row * 1000
    idat = b"".join(packer.compress(block) for _ in range(side // 1000)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def camera_jpeg() -> bytes:
    """A 4000×3000 JPEG as a phone saves a portrait: EXIF says "turn 90°" and names the phone."""
    image = Image.new("RGB", (4000, 3000), (30, 90, 200))
    image.paste((250, 250, 0), (0, 0, 400, 3000))  # a yellow band on the left edge
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # the camera was held upright: turn 90° clockwise to show
    exif[MAKE] = "Điện thoại của cán bộ"
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80, exif=exif)
    return buffer.getvalue()


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_png_claiming_40000_by_40000_pixels_is_refused_before_decoding(staff, store):
    bomb = pixel_bomb()
    assert len(bomb) < 300_000
    store.upsert_officials([OfficialInput("CB1", "Nguyễn Văn An")])
    official_id = find_official_id(store, "CB1")
    response = post_file(staff, f"/officials/{official_id}/photo/upload", "photo", bomb, "an.png")
    assert response.status_code == 302
    page = staff.get(f"/officials/{official_id}").get_data(as_text=True)
    assert "Không dùng được ảnh này: ảnh 40000×40000 điểm ảnh quá lớn" in page
    assert store.official_photo(official_id) is None


def test_a_camera_photo_is_stored_small_upright_and_without_metadata(staff, store):
    store.upsert_officials([OfficialInput("CB1", "Nguyễn Văn An")])
    official_id = find_official_id(store, "CB1")
    original = camera_jpeg()
    response = post_file(
        staff, f"/officials/{official_id}/photo/upload", "photo", original, "a.jpg"
    )
    assert response.status_code == 302
    data, mime = store.official_photo(official_id)
    assert mime == "image/jpeg" and len(data) < len(original)
    with Image.open(io.BytesIO(data)) as stored:
        assert stored.size == (600, 800)  # turned upright, then fitted into 600×800
        assert not stored.getexif()  # no orientation left to apply twice, no phone's name
        top_left = stored.convert("RGB").getpixel((5, 5))
    assert top_left[0] > 200 and top_left[1] > 200 and top_left[2] < 80  # the band is now on top


def test_a_zip_naming_one_photo_in_100_rows_reads_and_stores_it_small(staff, store):
    big = Image.new("RGB", (2000, 2000), (120, 120, 120))
    buffer = io.BytesIO()
    big.save(buffer, "PNG")
    rows = "".join(f"CB{i:03d},Cán bộ số {i},,,,anh/chung.png\n" for i in range(100))
    data = _zip({"can-bo.csv": (HEADER + rows).encode(), "anh/chung.png": buffer.getvalue()})
    assert len(data) < 20_000
    response = post_file(staff, "/officials/import", "file", data, "can-bo.zip")
    assert response.status_code == 302, response.get_data(as_text=True)
    photos = {store.official_photo(o.id)[0] for o in store.official_infos()}
    assert len(photos) == 1  # one re-encoding shared by every row that names the file
    (photo,) = photos
    with Image.open(io.BytesIO(photo)) as stored:
        assert stored.size == (600, 600)
    assert len(photo) * 100 < 2 * 1024 * 1024  # the whole list's photos, not 100 × 2 MB


def test_a_zip_with_a_pixel_bomb_is_refused(staff, store):
    csv_text = HEADER + "CB1,Nguyễn Văn An,,,,anh/an.png\n"
    data = _zip({"can-bo.csv": csv_text.encode(), "anh/an.png": pixel_bomb()})
    response = post_file(staff, "/officials/import", "file", data, "can-bo.zip")
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "Dòng 2, cột “photo”: tệp “anh/an.png”: ảnh 40000×40000 điểm ảnh quá lớn" in text
    assert not store.official_infos()


def test_a_zip_that_inflates_past_the_limit_is_refused_unread(staff, store):
    buffer = io.BytesIO()
    zeros = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("can-bo.csv", HEADER + "CB1,Nguyễn Văn An,,,,\n")
        for part in range(3):
            with archive.open(f"rac/{part}.bin", "w", force_zip64=True) as member:
                for _ in range(100):
                    member.write(zeros)
    data = buffer.getvalue()
    assert len(data) < 2 * 1024 * 1024  # 300 MB inside
    response = post_file(staff, "/officials/import", "file", data, "bom.zip")
    assert response.status_code == 422
    assert "Tệp ZIP khi giải nén lớn hơn 256 MB" in response.get_data(as_text=True)
    assert not store.official_infos()
