"""Follow-up cases: call-back requests and low ratings with a comment, worked by leaders.

Cases are made from stored visits by ``store.sync_cases()`` when these pages open and by the
admin server's periodic upkeep (``upkeep``, at start and hourly), which alone erases call-back
numbers older than ``[cases] phone_retention_days``. The phone number shows only on a case's
own page (leader and admin); never in the list, the CSV, the audit log or the API.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice

from admin_web.audit_log import audited_change
from admin_web.blueprints.main import overdue_moment
from admin_web.context import admin_state
from admin_web.csv_export import BOM, neutralise
from admin_web.forms import ButtonForm
from admin_web.paging import requested_page
from admin_web.roles import ROLES, role_allows
from admin_web.site_scope import site_filter_from_request, site_of, user_site_id
from lobby import clock
from lobby.clock import format_datetime
from lobby.office_hours import OfficeHours
from lobby.store import CaseError
from lobby.store.cases import (
    CALL_OUTCOME_LABELS,
    CALL_OUTCOMES,
    LIST_LIMIT,
    STATUS_LABELS,
    STATUSES,
)
from lobby.store.models import FollowupCase
from lobby.vntext import nfc

bp = Blueprint("cases", __name__, url_prefix="/cases")

CASES_PAGE = 30

# Roles a case can be given to: those that may open a case's page.
ASSIGNABLE_ROLES = tuple(role for role in ROLES if role_allows(role, "cases.case"))
NOT_ASSIGNABLE = (
    "Chỉ giao được phản ánh cho tài khoản đang dùng có quyền mở trang phản ánh"
    " (lãnh đạo hoặc quản trị)."
)
CSV_HEADER = (
    "Mã phản ánh",
    "Thời gian",
    "Cán bộ",
    "Đơn vị",
    "Mức đánh giá",
    "Ý kiến",
    "Yêu cầu gọi lại",
    "Trạng thái",
    "Người xử lý",
)


def upkeep(store, settings) -> tuple[int, int]:
    """Make cases for new visits and erase expired phone numbers; return (made, erased)."""
    days = int(settings.cases.phone_retention_days)
    made = store.sync_cases()
    with store.unit_of_work():
        erased = store.erase_expired_phones(days)
        if erased:
            # The system's own change: how many numbers, never the numbers themselves.
            after = {"erased": erased, "days": days}
            store.audit("(hệ thống)", "case.erase_phones", "cases", None, after)
    return made, erased


def at_minute(moment) -> str:
    """Return a moment as dd/mm/yyyy HH:MM in the office's time zone."""
    return format_datetime(moment, admin_state().tz_name)[:16]


@bp.record_once
def _register_upkeep(setup_state) -> None:
    """Offer the upkeep to the admin server's periodic jobs (run at start, then hourly)."""
    jobs = setup_state.app.extensions.setdefault("lobby_periodic_jobs", [])
    jobs.append(lambda app: upkeep(admin_state(app).store, admin_state(app).settings))


class CaseForm(FlaskForm):
    """A case's status and who works on it."""

    status = SelectField(
        "Trạng thái",
        choices=[SelectChoice(s, STATUS_LABELS[s]) for s in STATUSES],
        validate_choice=False,  # the store refuses an unknown status with a message
    )
    assignee = SelectField("Người xử lý", validate_choice=False)


class NoteForm(FlaskForm):
    """A note added to a case, with the outcome of the call it tells of (if it was a call)."""

    text = TextAreaField("Ghi chú mới")
    call_outcome = SelectField(
        "Kết quả cuộc gọi (nếu vừa gọi lại)",
        choices=[SelectChoice("", "(không phải cuộc gọi)")]
        + [SelectChoice(k, CALL_OUTCOME_LABELS[k]) for k in CALL_OUTCOMES],
        validate_choice=False,  # the store refuses an unknown outcome with a message
    )


def _assignees(store, site_id: int | None = None) -> list:
    """Return the accounts a case may be given to: province-wide ones and, for a case of a
    site (``site_id``), that site's own; every account when no site is named."""
    return [
        u
        for u in store.list_users()
        if u.active
        and u.role in ASSIGNABLE_ROLES
        and (site_id is None or u.site_id in (None, site_id))
    ]


def _case(case_id: int):
    row = admin_state().store.case_by_id(case_id)
    if row is None:
        abort(404)
    return row


