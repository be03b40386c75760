"""Full visits driven by real pygame touch and key events, down to what the store keeps."""

from __future__ import annotations

import pygame
import pytest

from kiosk.flow import Phase
from tests.helpers_wait import wait_for
from tests.kiosk.visit_fixtures import FULL_SURVEY
from tests.kiosk_driver import Driver, all_visits, key

LOW_SURVEY_LEVEL = "Không hài lòng"


@pytest.fixture
def full(make_app, office_store):
    """A 1280x800 kiosk with every step of the survey on, over a store with officials."""
    return Driver(make_app(app_store=office_store, survey_file=FULL_SURVEY))


def begin(driver: Driver) -> None:
    driver.step()
    driver.touch((driver.size[0] // 3, driver.size[1] // 3))
    driver.wait(0.4)


def answer_all(driver: Driver, first: str, rest: int) -> None:
    """Answer the overall question with ``first`` and every other one with button ``rest``."""
    driver.tap(first)
    while driver.app.phase is Phase.RATE:
        driver.wait(0.4)
        driver.touch(driver.app.screen.buttons[rest].rect.center)


def test_rate_only_keeps_one_overall_answer_with_the_survey_version(kiosk, store):
    kiosk.open_rating()
    kiosk.touch(kiosk.button_centre(1))
    assert kiosk.app.phase is Phase.THANKS
    (visit,) = all_visits(store)
    assert [(a.question_key, a.level_key, a.level_label, a.satisfied) for a in visit.answers] == [
        ("overall", "hai_long", "Hài lòng", True)
    ]
    assert visit.survey_key == "hai-long-chung"
    assert visit.survey_version == store.latest_survey_version("hai-long-chung").version >= 1
    assert visit.channel == "kiosk" and visit.input_channel == "touch"
    assert visit.official_code is None and visit.dossier_code is None


def test_a_visit_with_counter_official_every_question_and_a_dossier(full, office_store):
    begin(full)
    assert full.app.phase is Phase.COUNTER
    full.tap("Quầy 1")
    full.wait(0.4)
    # Officials of that counter only, by given name: An before Bình.
    assert [b.label for b in full.app.screen.buttons] == ["Trần Thị An", "Nguyễn Văn Bình"]
    full.tap("Nguyễn Văn Bình")
    full.wait(0.4)
    answer_all(full, "Rất hài lòng", 0)
    assert full.app.phase is Phase.DOSSIER
    for digit in "20250117":
        full.tap(digit)
    full.tap("Xoá")
    full.tap("Tiếp tục")
    assert full.app.phase is Phase.THANKS
    (visit,) = all_visits(office_store)
    assert visit.official_code == "CB01" and visit.official_name == "Nguyễn Văn Bình"
    assert visit.counter_name == "Quầy 1" and visit.unit_name == "Văn phòng"
    assert visit.dossier_code == "2025011"
    assert [a.question_key for a in visit.answers] == [
        "overall",
        "thai_do",
        "huong_dan",
        "dung_hen",
        "so_lan_di_lai",
    ]
    assert visit.answers[0].level_key == "rat_hai_long"
    assert visit.reasons == () and visit.comment is None and visit.callback_phone is None


def test_a_low_rating_with_reasons_comment_and_call_back(full, office_store):
    begin(full)
    full.tap("Bỏ qua / không nhớ")
    full.wait(0.4)
    assert len(full.app.screen.buttons) == 5, "no counter: every official"
    full.tap("Bỏ qua")
    full.wait(0.4)
    answer_all(full, LOW_SURVEY_LEVEL, -1)
    assert full.app.phase is Phase.REASONS
    full.tap("Phải chờ lâu")
    full.tap("Trả hồ sơ trễ hẹn")
    full.tap("Tiếp tục")
    assert full.app.phase is Phase.APOLOGY
    full.tap("Tiếp tục")
    assert full.app.phase is Phase.PHONE
    for digit in "0912345678":
        full.tap(digit)
    full.tap("Tiếp tục")
    assert full.app.phase is Phase.CONSENT
    full.tap("Tôi đồng ý để cơ quan lưu số điện thoại này để gọi lại")
    assert full.app.phase is Phase.COMMENT
    # Telex on the screen's keys: "chowf laau" -> "chờ lâu"; then the accented-letter keys.
    for letter in "chowf":
        full.tap(letter)
    full.tap("Dấu cách")
    for letter in "laau":
        full.tap(letter)
    full.tap("Dấu cách")
    full.tap("đ")
    full.tap("i")
    assert full.app.screen.value == "chờ lâu đi"
    full.tap("Tiếp tục")
    full.tap("Bỏ qua")
    assert full.app.phase is Phase.THANKS
    (visit,) = all_visits(office_store)
    assert visit.answers[0].level_key == "khong_hai_long" and not visit.answers[0].satisfied
    assert visit.reasons == ("cho_lau", "tre_hen")
    assert visit.comment == "chờ lâu đi"
    assert visit.callback_phone == "0912345678" and visit.callback_consent
    assert visit.official_code is None and visit.dossier_code is None


def test_the_whole_visit_by_keys_only(full, office_store):
    full.step()
    full.press(pygame.K_RETURN)
    full.wait(0.4)
    full.press(pygame.K_2)  # the second counter: "Quầy 2"
    full.wait(0.4)
    labels = [b.label for b in full.app.screen.buttons]
    assert labels == ["Hoàng Minh Châu", "Phạm Văn Đức", "Lê Thị Hà"]
    full.press(pygame.K_ESCAPE)
    assert full.app.phase is Phase.COUNTER
    full.wait(0.4)
    full.press(pygame.K_2)
    full.wait(0.4)
    full.press(pygame.K_3)  # Lê Thị Hà
    for digit in (pygame.K_4, pygame.K_1, pygame.K_1, pygame.K_1, pygame.K_1):
        full.wait(0.4)
        full.press(digit)
    assert full.app.phase is Phase.REASONS
    full.press(pygame.K_1, pygame.K_6, pygame.K_RETURN)
    full.press(pygame.K_RETURN)  # the apology
    assert full.app.phase is Phase.PHONE
    full.press(pygame.K_0, pygame.K_KP9, pygame.K_1, pygame.K_BACKSPACE, pygame.K_RETURN)
    assert full.app.phase is Phase.PHONE, "09 is not a phone number"
    full.press(*[pygame.K_1] * 8, pygame.K_RETURN)
    assert full.app.phase is Phase.CONSENT
    full.press(pygame.K_2)  # does not agree
    assert full.app.phase is Phase.COMMENT
    full.step(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_t, mod=0, unicode="t", scancode=0))
    full.step(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_o, mod=0, unicode="o", scancode=0))
    full.step(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_t, mod=0, unicode="t", scancode=0))
    full.step(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_s, mod=0, unicode="s", scancode=0))
    full.press(pygame.K_RETURN)
    assert full.app.phase is Phase.DOSSIER
    full.press(pygame.K_7, pygame.K_RETURN)
    assert full.app.phase is Phase.DOSSIER, "7 is not a dossier code of the office"
    full.press(pygame.K_7, pygame.K_7, pygame.K_7, pygame.K_RETURN)
    assert full.app.phase is Phase.THANKS
    (visit,) = all_visits(office_store)
    assert visit.official_code == "CB03" and visit.input_channel == "key"
    assert visit.reasons == ("cho_lau", "khac")
    assert visit.callback_phone is None and not visit.callback_consent
    assert visit.comment == "tót" and visit.dossier_code == "7777"


