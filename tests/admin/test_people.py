"""Units, counters and officials pages: add, edit, stop using, photos, CSV/ZIP import, audit."""

from __future__ import annotations

import io
import json
import re
import unicodedata
import zipfile

import pytest

from lobby.store import FieldError, OfficialFields, OfficialInput
from tests.admin.helpers import OFFICIALS_HEADER as HEADER
from tests.admin.helpers import find_official_id, post_file
from tests.helpers_images import png_bytes, same_picture


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _names_in_order(html: str) -> list[str]:
    return re.findall(r'<tr id="official-\d+"[^>]*>.*?<th scope="row">([^<]*)</th>', html, re.S)


def _audit(store, action: str):
    entries = store.audit_entries(action=action)
    assert entries, f"no audit entry {action}"
    entry = entries[0]
    before = json.loads(entry.before) if entry.before else None
    after = json.loads(entry.after) if entry.after else None
    return entry, before, after


def test_units_counters_and_officials_are_added_and_listed_by_given_name(staff, store):
    assert staff.post("/units", {"name": "Phòng Một cửa"}).status_code == 302
    (unit,) = store.list_units()
    assert staff.post("/counters", {"name": "Quầy 1", "unit_id": str(unit.id)}).status_code == 302
    (counter,) = store.list_counters()
    assert counter.unit_name == "Phòng Một cửa"
    for code, name in (("CB1", "Trần Văn Bình"), ("CB2", "Nguyễn Thị An"), ("CB3", "Lê Ánh")):
        response = staff.post(
            "/officials/new",
            {"code": code, "name": name, "title": "Chuyên viên", "counter_id": str(counter.id)},
        )
        assert response.status_code == 302, response.get_data(as_text=True)
    html = staff.get("/officials").get_data(as_text=True)
    # Vietnamese order by given name: An, Ánh, Bình.
    assert _names_in_order(html) == ["Nguyễn Thị An", "Lê Ánh", "Trần Văn Bình"]
    assert "Sửa: Nguyễn Thị An" in html and "Ngừng dùng: Lê Ánh" in html
    # Choosing a counter inside a unit places the official in that unit.
    (first,) = [o for o in store.official_infos() if o.code == "CB2"]
    assert (first.unit_name, first.counter_name) == ("Phòng Một cửa", "Quầy 1")
    entry, before, after = _audit(store, "official.create")
    assert entry.username == "quantri" and before is None and after["code"] == "CB3"
    assert _audit(store, "unit.create")[2]["name"] == "Phòng Một cửa"
    assert _audit(store, "counter.create")[2]["unit"] == "Phòng Một cửa"


def test_editing_an_official_is_audited_before_and_after(staff, store):
    store.upsert_officials([OfficialInput("CB1", "Nguyễn Văn An", "Chuyên viên", "Phòng A")])
    official_id = find_official_id(store, "CB1")
    page = staff.get(f"/officials/{official_id}").get_data(as_text=True)
    assert 'value="Nguyễn Văn An"' in page and "Lưu: Nguyễn Văn An" in page
    unit_b = store.add_unit("Phòng B")
    response = staff.post(
        f"/officials/{official_id}",
        {"name": nfd("Nguyễn Văn  Ánh"), "title": "Phó phòng", "unit_id": str(unit_b)},
    )
    assert response.status_code == 302
    row = store.get_official_info(official_id)
    # Stored in NFC with the doubled space collapsed.
    assert (row.name, row.title, row.unit_name) == ("Nguyễn Văn Ánh", "Phó phòng", "Phòng B")
    entry, before, after = _audit(store, "official.update")
    assert before["title"] == "Chuyên viên" and before["unit"] == "Phòng A"
    assert after["title"] == "Phó phòng" and after["unit"] == "Phòng B"
    assert entry.target == "official:CB1"


