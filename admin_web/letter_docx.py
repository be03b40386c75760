"""DOCX of a letter (Thư xin lỗi, Thư cảm ơn) and of the slip Mẫu số 04 (TT 01/2018/TT-VPCP)."""

from __future__ import annotations

import io
import unicodedata
from datetime import date, datetime

from admin_web import nd30
from admin_web.letter_templates import BLANK, filled_letter, placeholder_values, signature_lines

SLIP_TITLE = "Phiếu xin lỗi và hẹn lại ngày trả kết quả"
DRAFT_NUMBER = "Số:      /"
# Height left on page 1 for the body, between the greeting and the signature block (mm).
BODY_ROOM_MM = 160
# Body sizes tried in turn (pt, line spacing) until the letter fits on one page (NĐ 30: 13-14 pt,
# spacing 1 to 1.5); a longer letter keeps the last and runs on.
BODY_STYLES = ((14, 1.15), (13, 1.15), (13, 1.0))
# A line of Times New Roman at single spacing is 1.15 of the type size; 6 pt after a paragraph.
LINE_EM = 1.15
PARAGRAPH_GAP_PT = 6


def _ascii_initials(name: str) -> str:
    plain = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return "".join(word[0] for word in plain.split() if word[:1].isalpha()).upper()


def _in_sentence(name: str) -> str:
    """Guess how an upper-case office name reads in a sentence: "SỞ NỘI VỤ" → "Sở Nội vụ"."""
    words = name.split()
    if len(words) >= 2 and words[0].upper() == "SỞ":
        rest = " ".join(words[1:]).lower()
        return "Sở " + rest[:1].upper() + rest[1:]
    return name[:1].upper() + name[1:].lower()


def default_profile(office_name: str, parent: str) -> dict[str, str]:
    """Return the letter profile used until an administrator saves one."""
    return {
        "parent": parent,
        "name": office_name,
        "name_text": _in_sentence(office_name),
        "abbreviation": _ascii_initials(office_name) or "VP",
        "place": "",
        "authority": "GIÁM ĐỐC",
        "position": "",
        "signer": "",
        "hotline": "",
        "email": "",
        "address": "",
    }


def agency_of(profile: dict[str, str]) -> nd30.Agency:
    """Return the agency printed in the header from a letter profile."""
    return nd30.Agency(
        profile.get("parent", ""),
        profile.get("name", ""),
        profile.get("place", ""),
        profile.get("address", ""),
        profile.get("hotline", ""),
        profile.get("email", ""),
    )


def number_text(number: int, kind_code: str, profile: dict[str, str]) -> str:
    """Return the number of an issued letter: "12/TXL-SNV" (under 10 with a leading zero)."""
    return f"{number:02d}/{kind_code}-{profile.get('abbreviation', '')}".rstrip("-")


def body_style(paragraphs: list[str]) -> tuple[float, float]:
    """Return the body's type size and line spacing: the largest that keeps it on page 1."""
    for size, spacing in BODY_STYLES:
        points = sum(
            nd30.wrapped_lines(text, size, first_indent_mm=12.7) * size * LINE_EM * spacing
            + PARAGRAPH_GAP_PT
            for text in paragraphs
        )
        if points * 25.4 / 72 <= BODY_ROOM_MM:
            break
    return size, spacing


def _save(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def build_letter(
    template,
    fields: dict[str, str],
    profile: dict[str, str],
    number: str | None,
    day: date,
) -> bytes:
    """Return the DOCX of a letter filled from ``template`` (a LetterTemplateRow) and ``fields``.

    ``number`` is the printed number ("Số: 12/TXL-SNV"); None for a draft (left blank).
    """
    letter = filled_letter(template, fields, profile)
    agency = agency_of(profile)
    doc = nd30.new_document()
    nd30.add_header(
        doc,
        agency,
        f"Số: {number}" if number else DRAFT_NUMBER,
        nd30.place_date_line(agency.place, day),
    )
    nd30.add_title(doc, letter.title, letter.summary)
    nd30.add_centered_line(doc, letter.greeting)
    size, spacing = body_style(letter.paragraphs)
    for paragraph in letter.paragraphs:
        nd30.add_body_paragraph(doc, paragraph, size=size, spacing=spacing)
    signer = profile.get("signer", "")
    nd30.add_signature_block(doc, signature_lines(profile), signer, letter.recipients)
    nd30.add_agency_footer(doc, agency)
    return _save(doc)


def _in_words(shown: str) -> str:
    """Turn "05/04/2026" into "ngày 05 tháng 4 năm 2026" (other text is kept as it is)."""
    try:
        return nd30.date_words(datetime.strptime(shown, "%d/%m/%Y").date())
    except ValueError:
        return f"ngày {shown}"


def slip_paragraphs(fields: dict[str, str], profile: dict[str, str]) -> list[str]:
    """Return the body of the slip Mẫu số 04 filled from a letter's fields."""
    values = placeholder_values(fields, profile)
    office = values["co_quan"]
    who = fields.get("xung_ho") or "Ông/Bà"
    return [
        f"Ngày {values.get('ngay_nhan', BLANK)}, {office} tiếp nhận giải quyết hồ sơ đề nghị "
        f"giải quyết thủ tục hành chính {values.get('thu_tuc', BLANK)} của {who} "
        f"{values.get('ho_ten', BLANK)}. Mã số hồ sơ: {values.get('ma_ho_so', BLANK)}.",
        f"Thời hạn giải quyết hồ sơ theo quy định là: {values.get('han_giai_quyet', BLANK)}.",
        f"Tuy nhiên đến nay, {office} chưa trả kết quả giải quyết hồ sơ của {who}.",
        f"Lý do: {values.get('noi_dung_sai', BLANK)}.",
        f"Sự chậm trễ này đã gây phiền hà cho {who}. {office} xin lỗi {who} và sẽ trả kết quả "
        f"giải quyết hồ sơ cho {who} vào {_in_words(fields.get('ngay_hen', ''))}.",
        f"Mong nhận được sự thông cảm của {who} vì sự chậm trễ này.",
    ]


def build_slip(fields: dict[str, str], profile: dict[str, str], day: date) -> bytes:
    """Return the DOCX of "Phiếu xin lỗi và hẹn lại ngày trả kết quả" (Mẫu số 04)."""
    agency = agency_of(profile)
    doc = nd30.new_document()
    nd30.add_header(doc, agency, "", nd30.place_date_line(agency.place, day))
    nd30.add_title(doc, SLIP_TITLE)
    who = fields.get("xung_ho") or "Ông/Bà"
    nd30.add_centered_line(doc, f"Kính gửi: {who} {fields.get('ho_ten', '')}")
    for paragraph in slip_paragraphs(fields, profile):
        nd30.add_body_paragraph(doc, paragraph)
    nd30.add_signature_block(doc, signature_lines(profile), profile.get("signer", ""), None)
    return _save(doc)
