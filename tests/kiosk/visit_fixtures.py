"""What the kiosk tests' office store holds (counters, officials, one photo, public information)
and the full survey, for full visits; the ``office_store`` fixture is in conftest.py."""

from __future__ import annotations

import io
from pathlib import Path

import pygame

ROOT = Path(__file__).resolve().parents[2]
FULL_SURVEY = ROOT / "assets" / "survey-full.toml"

PUBLIC_INFO = """
[[items]]
kind = "rule"
title = "Nội quy tiếp công dân"
body = "Công dân đến làm thủ tục xin lấy số thứ tự và chờ đến lượt. Giữ trật tự chung."

[[items]]
kind = "contact"
title = "Ông Nguyễn Văn Hùng, Chánh Văn phòng"
body = "Tiếp công dân sáng thứ Năm hằng tuần."
phone = "0236 3821 111"
email = "vanphong@danang.gov.vn"

[[items]]
kind = "hotline"
title = "Đường dây nóng"
phone = "1900 1234"
url = "https://dichvucong.gov.vn"
"""


def portrait_png(colour=(40, 120, 200), size=(60, 80)) -> bytes:
    """Return a small real PNG portrait."""
    image = pygame.Surface(size)
    image.fill(colour)
    pygame.draw.circle(image, (250, 220, 190), (size[0] // 2, size[1] // 3), size[0] // 4)
    buffer = io.BytesIO()
    pygame.image.save(image, buffer, "portrait.png")
    return buffer.getvalue()


OFFICIALS = [
    ("CB01", "Nguyễn Văn Bình", "Chuyên viên", "Quầy 1"),
    ("CB02", "Trần Thị An", "Phó Chánh Văn phòng", "Quầy 1"),
    ("CB03", "Lê Thị Hà", "Chuyên viên", "Quầy 2"),
    ("CB04", "Phạm Văn Đức", "Cán sự", "Quầy 2"),
    ("CB05", "Hoàng Minh Châu", "Chuyên viên", "Quầy 2"),
]
