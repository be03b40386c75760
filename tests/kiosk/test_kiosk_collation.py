"""Vietnamese collation: officials by given name, then middle names, then family name."""

from __future__ import annotations

from kiosk.roster import Counter, Official, Roster
from lobby.store import OfficialInput
from lobby.vnsort import first_letter, given_name, name_key, natural_key, sort_key


def test_letters_follow_the_vietnamese_alphabet():
    words = ["đi", "dê", "ăn", "ân", "an", "ơn", "ôm", "ong", "ưa", "uống", "ê", "en"]
    assert sorted(words, key=sort_key) == [
        "an",
        "ăn",
        "ân",
        "dê",
        "đi",
        "en",
        "ê",
        "ong",
        "ôm",
        "ơn",
        "uống",
        "ưa",
    ]


def test_tones_only_break_ties_in_dictionary_order():
    assert sorted(["mạ", "má", "mã", "mả", "mà", "ma"], key=sort_key) == [
        "ma",
        "mà",
        "mả",
        "mã",
        "má",
        "mạ",
    ]
    assert sorted(["Hà", "Hải", "Ha"], key=sort_key) == ["Ha", "Hà", "Hải"]


def test_names_sort_by_given_name_then_middle_then_family():
    names = [
        "Trần Văn Đức",
        "Nguyễn Thị Dung",
        "Lê Văn An",
        "Phạm Thị Ánh",
        "Hoàng Ăn",
        "Đỗ Thị Hà",
        "Vũ Hà",
        "Lý Văn Hà",
        "Bùi Thị Hà",
    ]
    assert sorted(names, key=name_key) == [
        "Lê Văn An",
        "Phạm Thị Ánh",
        "Hoàng Ăn",
        "Nguyễn Thị Dung",
        "Trần Văn Đức",
        "Vũ Hà",
        "Bùi Thị Hà",
        "Đỗ Thị Hà",
        "Lý Văn Hà",
    ]


def test_the_roster_lists_officials_by_given_name_and_per_counter():
    roster = Roster.of(
        [Counter("q2", "Quầy 2"), Counter("q1", "Quầy 1")],
        [
            Official("a", "Nguyễn Văn Bình", counter="q1"),
            Official("b", "Trần Thị An", counter="q2"),
            Official("c", "Lê Ánh", counter="q1"),
        ],
    )
    assert [c.name for c in roster.counters] == ["Quầy 1", "Quầy 2"]
    assert [o.code for o in roster.officials] == ["b", "c", "a"]
    assert [o.code for o in roster.officials_for("q1")] == ["c", "a"]
    assert roster.official("zz") is None


def test_counters_and_units_with_numbers_sort_by_value():
    names = ["Quầy 10", "Quầy 2", "Quầy 1", "Quầy 11", "Tổ 1B", "Tổ 1A", "Bộ phận một cửa"]
    assert sorted(names, key=natural_key) == [
        "Bộ phận một cửa",
        "Quầy 1",
        "Quầy 2",
        "Quầy 10",
        "Quầy 11",
        "Tổ 1A",
        "Tổ 1B",
    ]


def test_the_store_lists_counters_and_units_in_natural_order(store):
    store.upsert_officials(
        OfficialInput(f"CB{n:02}", f"Nguyễn Văn {n}", "", f"Tổ {n % 12}", f"Quầy {n}")
        for n in range(1, 21)
    )
    counters = [c.name for c in store.list_counters()]
    assert counters == [f"Quầy {n}" for n in range(1, 21)]
    assert [u.name for u in store.list_units()] == [f"Tổ {n}" for n in range(12)]
    roster = Roster.of([Counter(str(n), name) for n, name in enumerate(reversed(counters))], [])
    assert [c.name for c in roster.counters][:3] == ["Quầy 1", "Quầy 2", "Quầy 3"]


def test_given_names_are_filed_under_their_letter_without_tone():
    assert [first_letter(given_name(n)) for n in ["Lê Văn Ánh", "Hoàng Ân", "Trần Đức"]] == [
        "A",
        "Â",
        "Đ",
    ]
