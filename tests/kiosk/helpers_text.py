"""Text sizes the kiosk's physical-screen tests hold every screen to, and a long text to page
through. Kept here so test modules do not import one another."""

from __future__ import annotations

import itertools

from kiosk import metrics

MIN_CAP_MM = metrics.MIN_BODY_CAP_MM

# A 7" 800x480 screen is 5.25 px/mm and 91 mm tall: 20 mm targets, a title and a body leave
# no room for 5 mm capitals everywhere. Allowed smaller there, by kind of text, each never
# under its floor (mm); every other text keeps 5 mm on a 7" screen too (the idle warning, the
# typed number, the key hints of step screens, the cards' labels, the message screens).
SEVEN_INCH_FLOORS = {
    # The header, both slogan lists and the invitation (test_kiosk_screens_physical.py).
    "attract": 2.8,
    # Titles and questions: two lines in the 20 mm row that also holds "Nghe lại".
    "title": 4.3,
    # The navigation column is 27 mm wide: "Bỏ qua / không nhớ" takes two lines in 20 mm.
    "navigation": 3.4,
    # The rating buttons' labels (two lines under the face) and the consent answers.
    "choice": 3.9,
    # The rating screen's hint, in one 20 mm footer row beside "Quay lại".
    "hint": 4.7,
    # The keyboard's wide keys ("Xoá", "Dấu cách"): the keyboard is the stated exception for
    # targets (kiosk/screens/comment.py), its letters keep 5 mm.
    "key": 3.9,
    # A public information page: its heading and title beside its QR codes. What does not fit
    # of the page's body text at 5 mm goes on to the next page, never shrunk or cut.
    "info": 4.1,
    # An e-mail address under its QR code: the code keeps 18 mm (a phone reads it), the
    # address shrinks to the column's width.
    "caption": 2.2,
    # "Số điện thoại chưa đúng…": in the title's row while the number is wrong.
    "notice": 4.3,
}


def long_body(least: int = 1500) -> str:
    """Return a rule's body of at least ``least`` characters, every sentence numbered."""
    sentences = []
    for n in itertools.count(1):
        sentences.append(
            f"Điều {n}. Công dân xuất trình giấy tờ tùy thân, giữ trật tự chung và chờ đến lượt."
        )
        if len(" ".join(sentences)) >= least:
            return " ".join(sentences)
    raise AssertionError  # pragma: no cover