def test_idle_reset_mid_visit_leaves_no_trace_for_the_next_visitor(full, office_store, settings):
    begin(full)
    full.tap("Quầy 2")
    full.wait(0.4)
    full.tap("Lê Thị Hà")
    full.wait(0.4)
    answer_all(full, LOW_SURVEY_LEVEL, -1)
    full.tap("Phải chờ lâu")
    full.tap("Tiếp tục")
    full.tap("Tiếp tục")
    for digit in "0912":
        full.tap(digit)
    full.wait(settings.kiosk.idle_seconds - 3)
    assert full.app.screen._countdown == 3, "the warning counts down before the reset"
    full.wait(3.1)
    assert full.app.phase is Phase.ATTRACT
    assert full.app.state == full.app.flow.start()
    assert all_visits(office_store) == []
    begin(full)
    assert full.app.phase is Phase.COUNTER
    full.tap("Bỏ qua / không nhớ")
    full.wait(0.4)
    full.tap("Bỏ qua")
    full.wait(0.4)
    answer_all(full, LOW_SURVEY_LEVEL, -1)
    reasons = full.app.screen
    assert not any(b.on for b in reasons.buttons), "no reason of the previous visitor"
    full.tap("Tiếp tục")
    full.tap("Tiếp tục")
    assert full.app.screen.value == "", "no phone digits of the previous visitor"
    full.tap("Bỏ qua")
    full.tap("Bỏ qua")
    full.tap("Bỏ qua")
    (visit,) = all_visits(office_store)
    assert visit.official_code is None and visit.reasons == () and visit.callback_phone is None