def _filters(store) -> tuple[str | None, str]:
    status = request.args.get("status", "")
    assignee = request.args.get("assignee", "")
    return (status if status in STATUSES else None), assignee


def _assignee_filter(assignee: str) -> dict:
    """Return the store's assignee arguments for the page's ``assignee`` filter."""
    if assignee == "none":
        return {"unassigned": True}
    if assignee == "me":
        return {"assignee_id": current_user.user_id}
    if assignee.isdigit() and len(assignee) < 10:
        return {"assignee_id": int(assignee)}
    return {}


def _search() -> tuple[str, bool]:
    """Return the page's search words and whether only overdue cases are asked for."""
    return nfc(request.args.get("q", ""))[:100].strip(), request.args.get("qua_han") == "1"


def _list(store, status: str | None, assignee: str, limit: int | None = LIST_LIMIT, offset=0):
    query, overdue = _search()
    state = admin_state()
    due_before = overdue_moment(state.settings, state.today()) if overdue else None
    return store.list_cases(
        status=status,
        limit=limit,
        offset=offset,
        query=query,
        due_before=due_before,
        site_id=site_filter_from_request(),
        **_assignee_filter(assignee),
    )


def due_day(settings, visit_at) -> date:
    """Return the day a case made from a visit at ``visit_at`` is due."""
    hours = OfficeHours.from_settings(settings)
    visit_day = clock.local_day(visit_at, hours.tz_name)
    return hours.add_working_days(visit_day, settings.cases.due_working_days)


@bp.get("")
def index():
    """List the cases (newest first, overdue ones oldest first), a page at a time, filtered by
    status, assignee, overdue and words; phone numbers never."""
    state = admin_state()
    # New visits become cases now; erasing old phone numbers is the hourly upkeep's job.
    state.store.sync_cases()
    status, assignee = _filters(state.store)
    query, overdue = _search()
    site_id = site_filter_from_request()
    today = state.today()
    before = overdue_moment(state.settings, today)
    page = requested_page(request.args, CASES_PAGE)
    page = page.with_total(
        state.store.count_listed_cases(
            status=status,
            query=query,
            due_before=before if overdue else None,
            site_id=site_id,
            **_assignee_filter(assignee),
        )
    )
    rows = _list(state.store, status, assignee, page.size, page.offset)
    filters = {
        "status": status,
        "assignee": assignee,
        "q": query,
        "qua_han": "1" if overdue else "",
        "site": request.args.get("site", "")[:32],
    }
    return render_template(
        "cases/list.html",
        cases=rows,
        due={r.id: due_day(state.settings, r.visit_at) for r in rows},
        late={r.id: r.status != "resolved" and r.visit_at < before for r in rows},
        today=today,
        status=status or "",
        assignee=assignee,
        query=query,
        overdue=overdue,
        overdue_count=state.store.count_listed_cases(due_before=before, site_id=site_id),
        page=page,
        filters={k: v for k, v in filters.items() if v},
        statuses=STATUS_LABELS,
        assignees=_assignees(state.store, site_id),
        counts={s: state.store.count_cases(s, site_id) for s in STATUSES},
        at_minute=at_minute,
        due_days=state.settings.cases.due_working_days,
    )


def _csv_lines(rows, tz_name: str) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(cells) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([neutralise(str(cell)) for cell in cells])
        return buffer.getvalue()

    yield BOM + line(CSV_HEADER)
    for r in rows:
        yield line(
            (
                r.id,
                format_datetime(r.visit_at, tz_name)[:16],
                r.official or "",
                r.unit or "",
                r.level or "",
                r.comment or "",
                "Có" if r.wants_callback else "Không",
                r.status_label,
                r.assignee or "",
            )
        )


@bp.get("/export.csv")
def export_csv():
    """Download every case matching the filters as CSV for Excel (no phone numbers)."""
    state = admin_state()
    status, assignee = _filters(state.store)
    rows = _list(state.store, status, assignee, limit=None)
    return Response(
        "".join(_csv_lines(rows, state.tz_name)),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="phan-anh.csv"'},
    )


def _reason_labels(state, keys) -> list[str]:
    try:
        followup = state.survey().followup
        labels = {r.key: r.label for r in followup.reasons}
    except Exception:  # noqa: BLE001  (a broken survey file must not hide the case)
        labels = {}
    return [labels.get(k, k) for k in keys]


