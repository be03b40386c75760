"""Letters: Thư xin lỗi and Thư cảm ơn from a case or a visit; draft, approve, issue, download.

Templates and the office's letter profile (place, signer, hotline) are edited by an
administrator; leaders write, approve and issue letters. Issued letters keep their number and
the exact DOCX handed out.
"""

from __future__ import annotations

import io
import re

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from admin_web.audit_log import audited_change
from admin_web.context import admin_state
from admin_web.dates import DateRangeError, parse_day
from admin_web.forms import ButtonForm
from admin_web.letter_templates import (
    AUTHORITY_PREFIXES,
    DATE_FIELDS,
    KEEP_COMMENT,
    KEEP_COMMENT_LABEL,
    KINDS,
    LETTER_FIELDS,
    PARTS,
    PLACEHOLDERS,
    PROFILE_FIELDS,
    TEMPLATES,
    TEXT_FIELDS,
    XUNG_HO,
    LetterField,
    TemplateError,
    check_template,
    empty_placeholders,
    filled_letter,
    load_defaults,
    nfc,
    profile_problems,
    signature_lines,
    template_for_reasons,
)
from admin_web.paging import requested_page
from admin_web.site_scope import require_row_site, site_filter_from_request
from lobby import clock
from lobby.store import LetterError
from lobby.store.letters import LETTERS_PAGE, STATUS_LABELS
from lobby.store.models import FollowupCase, Visit
from lobby.store.sites import LOCAL_SITE_ID
from lobby.survey import survey_from_text

bp = Blueprint("letters", __name__)


def _letter_docx():
    """Return the DOCX builder, imported on first use: python-docx stays out of the kiosk PC's
    memory until someone writes a letter."""
    from admin_web import letter_docx

    return letter_docx


DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SLIP_NEEDS = ("ho_ten", "ma_ho_so", "thu_tuc", "ngay_nhan", "han_giai_quyet", "ngay_hen")


class LetterForm(FlaskForm):
    """The fields of a letter the leader fills in (one per LETTER_FIELDS entry, added below)."""

    kind = SelectField(
        "Mẫu thư",
        choices=[SelectChoice(t.key, t.label) for t in TEMPLATES.values()],
        validate_choice=False,
    )
    case_id = HiddenField()
    visit_id = HiddenField()
    keep_comment = BooleanField(KEEP_COMMENT_LABEL, name=KEEP_COMMENT)


def _form_field(field: LetterField):
    """Return the form input a letter field is filled in with."""
    if field.kind == "choice":
        choices = [SelectChoice(x, x) for x in XUNG_HO]
        return SelectField(field.label, choices=choices, validate_choice=False)
    if field.kind == "long":
        return TextAreaField(field.label)
    return StringField(field.label)


for _field in LETTER_FIELDS:
    if _field.kind != "office":  # the office's own fields come from its letter profile
        setattr(LetterForm, _field.name, _form_field(_field))


class TemplateForm(FlaskForm):
    """The editable parts of a letter template."""

    title = StringField(PARTS["title"])
    summary = StringField(PARTS["summary"])
    greeting = StringField(PARTS["greeting"])
    body = TextAreaField(PARTS["body"])
    recipients = TextAreaField(PARTS["recipients"] + " (mỗi dòng một nơi)")


class ProfileForm(FlaskForm):
    """The office's details printed on every letter."""

    parent = StringField(PROFILE_FIELDS["parent"][0])
    name = StringField(PROFILE_FIELDS["name"][0])
    name_text = StringField(PROFILE_FIELDS["name_text"][0])
    abbreviation = StringField(PROFILE_FIELDS["abbreviation"][0])
    place = StringField(PROFILE_FIELDS["place"][0])
    authority = StringField(PROFILE_FIELDS["authority"][0])
    position = StringField(PROFILE_FIELDS["position"][0])
    signer = StringField(PROFILE_FIELDS["signer"][0])
    hotline = StringField(PROFILE_FIELDS["hotline"][0])
    email = StringField(PROFILE_FIELDS["email"][0])
    address = StringField(PROFILE_FIELDS["address"][0])


# --- helpers ---


def _store():
    return admin_state().store


def _audit(action: str, target: str, before=None, after=None) -> None:
    _store().audit(current_user.username, action, target, before, after)


