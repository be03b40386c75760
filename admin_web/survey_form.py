"""The survey editor's form: a survey as editable text fields, and the fields checked back into a
survey with every problem told in Vietnamese, naming the field (what was typed is kept)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lobby.settings import ConfigError
from lobby.survey import DEFAULT_APOLOGY, FACES, Survey, control_characters, survey_from_dict
from lobby.vntext import nfc, to_ascii

MIN_LEVELS, MAX_LEVELS = 2, 5
MAX_TEXT = 300
MAX_LABEL = 100
MAX_APOLOGY = 1000
BLANK_QUESTIONS = 1
BLANK_REASONS = 3
_KEY = re.compile(r"^[a-z0-9_]{1,40}$")
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_INDEX = re.compile(r"^q-(\d{1,3})-(?:l-(\d{1,3})-)?(\w+)$")
_REASON = re.compile(r"^r-(\d{1,3})-(\w+)$")
FACE_LABELS = {
    "very_happy": "Cười tươi",
    "happy": "Cười",
    "neutral": "Bình thường",
    "unhappy": "Buồn",
    "very_unhappy": "Rất buồn",
}
# Colours offered to a new level slot, by position (green to red).
SLOT_COLOURS = ("#1B6B36", "#3E8E2F", "#9A6A00", "#B3261E", "#7A1F1A")
SLOT_FACES = ("very_happy", "happy", "neutral", "unhappy", "very_unhappy")


@dataclass
class LevelDraft:
    """A level as typed: key, label, colour, face, satisfied, and whether it counts as low."""

    key: str = ""
    label: str = ""
    colour: str = ""
    face: str = ""
    satisfied: bool = False
    low: bool = False

    @property
    def blank(self) -> bool:
        """Tell whether nothing was typed in this slot."""
        return not self.key and not self.label


@dataclass
class QuestionDraft:
    """A question as typed, with its level slots."""

    key: str = ""
    text: str = ""
    levels: list[LevelDraft] = field(default_factory=list)
    remove: bool = False
    not_applicable: bool = False  # the visitor may answer "Không áp dụng"

    @property
    def blank(self) -> bool:
        """Tell whether nothing was typed for this question."""
        return not self.key and not self.text and all(lv.blank for lv in self.levels)


@dataclass
class SurveyDraft:
    """The whole editor form as typed."""

    id: str
    questions: list[QuestionDraft] = field(default_factory=list)
    reasons: list[tuple[str, str]] = field(default_factory=list)
    ask_counter: bool = False
    ask_official: bool = False
    ask_dossier: bool = False
    followup: bool = False
    callback: bool = False
    comment: bool = False
    apology: str = DEFAULT_APOLOGY
    rest_after_low: bool = False
    rate_on_idle: bool = False

    def slots(self) -> SurveyDraft:
        """Return this draft with empty slots added: 5 levels a question, a new question and
        three new reasons, for the form to show."""
        questions = [*self.questions, *(QuestionDraft() for _ in range(BLANK_QUESTIONS))]
        for question in questions:
            while len(question.levels) < MAX_LEVELS:
                n = len(question.levels)
                question.levels.append(LevelDraft(colour=SLOT_COLOURS[n], face=SLOT_FACES[n]))
        reasons = [*self.reasons, *([("", "")] * BLANK_REASONS)]
        return SurveyDraft(
            self.id,
            questions,
            reasons,
            self.ask_counter,
            self.ask_official,
            self.ask_dossier,
            self.followup,
            self.callback,
            self.comment,
            self.apology,
            self.rest_after_low,
            self.rate_on_idle,
        )


def draft_of(survey: Survey) -> SurveyDraft:
    """Return the form's fields for ``survey``."""
    low = set(survey.followup.low_levels)
    questions = [
        QuestionDraft(
            q.key,
            q.text,
            [
                LevelDraft(
                    lv.key, lv.label, lv.colour.upper(), lv.face, lv.satisfied, lv.key in low
                )
                for lv in q.levels
            ],
            not_applicable=q.not_applicable,
        )
        for q in survey.questions
    ]
    f = survey.followup
    return SurveyDraft(
        survey.id,
        questions,
        [(r.key, r.label) for r in f.reasons],
        survey.ask_counter,
        survey.ask_official,
        survey.ask_dossier,
        f.enabled,
        f.callback,
        f.comment,
        f.apology,
        survey.rest_after_low,
        survey.rate_on_idle,
    )


