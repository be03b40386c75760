"""What one visit may hold, whoever collects it: the kiosk's steps and the paper entry page
both take their limits and the phone number rule from here."""

from __future__ import annotations

# A Vietnamese phone number: a leading 0, then 9 or 10 more digits.
PHONE_DIGITS = (10, 11)
DOSSIER_MAX = 30
COMMENT_MAX = 500
OFFICIAL_CODE_MAX = 64


def valid_phone(text: str) -> bool:
    """Tell whether ``text`` looks like a Vietnamese phone number (0 and 10-11 digits)."""
    low, high = PHONE_DIGITS
    return text.isascii() and text.isdigit() and text.startswith("0") and low <= len(text) <= high


def phone_rule() -> str:
    """Return the phone number rule in words, for a form's error message."""
    low, high = PHONE_DIGITS
    return f"gồm {low} hoặc {high} chữ số, bắt đầu bằng 0"
