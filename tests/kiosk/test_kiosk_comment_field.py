"""The comment box shows every line typed: all of them while they fit, else the last ones, the
caret's line always in view; every line it draws lies inside the box."""

from __future__ import annotations

from types import SimpleNamespace

import pygame
import pytest

from kiosk import text_blocks, theme
from kiosk.screens.comment import FIELD_PAD, CommentScreen
from lobby.settings import settings_from_dict

WORDS = (
    "Cán bộ hướng dẫn rất tận tình và chu đáo, nhưng phòng chờ buổi chiều hơi nóng, "
    "xin lắp thêm quạt và ghế cho người cao tuổi; cảm ơn quý cơ quan đã lắng nghe ý kiến "
    "của người dân về thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ"
)


def field_texts(screen: CommentScreen, surface: pygame.Surface) -> list[text_blocks.Drawn]:
    """Draw the screen; return the texts drawn in the comment box."""
    look = theme.current()
    with text_blocks.recording() as drawn:
        screen.draw(surface)
    return [d for d in drawn if d.ink == tuple(look.field_text) and d.behind == look.field]


def comment_screen(size: tuple[int, int], inches: float, value: str) -> CommentScreen:
    """Return the comment screen of a ``inches`` screen of ``size`` holding ``value``."""
    theme.configure(settings_from_dict({"kiosk": {"screen_diagonal_inches": inches}}).kiosk)
    screen = CommentScreen(size)
    screen.sync(SimpleNamespace(comment=value))
    return screen


def all_lines(screen: CommentScreen) -> tuple[str, ...]:
    """Return every line the comment wraps into in the box (the caret last)."""
    inner = screen.field.inflate(-24, -2 * FIELD_PAD)
    size = screen.field_lines().size
    return text_blocks.fit(
        screen.value + "|",
        (inner.width, 10_000),
        size=size,
        weight="medium",
        max_lines=1_000,
        scale=False,
    ).lines


def fitting_lines(screen: CommentScreen, drawn: text_blocks.Drawn) -> int:
    """Return how many lines of the comment, at ``drawn``'s size, the box holds (one at least:
    the caret's, on a 7" screen whose box is a little under a line of 5 mm text)."""
    inner_height = screen.field.height - 2 * FIELD_PAD
    ink = text_blocks.Fitted(all_lines(screen), drawn.size, drawn.weight).ink.height
    return max(1, inner_height // ink)


@pytest.mark.parametrize("size, inches", [((1080, 1920), 21.5), ((1920, 1080), 21.5)])
def test_every_line_typed_shows_while_the_lines_fit(size, inches):
    surface = pygame.display.set_mode(size)
    screen = comment_screen(size, inches, "")
    [drawn] = field_texts(screen, surface)
    room = fitting_lines(screen, drawn)
    assert room >= 2, f"the box holds {room} line(s) at {size}"
    # The longest start of WORDS that fills the box: typed word by word.
    words = WORDS.split()
    for count in range(1, len(words) + 1):
        screen.sync(SimpleNamespace(comment=" ".join(words[:count])))
        if len(all_lines(screen)) > room:
            screen.sync(SimpleNamespace(comment=" ".join(words[: count - 1])))
            break
    lines = all_lines(screen)
    assert len(lines) == room >= 2
    [drawn] = field_texts(screen, surface)
    for line in lines:
        assert line in drawn.text, f"line {line!r} not drawn"
    assert drawn.text == " ".join(lines), "every line typed is drawn, the caret's last"
    assert drawn.text.endswith("|")


@pytest.mark.parametrize(
    "size, inches", [((1280, 800), 10.1), ((800, 480), 7.0), ((1920, 1080), 21.5)]
)
def test_a_long_comment_scrolls_to_the_caret_and_draws_only_what_the_box_holds(size, inches):
    surface = pygame.display.set_mode(size)
    screen = comment_screen(size, inches, " ".join([WORDS] * 3))
    lines = all_lines(screen)
    [drawn] = field_texts(screen, surface)
    room = fitting_lines(screen, drawn)
    assert len(lines) > room, "the comment should overflow the box"
    assert drawn.text == " ".join(lines[-room:]), "the last lines, as many as the box holds"
    assert lines[0] not in drawn.text
    # Typing one more word redraws the box with the new last line.
    screen.sync(SimpleNamespace(comment=screen.value + " xong"))
    [again] = field_texts(screen, surface)
    assert again.text.endswith("xong|")