def test_repeated_presses_are_stored_and_flagged(make_app, store):
    kiosk = Driver(make_app(kiosk_toml="repeat_interval_seconds = 60"))
    for _ in range(3):
        kiosk.open_rating()
        kiosk.step(key(pygame.K_1))
        assert kiosk.app.phase is Phase.THANKS
        kiosk.wait(kiosk.app.timing.thanks_seconds)
    visits = all_visits(store)
    assert len(visits) == 3
    assert [v.is_repeat for v in visits] == [False, True, True]
    assert store.count_visits(include_repeats=False) == 1


def test_public_information_opens_by_kind_and_returns(full):
    full.step()
    full.tap("Thông tin công khai")
    assert full.app.phase is Phase.INFO
    screen = full.app.screen
    kinds = ["Nội quy, quy định", "Liên hệ lãnh đạo", "Đường dây nóng, hòm thư góp ý"]
    assert [b.label for b in screen.buttons] == kinds
    full.tap("Liên hệ lãnh đạo")
    full.tap("Ông Nguyễn Văn Hùng, Chánh Văn phòng")
    assert screen.item_on(screen.page).title == "Ông Nguyễn Văn Hùng, Chánh Văn phòng"
    assert "Trang sau" not in [b.label for b in full.buttons()]
    full.press(pygame.K_RETURN)  # on the item's last page Enter goes back to its list
    full.tap("Quay lại")
    full.press(pygame.K_ESCAPE)  # from the kinds, back to the start
    assert full.app.phase is Phase.ATTRACT
    full.step(key(pygame.K_2))
    assert full.app.phase is Phase.INFO and [b.label for b in full.app.screen.buttons] == kinds
    full.wait(full.app.timing.idle_seconds)
    assert full.app.phase is Phase.ATTRACT


def test_a_new_survey_version_applies_at_the_next_visitor_never_mid_visit(kiosk, store):
    from lobby.survey import survey_from_text, survey_to_toml

    survey = kiosk.app.survey
    kiosk.open_rating()
    newer = survey_to_toml(survey).replace("Hài lòng", "Khá hài lòng", 1)
    version = store.ensure_survey_version(survey.id, newer)
    assert survey_from_text(newer).levels[1].label == "Khá hài lòng"
    kiosk.refresh()
    assert kiosk.app.screen.buttons[1].label == "Hài lòng", "not mid-visit"
    kiosk.touch(kiosk.button_centre(1))
    kiosk.wait(kiosk.app.timing.thanks_seconds)
    kiosk.refresh()
    assert kiosk.app.snapshot.survey_version == version
    kiosk.open_rating()
    assert kiosk.app.screen.buttons[1].label == "Khá hài lòng"
    kiosk.touch(kiosk.button_centre(1))
    first, second = all_visits(store)
    assert first.answers[0].level_label == "Hài lòng" and first.survey_version == version - 1
    assert second.answers[0].level_label == "Khá hài lòng" and second.survey_version == version


def test_a_stalled_frame_does_not_eat_the_thank_you_time(kiosk):
    kiosk.open_rating()
    kiosk.touch(kiosk.button_centre(0))
    assert kiosk.app.phase is Phase.THANKS
    kiosk.step(dt=30.0)
    assert kiosk.app.phase is Phase.THANKS


