"""Vietnamese stacked marks keep all their ink in every text style the kiosk draws."""

from __future__ import annotations

import pygame
import pytest

from kiosk import fonts, text_blocks

STACKED_CAPITALS = "ẤẦẨẪẬẮẰẲẴẶẾỀỂỄỆỐỒỔỖỘỚỜỞỠỢỨỪỬỮỰ"
DOT_BELOW = "ỌỤỊẠẸỴọụịạẹỵ"
SIZES = (10, 13, 17, 22, 28, 36, 47, 61, 80, 104, 135)
WEIGHTS = tuple(fonts.WEIGHTS)
INK = (20, 20, 20)


def ink_rect(surface: pygame.Surface) -> pygame.Rect:
    rects = pygame.mask.from_surface(surface).get_bounding_rects()
    assert rects, "nothing was drawn"
    return rects[0].unionall(rects[1:])


def pieces(surface: pygame.Surface) -> int:
    """Count the separate blobs of ink: a mark cut off the surface is a blob fewer."""
    return len(pygame.mask.from_surface(surface).connected_components(minimum=2))


def assert_ink_inside(surface: pygame.Surface) -> None:
    """The rows above the top ink and below the bottom ink (and columns beside it) are empty."""
    r = ink_rect(surface)
    w, h = surface.get_size()
    assert r.top >= 1 and r.bottom <= h - 1, f"ink rows {r.top}..{r.bottom} of {h}"
    assert r.left >= 1 and r.right <= w - 1, f"ink columns {r.left}..{r.right} of {w}"


@pytest.mark.parametrize("weight", WEIGHTS)
@pytest.mark.parametrize("size", SIZES)
def test_no_stacked_mark_is_clipped_by_line_or_block(size, weight):
    font = fonts.font(size, weight)
    for ch in STACKED_CAPITALS + DOT_BELOW:
        alone = pieces(font.render(ch, True, INK))
        single = text_blocks.line(ch, INK, size=size, weight=weight)
        assert_ink_inside(single)
        assert pieces(single) == alone, ch
        box = (size * 4, size * 4)
        shown = text_blocks.block(f"{ch} {ch}", box, INK, size=size, weight=weight, max_lines=2)
        assert_ink_inside(shown)
        assert pieces(shown) >= 2 * alone - 1, ch  # two copies; a tall mark may touch its base


@pytest.mark.parametrize("weight", WEIGHTS)
def test_every_stacked_capital_keeps_its_ink_when_fitted_and_wrapped(weight):
    words = " ".join(STACKED_CAPITALS[i : i + 4] for i in range(0, len(STACKED_CAPITALS), 4))
    for size in (12, 30, 72):
        fitted = text_blocks.fit(
            words, (size * 9, size * 40), size=size, weight=weight, max_lines=12
        )
        assert len(fitted.lines) > 1
        surface = text_blocks.render(fitted, INK)
        assert_ink_inside(surface)
        expected = sum(pieces(fitted.font.render(line, True, INK)) for line in fitted.lines)
        assert pieces(surface) == expected  # no mark lost, no two lines run into each other


@pytest.mark.parametrize("size", (14, 24, 40, 64, 120))
def test_the_dot_under_e_of_3_the_hien_is_drawn(size):
    surface = text_blocks.block(
        "3 THỂ HIỆN", (size * 20, size * 3), INK, size=size, weight="extrabold"
    )
    fitted = text_blocks.fit("3 THỂ HIỆN", (size * 20, size * 3), size=size, weight="extrabold")
    baseline = fitted.ink.top
    dot_depth = -fitted.font.metrics("Ệ")[0][2]
    assert ink_rect(surface).bottom >= baseline + dot_depth - 1
    assert_ink_inside(surface)


@pytest.mark.parametrize("size", (18, 44, 90))
def test_so_noi_vu_keeps_both_dots_below(size):
    surface = text_blocks.line("SỞ NỘI VỤ", INK, size=size, weight="extrabold")
    plain = text_blocks.line("SỞ NÔI VU", INK, size=size, weight="extrabold")
    assert pieces(surface) == pieces(plain) + 2
    assert_ink_inside(surface)


def test_lines_are_placed_by_their_baseline_whatever_marks_they_carry():
    for weight in ("medium", "extrabold"):
        for size in (16, 50):
            fitted = text_blocks.fit("Ẫ\nH", (size * 10, size * 10), size=size, weight=weight)
            surface = text_blocks.render(fitted, INK, align="left")
            pitch = fitted.ink.height
            top_line = surface.subsurface((0, 0, surface.get_width(), pitch))
            second = surface.subsurface((0, pitch, surface.get_width(), pitch))
            # "H" sits on the same baseline in its box as "Ẫ" does in its own.
            assert ink_rect(top_line).bottom == ink_rect(second).bottom


def test_line_height_covers_more_than_pygames_line_size_for_stacked_marks():
    for size in (20, 80):
        assert (
            text_blocks.line_height(size, "extrabold")
            > fonts.font(size, "extrabold").get_linesize()
        )


def test_fit_list_stacks_items_within_its_box():
    items = ["Giải quyết công việc đúng quy định, nhanh, đúng hẹn", "Tôn trọng, lịch sự"]
    size, lines = text_blocks.fit_list(items, (400, 260), size=60)
    total = sum(len(item) for item in lines) * text_blocks.line_height(size, "medium")
    assert total <= 260 and size < 60


def test_min_size_is_kept_where_the_box_allows_it():
    fitted = text_blocks.fit("Biết cảm ơn", (2000, 400), size=12, min_size=40)
    assert fitted.size == 40


def test_text_that_cannot_fit_at_min_size_shrinks_rather_than_spill_out():
    box = (300, 60)
    fitted = text_blocks.fit("Màn hình sẽ trở về trang đầu sau 10 giây.", box, size=40, min_size=40)
    width, height = fitted.extent()
    assert fitted.size < 40 and width <= box[0] and height <= box[1]
