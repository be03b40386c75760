"""Periodic evaluation reports: choose a quarter, half year or year at /reports, download it as
DOCX (NĐ 30/2020 layout) or XLSX: /reports/2026-Q3.docx, /reports/2026-H1.xlsx, /reports/2026.docx…

The XLSX of a long, busy period takes a while (a year of a million visits: under a minute on a
2-core machine, bench/bench_exports.py; the DOCX about 1 s), so the page starts it as a
background job and shows its progress, then downloads it; the plain links still work without
JavaScript. On a central server a report covers every site (with a table of the sites) or one
(``?site=<code>``, kept in every link, job and file name).
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user

from admin_web.audit_log import audited_change, record
from admin_web.context import AdminState, admin_state
from admin_web.forms import ButtonForm
from admin_web.periods import Period, current_period
from admin_web.report_data import gather, period_counts, report_period, report_years
from admin_web.site_picker import SiteView, site_view
from lobby.clock import format_datetime, utcnow
from lobby.settings import ConfigError
from lobby.store.report_context import ReportNotes, report_notes, save_report_notes
from lobby.vntext import nfc

bp = Blueprint("reports", __name__, url_prefix="/reports")

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
JOBS_KEY = "lobby_report_jobs"
JOB_MAX_AGE_SECONDS = 3600
NOTES_MAX_CHARS = 6000
# A finished report not downloaded within this time is removed from the temporary folder.
JOB_FILE_SECONDS = 15 * 60


def file_name(period: Period, ext: str, view: SiteView | None = None) -> str:
    """Return the downloaded file's name ("bao-cao-hai-long_2026-Q3.docx", with the site's
    code when the report is of one site of a central server)."""
    return f"bao-cao-hai-long{(view or SiteView()).file_part}_{period.code}.{ext}"


def _satisfied_levels(state: AdminState) -> tuple[str, ...]:
    try:
        return tuple(level.label for level in state.survey().levels if level.satisfied)
    except (OSError, ValueError, ConfigError):  # the rule is then written without level names
        return ()


def _reason_labels(state: AdminState) -> dict[str, str]:
    try:
        return {reason.key: reason.label for reason in state.survey().followup.reasons}
    except (OSError, ValueError, ConfigError):  # the reasons are then shown by their keys
        return {}


def office_profile(state: AdminState) -> dict[str, str]:
    """Return the office's document profile: the one the letters use (place, signer…) when
    the letters are installed and an administrator saved it, else the office's settings."""
    office = state.settings.office
    profile = {"parent": office.parent, "name": office.name}
    try:
        from admin_web.letter_docx import default_profile
    except ImportError:
        return profile
    profile = default_profile(office.name, office.parent)
    saved = getattr(state.store, "letter_profile", None)
    if saved is not None:
        profile.update({k: v for k, v in saved().items() if k in profile})
    return profile


def generate(
    state: AdminState, period: Period, ext: str, out, progress=None, view: SiteView | None = None
) -> None:
    """Write the report of ``period`` as ``ext`` (docx or xlsx) to ``out``, of the site ``view``
    filters to or of every site; ``progress`` gets a fraction from 0 to 1 as the work goes on."""
    from admin_web.report_docx import write_docx
    from admin_web.report_xlsx import write_xlsx

    view = view or SiteView()
    report = progress or (lambda _fraction: None)
    data = gather(
        state.store,
        state.settings,
        period,
        state.today(),
        _satisfied_levels(state),
        reason_labels=_reason_labels(state),
        view=view,
    )
    report(0.1)
    if ext == "docx":
        write_docx(data, out, profile=office_profile(state))
    else:
        _visits, answers = period_counts(state.store, period, view.site_id)
        write_xlsx(
            data,
            state.store.answers_for_sheet(period.first, period.last, view.site_id),
            out,
            answers=answers,
            progress=lambda done: report(0.1 + 0.85 * done / max(answers, 1)),
        )
    report(1.0)


def _spool(state: AdminState, period: Period, ext: str, progress=None, view=None) -> str:
    handle, path = tempfile.mkstemp(prefix="bao-cao-", suffix=f".{ext}")
    os.close(handle)
    try:
        generate(state, period, ext, path, progress, view)
    except BaseException:
        os.unlink(path)
        raise
    return path


