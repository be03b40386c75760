"""The "5 biết" and "3 thể hiện" slogans: one text for the kiosk, the sign and the poster."""

from __future__ import annotations

from lobby.vntext import nfc

MODEL = nfc("Công sở thân thiện vì Nhân dân phục vụ")

FIVE_KNOWS_TITLE = nfc("5 BIẾT")
FIVE_KNOWS = tuple(
    nfc(line)
    for line in (
        "Biết nghe dân nói",
        "Biết nói dân hiểu",
        "Biết làm dân tin",
        "Biết xin lỗi và sửa lỗi",
        "Biết cảm ơn",
    )
)

THREE_SHOWS_TITLE = nfc("3 THỂ HIỆN")
THREE_SHOWS = tuple(
    nfc(line)
    for line in (
        "Tôn trọng, lịch sự, thân thiện",
        "Hướng dẫn tận tình, chu đáo",
        "Giải quyết công việc đúng quy định, nhanh, đúng hẹn",
    )
)


def sign_texts() -> tuple[str, str]:
    """Return the "5 biết" and the "3 thể hiện" as two sign messages, each on one line."""
    return (
        f"{FIVE_KNOWS_TITLE}: " + " - ".join(FIVE_KNOWS),
        f"{THREE_SHOWS_TITLE}: " + " - ".join(THREE_SHOWS),
    )
