"""Spoken prompts: real espeak-ng audio, never blocking the caller, silent without espeak-ng."""

from __future__ import annotations

import array
import functools
import shutil
import wave
from pathlib import Path

import pygame
import pytest

from kiosk.speech import Speaker
from lobby.settings import settings_from_dict
from tests.helpers_wait import wait_for

needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None, reason="espeak-ng is not installed"
)
LONG = " ".join(["Trân trọng cảm ơn Ông Bà đã đến làm việc tại bộ phận một cửa."] * 40)


# Every wait here is for speech to start or end; speaking a long text takes a few seconds.
wait_until = functools.partial(wait_for, timeout=20.0, what="the speaker")


def audio(path: Path) -> tuple[float, int]:
    """Return the WAV's duration in seconds and its loudest sample."""
    with wave.open(str(path)) as wav:
        frames = wav.readframes(wav.getnframes())
        assert wav.getsampwidth() == 2
        samples = array.array("h", frames)
        return wav.getnframes() / wav.getframerate(), max((abs(s) for s in samples), default=0)


def finished(speaker: Speaker, runs: int):
    return lambda: speaker.spoken >= runs and not speaker.speaking


@pytest.fixture
def wav(tmp_path):
    return tmp_path / "prompt.wav"


@needs_espeak
def test_a_vietnamese_prompt_becomes_real_audio(wav):
    speaker = Speaker(to_file=wav)
    try:
        speaker.say("Ông/Bà hài lòng với cách phục vụ của chúng tôi không?")
        wait_until(finished(speaker, 1))
    finally:
        speaker.close()
    seconds, loudest = audio(wav)
    assert seconds > 1.0 and loudest > 3000


@needs_espeak
def test_say_returns_while_espeak_is_still_speaking(wav):
    speaker = Speaker(to_file=wav)
    try:
        speaker.say(LONG)
        assert speaker.spoken == 0  # returned before the subprocess ended
        wait_until(lambda: speaker.playing)
        assert speaker.spoken == 0  # espeak-ng runs on, the caller is free
    finally:
        speaker.close()


@needs_espeak
def test_a_new_prompt_cuts_the_one_being_spoken(wav):
    speaker = Speaker(to_file=wav)
    try:
        speaker.say(LONG)
        wait_until(lambda: speaker.playing)
        speaker.say("Xin cảm ơn.")
        wait_until(finished(speaker, 2))
    finally:
        speaker.close()
    seconds, loudest = audio(wav)  # the last run wrote only the short prompt
    assert 0.3 < seconds < 4 and loudest > 3000


@needs_espeak
def test_repeat_says_the_last_prompt_again(wav):
    speaker = Speaker(to_file=wav)
    try:
        speaker.say("Chạm vào màn hình để đánh giá")
        wait_until(finished(speaker, 1))
        first = audio(wav)
        wav.unlink()
        speaker.repeat()
        wait_until(finished(speaker, 2))
        assert audio(wav) == first
    finally:
        speaker.close()


@needs_espeak
def test_volume_is_espeaks_amplitude(tmp_path):
    loudest = {}
    for volume in (0, 100):
        speaker = Speaker(volume=volume, to_file=tmp_path / f"v{volume}.wav")
        try:
            speaker.say("Biết lắng nghe")
            wait_until(finished(speaker, 1))
        finally:
            speaker.close()
        loudest[volume] = audio(tmp_path / f"v{volume}.wav")[1]
    assert loudest[0] == 0 and loudest[100] > 3000