def _send(path: str, period: Period, ext: str, view: SiteView | None = None):
    """Send the file and remove its name at once: the open handle keeps it readable until the
    response is done, and nothing is left behind even if the download is cut off."""
    handle = open(path, "rb")  # noqa: SIM115 (closed by the response)
    os.unlink(path)
    name = file_name(period, ext, view)
    return send_file(handle, mimetype=FORMATS[ext], as_attachment=True, download_name=name)


def _periods(years: list[int], today) -> list[dict]:
    """Return, per year with data (newest first), its quarters, halves and the year so far."""
    now = current_period("quarter", today)
    rows = []
    for year in years:
        codes = [f"{year}-Q{q}" for q in range(1, 5)] + [f"{year}-H1", f"{year}-H2", str(year)]
        periods = [report_period(code) for code in codes]
        rows.append({"year": year, "periods": [p for p in periods if p and p.first <= now.last]})
    return rows


@bp.get("")
def index():
    """List the quarters, halves and years that can be reported on, with their two files."""
    state = admin_state()
    view = site_view(state)
    years = report_years(state.store, view.site_id)
    periods = _periods(years, state.today())
    for year in periods:
        year["notes"] = {
            p.code: bool(report_notes(state.store, p.code, view.site_id).shortcomings)
            for p in year["periods"]
        }
    return render_template("reports/index.html", years=periods, form=ButtonForm(), view=view)


@bp.get("/<code>/nhan-xet")
def notes(code: str):
    """Show the leader's sections of a report ("Tồn tại, hạn chế", "Kiến nghị, đề xuất")."""
    period = _period_or_404(code, "docx")
    view = site_view()
    saved = report_notes(admin_state().store, period.code, view.site_id)
    return render_template(
        "reports/notes.html", period=period, notes=saved, form=ButtonForm(), error=None, view=view
    )


@bp.post("/<code>/nhan-xet")
def save_notes(code: str):
    """Keep the leader's sections with the report; the DOCX prints them as written."""
    period = _period_or_404(code, "docx")
    state = admin_state()
    view = site_view(state)
    if not ButtonForm().validate_on_submit():
        abort(400)
    texts = {
        name: nfc(request.form.get(name, "")).replace("\r\n", "\n").strip()
        for name in ("shortcomings", "proposals")
    }
    written = ReportNotes(
        texts["shortcomings"],
        texts["proposals"],
        current_user.username,
        format_datetime(utcnow(), state.tz_name),
    )
    if any(len(text) > NOTES_MAX_CHARS for text in texts.values()):
        error = f"Mỗi phần dài tối đa {NOTES_MAX_CHARS:,} ký tự.".replace(",", ".")
        page = render_template(
            "reports/notes.html",
            period=period,
            notes=written,
            form=ButtonForm(),
            error=error,
            view=view,
        )
        return page, 400
    before = report_notes(state.store, period.code, view.site_id)
    target = f"report:{period.code}" + (f"@{view.code}" if view.code else "")
    with audited_change():
        save_report_notes(state.store, period.code, written, view.site_id)
        record(target, before.__dict__, written.__dict__, "reports.notes")
    flash("Đã lưu phần tồn tại, hạn chế và kiến nghị; báo cáo Word in đúng nội dung này.")
    return redirect(url_for("reports.notes", code=period.code, **view.query))


def _period_or_404(code: str, ext: str) -> Period:
    period = report_period(code)
    if period is None or ext not in FORMATS:
        abort(404)
    return period


@bp.get("/<code>.<ext>")
def download(code: str, ext: str):
    """Generate and download a report now (the page uses a background job instead)."""
    period = _period_or_404(code, ext)
    view = site_view()
    return _send(_spool(admin_state(), period, ext, view=view), period, ext, view)