def _render_case(row, form=None, note_form=None, error=None, note_error=None, code=200):
    state = admin_state()
    visit = state.store.visit_by_id(row.visit_id)
    if visit is None:
        abort(404)
    assignees = _assignees(state.store, site_of(FollowupCase, row.id))
    if form is None:
        form = CaseForm(status=row.status, assignee=str(row.assignee_id or ""))
    form.assignee.choices = [SelectChoice("", "(chưa giao)")] + [
        SelectChoice(str(u.id), u.username) for u in assignees
    ]
    return render_template(
        "cases/case.html",
        case=row,
        visit=visit,
        reasons=_reason_labels(state, visit.reasons),
        form=form,
        note_form=note_form or NoteForm(),
        button=ButtonForm(),
        error=error,
        note_error=note_error,
        letters="letters.new" in current_app.view_functions,
        statuses=STATUS_LABELS,
        at_minute=at_minute,
        due=due_day(state.settings, row.visit_at) if row.visit_at else None,
        late=row.status != "resolved"
        and row.visit_at is not None
        and row.visit_at < overdue_moment(state.settings, state.today()),
    ), code


@bp.get("/<int:case_id>")
def case(case_id: int):
    """Show one case: the visit's context, the phone number to call back, notes and actions."""
    return _render_case(_case(case_id))


def _view(row) -> dict:
    """What the audit log keeps of a case (never the phone number)."""
    return {"status": row.status, "assignee": row.assignee}


@bp.post("/<int:case_id>/take")
def take(case_id: int):
    """Give the case to the logged-in user (and mark it in progress if it was new)."""
    row = _case(case_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    store = admin_state().store
    status = "in_progress" if row.status == "new" else None
    try:
        with audited_change():
            store.update_case(row.id, status=status, assignee_id=current_user.user_id)
            after = store.case_by_id(row.id)
            target = f"case:{row.id}"
            store.audit(current_user.username, "case.assign", target, _view(row), _view(after))
    except CaseError as exc:
        flash(str(exc), "error")
        return redirect(url_for("cases.case", case_id=row.id))
    flash(f"Bạn đã nhận xử lý phản ánh #{row.id}.", "success")
    return redirect(url_for("cases.case", case_id=row.id, _anchor="content"))


@bp.post("/<int:case_id>/update")
def update(case_id: int):
    """Set a case's status and assignee."""
    row = _case(case_id)
    form = CaseForm()
    if not form.validate_on_submit():
        abort(400)
    store = admin_state().store
    raw = form.assignee.data or ""
    if raw and not (raw.isdigit() and len(raw) < 10):
        return _render_case(row, form, error="Người xử lý không hợp lệ.", code=422)
    if raw and int(raw) not in {u.id for u in _assignees(store, site_of(FollowupCase, row.id))}:
        return _render_case(row, form, error=NOT_ASSIGNABLE, code=422)
    assignee = int(raw) if raw else None
    try:
        with audited_change():
            store.update_case(row.id, status=form.status.data, assignee_id=assignee)
            after = store.case_by_id(row.id)
            if _view(after) != _view(row):
                target = f"case:{row.id}"
                store.audit(current_user.username, "case.update", target, _view(row), _view(after))
    except CaseError as exc:
        return _render_case(row, form, error=str(exc), code=422)
    flash(f"Đã lưu phản ánh #{row.id}: {after.status_label}.", "success")
    return redirect(url_for("cases.case", case_id=row.id))


@bp.post("/<int:case_id>/note")
def note(case_id: int):
    """Append a note to a case (notes are never edited or removed)."""
    row = _case(case_id)
    form = NoteForm()
    if not form.validate_on_submit():
        abort(400)
    store = admin_state().store
    try:
        with audited_change():
            outcome = form.call_outcome.data or None
            text = store.add_case_note(
                row.id, current_user.username, form.text.data or "", call_outcome=outcome
            )
            after = {"note": text, **({"call_outcome": outcome} if outcome else {})}
            store.audit(current_user.username, "case.note", f"case:{row.id}", None, after)
    except CaseError as exc:
        return _render_case(row, note_form=form, note_error=str(exc), code=422)
    flash(f"Đã thêm ghi chú vào phản ánh #{row.id}.", "success")
    return redirect(url_for("cases.case", case_id=row.id))


@bp.app_template_global("cases_new_count")
def _new_cases_for_templates() -> int:
    """Template helper for the front page's tile: cases not yet taken up (after a sync)."""
    store = admin_state().store
    store.sync_cases()
    return store.count_cases("new", user_site_id())