def test_without_espeak_the_speaker_is_silent_and_never_fails(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH with no espeak-ng on it
    speaker = Speaker(to_file=tmp_path / "none.wav")
    assert not speaker.available
    speaker.say("Xin chào")
    speaker.repeat()
    assert not speaker.speaking and speaker.last == "Xin chào"
    assert not (tmp_path / "none.wav").exists()
    speaker.close()


def test_speech_is_off_unless_the_settings_turn_it_on():
    off = Speaker.from_settings(settings_from_dict({}).kiosk)
    assert not off.available
    on = settings_from_dict({"kiosk": {"speech": True, "speech_volume": 150}}).kiosk
    speaker = Speaker.from_settings(on)
    assert speaker.volume == 150
    assert speaker.available == (shutil.which("espeak-ng") is not None)


@needs_espeak
def test_an_attached_speaker_says_the_prompt_of_each_screen_shown(make_app, wav):
    from tests.kiosk_driver import key

    app = make_app(size=(800, 480))
    speaker = Speaker(to_file=wav)
    speaker.attach(app)
    try:
        app.step([], 0.01)
        app.step([key(pygame.K_SPACE)], 0.01)  # the attract screen opens the rating screen
        assert speaker.last == app.screen.prompt and speaker.last
        wait_until(finished(speaker, 1))
    finally:
        speaker.close()
        app.close()
    assert audio(wav)[1] > 3000


@needs_espeak
def test_the_kiosk_speaks_each_screen_prompt_and_repeats_it_on_request(make_app):
    from tests.kiosk_driver import Driver, key

    driver = Driver(make_app(kiosk_toml="speech = true\nspeech_volume = 0"))
    speaker = driver.app.speaker
    try:
        assert speaker.available
        driver.touch(driver.app.surface.get_rect().center)
        prompt = driver.app.screen.prompt
        assert prompt and speaker.last == prompt
        wait_until(finished(speaker, 1))
        driver.step(key(pygame.K_F1))
        wait_until(finished(speaker, 2))
        assert speaker.last == prompt
    finally:
        driver.app.close()


def test_a_silent_kiosk_still_answers_the_repeat_key(make_app):
    from tests.kiosk_driver import Driver, key

    driver = Driver(make_app())
    try:
        assert not driver.app.speaker.available
        driver.step(key(pygame.K_KP_MULTIPLY))
        assert driver.app.phase.value == "attract"
    finally:
        driver.app.close()


@pytest.fixture
def no_repeat_button_afterwards():
    """Screens built later (without an app) show no "Nghe lại"."""
    yield
    from kiosk.screens import step

    step.show_repeat(False)


@needs_espeak
@pytest.mark.parametrize("size", [(800, 480), (1080, 1920)], ids=["800x480", "1080x1920"])
def test_a_touch_on_nghe_lai_says_the_prompt_again(
    make_app, office_store, wav, size, no_repeat_button_afterwards
):
    from kiosk import metrics, wording
    from kiosk.flow import Phase
    from tests.kiosk.visit_fixtures import FULL_SURVEY
    from tests.kiosk_driver import Driver

    app = make_app(
        size=size, app_store=office_store, survey_file=FULL_SURVEY, kiosk_toml="speech = true"
    )
    app.speaker.to_file = wav  # the machine has no sound card: the audio goes to a file
    driver = Driver(app)
    speaker = app.speaker
    driver.step()
    assert not any(b.label == wording.REPEAT for b in driver.buttons())  # attract: none
    driver.touch((size[0] // 3, size[1] // 2))
    for phase, runs in ((Phase.COUNTER, 1), (Phase.OFFICIAL, 3), (Phase.RATE, 5)):
        assert app.phase is phase
        prompt = app.screen.prompt
        wait_until(finished(speaker, runs))
        button = driver.button(wording.REPEAT)
        assert min(button.rect.size) >= metrics.mm_to_px(20, size) - 0.5
        wav.unlink()
        driver.tap(wording.REPEAT)
        assert app.phase is phase  # the touch repeated, it chose nothing
        wait_until(finished(speaker, runs + 1))
        assert speaker.last == prompt
        seconds, loudest = audio(wav)
        assert seconds > 0.5 and loudest > 3000
        driver.wait(0.4)
        if phase is Phase.COUNTER:
            driver.tap("Quầy 1")
        elif phase is Phase.OFFICIAL:
            driver.tap("Trần Thị An")


def test_no_nghe_lai_button_when_prompts_are_not_spoken(make_app, office_store):
    from kiosk import wording
    from tests.kiosk.visit_fixtures import FULL_SURVEY
    from tests.kiosk_driver import Driver

    driver = Driver(make_app(app_store=office_store, survey_file=FULL_SURVEY))
    driver.step()
    driver.touch((400, 400))
    assert driver.app.phase.value == "counter"
    assert wording.REPEAT not in [b.label for b in driver.buttons()]
