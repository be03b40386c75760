"""Vietnamese names for the tests of long lists: many officials whose order and search matter.

Test-only, and a module rather than a fixture: the admin's and the store's list tests draw the
same names."""

from __future__ import annotations

import random

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đỗ", "Vũ", "Võ", "Đặng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Ngọc", "Hữu", ""]
GIVEN = ["An", "Anh", "Ánh", "Ân", "Bình", "Cường", "Dũng", "Đức", "Hà", "Hạ", "Hả", "Yến", "Ý"]


def random_names(count: int, seed: int = 7) -> list[str]:
    """Return ``count`` Vietnamese full names drawn with ``seed`` (the same every run)."""
    rng = random.Random(seed)
    names = []
    for _ in range(count):
        words = [rng.choice(FAMILY), rng.choice(MIDDLE), rng.choice(MIDDLE), rng.choice(GIVEN)]
        names.append(" ".join(w for w in words if w))
    return names