def test_a_bad_edit_keeps_what_was_typed_and_changes_nothing(staff, store):
    store.upsert_officials([OfficialInput("CB1", "Nguyễn Văn An", "Chuyên viên")])
    official_id = find_official_id(store, "CB1")
    response = staff.post(f"/officials/{official_id}", {"name": "  ", "title": "Tổ trưởng <b>"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Họ và tên không được để trống." in html
    assert 'value="Tổ trưởng &lt;b&gt;"' in html and 'aria-invalid="true"' in html
    assert store.get_official_info(official_id).title == "Chuyên viên"
    assert store.audit_entries(action="official.update") == []


def test_a_duplicate_code_and_a_counter_of_another_unit_are_refused(staff, store):
    store.upsert_officials(
        [OfficialInput("CB1", "Nguyễn Văn An", unit="Phòng A", counter="Quầy 1")]
    )
    response = staff.post("/officials/new", {"code": "CB1", "name": "Lê Thị Hoa"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Mã “CB1” đã dùng cho Nguyễn Văn An." in html and 'value="Lê Thị Hoa"' in html
    other = store.add_unit("Phòng B")
    (counter,) = store.list_counters()
    response = staff.post(
        "/officials/new",
        {"code": "CB2", "name": "Lê Thị Hoa", "unit_id": str(other), "counter_id": str(counter.id)},
    )
    assert response.status_code == 422
    assert "Quầy “Quầy 1” thuộc “Phòng A”, không thuộc đơn vị đã chọn." in response.get_data(
        as_text=True
    )
    assert [o.code for o in store.official_infos()] == ["CB1"]


def test_stopping_an_official_hides_it_from_the_kiosk_and_keeps_it(staff, store):
    store.upsert_officials([OfficialInput("CB1", "Nguyễn Văn An")])
    official_id = find_official_id(store, "CB1")
    assert staff.post(f"/officials/{official_id}/deactivate").status_code == 302
    assert store.list_officials() == []  # what the kiosk reads
    html = staff.get("/officials").get_data(as_text=True)
    assert "Dùng lại: Nguyễn Văn An" in html and "Ngừng dùng</td>" in html
    _entry, before, after = _audit(store, "official.deactivate")
    assert before["active"] is True and after["active"] is False
    assert staff.post(f"/officials/{official_id}/activate").status_code == 302
    assert [o.code for o in store.list_officials()] == ["CB1"]


def test_units_and_counters_are_renamed_and_stopped_never_deleted(staff, store):
    unit_id = store.add_unit("Phòng A")
    counter_id = store.add_counter("Quầy 1", unit_id)
    code = store.get_unit(unit_id).code
    assert staff.post(f"/units/{unit_id}", {"name": "Phòng Tiếp dân"}).status_code == 302
    assert store.get_unit(unit_id).name == "Phòng Tiếp dân" and store.get_unit(unit_id).code == code
    assert staff.post(f"/units/{unit_id}/deactivate").status_code == 302
    assert store.get_unit(unit_id).active is False
    assert staff.post(f"/counters/{counter_id}/deactivate").status_code == 302
    assert store.get_counter(counter_id).active is False
    html = staff.get("/counters").get_data(as_text=True)
    assert "Dùng lại: Quầy 1 — Phòng Tiếp dân" in html
    response = staff.post("/units", {"name": "Phòng Tiếp dân"})
    assert response.status_code == 422 and "Đã có đơn vị tên" in response.get_data(as_text=True)
    _e, before, after = _audit(store, "unit.update")
    assert (before["name"], after["name"]) == ("Phòng A", "Phòng Tiếp dân")


def test_a_photo_is_uploaded_checked_and_shown(staff, store):
    store.upsert_officials([OfficialInput("CB1", "Nguyễn Văn An")])
    official_id = find_official_id(store, "CB1")
    url = f"/officials/{official_id}/photo"
    assert staff.get(url).status_code == 404
    response = post_file(staff, f"{url}/upload", "photo", png_bytes(), "an.png")
    assert response.status_code == 302
    shown = staff.get(url)
    assert shown.status_code == 200 and shown.mimetype == "image/png"
    assert same_picture(shown.data, png_bytes())  # stored re-encoded, same pixels
    page = staff.get(f"/officials/{official_id}").get_data(as_text=True)
    assert f'src="/officials/{official_id}/photo?v=' in page and "Bỏ ảnh: Nguyễn Văn An" in page
    assert _audit(store, "official.photo")[2]["photo"] == "image/png"
    # Not an image, then an image over 2 MB (larger than the app's usual request limit).
    response = post_file(staff, f"{url}/upload", "photo", b"GIF89a not allowed", "x.gif")
    assert response.status_code == 302
    page = staff.get(f"/officials/{official_id}").get_data(as_text=True)
    assert "Không dùng được ảnh này: không phải ảnh PNG hoặc JPEG." in page
    big = b"\xff\xd8\xff\xe0" + b"\0" * (2 * 1024 * 1024 + 10) + b"\xff\xd9"
    response = post_file(staff, f"{url}/upload", "photo", big, "big.jpg")
    assert response.status_code == 302
    assert "ảnh quá lớn" in staff.get(f"/officials/{official_id}").get_data(as_text=True)
    assert same_picture(staff.get(url).data, png_bytes())  # still the first photo
    assert staff.post(f"{url}/remove").status_code == 302
    assert staff.get(url).status_code == 404


def test_the_csv_import_adds_and_updates_all_or_nothing(staff, store):
    store.upsert_officials([OfficialInput("CB1", "Nguyễn Văn An", "Cũ")])
    good = HEADER + "CB1,Nguyễn Văn An,Chuyên viên,Phòng Một cửa,Quầy 1,\nCB2,Lê Thị Hoa,,,,\n"
    response = post_file(staff, "/officials/import", "file", good.encode(), "can-bo.csv")
    assert response.status_code == 302
    html = staff.get("/officials").get_data(as_text=True)
    assert "Đã nhập danh sách cán bộ: 1 người mới, 1 người cập nhật." in html
    assert "Lê Thị Hoa" in html
    _e, before, after = _audit(store, "officials.import")
    assert before["CB1"]["title"] == "Cũ" and after["CB1"]["title"] == "Chuyên viên"
    assert "CB2" not in before and after["CB2"]["name"] == "Lê Thị Hoa"
    bad = "\ufeff" + HEADER + "CB3,Phạm Văn Tư,,,,\nCB4,,,,,\n"
    response = post_file(staff, "/officials/import", "file", bad.encode(), "sai.csv")
    assert response.status_code == 422
    assert "Dòng 3, cột “name”: không được để trống" in response.get_data(as_text=True)
    assert "CB3" not in {o.code for o in store.official_infos()}  # nothing imported
    with_photo = HEADER + "CB5,Đỗ Văn Năm,,,,anh/cb5.png\n"
    response = post_file(staff, "/officials/import", "file", with_photo.encode(), "a.csv")
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "Dòng 2, cột “photo”" in text and "tệp ZIP" in text


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_brings_the_csv_and_its_photos(staff, store):
    csv_text = HEADER + "CB1,Nguyễn Văn An,,Phòng A,,anh/cb1.png\nCB2,Lê Thị Hoa,,,,\n"
    data = _zip({"ds/can-bo.csv": csv_text.encode(), "ds/anh/cb1.png": png_bytes()})
    response = post_file(staff, "/officials/import", "file", data, "can-bo.zip")
    assert response.status_code == 302
    photo = store.official_photo(find_official_id(store, "CB1"))
    assert photo[1] == "image/png" and same_picture(photo[0], png_bytes())
    missing = _zip({"can-bo.csv": (HEADER + "CB9,Vũ Thị Chín,,,,cb9.jpg\n").encode()})
    response = post_file(staff, "/officials/import", "file", missing, "thieu.zip")
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "Dòng 2, cột “photo”: không đọc được tệp ảnh “cb9.jpg” (không có trong tệp ZIP)" in text
    two = _zip({"a.csv": HEADER.encode(), "b.csv": HEADER.encode()})
    response = post_file(staff, "/officials/import", "file", two, "hai.zip")
    assert "Tệp ZIP phải có đúng một tệp .csv" in response.get_data(as_text=True)
    assert "CB9" not in {o.code for o in store.official_infos()}


def test_user_text_is_escaped(staff, store):
    store.upsert_officials([OfficialInput("X<1>", "<script>alert(1)</script>", unit="<b>U</b>")])
    html = staff.get("/officials").get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>U</b>" not in html


@pytest.mark.parametrize(
    "url",
    [
        "/officials/999",
        "/officials/99999999999999999999999",
        "/officials/5/photo",
        "/units/999",
        "/counters/9223372036854775808",
    ],
)
def test_unknown_or_huge_ids_give_404(staff, url):
    assert staff.get(url).status_code == 404


@pytest.mark.parametrize("role", ["editor", "leader"])
def test_only_administrators_reach_the_people_pages(browser, store, password_hash, role):
    store.create_user("nguoi", password_hash, role=role)
    browser.login("nguoi")
    for url in ("/officials", "/units", "/counters", "/officials/import", "/devices"):
        assert browser.get(url).status_code == 403, url


def test_people_store_on_each_backend(any_store):
    unit = any_store.add_unit("Phòng Một cửa")
    counter = any_store.add_counter("Quầy 1", unit)
    official = any_store.add_official(
        "CB1", OfficialFields("Nguyễn Văn An", "Chuyên viên", counter_id=counter)
    )
    any_store.set_official_photo(official, png_bytes())
    (info,) = any_store.official_infos()
    assert (info.unit_name, info.counter_name, info.photo_mime) == (
        "Phòng Một cửa",
        "Quầy 1",
        "image/png",
    )
    any_store.rename_unit(unit, "Phòng Tiếp dân")
    # A later import by the unit's new name finds the same unit and counter.
    any_store.upsert_officials([OfficialInput("CB2", "Lê Hoa", "", "Phòng Tiếp dân", "Quầy 1")])
    assert len(any_store.list_units()) == 1 and len(any_store.list_counters()) == 1
    any_store.set_official_active(official, False)
    assert [o.code for o in any_store.list_officials()] == ["CB2"]
    assert set(any_store.official_infos_by_code(["CB1", "CB2", "CB9"])) == {"CB1", "CB2"}
    with pytest.raises(FieldError) as refused:
        any_store.add_counter("Quầy 1", unit)
    assert refused.value.field == "name"
