"""The survey editor: validation in Vietnamese, new versions, past visits unchanged, previews."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pygame

from admin_web.context import admin_state
from admin_web.survey_form import make_key
from lobby import clock
from lobby.survey import load_survey, survey_from_text
from lobby.visit_record import AnswerRecord, VisitRecord
from tests.admin.helpers import editor_fields, post_editor


def test_make_key_strips_vietnamese_marks():
    assert make_key("Rất hài lòng") == "rat_hai_long"
    assert make_key("Đúng hẹn!") == "dung_hen"


def test_a_scale_of_six_levels_is_refused_and_nothing_is_saved(staff, store, current):
    survey, _version = current
    data = editor_fields(survey)
    data["q-0-text"] = "Câu hỏi đã sửa nhưng chưa được lưu"
    for li in (4, 5):
        p = f"q-0-l-{li}-"
        data |= {p + "key": f"muc_{li}", p + "label": f"Mức {li}", p + "colour": "#123456"}
        data[p + "face"] = "neutral"
    before = store.list_survey_versions(survey.id)
    response = post_editor(staff, data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Câu hỏi 1: cần từ 2 đến 5 mức đánh giá, đang có 6." in page
    assert 'value="Câu hỏi đã sửa nhưng chưa được lưu"' in page  # what was typed is kept
    assert 'value="Mức 5"' in page
    assert store.list_survey_versions(survey.id) == before


def test_bad_colour_and_empty_question_are_named_in_vietnamese(staff, store, current):
    survey, _ = current
    data = editor_fields(survey)
    data["q-0-l-1-colour"] = "xanh"
    data["q-0-text"] = ""
    page = post_editor(staff, data, "preview").get_data(as_text=True)
    assert "Câu hỏi 1, mức 2: màu phải có dạng #RRGGBB" in page
    assert "Câu hỏi 1: chưa nhập nội dung câu hỏi." in page
    assert store.latest_survey_version(survey.id) is None


def test_save_makes_the_next_version_audited_and_current(staff, store, app, current):
    survey, _ = current
    first = store.ensure_survey_version(survey.id, survey_to_file(app))
    data = editor_fields(survey)
    data["q-0-l-0-label"] = "Rất rất hài lòng"
    response = post_editor(staff, data)
    assert response.status_code == 302
    latest = store.latest_survey_version(survey.id)
    assert latest.version == first + 1
    assert latest.editor == "quantri"
    saved = survey_from_text(latest.source)
    assert saved.levels[0].label == "Rất rất hài lòng"
    assert saved.levels[0].key == survey.levels[0].key
    with app.app_context():
        assert admin_state(app).survey().levels[0].label == "Rất rất hài lòng"
    (entry,) = [e for e in store.audit_entries() if e.action == "survey.save"]
    assert entry.username == "quantri" and entry.target == f"survey:{survey.id}"
    assert f'"version": {first}' in entry.before and f'"version": {latest.version}' in entry.after
    page = staff.get("/survey").get_data(as_text=True)
    assert f"phiên bản {latest.version}" in page
    assert "Rất rất hài lòng" in page
    # Saving again with no change adds no version.
    post_editor(staff, editor_fields(saved))
    assert store.latest_survey_version(survey.id).version == latest.version
    # The kiosk restarting on the unchanged file does not take the edit back.
    assert store.ensure_survey_version(survey.id, survey_to_file(app)) == first
    assert store.latest_survey_version(survey.id).version == latest.version
    versions = staff.get("/survey/versions").get_data(as_text=True)
    assert "quantri" in versions and "Tệp khảo sát của kiosk" in versions
    view = staff.get(f"/survey/versions/{latest.version}")
    assert view.status_code == 200 and "Rất rất hài lòng" in view.get_data(as_text=True)
    assert staff.get("/survey/versions/99999999999999999999").status_code == 404
    assert staff.get("/survey/versions/77").status_code == 404


def survey_to_file(app) -> str:
    settings = admin_state(app).settings
    return settings.path(settings.kiosk.survey).read_text(encoding="utf-8")


def test_past_visits_keep_their_version_and_rate(staff, store, app, current):
    survey, _ = current
    v1 = store.ensure_survey_version(survey.id, survey_to_file(app))
    level = survey.levels[1]  # "Hài lòng", satisfied in v1
    assert level.satisfied
    visit = VisitRecord(
        id=VisitRecord.new_id(),
        device_id="kiosk-1",
        channel="kiosk",
        created_at=clock.utcnow() - timedelta(minutes=5),
        survey_key=survey.id,
        survey_version=v1,
        answers=(
            AnswerRecord(survey.overall.key, survey.question, level.key, level.label, 1, True),
        ),
    )
    store.record_visit(visit)
    today = clock.local_day(clock.utcnow(), store.tz_name)
    (before,) = store.report_figures(today - timedelta(days=1), today)
    assert before.rate == 100
    data = editor_fields(survey)
    data.pop("q-0-l-1-satisfied")
    assert post_editor(staff, data).status_code == 302
    latest = store.latest_survey_version(survey.id)
    assert latest.version == v1 + 1
    assert not survey_from_text(latest.source).levels[1].satisfied
    (after,) = store.report_figures(today - timedelta(days=1), today)
    assert (after.answers, after.satisfied, after.rate) == (1, 1, before.rate)
    stored = store.visit_by_id(visit.id)
    assert stored.survey_version == v1 and stored.answers[0].satisfied


def _decode(data: bytes) -> pygame.Surface:
    return pygame.image.load(io.BytesIO(data), "x.png")


def test_previews_of_a_version_and_of_a_draft_are_kiosk_sized_pngs(staff, store, app, current):
    survey, _ = current
    v1 = store.ensure_survey_version(survey.id, survey_to_file(app))
    response = staff.get(f"/survey/preview/{v1}/rate-1.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    image = _decode(response.data)
    settings = admin_state(app).settings
    assert image.get_size() == (settings.kiosk.width, settings.kiosk.height)
    step = range(0, image.get_width(), 20), range(0, image.get_height(), 20)
    colours = {image.get_at((x, y))[:3] for x in step[0] for y in step[1]}
    assert len(colours) > 10  # text, buttons and faces, not a blank fill
    assert all(level.rgb in colours for level in survey.levels)  # each level's button colour
    assert staff.get(f"/survey/preview/{v1}/khong-co.png").status_code == 404
    assert staff.get("/survey/preview/99/rate-1.png").status_code == 404
    assert staff.get(f"/survey/preview/{10**30}/rate-1.png").status_code == 404
    # A draft (not saved) is previewed too, with its own text.
    data = editor_fields(survey)
    data["q-0-text"] = "Bản nháp: Ông/Bà thấy thế nào?"
    page = post_editor(staff, data, "preview").get_data(as_text=True)
    assert "Xem trước bản đang sửa (chưa lưu)" in page
    assert store.latest_survey_version(survey.id).version == v1  # nothing saved
    start = page.index("/survey/preview/draft/")
    url = page[start : page.index('"', start)]
    draft = staff.get(url.replace("&amp;", "&"))
    assert draft.status_code == 200
    assert _decode(draft.data).get_size() == image.get_size()
    assert draft.data != response.data


def test_the_default_survey_file_is_unchanged_by_editing(staff, app, current):
    survey, _ = current
    path = admin_state(app).settings.path(admin_state(app).settings.kiosk.survey)
    before = path.read_text(encoding="utf-8")
    data = editor_fields(survey)
    data["q-0-text"] = "Câu hỏi mới"
    assert post_editor(staff, data).status_code == 302
    assert path.read_text(encoding="utf-8") == before
    assert load_survey(path) == survey


def test_a_kiosk_in_the_same_process_takes_the_saved_version_and_is_not_disturbed(
    staff, store, app, current
):
    from kiosk import metrics, theme
    from kiosk.app import KioskApp
    from tests.kiosk_driver import Driver

    pygame.display.init()
    pygame.font.init()
    survey, _ = current
    settings = admin_state(app).settings
    kiosk = Driver(KioskApp(settings, store, survey, pygame.Surface((1280, 800))))
    try:
        look, scale = theme.current(), metrics.text_scale()
        data = editor_fields(survey)
        data["q-0-l-1-label"] = "Khá hài lòng"
        assert post_editor(staff, data, "preview").status_code == 200
        assert post_editor(staff, data).status_code == 302
        version = store.latest_survey_version(survey.id).version
        assert staff.get(f"/survey/preview/{version}/rate-1.png").status_code == 200
        assert staff.get(f"/survey/preview/{version}/thanks.png").status_code == 200
        assert (theme.current(), metrics.text_scale()) == (look, scale)
        kiosk.refresh()
        assert kiosk.app.snapshot.survey_version == version
        kiosk.open_rating()
        assert kiosk.app.screen.buttons[1].label == "Khá hài lòng"
        kiosk.touch(kiosk.button_centre(1))
        (visit,) = [v for v in store.iter_visits(date(2000, 1, 1), date(2100, 1, 1))]
        assert visit.survey_version == version
        assert visit.answers[0].level_label == "Khá hài lòng"
    finally:
        kiosk.app.close()
