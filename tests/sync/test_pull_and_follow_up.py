"""The pull brings what the centre manages to the site (and keeps what the site owns); cases
and issued letters travel to the centre, a changed case again."""

from __future__ import annotations

import base64
import hashlib
import io

from PIL import Image
from sqlalchemy import select

from lobby.public_info import DEFAULT_PATH, load_public_info
from lobby.store.models import (
    CaseNote,
    FollowupCase,
    Letter,
    Official,
    PublicItemModel,
    SignMessage,
    Visit,
)
from lobby.sync.client import CentralClient
from tests.helpers_documents import pdf_bytes
from tests.helpers_images import png_bytes
from tests.sync.helpers import SURVEY, add_people, make_visit, new_site

CENTRE_MESSAGE = "Sở Nội vụ chào mừng Quý khách"


def _official(store, site_id: int, code: str) -> Official:
    with store.session() as s:
        return s.scalar(select(Official).where(Official.site_id == site_id, Official.code == code))


def test_the_pull_brings_the_centres_kinds_and_keeps_the_sites_own(central, tmp_path):
    site = new_site(central, tmp_path, "phuong-7", "UBND Phường 7")
    add_people(central.store, site.site_id, "TT ")
    photo = png_bytes()
    with central.store.session() as s:
        official = s.scalar(
            select(Official).where(Official.site_id == site.site_id, Official.code == "cb01")
        )
        official.photo = photo
    central.store.add_survey_version("default", SURVEY.read_text(encoding="utf-8"), "trungtam")
    central.store.add_sign_message(CENTRE_MESSAGE)
    item_id = central.store.add_public_item({"kind": "procedure", "title": "Cấp bản sao"})
    form = pdf_bytes()
    central.store.add_public_file(item_id, "to-khai.pdf", form, "Tờ khai cấp bản sao")
    # The site had an official of its own (not known to the centre) and a visit.
    add_people(site.store, 1, "DP ")
    with site.store.session() as s:
        s.add(
            Official(
                site_id=1,
                code="cb09",
                full_name="Lê Văn Chín",
                title="",
                active=True,
                created_at=official.created_at,
                updated_at=official.created_at,
            )
        )
    site.store.record_visit(make_visit(1, device="kiosk-p7"))
    site.store.add_survey_version("default", "# bản của điểm\n" + SURVEY.read_text(), "diaphuong")
    site.store.add_sign_message("Thông điệp cũ của điểm")

    done = site.sync_once()
    assert done.returncode == 0, done.stderr

    pulled = _official(site.store, 1, "cb01")
    assert pulled.full_name == "TT Nguyễn Văn An" and pulled.active
    assert pulled.photo == photo
    assert not _official(site.store, 1, "cb09").active  # deactivated, never deleted
    centre_versions = {v.version: v.source for v in central.store.list_survey_versions("default")}
    site_versions = {v.version: v.source for v in site.store.list_survey_versions("default")}
    assert site_versions == centre_versions  # the site's own version 1 took the centre's text
    assert site.store.enabled_sign_texts() == central.store.enabled_sign_texts()
    assert CENTRE_MESSAGE in site.store.enabled_sign_texts()
    titles = [item.title for item in site.store.list_public_items()]
    assert titles == [item.title for item in central.store.list_public_items()]
    (pulled_item,) = [i for i in site.store.list_public_items() if i.title == "Cấp bản sao"]
    (pulled_form,) = pulled_item.attachments
    assert pulled_form.title == "Tờ khai cấp bản sao"
    assert site.store.get_public_file(pulled_form.id)[1] == form
    assert site.store.count_visits() == 1  # what the site owns stays
    assert site.store.official_photo_hashes()["cb01"] == hashlib.sha256(photo).hexdigest()

    # Nothing changed at the centre: a second round rewrites nothing on the site.
    def ids():
        with site.store.session() as s:
            return list(s.scalars(select(SignMessage.id))), list(
                s.scalars(select(PublicItemModel.id))
            )

    before = ids()
    tag = site.store.get_meta("sync_pull_etag")
    assert tag and CentralClient(central.url, site.token).pull(tag) == (None, tag)
    done = site.sync_once()
    assert done.returncode == 0, done.stderr
    assert ids() == before
    assert site.store.get_meta("sync_pull_etag") == tag

    # The centre changes an item: the site's copy follows, with its form.
    central.store.update_public_item(item_id, {"kind": "procedure", "title": "Cấp bản sao (mới)"})
    done = site.sync_once()
    assert done.returncode == 0, done.stderr
    (pulled_item,) = [i for i in site.store.list_public_items() if i.title.startswith("Cấp bản")]
    assert pulled_item.title == "Cấp bản sao (mới)"
    assert site.store.get_public_file(pulled_item.attachments[0].id)[1] == form

    # A new photo at the centre reaches the site at the next round.
    picture = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(picture, "PNG")
    central.store.set_official_photo(official.id, picture.getvalue())
    done = site.sync_once()
    assert done.returncode == 0, done.stderr
    assert _official(site.store, 1, "cb01").photo == picture.getvalue()