def test_new_officials_show_at_the_next_visitor_without_a_restart(full, office_store):
    from lobby.store import OfficialInput

    begin(full)
    full.tap("Quầy 1")
    full.wait(0.4)
    office_store.upsert_officials(
        [OfficialInput("CB09", "Đào Thị Ái", "Chuyên viên", "Văn phòng", "Quầy 1")]
    )
    full.refresh()
    assert [b.label for b in full.app.screen.buttons] == ["Trần Thị An", "Nguyễn Văn Bình"]
    full.press(pygame.K_ESCAPE, pygame.K_ESCAPE)
    assert full.app.phase is Phase.ATTRACT
    full.refresh()
    begin(full)
    full.tap("Quầy 1")
    full.wait(0.4)
    assert [b.label for b in full.app.screen.buttons] == [
        "Đào Thị Ái",
        "Trần Thị An",
        "Nguyễn Văn Bình",
    ]


def test_the_loader_refreshes_in_the_background(full, office_store):
    from lobby.store import OfficialInput

    office_store.upsert_officials([OfficialInput("CB10", "Mai Văn Tư", "", "Văn phòng", "Quầy 2")])
    loader = full.app.loader
    loader.interval = 0.01
    loader.start()

    def refreshed():
        full.step(dt=0.01)  # the app takes the loader's news between frames
        return full.app.flow.roster.official("CB10")

    official = wait_for(refreshed, 10, "the new official on the kiosk", every=0.01)
    assert official.name == "Mai Văn Tư"


def test_a_long_list_is_indexed_and_digits_pick_on_the_shown_screen(make_app, office_store):
    from lobby.store import OfficialInput

    names = [f"Nguyễn Văn Tên{n:02d}" for n in range(40)]
    office_store.upsert_officials(
        OfficialInput(f"X{n:02d}", name, "Chuyên viên", "Văn phòng", "Quầy 3")
        for n, name in enumerate(names)
    )
    driver = Driver(make_app(app_store=office_store, survey_file=FULL_SURVEY))
    begin(driver)
    driver.tap("Quầy 3")
    driver.wait(0.4)
    screen = driver.app.screen
    assert screen.indexing() and screen.pages == 1  # ranges of given names, no page turns
    assert "Trang sau" not in [b.label for b in driver.buttons()]
    driver.press(pygame.K_2)
    assert driver.app.phase is Phase.OFFICIAL and not screen.indexing() and screen.pages == 1
    second = screen.path[-1].members[1]
    driver.press(pygame.K_2)
    assert driver.app.phase is Phase.RATE and driver.app.state.official == second.code
    driver.press(pygame.K_ESCAPE)
    assert driver.app.phase is Phase.OFFICIAL and screen.indexing()  # from the top again
    driver.wait(0.4)
    driver.press(pygame.K_1)
    driver.press(pygame.K_ESCAPE)  # climbs the index
    assert driver.app.phase is Phase.OFFICIAL and screen.indexing() and not screen.path


def test_quay_lai_on_a_question_goes_back_one_step_by_touch(full):
    begin(full)
    full.tap("Quầy 2")
    full.wait(0.4)
    full.tap("Lê Thị Hà")
    full.wait(0.4)
    full.tap("Hài lòng")
    full.wait(0.4)
    assert full.app.state.question == 1
    full.tap("Quay lại")
    assert (full.app.phase, full.app.state.question) == (Phase.RATE, 0)
    full.tap("Quay lại")
    assert full.app.phase is Phase.OFFICIAL and full.app.state.answers == (1,)


def test_an_idle_kiosk_still_says_it_is_alive(kiosk, store):
    (started,) = [d for d in store.list_devices() if d.id == kiosk.app.device_id]
    assert started.last_seen_at is not None
    kiosk.app.loader.load()  # what the loader's thread does every few seconds
    (device,) = [d for d in store.list_devices() if d.id == kiosk.app.device_id]
    assert device.last_seen_at > started.last_seen_at