def _clean(value: str | None, limit: int = 2000) -> str:
    return " ".join(nfc(value or "")[: limit * 2].split())


def draft_from_form(form, survey_id: str) -> SurveyDraft:
    """Read the posted form fields (any number of slots) into a draft, NFC-normalised."""
    questions: dict[int, dict] = {}
    reasons: dict[int, dict] = {}
    for name in form:
        if match := _INDEX.match(name):
            q, lv, attr = int(match[1]), match[2], match[3]
            slot = questions.setdefault(q, {"levels": {}})
            if lv is not None:
                slot["levels"].setdefault(int(lv), {})[attr] = form.get(name)
            else:
                slot[attr] = form.get(name)
        elif match := _REASON.match(name):
            reasons.setdefault(int(match[1]), {})[match[2]] = form.get(name)
    drafts = []
    for q in sorted(questions):
        data = questions[q]
        levels = [
            LevelDraft(
                _clean(lv.get("key")).lower(),
                _clean(lv.get("label")),
                _clean(lv.get("colour")).upper(),
                _clean(lv.get("face")),
                bool(lv.get("satisfied")),
                bool(lv.get("low")),
            )
            for _n, lv in sorted(data["levels"].items())
        ]
        drafts.append(
            QuestionDraft(
                _clean(data.get("key")).lower(),
                _clean(data.get("text")),
                levels,
                bool(data.get("remove")),
                bool(data.get("not_applicable")),
            )
        )
    return SurveyDraft(
        survey_id,
        drafts,
        [
            (_clean(r.get("key")).lower(), _clean(r.get("label")))
            for _n, r in sorted(reasons.items())
        ],
        bool(form.get("ask_counter")),
        bool(form.get("ask_official")),
        bool(form.get("ask_dossier")),
        bool(form.get("followup")),
        bool(form.get("callback")),
        bool(form.get("comment")),
        _lines(form.get("apology")),
        bool(form.get("rest_after_low")),
        bool(form.get("rate_on_idle")),
    )


