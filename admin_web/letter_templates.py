"""Letter kinds, their templates and placeholders, checking a template when saved, filling it in
and saying what a letter still lacks before it can be approved."""

from __future__ import annotations

import re
import string
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

ASSETS = Path(__file__).resolve().parent.parent / "assets" / "letters"


@dataclass(frozen=True)
class Kind:
    """A kind of letter: its label and the code in its number ("12/TXL-SNV")."""

    key: str
    label: str
    code: str


KINDS: dict[str, Kind] = {
    "xin_loi": Kind("xin_loi", "Thư xin lỗi", "TXL"),
    "cam_on": Kind("cam_on", "Thư cảm ơn", "TCO"),
}


@dataclass(frozen=True)
class TemplateKind:
    """A template a letter is written from: its key (stored with every saved version), the
    letter kind it writes, its label and the survey reasons it answers (to suggest it)."""

    key: str
    kind: str
    label: str
    reasons: tuple[str, ...] = ()


# In the order the letter form offers them. The first of a kind is that kind's default.
TEMPLATES: dict[str, TemplateKind] = {
    t.key: t
    for t in (
        TemplateKind("xin_loi", "xin_loi", "Thư xin lỗi: chung (sai sót, phiền hà)"),
        TemplateKind("xin_loi_thai_do", "xin_loi", "Thư xin lỗi: thái độ phục vụ", ("thai_do",)),
        TemplateKind("xin_loi_cho_lau", "xin_loi", "Thư xin lỗi: chờ đợi lâu", ("cho_lau",)),
        TemplateKind(
            "xin_loi_huong_dan", "xin_loi", "Thư xin lỗi: hướng dẫn chưa rõ", ("huong_dan",)
        ),
        TemplateKind(
            "xin_loi_tre_hen",
            "xin_loi",
            "Thư xin lỗi: trễ hẹn trả kết quả",
            ("tre_hen", "nhieu_lan"),
        ),
        TemplateKind("cam_on", "cam_on", "Thư cảm ơn"),
    )
}

XUNG_HO = ("Ông/Bà", "Ông", "Bà")


@dataclass(frozen=True)
class LetterField:
    """A placeholder of the letter templates and, unless the office's profile fills it, a field
    of the letter form.

    ``kind``: "choice" (one of XUNG_HO), "text" (one line), "long" (a few lines), "date"
    (typed dd/mm/yyyy) or "office" (from the office's letter profile, not typed per letter).
    ``limit``: the most characters a text may have.
    """

    name: str
    label: str
    kind: str
    limit: int = 0
    required: bool = False
    input_mode: str = ""

    @property
    def typed(self) -> bool:
        """Tell whether the leader types this field in the letter form."""
        return self.kind in ("text", "long", "date")


