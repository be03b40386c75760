"""Long lists come a page at a time from the database, searchable with or without marks."""

from __future__ import annotations

import re

from lobby.name_index import name_sort_key
from lobby.store.officials import OfficialInput
from lobby.vnsort import name_key
from tests.helpers_names import random_names


def test_the_stored_sort_key_orders_names_as_the_vietnamese_key_does():
    names = random_names(400) + ["An", "Lê An", "Lê Anh", "Lê Văn An", "Lê Văn Văn An", "Zoe Ánh"]
    by_key = sorted(names, key=lambda n: (name_sort_key(n), n))
    assert by_key == sorted(names, key=name_key)


def _fill(store, count: int = 300) -> list[str]:
    names = random_names(count)
    units = ["Trung tâm Phục vụ hành chính công", "Phòng Tư pháp", "Phòng Tài chính - Kế hoạch"]
    store.upsert_officials(
        OfficialInput(f"CB{i:04d}", name, "Chuyên viên", units[i % 3])
        for i, name in enumerate(names)
    )
    return names


def _rows(html: str) -> list[str]:
    return re.findall(r'<th scope="row">([^<]+)</th>', html)


def test_officials_come_fifty_a_page_in_vietnamese_order(staff, store):
    names = _fill(store)
    expected = sorted(names, key=name_key)
    first = staff.get("/officials").get_data(as_text=True)
    assert _rows(first) == expected[:50]
    assert "300 cán bộ" in first and "trang 1/6" in first
    assert 'href="/officials?trang=2"' in first
    last = staff.get("/officials?trang=6").get_data(as_text=True)
    assert _rows(last) == expected[250:]
    # A page past the end shows the last page, a bad number the first.
    assert _rows(staff.get("/officials?trang=99").get_data(as_text=True)) == expected[250:]
    assert _rows(staff.get("/officials?trang=x").get_data(as_text=True)) == expected[:50]


def test_officials_are_found_without_marks_by_name_code_and_unit(staff, store):
    names = _fill(store)
    html = staff.get("/officials?q=binh").get_data(as_text=True)
    found = _rows(html)
    assert found and all("Bình" in name for name in found)
    assert len(found) == min(50, sum("Bình" in n for n in names))
    assert _rows(staff.get("/officials?q=B%C3%ACnh").get_data(as_text=True)) == found
    assert _rows(staff.get("/officials?q=cb0007").get_data(as_text=True)) == [names[7]]
    by_unit = staff.get("/officials?q=tu+phap").get_data(as_text=True)
    assert "100 cán bộ" in by_unit
    # Both words must match: a unit word and a name word together narrow the list.
    narrowed = _rows(staff.get("/officials?q=tu+phap+binh").get_data(as_text=True))
    expected = [n for i, n in enumerate(names) if i % 3 == 1 and "Bình" in n]
    assert sorted(narrowed, key=name_key) == sorted(expected, key=name_key)[:50]
    # The page links keep the search.
    assert "q=tu+phap" in by_unit and "trang=2" in by_unit


def test_a_search_for_like_wildcards_matches_them_literally(staff, store):
    _fill(store, 20)
    html = staff.get("/officials?q=%25").get_data(as_text=True)
    assert "0 cán bộ" in html and _rows(html) == []
