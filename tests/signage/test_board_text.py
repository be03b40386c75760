"""One BoardText per protocol: the PC renders Vietnamese from the protocol's row threshold up."""

from __future__ import annotations

import pytest

from signage.items import BoardProfile
from signage.protocols import alpha, p10

TEXT = "Biết cảm ơn ★"


def board(rows: int, mode: str = "bitmap") -> BoardProfile:
    return BoardProfile(rows=rows, columns=96, colours=1, text_mode=mode)


@pytest.mark.parametrize(
    ("module", "rows", "rendered"),
    [(alpha, 15, False), (alpha, 16, True), (p10, 7, False), (p10, 8, True), (p10, 15, True)],
)
def test_text_is_rendered_from_the_protocols_threshold(module, rows, rendered):
    shown = module.display_text(TEXT, board(rows))
    assert shown == (TEXT if rendered else "Biet cam on ?")
    assert module.unsupported_chars(TEXT, board(rows)) == ([] if rendered else ["★"])


@pytest.mark.parametrize("module", [alpha, p10])
def test_ascii_boards_and_no_board_show_the_ascii_form(module):
    assert module.display_text(TEXT, board(32, "ascii")) == "Biet cam on ?"
    assert module.display_text(TEXT) == "Biet cam on ?"
    assert module.unsupported_chars(TEXT) == ["★"]