# Every field of a letter, in the order the form shows them.
LETTER_FIELDS: tuple[LetterField, ...] = (
    LetterField("xung_ho", "Xưng hô", "choice"),
    LetterField("ho_ten", "Họ và tên người nhận", "text", 200, required=True),
    LetterField("dia_chi", "Địa chỉ", "text", 300),
    LetterField("dien_thoai", "Số điện thoại", "text", 30, input_mode="tel"),
    LetterField("ma_ho_so", "Mã hồ sơ", "text", 100),
    LetterField("thu_tuc", "Thủ tục hành chính", "text", 500),
    LetterField("can_bo", "Cán bộ giải quyết", "text", 200),
    LetterField("ngay_nhan", "Ngày tiếp nhận hồ sơ", "date"),
    LetterField("han_giai_quyet", "Hạn trả kết quả theo quy định", "date"),
    LetterField("ngay_hen", "Ngày hẹn trả kết quả mới", "date"),
    LetterField("ngay_danh_gia", "Ngày người dân đánh giá", "date"),
    LetterField("noi_dung_sai", "Điều người dân chưa hài lòng / lý do trễ hẹn", "long", 3000),
    LetterField("da_xu_ly", "Việc đã làm để khắc phục", "long", 3000),
    LetterField("y_kien", "Ý kiến của người dân (nguyên văn)", "long", 2000),
    LetterField("co_quan", "Tên cơ quan", "office"),
    LetterField("duong_day_nong", "Đường dây nóng", "office"),
    LetterField("email", "Thư điện tử nhận góp ý", "office"),
)
FIELDS: dict[str, LetterField] = {field.name: field for field in LETTER_FIELDS}
# Placeholder name -> what it stands for (shown next to the template editor).
PLACEHOLDERS: dict[str, str] = {field.name: field.label for field in LETTER_FIELDS}
# The fields the leader types: name -> (label, max length); dates are typed dd/mm/yyyy.
TEXT_FIELDS: dict[str, tuple[str, int]] = {
    f.name: (f.label, f.limit) for f in LETTER_FIELDS if f.kind in ("text", "long")
}
DATE_FIELDS: dict[str, str] = {f.name: f.label for f in LETTER_FIELDS if f.kind == "date"}
# The citizen's own words go into a letter only when its author ticks this (stored "1" or "").
KEEP_COMMENT = "giu_y_kien"
KEEP_COMMENT_LABEL = "Đưa ý kiến của người dân vào thư (trích nguyên văn, trong ngoặc kép)"
COMMENT_FIELD = "y_kien"

# The office's details printed on every letter: name -> (label, max length).
PROFILE_FIELDS: dict[str, tuple[str, int]] = {
    "parent": ("Cơ quan chủ quản (in hoa)", 200),
    "name": ("Tên cơ quan (in hoa)", 200),
    "name_text": ("Tên cơ quan trong câu văn (ví dụ: Sở Nội vụ)", 200),
    "abbreviation": ("Chữ viết tắt trong số văn bản (ví dụ: SNV)", 20),
    "place": ("Địa danh ghi ngày tháng (ví dụ: Hà Nam)", 100),
    "authority": ("Thẩm quyền ký (ví dụ: GIÁM ĐỐC, KT. GIÁM ĐỐC, TM. ỦY BAN NHÂN DÂN)", 100),
    "position": ("Chức vụ người ký khi ký thay (ví dụ: PHÓ GIÁM ĐỐC)", 100),
    "signer": ("Họ và tên người ký", 100),
    "hotline": ("Đường dây nóng", 50),
    "email": ("Thư điện tử nhận góp ý", 100),
    "address": ("Địa chỉ cơ quan (chân trang)", 300),
}
# Without these a letter is not approved or issued.
PROFILE_NEEDED = ("name", "place", "authority", "signer", "hotline", "email")
# Office placeholders and the profile entry that fills each.
OFFICE_SOURCES = {"co_quan": "name_text", "duong_day_nong": "hotline", "email": "email"}
# Printed where a field was left empty, to be written in by hand (as on printed forms).
BLANK = "……"

# Template parts an administrator edits, with their labels (for error messages).
PARTS: dict[str, str] = {
    "title": "Tên loại",
    "summary": "Trích yếu",
    "greeting": "Dòng kính gửi",
    "body": "Nội dung",
    "recipients": "Nơi nhận",
}
MAX_PART = {"title": 200, "summary": 300, "greeting": 300, "body": 20000, "recipients": 2000}


