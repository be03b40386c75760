"""The admin's long lists on both databases: officials a page at a time in Vietnamese order and
found without marks, cases searched and counted as overdue, the reasons chosen most."""

from __future__ import annotations

from datetime import date, timedelta

from lobby import clock
from lobby.store.officials import OfficialInput
from lobby.vnsort import name_key
from tests.admin.watchlist_data import case_visits
from tests.helpers_names import random_names


def test_officials_page_in_vietnamese_order_on_each_database(any_store):
    names = random_names(120, seed=11) + ["Lê An", "Lê Anh", "Lê Ánh", "Lê Ân", "Zoe Ý", "Đỗ Đức"]
    units = ["Phòng Tư pháp", "Phòng Tài nguyên và Môi trường"]
    any_store.upsert_officials(
        OfficialInput(f"CB_{i:03d}", n, "Chuyên viên", units[i % 2]) for i, n in enumerate(names)
    )
    expected = sorted(names, key=name_key)
    shown = []
    for offset in range(0, len(names), 40):
        rows, total = any_store.official_page(offset=offset, limit=40)
        assert total == len(names)
        shown += [r.name for r in rows]
    assert shown == expected
    found, total = any_store.official_page("DUC")
    assert total == sum("Đức" in n for n in names) and all("Đức" in r.name for r in found)
    in_unit, total = any_store.official_page("moi truong")
    assert total == len(names) // 2 and all(r.unit_name == units[1] for r in in_unit)
    # "_" and "%" are letters here, not LIKE's wildcards.
    assert any_store.official_page("C_")[1] == 0 and any_store.official_page("%")[1] == 0
    assert any_store.official_page("CB_00")[1] == 10


def test_cases_are_searched_and_overdue_counted_on_each_database(any_store):
    old = clock.utcnow() - timedelta(days=20)
    case_visits(any_store, when=old)
    any_store.sync_cases()
    assert any_store.count_listed_cases() == 2
    assert any_store.count_listed_cases(query="binh") == 1
    assert any_store.count_listed_cases(query="lâu") == 1
    assert any_store.count_listed_cases(due_before=clock.utcnow()) == 2
    assert any_store.count_listed_cases(due_before=old) == 0
    first = any_store.list_cases(due_before=clock.utcnow())[0]
    any_store.add_case_note(first.id, "lan", "", call_outcome="wrong_number")
    assert any_store.list_cases(query=str(first.id))[0].call_outcome == "wrong_number"
    day = clock.local_day(old)
    assert any_store.top_reasons(day - timedelta(days=1), day + timedelta(days=1)) == [
        ("thai_do", 1)
    ]
    assert any_store.top_reasons(date(2000, 1, 1), date(2000, 1, 2)) == []
