"""Letter kinds, their placeholders, checking a template when saved and filling it in."""

from __future__ import annotations

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
    LetterField("noi_dung_sai", "Sai sót / lý do", "long", 3000),
    LetterField("da_xu_ly", "Việc đã làm để khắc phục", "long", 3000),
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
    """Read the shipped default template of every kind (assets/letters/<kind>.toml)."""
    defaults = {}
    for kind in KINDS:
        with (folder / f"{kind}.toml").open("rb") as handle:
            data = tomllib.load(handle)
        defaults[kind] = check_template({part: data.get(part, "") for part in PARTS})
    return defaults
