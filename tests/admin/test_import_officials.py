"""``python -m admin_web import-officials FILE.csv``: adds and updates by code, all or nothing."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from lobby.settings import load_settings
from lobby.store import OfficialInput, Store
from tests.admin.helpers import OFFICIALS_HEADER as HEADER
from tests.admin.helpers import run_cli
from tests.helpers_images import png_bytes, same_picture


def officials(config: Path) -> dict:
    """Return the officials stored for this config, by code."""
    store = Store.open(load_settings(config).store_url)
    try:
        return {o.code: o for o in store.list_officials(active_only=False)}
    finally:
        store.close()


def write_csv(folder: Path, text: str, *, bom: bool = False, name: str = "can-bo.csv") -> Path:
    path = folder / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def test_import_creates_units_counters_and_officials_with_photos(write_config, tmp_path):
    config = write_config("")
    (tmp_path / "anh").mkdir()
    (tmp_path / "anh" / "cb01.png").write_bytes(png_bytes())
    csv_path = write_csv(
        tmp_path,
        HEADER
        + "CB01,Nguyễn Thị Lan,Chuyên viên,Phòng Một cửa,Quầy 1,anh/cb01.png\n"
        + '"CB02","Trần Văn Bình","Phó Trưởng phòng, phụ trách","Phòng Một cửa","Quầy 2",\n',
        bom=True,
    )
    result = run_cli(config, "import-officials", str(csv_path))
    assert result.returncode == 0, result.stderr
    assert "2 thêm mới, 0 cập nhật" in result.stdout
    stored = officials(config)
    assert same_picture(stored["CB01"].photo, png_bytes())
    assert stored["CB01"].photo_mime == "image/png"
    assert (stored["CB02"].title, stored["CB02"].counter_name) == (
        "Phó Trưởng phòng, phụ trách",
        "Quầy 2",
    )
    assert stored["CB02"].unit_name == "Phòng Một cửa" and stored["CB02"].photo is None


def test_reimport_updates_by_code_and_never_deletes(write_config, tmp_path):
    config = write_config("")
    first = write_csv(
        tmp_path, "code,name,title,unit,counter\nCB01,Lan,,Văn phòng,\nCB02,Bình,,,\n"
    )
    assert run_cli(config, "import-officials", str(first)).returncode == 0
    second = write_csv(tmp_path, "code,name,title,unit,counter\nCB02,Trần Văn Bình,Chuyên viên,,\n")
    result = run_cli(config, "import-officials", str(second))
    assert result.returncode == 0, result.stderr
    assert "0 thêm mới, 1 cập nhật" in result.stdout
    stored = officials(config)
    assert set(stored) == {"CB01", "CB02"}
    assert (stored["CB02"].name, stored["CB02"].title) == ("Trần Văn Bình", "Chuyên viên")


@pytest.mark.parametrize(
    "body, message",
    [
        (HEADER + "CB03,Lan,,,,\n,Bình,,,,\n", "Dòng 3, cột “code”: không được để trống"),
        (HEADER + "CB03,  ,,,,\n", "Dòng 2, cột “name”: không được để trống"),
        (
            HEADER + "CB03,Lan,,,,\nCB04,Hà,,,,\nCB03,Bình,,,,\n",
            "Dòng 4, cột “code”: mã “CB03” trùng với dòng 2",
        ),
        ("code,name,title,unit,counter,email\n", "Dòng 1, cột “email”: cột không được biết"),
        (HEADER + "CB03,Lan,,,,anh/khong-co.png\n", "Dòng 2, cột “photo”: không đọc được tệp ảnh"),
        (
            HEADER + "CB03,Lan,,,,can-bo.csv\n",
            "Dòng 2, cột “photo”: tệp “can-bo.csv”: không phải ảnh",
        ),
        (HEADER + "CB03,Lan,,,\n", "Dòng 2: có 5 ô, cần đúng 6 ô"),
    ],
)
def test_a_bad_row_stops_the_import_naming_row_and_column(write_config, tmp_path, body, message):
    config = write_config("")
    store = Store.open(load_settings(config).store_url)
    store.upsert_officials([OfficialInput("CB01", "Lan")])
    store.close()
    result = run_cli(config, "import-officials", str(write_csv(tmp_path, body)))
    assert result.returncode == 2
    assert message in result.stderr and "Chưa nhập dòng nào" in result.stderr
    assert set(officials(config)) == {"CB01"}  # nothing of the bad file was imported


def test_a_file_saved_by_excel_with_semicolons_and_crlf_is_read(write_config, tmp_path):
    config = write_config("")
    body = "code;name;title;unit;counter\r\nCB01;Lê Thị Hoa;Chuyên viên, văn thư;Văn phòng;\r\n"
    result = run_cli(config, "import-officials", str(write_csv(tmp_path, body, bom=True)))
    assert result.returncode == 0, result.stderr
    assert officials(config)["CB01"].title == "Chuyên viên, văn thư"


def test_a_file_not_in_utf8_is_refused_with_its_line(write_config, tmp_path):
    config = write_config("")
    path = tmp_path / "cp1258.csv"
    text = "code,name,title,unit,counter\nCB01,Lan,,,\nCB02,Bình,,,\n"
    path.write_bytes(unicodedata.normalize("NFD", text).encode("cp1258"))  # the old Windows way
    result = run_cli(config, "import-officials", str(path))
    assert result.returncode == 2
    assert "Dòng 3: tệp không phải UTF-8" in result.stderr
    assert officials(config) == {}
