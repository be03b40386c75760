"""Paper forms ("Phiếu khảo sát"): the printable form of the current survey (DOCX, A4) and a
fast keyboard page that records each filled form as a visit with channel "paper"."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, time, timedelta

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from admin_web.audit_log import audited_change
from admin_web.context import admin_state
from admin_web.dates import DateRangeError, parse_day
from admin_web.forms import ButtonForm
from admin_web.site_scope import site_filter_from_request, site_query
from lobby import clock
from lobby.store import StoreError
from lobby.store.sites import LOCAL_SITE_ID
from lobby.survey import Survey
from lobby.visit_limits import (
    COMMENT_MAX,
    DOSSIER_MAX,
    OFFICIAL_CODE_MAX,
    phone_rule,
    valid_phone,
)
from lobby.visit_record import AnswerRecord, VisitRecord
from lobby.vntext import nfc, to_ascii

bp = Blueprint("paper", __name__, url_prefix="/paper")

MAX_COUNT = 100_000
OLDEST_DAYS = 366
# What the entry page's fields may hold: the kiosk's own limits (lobby/visit_limits.py).
# The official is typed by name or code, or picked from the list as "Họ tên (mã)".
OFFICIAL_TEXT_MAX = 200 + OFFICIAL_CODE_MAX
LIMITS = {
    "official": OFFICIAL_TEXT_MAX,
    "dossier": DOSSIER_MAX,
    "comment": COMMENT_MAX,
}


def _current() -> tuple[Survey, int]:
    """Return the current survey and its stored version (stored now if it never was)."""
    state = admin_state()
    survey, version = state.survey_with_version()
    if version is None:
        # The file's own text, as the kiosk keeps it (the same version when it starts).
        path = state.settings.path(state.settings.kiosk.survey)
        version = state.store.ensure_survey_version(survey.id, path.read_text(encoding="utf-8"))
    return survey, version


@bp.get("/form.docx")
def form_docx():
    """Download the printable paper form of the current survey (A4 DOCX)."""
    state = admin_state()
    survey, version = state.survey_with_version()
    office = state.settings.office
    from admin_web.paper_form_docx import build_docx  # python-docx only when a form is printed

    data = build_docx(survey, office.parent, office.name, version)
    return Response(
        data,
        mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        headers={"Content-Disposition": 'attachment; filename="phieu-khao-sat.docx"'},
    )


def _text(name: str, limit: int) -> str:
    return " ".join(nfc(request.form.get(name, ""))[: limit * 4].split())


def _count(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() and len(raw) < 7 else 0


def _when(day_text: str) -> tuple[datetime | None, str | None]:
    """Return the moment to record for a form dated ``day_text`` (now when it is today, else
    noon of that day), or None and what is wrong."""
    state = admin_state()
    today = state.today()
    try:
        day = parse_day(day_text, "Ngày trên phiếu") if day_text else today
    except DateRangeError as exc:
        return None, str(exc)
    if day > today:
        return None, "Ngày trên phiếu: không được sau hôm nay."
    if day < today - timedelta(days=OLDEST_DAYS):
        return None, f"Ngày trên phiếu: cũ quá {OLDEST_DAYS} ngày."
    if day == today:
        return clock.utcnow(), None
    noon = datetime.combine(day, time(12, 0), clock.office_tz(state.tz_name))
    return noon.astimezone(UTC), None


def _answers(survey: Survey, errors: list[str]) -> tuple[AnswerRecord, ...]:
    answers = []
    for number, question in enumerate(survey.questions, start=1):
        raw = request.form.get(f"q-{number - 1}", "").strip()
        count = len(question.levels)
        if not raw:
            if number == 1:
                errors.append(f"Câu {number}: chưa chọn mức (gõ số từ 1 đến {count}).")
            continue
        if not raw.isdigit() or not 1 <= int(raw) <= count:
            errors.append(f"Câu {number}: “{raw[:10]}” không hợp lệ; gõ số từ 1 đến {count}.")
            continue
        index = int(raw) - 1
        level = question.levels[index]
        answers.append(
            AnswerRecord(
                question.key, question.text, level.key, level.label, index, level.satisfied
            )
        )
    return tuple(answers)


def _name_key(text: str) -> str:
    """Return a name as compared when typed: case, accents and spacing do not matter."""
    return " ".join(to_ascii(text).casefold().split())


def _official_code(typed: str, errors: list[str]) -> str | None:
    """Return the code of the official ``typed`` names: a code, a full name (accents optional)
    or a pick from the list, "Họ tên (mã)". Append what is wrong to ``errors`` otherwise."""
    store = admin_state().store
    picked = re.fullmatch(r".*\(([^()]+)\)\s*", typed)
    for code in (typed, picked.group(1).strip() if picked else None):
        if code and len(code) <= OFFICIAL_CODE_MAX and store.official_infos_by_code([code]):
            return code
    wanted = _name_key(re.sub(r"\([^()]*\)\s*$", "", typed))
    same = [o for o in store.official_infos(_site_id()) if _name_key(o.name) == wanted]
    active = [o for o in same if o.active]
    found = active or same
    if len(found) == 1:
        return found[0].code
    if not found:
        errors.append(
            f"Cán bộ: không có cán bộ nào tên hoặc mã “{typed[:60]}”; "
            "gõ vài chữ của họ tên rồi chọn trong danh sách."
        )
    else:
        choices = "; ".join(f"{o.name} ({o.code}, {o.unit_name or 'không đơn vị'})" for o in found)
        errors.append(
            f"Cán bộ: có {len(found)} người tên “{typed[:60]}”: {choices}. Hãy chọn theo mã."
        )
    return None


def _officials() -> list[dict]:
    """Return the active officials for the entry page's list: "Họ tên (mã)" and where they
    work."""
    site_id = _site_id()
    rows = [o for o in admin_state().store.official_infos(site_id) if o.active]
    return [
        {
            "value": f"{o.name} ({o.code})",
            # The name without accents too: the browser's list then matches "nguyen van an".
            "label": " – ".join(
                x for x in (to_ascii(o.name), o.title, o.unit_name, o.counter_name) if x
            ),
        }
        for o in rows
    ]


def _site_id() -> int:
    """Return the site a paper form is recorded for: the scoped user's own, the page's
    ``?site=`` on the central server, else this store's own site."""
    site_id = site_filter_from_request()
    return LOCAL_SITE_ID if site_id is None else site_id


