"""With no port set, the simulated board is a 16-row board in bitmap mode: the pixels it decodes
from the wire show every Vietnamese mark, and the admin's board page reads it at the same size."""

from __future__ import annotations

from admin_web.sign_preview import SignView
from lobby import clock
from lobby.settings import load_settings
from lobby.slogans import sign_texts
from lobby.store.seed import seed_new_store
from signage.render import render_text
from signage.runtime import start_sign
from signage.simulator import PREVIEW_COLUMNS, PREVIEW_ROWS, simulated_profile
from tests.helpers_wait import eventually

ALWAYS = '[sign]\noffice_hours = "00:00-24:00"\noffice_days = "1-7"\npoll_seconds = 0.1\n'


def test_the_default_simulated_board_draws_the_marks_it_decodes_from_the_wire(store, write_config):
    settings = load_settings(write_config(ALWAYS))
    assert settings.sign.port == "" and settings.sign.simulated_board == "preview"
    store.add_sign_message("Biết nghe dân nói")
    runtime = start_sign(settings, store)
    try:
        assert eventually(lambda: runtime.board.snapshot().items, 10)
        snapshot = runtime.board.snapshot()
        assert (snapshot.rows, snapshot.columns) == (PREVIEW_ROWS, PREVIEW_COLUMNS)
        (item,) = snapshot.items
        assert item.pixels == render_text("Biết nghe dân nói", PREVIEW_ROWS)
        assert item.pixels != render_text("Biet nghe dan noi", PREVIEW_ROWS)
        assert runtime.board.frames_bad == 0
        # The admin's board page previews the frames last sent at the simulated board's size.
        assert eventually(lambda: store.get_sign_status("simulated").connected, 10)
        data = SignView(settings, store).board_data(clock.utcnow())
        assert (data["rows"], data["columns"]) == (PREVIEW_ROWS, PREVIEW_COLUMNS)
        (sent,) = data["sent"]["items"]
        assert sent["pixels"] == item.pixels
    finally:
        runtime.stop()


def test_a_new_store_puts_the_slogans_on_the_simulated_board_with_their_marks(store, write_config):
    settings = load_settings(write_config(ALWAYS))
    assert seed_new_store(store)
    runtime = start_sign(settings, store)
    try:
        assert eventually(lambda: len(runtime.board.snapshot().items) == 2, 10)
        drawn = [item.pixels for item in runtime.board.snapshot().items]
        assert drawn == [render_text(text, PREVIEW_ROWS) for text in sign_texts()]
    finally:
        runtime.stop()


def test_configured_simulates_the_board_of_the_real_profile(write_config):
    settings = load_settings(write_config('[sign]\nsimulated_board = "configured"\n'))
    profile = simulated_profile(settings)
    assert (profile.rows, profile.columns, profile.text_mode) == (7, 80, "ascii")
    preview = simulated_profile(load_settings(write_config("[sign]\ncolours = 1\n")))
    assert (preview.rows, preview.text_mode, preview.colours) == (16, "bitmap", 1)