@dataclass
class Job:
    """A report being generated in a background thread."""

    id: str
    user: str
    period: Period
    ext: str
    view: SiteView = field(default_factory=SiteView)
    started: float = field(default_factory=time.monotonic)
    fraction: float = 0.0
    path: str | None = None
    error: str | None = None
    done: bool = False

    def status(self) -> dict:
        """Return what the page shows while it waits."""
        state = "failed" if self.error else ("done" if self.done else "running")
        body = {"state": state, "percent": int(self.fraction * 100), "message": self.error or ""}
        if self.done and not self.error:
            body["download"] = url_for("reports.job_file", job_id=self.id)
        return body


def _jobs() -> tuple[dict[str, Job], threading.Lock]:
    return current_app.extensions.setdefault(JOBS_KEY, ({}, threading.Lock()))


def _forget_old(jobs: dict[str, Job]) -> None:
    for key, job in list(jobs.items()):
        if job.done and time.monotonic() - job.started > JOB_MAX_AGE_SECONDS:
            if job.path and os.path.exists(job.path):
                os.unlink(job.path)
            del jobs[key]


def _expire(job: Job, jobs: dict[str, Job], lock: threading.Lock) -> None:
    """Remove a finished report nobody downloaded in time (a download claims it first)."""
    with lock:
        if jobs.get(job.id) is not job:
            return
        del jobs[job.id]
    if job.path and os.path.exists(job.path):
        os.unlink(job.path)


def _run(job: Job, state: AdminState, jobs=None, lock=None, keep=JOB_FILE_SECONDS) -> None:
    def progress(fraction: float) -> None:
        job.fraction = min(max(fraction, job.fraction), 1.0)

    try:
        job.path = _spool(state, job.period, job.ext, progress, job.view)
    except Exception as exc:  # the page says it failed instead of waiting forever
        job.error = f"Không tạo được báo cáo: {type(exc).__name__}. Hãy thử lại."
    finally:
        job.done = True
        if jobs is not None and lock is not None:
            timer = threading.Timer(keep, _expire, args=(job, jobs, lock))
            timer.daemon = True
            timer.start()


@bp.post("/jobs/<code>.<ext>")
def start_job(code: str, ext: str):
    """Start generating a report in the background; answer the job's status address."""
    if not ButtonForm().validate_on_submit():
        abort(400)
    period = _period_or_404(code, ext)
    view = site_view()
    jobs, lock = _jobs()
    user = str(current_user.user_id)
    with lock:
        _forget_old(jobs)
        running = [j for j in jobs.values() if j.user == user and not j.done]
        asked = (period, ext, view.site_id)
        same = [j for j in running if (j.period, j.ext, j.view.site_id) == asked]
        if same:  # a second click on the same file follows the job already running
            return jsonify({"status": url_for("reports.job_status", job_id=same[0].id)}), 202
        if running:
            message = "Đang tạo một báo cáo khác; hãy chờ báo cáo đó xong rồi tải tiếp."
            return jsonify({"message": message}), 429
        job = Job(uuid.uuid4().hex, user, period, ext, view)
        jobs[job.id] = job
    keep = current_app.config.get("REPORT_FILE_SECONDS", JOB_FILE_SECONDS)
    thread = threading.Thread(target=_run, args=(job, admin_state(), jobs, lock, keep), daemon=True)
    thread.start()
    return jsonify({"status": url_for("reports.job_status", job_id=job.id)}), 202


def _job(job_id: str) -> Job:
    jobs, lock = _jobs()
    with lock:
        job = jobs.get(job_id[:64])
    if job is None or job.user != str(current_user.user_id):
        abort(404)
    return job


@bp.get("/jobs/<job_id>")
def job_status(job_id: str):
    """Answer how far a background report has got (JSON)."""
    return jsonify(_job(job_id).status())


@bp.get("/jobs/<job_id>/file")
def job_file(job_id: str):
    """Download a finished background report (once; the file is removed after)."""
    job = _job(job_id)
    if not job.done or job.error:
        abort(404)
    jobs, lock = _jobs()
    with lock:  # claimed before the clean-up timer can remove it
        claimed = jobs.pop(job.id, None)
    if claimed is None or not claimed.path or not os.path.exists(claimed.path):
        abort(404)
    return _send(claimed.path, claimed.period, claimed.ext, claimed.view)