def _visit_id(sent: str) -> str:
    """Return the visit id the form was given when it was shown (a UUID), else a new one."""
    try:
        return str(uuid.UUID(sent)) if len(sent) == 36 else VisitRecord.new_id()
    except ValueError:
        return VisitRecord.new_id()


def _form_values() -> dict:
    return {key: nfc(value)[:600] for key, value in request.form.items() if key != "csrf_token"}


def _page(survey: Survey, version: int, values: dict, errors=(), count: int = 0, status=200):
    chosen = set(request.form.getlist("reason")) if errors else set()
    return render_template(
        "paper/entry.html",
        survey=survey,
        version=version,
        values=values,
        errors=list(errors),
        count=count,
        chosen=chosen,
        limits=LIMITS,
        officials=_officials(),
        form=ButtonForm(),
    ), status


@bp.route("/entry", methods=["GET", "POST"])
def entry():
    """Type in one filled paper form per submit; each becomes a visit with channel "paper"."""
    state = admin_state()
    survey, version = _current()
    if request.method == "GET":
        values = {"day": request.args.get("day", "")[:20], "visit_id": VisitRecord.new_id()}
        return _page(survey, version, values, count=_count(request.args.get("count")))
    if not ButtonForm().validate_on_submit():
        abort(400)
    count = _count(request.form.get("count"))
    errors: list[str] = []
    typed_official = _text("official", OFFICIAL_TEXT_MAX)
    official = _official_code(typed_official, errors) if typed_official else None
    answers = _answers(survey, errors)
    dossier = _text("dossier", DOSSIER_MAX)
    if len(dossier) > DOSSIER_MAX:
        errors.append(f"Mã hồ sơ: dài quá {DOSSIER_MAX} ký tự.")
    comment = nfc(request.form.get("comment", "")).strip()
    if len(comment) > COMMENT_MAX:
        errors.append(f"Góp ý: dài quá {COMMENT_MAX} ký tự.")
    phone = re.sub(r"[\s.\-]", "", request.form.get("phone", ""))[:40]
    consent = bool(request.form.get("consent"))
    if phone and not valid_phone(phone):
        errors.append(f"Số điện thoại: {phone_rule()}.")
    elif phone and not consent:
        errors.append("Số điện thoại: chỉ được lưu khi phiếu có đánh dấu đồng ý.")
    known = [r.key for r in survey.followup.reasons]
    reasons = tuple(k for k in known if k in request.form.getlist("reason"))
    day_text = request.form.get("day", "").strip()[:30]
    moment, problem = _when(day_text)
    if problem:
        errors.append(problem)
    if errors or moment is None:
        return _page(survey, version, _form_values(), errors, count, status=422)
    visit = VisitRecord(
        id=_visit_id(request.form.get("visit_id", "")),
        device_id=f"paper-{current_user.username}"[:64],
        channel="paper",
        created_at=moment,
        survey_key=survey.id,
        survey_version=version,
        answers=answers,
        official_code=official or None,
        dossier_code=dossier or None,
        reasons=reasons,
        comment=comment or None,
        callback_phone=phone or None,
        callback_consent=consent and bool(phone),
        input_channel="key",
    )
    try:
        # The visit and its audit row together; the form's visit id makes a resubmit of a form
        # already saved (a lost answer, a second click) store nothing twice.
        with audited_change():
            written = state.store.record_visit(visit, repeat_interval_seconds=0, site_id=_site_id())
            if written:
                state.store.audit(
                    current_user.username,
                    "paper.entry",
                    f"visit:{visit.id}",
                    None,
                    {
                        "survey": f"{survey.id} v{version}",
                        "official": visit.official_code,
                        "dossier": visit.dossier_code,
                        "answers": {a.question_key: a.level_key for a in answers},
                        "reasons": list(reasons),
                        "callback": bool(phone),
                    },
                )
    except StoreError:
        errors.append("Chưa lưu được phiếu vào kho dữ liệu; hãy thử lại.")
        return _page(survey, version, _form_values(), errors, count, status=503)
    if not written:
        flash("Phiếu này đã được lưu trước đó; không lưu thêm lần nữa.", "info")
    return redirect(
        url_for("paper.entry", count=min(count + 1, MAX_COUNT), day=day_text, **site_query())
    )
