"""Officials, units and counters; survey versions; public information: on both backends."""

from __future__ import annotations

import pytest

from lobby.public_info import DEFAULT_PATH
from lobby.settings import ConfigError
from lobby.store import OfficialInput
from lobby.store.photos import photo_mime
from tests.helpers_images import png_bytes


def test_reimport_updates_by_code_and_keeps_history(any_store):
    added = any_store.upsert_officials(
        [
            OfficialInput("CB01", "Trần Văn Bình", "Chuyên viên", "Phòng Một cửa", "Quầy 1"),
            OfficialInput("CB02", "Nguyễn Thị Anh", "Phó phòng", "Phòng Một cửa", "Quầy 2"),
        ]
    )
    assert added == (2, 0)
    again = any_store.upsert_officials(
        [OfficialInput("CB02", "Nguyễn Thị Anh", "Trưởng phòng", "Văn phòng Sở", "Quầy 1")]
    )
    assert again == (0, 1)
    officials = {o.code: o for o in any_store.list_officials()}
    assert set(officials) == {"CB01", "CB02"}  # CB01 was not in the second import: still there
    cb02 = officials["CB02"]
    assert (cb02.title, cb02.unit_name) == ("Trưởng phòng", "Văn phòng Sở")
    assert [u.name for u in any_store.list_units()] == ["Phòng Một cửa", "Văn phòng Sở"]
    # "Quầy 1" of two units are two counters.
    assert sorted(c.unit_name for c in any_store.list_counters()) == [
        "Phòng Một cửa",
        "Phòng Một cửa",
        "Văn phòng Sở",
    ]


def test_officials_are_listed_by_given_name_and_by_counter(any_store):
    any_store.upsert_officials(
        [
            OfficialInput("A", "Trần Văn Bình", counter="Quầy 1"),
            OfficialInput("B", "Nguyễn Thị Anh", counter="Quầy 1"),
            OfficialInput("C", "Lê Đức Ánh", counter="Quầy 2"),
        ]
    )
    assert [o.name for o in any_store.list_officials()] == [
        "Nguyễn Thị Anh",
        "Lê Đức Ánh",
        "Trần Văn Bình",
    ]
    (quay1, _) = any_store.list_counters()
    assert [o.code for o in any_store.list_officials(counter_code=quay1.code)] == ["B", "A"]


def test_photos_must_be_png_or_jpeg_of_at_most_2_mb(any_store):
    png = png_bytes()
    any_store.upsert_officials([OfficialInput("CB01", "Trần Văn Bình", photo=png)])
    (official,) = any_store.list_officials()
    assert (official.photo, official.photo_mime) == (png, "image/png")
    for bad in (b"GIF89a....", b"\x89PNG\r\n\x1a\n" + b"\x00" * (3 * 1024 * 1024)):
        with pytest.raises(ValueError):
            any_store.upsert_officials([OfficialInput("CB02", "Lê Văn Cường", photo=bad)])
    assert [o.code for o in any_store.list_officials()] == ["CB01"]  # nothing half-written
    assert photo_mime(b"\xff\xd8\xff\xe0" + b"JFIF" + b"\xff\xd9") == "image/jpeg"


def test_a_new_survey_version_only_when_the_text_changes(any_store):
    assert any_store.latest_survey_version() is None
    assert any_store.ensure_survey_version("hai-long-chung", 'id = "hai-long-chung"\n') == 1
    assert any_store.ensure_survey_version("hai-long-chung", 'id = "hai-long-chung"\n') == 1
    assert any_store.ensure_survey_version("hai-long-chung", 'id = "hai-long-chung"\n#\n') == 2
    assert any_store.ensure_survey_version("khac", "x = 1\n") == 1
    latest = any_store.latest_survey_version("hai-long-chung")
    assert (latest.key, latest.version, latest.source) == (
        "hai-long-chung",
        2,
        'id = "hai-long-chung"\n#\n',
    )
    assert any_store.latest_survey_version().key == "khac"
    assert any_store.ensure_survey_version("hai-long-chung", 'id = "hai-long-chung"\n') == 3


def test_public_information_is_seeded_once_from_the_shipped_file(any_store):
    path = DEFAULT_PATH
    added = any_store.seed_public_info(path)
    items = any_store.list_public_items()
    assert added == len(items) >= 8
    assert {i.kind for i in items} == {"rule", "procedure", "contact", "hotline"}
    procedures = any_store.list_public_items("procedure")
    assert len(procedures) >= 3 and all(p.code for p in procedures)
    assert any_store.list_public_items("hotline")[0].phone
    assert any_store.seed_public_info(path) == 0  # already there: the office's edits are kept
    assert len(any_store.list_public_items()) == len(items)


def test_a_broken_public_information_file_names_the_item_and_field(any_store, tmp_path):
    path = tmp_path / "public.toml"
    path.write_text('[[items]]\nkind = "rule"\ntitle = "Nội quy"\n[[items]]\nkind = "x"\n')
    with pytest.raises(ConfigError, match=r"items #2 kind"):
        any_store.seed_public_info(path)
    assert any_store.list_public_items() == []