def _ensure_templates() -> None:
    _store().ensure_letter_templates(load_defaults())


def _profile() -> dict[str, str]:
    office = admin_state().settings.office
    profile = _letter_docx().default_profile(office.name, office.parent)
    profile.update({k: v for k, v in _store().letter_profile().items() if k in profile})
    return profile


def _check_csrf() -> None:
    """Refuse (400) a POST without a valid CSRF token before looking anything up."""
    if request.method == "POST" and not ButtonForm().validate_on_submit():
        abort(400)


def _letter(letter_id: int):
    row = _store().letter_by_id(letter_id)
    if row is None:
        abort(404)
    return row


def _kind(key: str):
    if key not in TEMPLATES:
        abort(404)
    return TEMPLATES[key]


def _subject(letter) -> str:
    who = letter.citizen or "chưa có tên"
    return f"{KINDS[letter.kind].label} gửi {who}" if letter.kind in KINDS else who


def _fields_from_form(form: LetterForm) -> dict[str, str]:
    """Return the letter's fields from the form; LetterError naming the first bad one."""
    fields: dict[str, str] = {}
    xung_ho = form.xung_ho.data or XUNG_HO[0]
    if xung_ho not in XUNG_HO:
        raise LetterError("Xưng hô không hợp lệ.")
    fields["xung_ho"] = xung_ho
    for name, (label, limit) in TEXT_FIELDS.items():
        raw = nfc(getattr(form, name).data or "").strip()
        if len(raw) > limit:
            raise LetterError(f"{label}: dài quá {limit} ký tự.")
        fields[name] = raw
    for name, label in DATE_FIELDS.items():
        raw = nfc(getattr(form, name).data or "").strip()
        if raw:
            try:
                raw = parse_day(raw, label).strftime("%d/%m/%Y")
            except DateRangeError as exc:
                raise LetterError(str(exc)) from None
        fields[name] = raw
    fields[KEEP_COMMENT] = "1" if form.keep_comment.data else ""
    if not fields["ho_ten"]:
        raise LetterError("Hãy nhập họ và tên người nhận thư.")
    return fields


def _source_ids(form: LetterForm) -> tuple[int | None, str | None]:
    """Return the case id and visit id the letter comes from (404 if unknown)."""
    case_id = visit_id = None
    raw_case = (form.case_id.data or "").strip()
    raw_visit = (form.visit_id.data or "").strip()
    if raw_case:
        if not raw_case.isdigit() or _case(int(raw_case)) is None:
            abort(404)
        case_id = int(raw_case)
    if raw_visit:
        if _visit(raw_visit) is None:
            abort(404)
        visit_id = raw_visit
    return case_id, visit_id


def _case(case_id: int):
    """Return a case a letter may answer (403 for another site's, when scoped), or None."""
    finder = getattr(_store(), "case_by_id", None)
    if finder is None or not 0 < case_id < 2**31:
        return None
    require_row_site(FollowupCase, case_id)
    return finder(case_id)


def _visit(visit_id: str):
    """Return a visit a letter may answer (403 for another site's, when scoped), or None."""
    if not re.fullmatch(r"[0-9a-fA-F-]{1,36}", visit_id):
        return None
    require_row_site(Visit, visit_id)
    return _store().visit_by_id(visit_id)


def _new_letter_site() -> int:
    """Return the site of a letter written from nothing: the page's (a scoped user's own),
    else this store's own site."""
    site_id = site_filter_from_request()
    return LOCAL_SITE_ID if site_id is None else site_id


def _reason_labels(visit) -> list[str]:
    """Return the visit's reasons by the labels of the survey it was given with (else of the
    survey in use); a reason no survey names reads as its key's words, never as the key."""
    labels: dict[str, str] = {}
    try:
        stored = _store().survey_version(visit.survey_key, visit.survey_version)
        survey = survey_from_text(stored.source) if stored else admin_state().survey()
        labels = {r.key: r.label for r in survey.followup.reasons}
    except Exception:  # noqa: BLE001  (a broken survey must not stop a letter being written)
        labels = {}
    return [labels.get(key) or key.replace("_", " ") for key in visit.reasons]


