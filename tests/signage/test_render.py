"""Vietnamese rendered on the PC: every letter inside the rows and unlike its base letter."""

from __future__ import annotations

import unicodedata

import pytest

from lobby.vntext import nfc, to_ascii, vietnamese_letters
from signage.render import INK_SAMPLE, font_metrics, render_text

# lobby.vntext gives 146 letters: 12 vowels (y included) x 6 tones x 2 cases + đ, Đ. A count of
# 134 leaves out the y family; the full list is tested, which contains those 134.
LETTERS = vietnamese_letters()


def ink(pixels: list[str]) -> set[tuple[int, int]]:
    return {(r, c) for r, row in enumerate(pixels) for c, bit in enumerate(row) if bit == "1"}


def without_tone(letter: str) -> str:
    """The letter with its tone mark removed (ế -> ê), keeping the vowel's own mark."""
    tones = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}
    decomposed = unicodedata.normalize("NFD", letter)
    return nfc("".join(ch for ch in decomposed if ch not in tones))


def test_the_letter_list_holds_146_letters_including_the_134_of_the_issue():
    assert len(LETTERS) == len(set(LETTERS)) == 146
    assert len([ch for ch in LETTERS if to_ascii(ch).lower() != "y"]) == 134


@pytest.mark.parametrize("rows", [16, 32])
def test_every_letter_has_ink_inside_the_rows(rows):
    for letter in LETTERS:
        pixels = render_text(letter, rows)
        assert len(pixels) == rows
        assert ink(pixels), letter


@pytest.mark.parametrize("rows", [16, 32])
def test_every_letter_differs_from_its_base_letter_and_from_every_other(rows):
    drawn = {letter: tuple(render_text(letter, rows)) for letter in LETTERS}
    assert len(set(drawn.values())) == len(LETTERS)
    for letter in LETTERS:
        for base in {to_ascii(letter), without_tone(letter)} - {letter}:
            assert drawn[letter] != tuple(render_text(base, rows)), (letter, base)


def test_tone_mark_is_separate_from_the_letter_below_it():
    # "Ế": the acute and circumflex sit above the E with at least one blank row between.
    pixels = render_text("Ế", 16)
    rows_with_ink = [r for r, row in enumerate(pixels) if "1" in row]
    gaps = [r for r in range(rows_with_ink[0], rows_with_ink[-1]) if "1" not in pixels[r]]
    assert gaps, "\n".join(pixels)


def test_font_size_is_the_largest_whose_stacked_capitals_fit():
    import pygame.freetype

    from signage.render import _face

    size, _ = font_metrics(16)
    assert _face().get_rect(INK_SAMPLE, size=size).height <= 16
    assert _face().get_rect(INK_SAMPLE, size=size + 1).height > 16
    assert pygame.freetype.get_init()


def test_text_is_normalised_first():
    decomposed = unicodedata.normalize("NFD", "Biết lỗi")
    assert render_text(decomposed, 16) == render_text("Biết lỗi", 16)


def test_wider_text_gives_wider_pixels_and_spaces_count():
    assert len(render_text("Biết lỗi", 16)[0]) < len(render_text("Biết   lỗi", 16)[0])


def test_boards_too_short_are_refused():
    with pytest.raises(ValueError, match="too short"):
        render_text("x", 4)


@pytest.mark.parametrize("rows", [16, 32])
def test_marks_above_are_separated_from_the_letter_by_a_blank_row(rows):
    # The horn of ơ/ư is part of the letter and rises to its mark: those are checked for being
    # distinct (above), not for a gap.
    above = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0302", "\u0306"}
    for letter in LETTERS:
        marks = set(unicodedata.normalize("NFD", letter))
        if not above & marks or "\u031b" in marks:
            continue
        pixels = render_text(letter, rows)
        inked = [r for r, row in enumerate(pixels) if "1" in row]
        blank = [r for r in range(inked[0], inked[-1]) if "1" not in pixels[r]]
        assert blank, letter + "\n" + "\n".join(pixels)


def test_board_font_draws_every_printable_ascii_character_distinctly():
    from signage.boardfont import GLYPHS, render_ascii

    assert sorted(GLYPHS) == [chr(code) for code in range(0x20, 0x7F)]
    drawn = {tuple(GLYPHS[ch]) for ch in GLYPHS}
    assert len(drawn) == 95
    pixels = render_ascii("Biet", 7, on="2")
    assert len(pixels) == 7 and len(pixels[0]) == 4 * 6
    assert set("".join(pixels)) == {"0", "2"}
    assert render_ascii("é", 7) == render_ascii("?", 7)
    tall = render_ascii("A", 16)
    assert len(tall) == 16 and "1" not in tall[0] + tall[-1]


def test_rendering_survives_pygame_quit_in_the_same_process():
    """The kiosk calls pygame.quit() on exit; the sign service in the same process renders on."""
    import pygame

    before = render_text("Biết cảm ơn", 16)
    pygame.quit()
    assert render_text("Biết cảm ơn", 16) == before