class TemplateError(ValueError):
    """A template that cannot be saved; the message (Vietnamese) names the problem."""


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC with Windows line ends made plain."""
    return unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")


def placeholders_in(text: str, part: str = "body") -> list[str]:
    """Return the placeholder names used in ``text``; TemplateError naming any bad one."""
    label = PARTS.get(part, part)
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise TemplateError(
            f"{label}: dấu ngoặc nhọn không khớp ({_brace_problem(text)}). Mỗi trường viết "
            "dạng {ho_ten}; muốn in dấu ngoặc nhọn thì viết {{ hoặc }}."
        ) from exc
    names = []
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        shown = "{" + name + (f"!{conversion}" if conversion else "")
        shown += (f":{spec}" if spec else "") + "}"
        if conversion or spec or not name.isidentifier():
            raise TemplateError(
                f"{label}: trường “{shown}” viết sai. Chỉ viết tên trường trong ngoặc nhọn, "
                "ví dụ {ho_ten}."
            )
        if name not in PLACEHOLDERS:
            known = ", ".join("{" + key + "}" for key in PLACEHOLDERS)
            raise TemplateError(
                f"{label}: không có trường “{shown}”. Các trường dùng được: {known}."
            )
        names.append(name)
    return names


def _brace_problem(text: str) -> str:
    """Say where the first unmatched brace is, for the error message."""
    depth_open = None
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "{}" and text[i : i + 2] in ("{{", "}}"):
            i += 2
            continue
        if ch == "{":
            if depth_open is not None:
                break
            depth_open = i
        elif ch == "}":
            if depth_open is None:
                return f"“}}” thừa ở ký tự thứ {i + 1}"
            depth_open = None
        i += 1
    if depth_open is not None:
        return f"“{{” ở ký tự thứ {depth_open + 1} chưa đóng"
    return "kiểm tra lại các dấu { }"


def check_template(parts: dict[str, str]) -> dict[str, str]:
    """Return the template's parts normalised; TemplateError if a part is empty, long or bad."""
    clean = {}
    for part, label in PARTS.items():
        text = nfc(parts.get(part, "") or "").strip()
        if part in ("title", "greeting", "body") and not text:
            raise TemplateError(f"{label}: không được để trống.")
        if len(text) > MAX_PART[part]:
            raise TemplateError(f"{label}: dài quá {MAX_PART[part]} ký tự.")
        placeholders_in(text, part)
        clean[part] = text
    return clean


def fill(text: str, values: dict[str, str]) -> str:
    """Fill a checked template's placeholders; values are inserted as they are (never parsed)."""
    names = placeholders_in(text)
    return text.format_map({name: values.get(name, "") for name in names})


def body_paragraphs(text: str) -> list[str]:
    """Split a filled body into paragraphs at blank lines (single line ends become spaces)."""
    blocks = [block.strip() for block in nfc(text).split("\n\n")]
    return [" ".join(line.strip() for line in block.splitlines()) for block in blocks if block]


def recipient_lines(text: str) -> list[str]:
    """Return the "Nơi nhận" lines of a template (one a line, blank lines left out)."""
    return [line.strip() for line in nfc(text).splitlines() if line.strip()]


def load_defaults(folder: Path = ASSETS) -> dict[str, dict[str, str]]:
    """Read the shipped default of every template (assets/letters/<key>.toml)."""
    defaults = {}
    for key in TEMPLATES:
        with (folder / f"{key}.toml").open("rb") as handle:
            data = tomllib.load(handle)
        defaults[key] = check_template({part: data.get(part, "") for part in PARTS})
    return defaults


def template_for_reasons(reasons: list[str] | tuple[str, ...], unhappy: bool) -> str:
    """Return the key of the template answering the first of ``reasons`` that one answers; the
    general apology for other complaints, the thank-you for a satisfied citizen."""
    for reason in reasons:
        for template in TEMPLATES.values():
            if reason in template.reasons:
                return template.key
    return "xin_loi" if unhappy or reasons else "cam_on"


_PROCEDURE_WORD = re.compile(r"^\s*thủ\s+tục(\s+hành\s+chính)?\s*[:\-–]?\s*", re.IGNORECASE)


def procedure_name(text: str) -> str:
    """Return a procedure's name as it reads after "thủ tục": "Thủ tục thẩm định hồ sơ" →
    "thẩm định hồ sơ" (templates say "về thủ tục {thu_tuc}")."""
    text = nfc(text).strip()
    stripped = _PROCEDURE_WORD.sub("", text, count=1)
    if stripped == text or not stripped:
        return text
    return stripped[:1].lower() + stripped[1:] if stripped[1:2].islower() else stripped