def _in_sentence(label: str) -> str:
    """Lower the first letter of a label read inside a sentence ("Phải chờ lâu" → "phải...")."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def _prefill(form: LetterForm, visit, case) -> None:
    """Fill the form from a visit (and its case's notes) the first time it is shown."""
    if visit is not None:
        overall = visit.overall
        unhappy = (overall is not None and not overall.satisfied) or bool(visit.reasons)
        form.kind.data = template_for_reasons(visit.reasons, unhappy or case is not None)
        form.ma_ho_so.data = visit.dossier_code or ""
        form.can_bo.data = visit.official_name or visit.official_code or ""
        form.ngay_danh_gia.data = visit.local_day.strftime("%d/%m/%Y")
        form.noi_dung_sai.data = ", ".join(_in_sentence(x) for x in _reason_labels(visit))
        # The citizen's words are kept apart, and printed only if the author ticks the box.
        form.y_kien.data = visit.comment or ""
        form.keep_comment.data = False
        form.visit_id.data = visit.id
    if case is not None:
        form.case_id.data = str(case.id)
        done = [note.text for note in case.notes if note.author]
        form.da_xu_ly.data = "; ".join(done)


def _preview(key: str, fields: dict[str, str], template=None) -> dict:
    """Return the filled text of a letter for the HTML preview, and what it still lacks."""
    template = template or _store().current_template(key)
    profile = _profile()
    letter = filled_letter(template, fields, profile)
    return {
        "empty": empty_placeholders(template, fields),
        "profile_missing": profile_problems(profile),
        "title": letter.title,
        "summary": letter.summary,
        "greeting": letter.greeting,
        "paragraphs": letter.paragraphs,
        "recipients": letter.recipients,
        "signature": signature_lines(profile),
        "signer": profile.get("signer", ""),
        "version": template.version,
        "template_label": TEMPLATES[template.kind].label if template.kind in TEMPLATES else "",
    }


def _missing(letter, template) -> list[str]:
    """Return what stops ``letter`` being approved or issued: the office profile's empty
    entries and the template's empty placeholders, each named for the page."""
    missing = [f"Thông tin cơ quan: {label}" for label in profile_problems(_profile())]
    missing += [f"Trường của thư: {label}" for label in empty_placeholders(template, letter.fields)]
    return missing


def _separate_approver() -> bool:
    return bool(admin_state().settings.letters.separate_approver)


def _approver_problem(letter) -> str | None:
    """Say why the current user may not approve ``letter`` (they wrote or changed it), or None."""
    if _separate_approver() and current_user.username in _store().letter_writers(letter.id):
        return (
            "Người duyệt phải là người khác người viết, người sửa thư: hãy nhờ một lãnh đạo "
            "khác (hoặc quản trị viên) duyệt."
        )
    return None


def _leader_warning() -> str | None:
    """For an administrator: say so when letters need a second approver and there is at most
    one active leader account."""
    if current_user.role != "admin" or not _separate_approver():
        return None
    leaders = [u for u in _store().list_users() if u.active and u.role == "leader"]
    if len(leaders) >= 2:
        return None
    who = f"một tài khoản lãnh đạo ({leaders[0].username})" if leaders else "chưa có lãnh đạo nào"
    return (
        f"Hiện chỉ có {who}. Thư phải do người khác người viết duyệt, nên thư lãnh đạo viết chỉ "
        "quản trị viên duyệt được; nên tạo thêm một tài khoản lãnh đạo (Tài khoản)."
    )


def _form_page(form, letter, error, preview, status=200):
    code = 422 if error else status
    return render_template(
        "letters/form.html",
        form=form,
        letter=letter,
        error=error,
        preview=preview,
        kinds=KINDS,
        letter_fields=LETTER_FIELDS,
    ), code


# --- letters ---


@bp.get("/letters")
def index():
    """List the letters, newest first, a page at a time, with a search by number, recipient,
    official or status (with or without marks) and a choice of status."""
    query = nfc(request.args.get("q", ""))[:100].strip()
    status = request.args.get("trang_thai", "")
    status = status if status in STATUS_LABELS else None
    page = requested_page(request.args, LETTERS_PAGE)
    site_id = site_filter_from_request()
    rows, total = _store().letter_page(query, status, page.offset, page.size, site_id)
    if page.offset >= total > 0:
        page = page.with_total(total)
        rows, total = _store().letter_page(query, status, page.offset, page.size, site_id)
    site = request.args.get("site", "")[:32]
    filters = {k: v for k, v in (("q", query), ("trang_thai", status), ("site", site)) if v}
    return render_template(
        "letters/list.html",
        letters=rows,
        query=query,
        status=status,
        statuses=STATUS_LABELS,
        page=page.with_total(total),
        filters=filters,
        kinds=TEMPLATES,
        button=ButtonForm(),
        leader_warning=_leader_warning(),
    )


@bp.route("/letters/new", methods=["GET", "POST"])
def new():
    """Write a letter, from a case (?case=ID) or a visit (?visit=UUID) or from nothing."""
    _ensure_templates()
    form = LetterForm()
    error = preview = None
    if request.method == "GET":
        visit = case = None
        raw_case = request.args.get("case", "").strip()
        raw_visit = request.args.get("visit", "").strip()
        if raw_case:
            if not raw_case.isdigit():
                abort(404)
            case = _case(int(raw_case))
            if case is None:
                abort(404)
            visit = _store().visit_by_id(case.visit_id)
        elif raw_visit:
            visit = _visit(raw_visit)
            if visit is None:
                abort(404)
        _prefill(form, visit, case)
        return _form_page(form, None, None, None)
    if not form.validate_on_submit():
        abort(400)
    key = form.kind.data if form.kind.data in TEMPLATES else None
    case_id, visit_id = _source_ids(form)
    try:
        if key is None:
            raise LetterError("Hãy chọn mẫu thư.")
        fields = _fields_from_form(form)
    except LetterError as exc:
        error = str(exc)
    else:
        kind = TEMPLATES[key].kind
        if request.form.get("action") == "preview":
            preview = _preview(key, fields)
        else:
            template = _store().current_template(key)
            with audited_change():
                letter_id = _store().create_letter(
                    kind,
                    template.id,
                    fields,
                    fields["ho_ten"],
                    fields["ma_ho_so"] or None,
                    current_user.username,
                    case_id=case_id,
                    visit_id=visit_id,
                    site_id=None if case_id or visit_id else _new_letter_site(),
                )
                _audit(
                    "letter.create",
                    f"letter:{letter_id}",
                    None,
                    {"kind": kind, "template_version": template.version, "fields": fields},
                )
            flash(f"Đã lưu bản nháp: {KINDS[kind].label} gửi {fields['ho_ten']}.", "success")
            return redirect(url_for("letters.view", letter_id=letter_id))
    return _form_page(form, None, error, preview)


@bp.get("/letters/<int:letter_id>")
def view(letter_id: int):
    """Show a letter as it will read, its state, and what can be done with it."""
    letter = _letter(letter_id)
    template = _store().template_by_id(letter.template_id)
    return render_template(
        "letters/view.html",
        letter=letter,
        kind=KINDS.get(letter.kind),
        preview=_preview(letter.kind, letter.fields, template),
        slip_ready=letter.kind == "xin_loi" and all(letter.fields.get(f) for f in SLIP_NEEDS),
        subject=_subject(letter),
        button=ButtonForm(),
        missing=_missing(letter, template) if letter.status != "issued" else [],
        approver_problem=_approver_problem(letter) if letter.status == "draft" else None,
    )


@bp.route("/letters/<int:letter_id>/edit", methods=["GET", "POST"])
def edit(letter_id: int):
    """Change a letter not yet issued (an approved one goes back to draft)."""
    _check_csrf()
    letter = _letter(letter_id)
    if letter.status == "issued":
        flash("Thư đã ban hành, không sửa được.", "error")
        return redirect(url_for("letters.view", letter_id=letter.id))
    _ensure_templates()
    written_from = _store().template_by_id(letter.template_id)
    key = written_from.kind if written_from and written_from.kind in TEMPLATES else letter.kind
    data = {"kind": key, **letter.fields, "keep_comment": bool(letter.fields.get(KEEP_COMMENT))}
    form = LetterForm(data=data)
    error = preview = None
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        try:
            fields = _fields_from_form(form)
        except LetterError as exc:
            error = str(exc)
        else:
            if request.form.get("action") == "preview":
                preview = _preview(key, fields)
            else:
                template = _store().current_template(key)
                dossier = fields["ma_ho_so"] or None
                try:
                    with audited_change():
                        was_approved = _store().update_letter(
                            letter.id, template.id, fields, fields["ho_ten"], dossier
                        )
                        _audit(
                            "letter.update",
                            f"letter:{letter.id}",
                            {"status": letter.status, "fields": letter.fields},
                            {
                                "status": "draft",
                                "template_version": template.version,
                                "fields": fields,
                            },
                        )
                except LetterError as exc:
                    error = str(exc)
                else:
                    note = " Thư cần được duyệt lại." if was_approved else ""
                    flash(f"Đã lưu: {_subject(letter)}.{note}", "success")
                    return redirect(url_for("letters.view", letter_id=letter.id))
    form.kind.data = key
    return _form_page(form, letter, error, preview)


def _refuse_if_not_ready(letter, template) -> None:
    """Raise LetterError naming what is missing when the letter cannot go out as it is."""
    missing = _missing(letter, template)
    if missing:
        raise LetterError(
            "Chưa duyệt hoặc ban hành được, vì còn thiếu: " + "; ".join(missing) + "."
        )


@bp.post("/letters/<int:letter_id>/approve")
def approve(letter_id: int):
    """Approve a draft letter (the approver is recorded)."""
    if not ButtonForm().validate_on_submit():
        abort(400)
    letter = _letter(letter_id)
    template = _store().template_by_id(letter.template_id)
    try:
        _refuse_if_not_ready(letter, template)
        problem = _approver_problem(letter)
        if problem:
            raise LetterError(problem)
        with audited_change():
            _store().approve_letter(letter.id, current_user.username)
            _audit(
                "letter.approve",
                f"letter:{letter.id}",
                {"status": letter.status},
                {"status": "approved", "approved_by": current_user.username},
            )
    except LetterError as exc:
        flash(str(exc), "error")
    else:
        flash(f"Đã duyệt: {_subject(letter)}.", "success")
    return redirect(url_for("letters.view", letter_id=letter.id))


@bp.post("/letters/<int:letter_id>/issue")
def issue(letter_id: int):
    """Issue an approved letter: give it the next number of the year and keep its DOCX."""
    if not ButtonForm().validate_on_submit():
        abort(400)
    letter = _letter(letter_id)
    state = admin_state()
    template = state.store.template_by_id(letter.template_id)
    profile = _profile()
    kind = KINDS[letter.kind]

    def build(number: int, issued_at):
        text = _letter_docx().number_text(number, kind.code, profile)
        day = clock.local_day(issued_at, state.tz_name)
        return text, _letter_docx().build_letter(template, letter.fields, profile, text, day)

    try:
        _refuse_if_not_ready(letter, template)
        with audited_change():
            issued = state.store.issue_letter(
                letter.id, current_user.username, state.today().year, build
            )
            _audit(
                "letter.issue",
                f"letter:{letter.id}",
                {"status": letter.status},
                {"status": "issued", "number": issued.number_text, "profile": profile},
            )
    except LetterError as exc:
        flash(str(exc), "error")
    else:
        flash(f"Đã ban hành thư số {issued.number_text}: {_subject(letter)}.", "success")
    return redirect(url_for("letters.view", letter_id=letter.id))


def _docx_response(data: bytes, name: str):
    return send_file(io.BytesIO(data), mimetype=DOCX_MIME, as_attachment=True, download_name=name)


@bp.get("/letters/<int:letter_id>.docx")
def download(letter_id: int):
    """Download a letter: the kept DOCX once issued, else a draft without a number."""
    letter = _letter(letter_id)
    if letter.status == "issued":
        data = _store().letter_docx(letter.id)
        name = (letter.number_text or str(letter.id)).replace("/", "-")
        return _docx_response(data, f"{name}-{letter.year}.docx")
    template = _store().template_by_id(letter.template_id)
    data = _letter_docx().build_letter(
        template, letter.fields, _profile(), None, admin_state().today()
    )
    return _docx_response(data, f"du-thao-{KINDS[letter.kind].code}-{letter.id}.docx")


@bp.get("/letters/<int:letter_id>/phieu-04.docx")
def slip(letter_id: int):
    """Download the slip Mẫu số 04 (apology and new date) for a late dossier."""
    letter = _letter(letter_id)
    missing = [f for f in SLIP_NEEDS if not letter.fields.get(f)]
    if letter.kind != "xin_loi" or missing:
        labels = [TEXT_FIELDS.get(f, (DATE_FIELDS.get(f, f),))[0] for f in missing]
        flash("Chưa đủ thông tin để in phiếu hẹn: thiếu " + ", ".join(labels) + ".", "error")
        return redirect(url_for("letters.view", letter_id=letter.id))
    problems = profile_problems(_profile())
    if problems:
        flash(
            "Chưa in được phiếu hẹn: thông tin cơ quan còn thiếu " + ", ".join(problems) + ".",
            "error",
        )
        return redirect(url_for("letters.view", letter_id=letter.id))
    day = clock.local_day(letter.issued_at or clock.utcnow(), admin_state().tz_name)
    data = _letter_docx().build_slip(letter.fields, _profile(), day)
    return _docx_response(data, f"phieu-hen-{letter.id}.docx")


# --- templates and the office's profile (administrators) ---


@bp.get("/letters/templates")
def templates():
    """Show the letter templates in use and the office's letter profile."""
    _ensure_templates()
    current = {key: _store().current_template(key) for key in TEMPLATES}
    profile = _profile()
    return render_template(
        "letters/templates.html",
        kinds=TEMPLATES,
        letter_kinds=KINDS,
        current=current,
        placeholders=PLACEHOLDERS,
        profile=profile,
        profile_labels=PROFILE_FIELDS,
        profile_missing=profile_problems(profile),
        leader_warning=_leader_warning(),
    )


@bp.route("/letters/templates/<kind>", methods=["GET", "POST"])
def template_edit(kind: str):
    """Edit a letter template; placeholders are checked and a new version saved."""
    _check_csrf()
    info = _kind(kind)
    _ensure_templates()
    current = _store().current_template(kind)
    form = TemplateForm(data={part: getattr(current, part) for part in PARTS} if current else None)
    error = None
    if form.validate_on_submit():
        try:
            parts = check_template({part: getattr(form, part).data for part in PARTS})
        except TemplateError as exc:
            error = str(exc)
        else:
            with audited_change():
                saved = _store().save_letter_template(kind, user=current_user.username, **parts)
                _audit(
                    "letter_template.save",
                    f"letter_template:{kind}",
                    {part: getattr(current, part) for part in PARTS} if current else None,
                    {"version": saved.version, **parts},
                )
            flash(f"Đã lưu mẫu “{info.label}” (phiên bản {saved.version}).", "success")
            return redirect(url_for("letters.templates"))
    elif request.method == "POST":
        abort(400)
    return render_template(
        "letters/template_edit.html",
        form=form,
        kind=info,
        current=current,
        placeholders=PLACEHOLDERS,
        error=error,
    ), (422 if error else 200)


@bp.route("/letters/profile", methods=["GET", "POST"])
def profile():
    """Edit the office's details printed on letters (place, signer, hotline...)."""
    before = _profile()
    form = ProfileForm(data=before)
    error = None
    if form.validate_on_submit():
        saved = {}
        for name, (label, limit) in PROFILE_FIELDS.items():
            value = nfc(getattr(form, name).data or "").strip()
            if len(value) > limit:
                error = f"{label}: dài quá {limit} ký tự."
                break
            saved[name] = value
        if error is None:
            for name in ("name", "place", "authority", "signer"):
                if not saved[name]:
                    error = f"{PROFILE_FIELDS[name][0]}: không được để trống."
                    break
        authority = saved.get("authority", "").upper()
        if error is None and authority.startswith(AUTHORITY_PREFIXES) and not saved["position"]:
            prefix = authority.split(".")[0]
            error = (
                f"{PROFILE_FIELDS['position'][0]}: bắt buộc khi ký “{prefix}.” "
                "(ví dụ: KT. GIÁM ĐỐC, dòng dưới PHÓ GIÁM ĐỐC)."
            )
        if error is None:
            with audited_change():
                _store().set_letter_profile(saved)
                _audit("letter.profile", "letters:profile", before, saved)
            flash("Đã lưu thông tin in trên thư.", "success")
            return redirect(url_for("letters.templates"))
    elif request.method == "POST":
        abort(400)
    return render_template("letters/profile.html", form=form, labels=PROFILE_FIELDS, error=error), (
        422 if error else 200
    )