def test_a_site_enrolled_before_the_centre_has_its_people_keeps_its_own(central, tmp_path):
    site = new_site(central, tmp_path, "xa-moi", "UBND Xã Mới")
    add_people(site.store, 1, "DP ")
    samples = {item.title for item in load_public_info(DEFAULT_PATH)}
    centre_titles = {item.title for item in central.store.list_public_items()}
    assert samples and not samples & centre_titles  # the sites would pull them as the centre's

    done = site.sync_once()
    assert done.returncode == 0, done.stderr
    assert _official(site.store, 1, "cb01").full_name == "DP Nguyễn Văn An"
    assert _official(site.store, 1, "cb01").active  # the centre lists no one for it yet

    # Once the centre publishes the site's people, they take over.
    add_people(central.store, site.site_id, "TT ")
    done = site.sync_once()
    assert done.returncode == 0, done.stderr
    assert _official(site.store, 1, "cb01").full_name == "TT Nguyễn Văn An"


def _issue_letter(store, visit_id: str) -> None:
    template = store.save_letter_template(
        "apology", "Thư xin lỗi", "", "Kính gửi {ho_ten}", "Nội dung", "", "quantri"
    )
    letter_id = store.create_letter(
        "apology",
        template.id,
        {"ho_ten": "Phạm Văn Dân"},
        "Phạm Văn Dân",
        None,
        "lanhdao",
        visit_id=visit_id,
    )
    store.approve_letter(letter_id, "phogiamdoc")
    store.issue_letter(letter_id, "lanhdao", 2026, lambda number, _at: (f"{number}/TXL", b"DOCX"))


def test_cases_and_letters_reach_the_centre_and_a_changed_case_goes_again(central, tmp_path):
    site = new_site(central, tmp_path, "thi-tran", "UBND Thị trấn")
    visit = make_visit(0, device="kiosk-tt", callback_phone="0905123456", callback_consent=True)
    site.store.record_visit(visit)
    assert site.store.sync_cases() == 1
    with site.store.session() as s:
        case_id = s.scalar(select(FollowupCase.id))
    site.store.add_case_note(case_id, "lanhdao", "Đã gọi lại, công dân hài lòng", "reached")
    _issue_letter(site.store, visit.id)
    assert site.store.count_unforwarded() == {"visits": 1, "cases": 1, "letters": 1}

    done = site.sync_once()
    assert done.returncode == 0, done.stderr
    assert site.store.count_unforwarded() == {"visits": 0, "cases": 0, "letters": 0}
    with central.store.session() as s:
        case = s.scalar(select(FollowupCase).where(FollowupCase.visit_id == visit.id))
        notes = list(s.scalars(select(CaseNote.text).where(CaseNote.case_id == case.id)))
        letter = s.scalar(select(Letter).where(Letter.site_id == site.site_id))
        phone = s.scalar(select(Visit.callback_phone).where(Visit.id == visit.id))
    assert case.site_id == site.site_id and case.call_outcome == "reached"
    assert notes == ["Đã gọi lại, công dân hài lòng"]
    assert (letter.kind, letter.year, letter.number) == ("apology", 2026, 1)
    assert letter.docx == b"DOCX" and letter.visit_id == visit.id and letter.case_id == case.id
    assert phone == "0905123456"

    site.store.add_case_note(case_id, "lanhdao", "Gửi thư xin lỗi", None)
    site.store.update_case(case_id, status="resolved")
    assert site.store.count_unforwarded()["cases"] == 1
    done = site.sync_once()
    assert done.returncode == 0, done.stderr
    with central.store.session() as s:
        case = s.scalar(select(FollowupCase).where(FollowupCase.visit_id == visit.id))
        notes = list(s.scalars(select(CaseNote.text).where(CaseNote.case_id == case.id)))
        letters = s.scalars(select(Letter).where(Letter.site_id == site.site_id)).all()
    assert case.status == "resolved"
    assert sorted(notes) == sorted(["Đã gọi lại, công dân hài lòng", "Gửi thư xin lỗi"])
    assert len(letters) == 1
    assert base64.b64encode(letters[0].docx) == base64.b64encode(b"DOCX")
