"""The letters list: 30 a page from the database, newest first, found by number, recipient,
official or status, with or without marks, on SQLite and PostgreSQL."""

from __future__ import annotations

import re

from admin_web.letter_templates import load_defaults
from tests.admin.watchlist_data import case_visits

KIND = "xin_loi"


def _letter(store, citizen: str, **extra) -> int:
    template = store.current_template(KIND)
    fields = {"ho_ten": citizen, "can_bo": extra.pop("can_bo", "")}
    return store.create_letter(KIND, template.id, fields, citizen, None, "lanhdao", **extra)


def _issue(store, letter_id: int, number: int) -> None:
    store.approve_letter(letter_id, "giamdoc")
    store.issue_letter(letter_id, "giamdoc", 2026, lambda n, _at: (f"{number}/TXL-UBND", b"x"))


def _letters(store) -> dict[str, int]:
    """Seventy plain drafts, then letters answering a case, a visit, and one written from
    nothing naming its official; the last two issued."""
    store.ensure_letter_templates(load_defaults())
    for n in range(70):
        _letter(store, f"Người dân số {n:02d}")
    _callback, comment = case_visits(store)
    store.sync_cases()
    case = next(c for c in store.list_cases() if c.official == "Nguyễn Văn An")
    ids = {
        "case": _letter(store, "Phạm Thị Hoà", case_id=case.id),
        "visit": _letter(store, "Đặng Văn Lâm", visit_id=comment),
        "typed": _letter(store, "Vũ Thu Hằng", can_bo="Hoàng Đức Thắng"),
    }
    _issue(store, ids["visit"], 7)
    _issue(store, ids["typed"], 8)
    return ids


def _found(store, query: str = "", status: str | None = None) -> set[int]:
    rows, total = store.letter_page(query, status, 0, 100)
    assert total == len(rows)
    return {row.id for row in rows}


def test_letters_come_thirty_a_page_newest_first_on_each_database(any_store):
    ids = _letters(any_store)
    shown = []
    for offset in (0, 30, 60):
        rows, total = any_store.letter_page(offset=offset)
        assert total == 73 and len(rows) == min(30, 73 - offset)
        shown += [row.id for row in rows]
    assert shown == sorted(shown, reverse=True) and len(set(shown)) == 73
    assert shown[0] == ids["typed"]


def test_letters_are_found_with_or_without_marks_on_each_database(any_store):
    ids = _letters(any_store)
    # The recipient's name, typed with or without marks, in any case.
    assert _found(any_store, "hằng") == _found(any_store, "HANG") == {ids["typed"]}
    assert _found(any_store, "dang van lam") == {ids["visit"]}
    # The official: of the case's visit, of the visit, or as written in the letter.
    assert _found(any_store, "nguyen van an") == {ids["case"]}
    assert _found(any_store, "Trần Thị Bình") == {ids["visit"]}
    assert _found(any_store, "thang") == {ids["typed"]}
    # The number, and the status by its name or chosen.
    assert _found(any_store, "8/txl") == {ids["typed"]}
    assert _found(any_store, "ban hanh") == {ids["visit"], ids["typed"]}
    assert _found(any_store, status="issued") == {ids["visit"], ids["typed"]}
    assert len(_found(any_store, "bản nháp")) == 71
    assert _found(any_store, "nháp hoà") == {ids["case"]}
    # "%" and "_" are letters here, not LIKE's wildcards.
    assert _found(any_store, "%") == set() and _found(any_store, "số_0") == set()
    assert len(_found(any_store, "so 07")) == 1 and len(_found(any_store, "SỐ 0")) == 16


def test_the_letters_page_is_paged_and_searched(store, leader):
    _letters(store)
    page = leader.get("/letters").get_data(as_text=True)
    assert len(re.findall(r'<tr id="letter-\d+"', page)) == 30
    assert "Trang 1/3" in page and "trang=2" in page
    # Each letter's kind named by its template, as the form offers it.
    assert '<td class="text" data-label="Loại">Thư xin lỗi: chung' in page
    last = leader.get("/letters?trang=3").get_data(as_text=True)
    assert len(re.findall(r'<tr id="letter-\d+"', last)) == 13
    found = leader.get("/letters?q=hang").get_data(as_text=True)
    assert len(re.findall(r'<tr id="letter-\d+"', found)) == 1 and "Vũ Thu Hằng" in found
    assert "1 thư khớp với “hang”" in found
    issued = leader.get("/letters?trang_thai=issued&q=txl").get_data(as_text=True)
    assert len(re.findall(r'<tr id="letter-\d+"', issued)) == 2
    assert 'value="issued" selected' in issued
    # A page past the end shows the last page; an unknown status is ignored.
    assert "Trang 3/3" in leader.get("/letters?trang=99").get_data(as_text=True)
    assert "Trang 1/3" in leader.get("/letters?trang_thai=xyz").get_data(as_text=True)
