"""Text sizes in millimetres on the physical screen: body text has capitals of at least 5 mm."""

from __future__ import annotations

import pytest

from kiosk import layout, metrics, text_blocks
from lobby.settings import ConfigError, settings_from_dict

SCREENS = [
    ((800, 480), 7.0),
    ((1280, 800), 10.1),
    ((1920, 1080), 21.5),
    ((1080, 1920), 32.0),
    ((3840, 2160), 55.0),
]


@pytest.fixture(autouse=True)
def default_screen():
    yield
    metrics.configure(metrics.DEFAULT_DIAGONAL_INCHES)


def test_pixels_per_mm_come_from_the_diagonal():
    assert metrics.px_per_mm((1920, 1080), 21.5) == pytest.approx(4.034, abs=0.001)
    assert metrics.px_per_mm((1080, 1920), 21.5) == metrics.px_per_mm((1920, 1080), 21.5)
    assert metrics.px_per_mm((1920, 1080), 43.0) == pytest.approx(4.034 / 2, abs=0.001)
    assert metrics.mm_to_px(10, (1920, 1080), 21.5) == pytest.approx(40.34, abs=0.01)


def test_cap_height_grows_with_the_font_size():
    heights = [metrics.cap_height_px(size) for size in range(10, 120, 5)]
    assert heights == sorted(heights) and heights[0] < heights[-1]
    assert metrics.cap_height_mm(80, (1920, 1080), diagonal=21.5) == pytest.approx(
        metrics.cap_height_px(80) / 4.034, rel=0.01
    )


@pytest.mark.parametrize(("size", "diagonal"), SCREENS)
@pytest.mark.parametrize("weight", ["medium", "bold"])
def test_min_text_px_is_the_smallest_size_with_5_mm_capitals(size, diagonal, weight):
    px = metrics.min_text_px(size, weight=weight, diagonal=diagonal)
    assert metrics.cap_height_mm(px, size, weight, diagonal) >= 5.0
    assert metrics.cap_height_mm(px - 1, size, weight, diagonal) < 5.0


def test_the_labels_of_the_old_kiosk_were_too_small_on_a_10_inch_screen():
    # The foundation's hint on 1280x800 was 32 px: 4 mm capitals on a 10.1" screen.
    assert metrics.cap_height_mm(32, (1280, 800), diagonal=10.1) < 4.1
    metrics.configure(10.1)
    assert metrics.body_size((1280, 800)) > 32


def test_the_configured_diagonal_and_theme_scale_set_body_sizes():
    metrics.configure(21.5)
    big_screen = metrics.body_size((1280, 800))
    metrics.configure(10.1)
    small_screen = metrics.body_size((1280, 800))
    metrics.configure(10.1, text_scale=1.35)
    large_text = metrics.body_size((1280, 800))
    assert big_screen < small_screen < large_text
    assert large_text == pytest.approx(small_screen * 1.35, abs=1)
    assert metrics.heading_size((1280, 800)) > large_text


def test_the_diagonal_setting_is_checked():
    assert settings_from_dict({}).kiosk.screen_diagonal_inches == 21.5
    for wrong in (6.9, 100.5):
        with pytest.raises(ConfigError, match="screen_diagonal_inches"):
            settings_from_dict({"kiosk": {"screen_diagonal_inches": wrong}})
    with pytest.raises(ValueError):
        metrics.configure(0)


@pytest.mark.parametrize(("size", "diagonal"), SCREENS[1:])
def test_the_rating_footer_holds_two_lines_of_body_text(size, diagonal):
    metrics.configure(diagonal)
    footer = layout.rating_layout(size, 4).footer
    assert footer.height >= 2 * text_blocks.line_height(metrics.body_size(size), "bold")


def test_on_a_tiny_screen_the_footer_holds_a_20_mm_button_and_its_text_shrinks_to_fit():
    metrics.configure(7.0)
    size = (800, 480)
    footer = layout.rating_layout(size, 4).footer
    # "Quay lại" takes the footer's left end: 20 mm (105 px here), and no more than that needs.
    assert metrics.target_px(size) <= footer.height <= metrics.target_px(size) + 2
    warning = "Màn hình sẽ trở về trang đầu sau 10 giây. Chạm vào màn hình để tiếp tục."
    fitted = text_blocks.fit(
        warning, footer.size, size=40, min_size=metrics.body_size(size), max_lines=2
    )
    assert fitted.extent()[1] <= footer.height