def _lines(value: str | None) -> str:
    # A textarea sends its line breaks as CR LF.
    return nfc(value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _controls(value: str, where: str, errors: list[str], newlines: bool = False) -> None:
    codes = control_characters(value, newlines)
    if codes:
        errors.append(
            f"{where}: có ký tự điều khiển không hiển thị được ({', '.join(codes)}); hãy xoá chúng."
        )


def make_key(text: str) -> str:
    """Return a stored key made from a Vietnamese label: "Rất hài lòng" gives "rat_hai_long"."""
    plain = to_ascii(nfc(text)).lower()
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_")[:40].strip("_")


def _key(value: str, label: str, where: str, errors: list[str]) -> str:
    key = value or make_key(label)
    if not _KEY.match(key):
        errors.append(
            f"{where}: mã “{key}” không hợp lệ; mã chỉ gồm chữ thường không dấu, chữ số và "
            "dấu _ (tối đa 40 ký tự)."
        )
    return key


def _levels(question: QuestionDraft, where: str, errors: list[str]) -> list[dict]:
    levels = [lv for lv in question.levels if not lv.blank]
    if not MIN_LEVELS <= len(levels) <= MAX_LEVELS:
        errors.append(
            f"{where}: cần từ {MIN_LEVELS} đến {MAX_LEVELS} mức đánh giá, đang có {len(levels)}."
        )
    out = []
    for number, level in enumerate(levels, start=1):
        at = f"{where}, mức {number}"
        if not level.label:
            errors.append(f"{at}: chưa nhập nhãn (chữ hiện trên nút).")
        elif len(level.label) > MAX_LABEL:
            errors.append(f"{at}: nhãn dài quá {MAX_LABEL} ký tự.")
        _controls(level.label, f"{at}, nhãn", errors)
        key = _key(level.key, level.label, at, errors)
        if not _COLOUR.match(level.colour):
            errors.append(f"{at}: màu phải có dạng #RRGGBB, ví dụ #1B6B36.")
        if level.face not in FACES:
            errors.append(f"{at}: hình mặt phải là một trong các hình có sẵn.")
        out.append(
            {
                "key": key,
                "label": level.label or "?",
                "colour": level.colour,
                "face": level.face,
                "satisfied": level.satisfied,
            }
        )
    keys = [lv["key"] for lv in out]
    for key in sorted({k for k in keys if keys.count(k) > 1}):
        errors.append(f"{where}: hai mức cùng mã “{key}”; mỗi mức cần một mã riêng.")
    return out


def check_draft(draft: SurveyDraft) -> tuple[Survey | None, list[str]]:
    """Return the survey the draft describes, or None and the problems in Vietnamese."""
    errors: list[str] = []
    kept = [q for q in draft.questions if not q.remove and not q.blank]
    if not kept:
        errors.append("Câu hỏi: cần ít nhất một câu hỏi.")
    questions = []
    low: list[str] = []
    for number, question in enumerate(kept, start=1):
        where = f"Câu hỏi {number}"
        if not question.text:
            errors.append(f"{where}: chưa nhập nội dung câu hỏi.")
        elif len(question.text) > MAX_TEXT:
            errors.append(f"{where}: nội dung dài quá {MAX_TEXT} ký tự.")
        _controls(question.text, f"{where}, nội dung", errors)
        key = _key(question.key, question.text or f"cau_{number}", where, errors)
        levels = _levels(question, where, errors)
        if number == 1:
            typed = [lv for lv in question.levels if not lv.blank]
            low = [out["key"] for out, lv in zip(levels, typed, strict=True) if lv.low]
        if question.not_applicable and number == 1:
            errors.append(
                f"{where}: câu hỏi chung không có “Không áp dụng” (mọi người đều trả lời được)."
            )
        questions.append(
            {
                "key": key,
                "text": question.text or "?",
                "levels": levels,
                "not_applicable": question.not_applicable,
            }
        )
    keys = [q["key"] for q in questions]
    for key in sorted({k for k in keys if keys.count(k) > 1}):
        errors.append(f"Câu hỏi: hai câu hỏi cùng mã “{key}”; mỗi câu hỏi cần một mã riêng.")
    reasons = []
    for number, (key, label) in enumerate((r for r in draft.reasons if any(r)), start=1):
        where = f"Lý do {number}"
        if not label:
            errors.append(f"{where}: chưa nhập nội dung lý do.")
        elif len(label) > MAX_LABEL:
            errors.append(f"{where}: dài quá {MAX_LABEL} ký tự.")
        _controls(label, where, errors)
        reasons.append({"key": _key(key, label, where, errors), "label": label or "?"})
    reason_keys = [r["key"] for r in reasons]
    for key in sorted({k for k in reason_keys if reason_keys.count(k) > 1}):
        errors.append(f"Lý do: hai lý do cùng mã “{key}”; mỗi lý do cần một mã riêng.")
    apology = draft.apology or DEFAULT_APOLOGY
    if len(apology) > MAX_APOLOGY:
        errors.append(f"Lời xin lỗi: dài quá {MAX_APOLOGY} ký tự.")
    _controls(apology, "Lời xin lỗi", errors, newlines=True)
    if draft.followup and questions and not low:
        errors.append(
            "Hỏi thêm khi chưa hài lòng: đánh dấu ít nhất một mức “thấp” ở câu hỏi 1 "
            "(mức mở phần hỏi thêm)."
        )
    if errors:
        return None, errors
    data = {
        "id": draft.id,
        "ask_counter": draft.ask_counter,
        "ask_official": draft.ask_official,
        "ask_dossier": draft.ask_dossier,
        "rest_after_low": draft.rest_after_low,
        "rate_on_idle": draft.rate_on_idle,
        "questions": questions,
        "followup": {
            "enabled": draft.followup,
            "low_levels": low,
            "reasons": reasons,
            "apology": apology,
            "callback": draft.callback,
            "comment": draft.comment,
        },
    }
    try:
        return survey_from_dict(data, "khảo sát"), []
    except ConfigError as exc:  # a rule of lobby/survey.py not checked above
        return None, [f"Khảo sát chưa hợp lệ: {exc}"]