def quoted(text: str) -> str:
    """Return the citizen's words in Vietnamese quotation marks, as they wrote them."""
    return "“" + " ".join(nfc(text).split()).strip('“”"') + "”"


def comment_kept(fields: dict[str, str]) -> bool:
    """Tell whether the letter prints the citizen's comment (ticked and not empty)."""
    return bool(fields.get(KEEP_COMMENT)) and bool((fields.get(COMMENT_FIELD) or "").strip())


def placeholder_values(fields: dict[str, str], profile: dict[str, str]) -> dict[str, str]:
    """Return every placeholder's text: the letter's fields plus the office's own; an empty one
    prints as "……" to be written in by hand."""
    values = {name: value or BLANK for name, value in fields.items()}
    for field in LETTER_FIELDS:
        # Templates end these sentences themselves: "…như sau: {da_xu_ly}."
        if field.kind == "long" and fields.get(field.name):
            values[field.name] = fields[field.name].strip().rstrip(".;,").rstrip() or BLANK
    if fields.get("thu_tuc"):
        values["thu_tuc"] = procedure_name(fields["thu_tuc"])
    values[COMMENT_FIELD] = quoted(fields[COMMENT_FIELD]) if comment_kept(fields) else ""
    values.setdefault("co_quan", profile.get("name_text") or profile.get("name") or BLANK)
    values.setdefault("duong_day_nong", profile.get("hotline") or BLANK)
    values.setdefault("email", profile.get("email") or BLANK)
    return values


@dataclass(frozen=True)
class FilledLetter:
    """A letter's text as it prints: every part filled in."""

    title: str
    summary: str
    greeting: str
    paragraphs: list[str]
    recipients: list[str]


def filled_letter(template, fields: dict[str, str], profile: dict[str, str]) -> FilledLetter:
    """Fill ``template`` (a LetterTemplateRow) for a letter. A body paragraph quoting the
    citizen's comment ({y_kien}) is left out unless the author chose to keep the comment."""
    values = placeholder_values(fields, profile)
    paragraphs = []
    for block in body_paragraphs(template.body):
        if COMMENT_FIELD in placeholders_in(block) and not comment_kept(fields):
            continue
        paragraphs.append(fill(block, values))
    return FilledLetter(
        fill(template.title, values).upper(),
        fill(template.summary, values),
        fill(template.greeting, values),
        paragraphs,
        recipient_lines(fill(template.recipients, values)),
    )


AUTHORITY_PREFIXES = ("KT.", "TM.", "TL.", "TUQ.")


def signature_lines(profile: dict[str, str]) -> list[str]:
    """Return the signer's authority lines: ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"] or ["GIÁM ĐỐC"]."""
    authority = " ".join(nfc(profile.get("authority", "")).split()).upper()
    position = " ".join(nfc(profile.get("position", "")).split()).upper()
    lines = [authority] if authority else []
    if position and position != authority:
        lines.append(position)
    return lines


def profile_problems(profile: dict[str, str]) -> list[str]:
    """Return what the office's letter profile lacks, by label (empty: letters can be issued)."""
    problems = [PROFILE_FIELDS[n][0] for n in PROFILE_NEEDED if not profile.get(n, "").strip()]
    authority = nfc(profile.get("authority", "")).strip().upper()
    if authority.startswith(AUTHORITY_PREFIXES) and not profile.get("position", "").strip():
        problems.append(
            f"{PROFILE_FIELDS['position'][0]} (bắt buộc khi ký “{authority.split('.')[0]}.”)"
        )
    return problems


def empty_placeholders(template, fields: dict[str, str]) -> list[str]:
    """Return the labels of the typed fields ``template`` uses that the letter leaves empty (the
    citizen's comment is optional: its paragraph is left out)."""
    used: set[str] = set()
    for part in PARTS:
        used.update(placeholders_in(getattr(template, part), part))
    return [
        f.label
        for f in LETTER_FIELDS
        if f.name in used and f.typed and f.name != COMMENT_FIELD and not fields.get(f.name)
    ]
