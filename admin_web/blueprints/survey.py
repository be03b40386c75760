"""The survey editor (admin only): edit the questions, scales and steps, preview every kiosk
screen as the kiosk draws it, save as a new version (the kiosk takes it at its next visitor),
and look at past versions."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from admin_web import survey_preview
from admin_web.audit_log import audited_change
from admin_web.context import admin_state
from admin_web.forms import ButtonForm
from admin_web.survey_form import (
    FACE_LABELS,
    MAX_LEVELS,
    check_draft,
    draft_from_form,
    draft_of,
)
from lobby.settings import ConfigError
from lobby.survey import Survey, survey_from_text, survey_to_toml

bp = Blueprint("survey", __name__, url_prefix="/survey")

MAX_VERSION = 2**31 - 1
MAX_DRAFTS = 32
# Drafts being previewed (not saved), by the digest of their TOML text; a few, newest kept.
_drafts: OrderedDict[str, str] = OrderedDict()
_drafts_lock = threading.Lock()


def _keep_draft(survey: Survey) -> str:
    text = survey_to_toml(survey)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
    with _drafts_lock:
        _drafts[digest] = text
        _drafts.move_to_end(digest)
        while len(_drafts) > MAX_DRAFTS:
            _drafts.popitem(last=False)
    return digest


def _version_row(version: int):
    state = admin_state()
    if not 1 <= version <= MAX_VERSION:
        abort(404)
    key = state.survey().id
    row = state.store.survey_version(key, version)
    if row is None:
        abort(404)
    return row


def _parse(row) -> Survey:
    try:
        return survey_from_text(row.source, f"{row.key} v{row.version}")
    except ConfigError:
        abort(404)


def _previews(survey: Survey, version: int | None = None, digest: str | None = None) -> list:
    """Return (screen, image URL) for each kiosk screen of ``survey``."""
    shown = []
    for screen in survey_preview.screens_of(survey):
        if version is not None:
            url = url_for("survey.preview", version=version, screen=screen.name)
        else:
            url = url_for("survey.draft_preview", digest=digest, screen=screen.name)
        shown.append((screen, url))
    return shown


def _page(draft, version: int | None, previews, heading: str, errors=(), status=200):
    return render_template(
        "survey/edit.html",
        draft=draft.slots(),
        version=version,
        errors=list(errors),
        previews=previews,
        heading=heading,
        faces=FACE_LABELS,
        max_levels=MAX_LEVELS,
        form=ButtonForm(),
    ), status


def _current_previews(survey: Survey, version: int | None) -> tuple[list, str]:
    if version is None:
        return _previews(survey, digest=_keep_draft(survey)), "Các màn hình kiosk hiện nay"
    return _previews(survey, version=version), f"Các màn hình kiosk của phiên bản {version}"


@bp.route("", methods=["GET", "POST"])
def edit():
    """Show the survey as a form with previews; preview a draft, or save it as a new version."""
    state = admin_state()
    current, version = state.survey_with_version()
    if request.method == "GET":
        return _page(draft_of(current), version, *_current_previews(current, version))
    if not ButtonForm().validate_on_submit():
        abort(400)
    draft = draft_from_form(request.form, current.id)
    survey, errors = check_draft(draft)
    if errors:
        return _page(draft, version, [], "", errors, status=422)
    if request.form.get("action") != "save":
        previews = _previews(survey, digest=_keep_draft(survey))
        return _page(draft, version, previews, "Xem trước bản đang sửa (chưa lưu)")
    if survey == current and version is not None:
        flash(f"Khảo sát không thay đổi so với phiên bản {version}; không lưu thêm.", "info")
        return redirect(url_for("survey.edit"))
    with audited_change():
        source = survey_to_toml(survey)
        new = state.store.add_survey_version(survey.id, source, current_user.username)
        state.store.audit(
            current_user.username,
            "survey.save",
            f"survey:{survey.id}",
            {"version": version},
            {"version": new, "questions": [q.text for q in survey.questions]},
        )
    flash(
        f"Đã lưu khảo sát thành phiên bản {new}. Kiosk dùng phiên bản này từ người đánh giá kế "
        "tiếp.",
        "success",
    )
    return redirect(url_for("survey.edit"))


@bp.get("/versions")
def versions():
    """List every version of the survey with when and by whom it was saved."""
    state = admin_state()
    current, version = state.survey_with_version()
    rows = state.store.list_survey_versions(current.id)
    listed = []
    for row in rows:
        try:
            questions = len(survey_from_text(row.source, "v").questions)
        except ConfigError:
            questions = None
        listed.append((row, questions))
    return render_template(
        "survey/versions.html", rows=listed, survey=current, current_version=version
    )


@bp.get("/versions/<int:version>")
def version_view(version: int):
    """Show one version: its questions, its previews and its TOML text."""
    row = _version_row(version)
    survey = _parse(row)
    latest = admin_state().survey_with_version()[1]
    return render_template(
        "survey/version.html",
        row=row,
        survey=survey,
        previews=_previews(survey, version=row.version),
        latest=latest,
        faces=FACE_LABELS,
    )


def _png(survey: Survey, screen: str, cache_key: tuple | None) -> Response:
    state = admin_state()
    try:
        data = survey_preview.render_png(survey, screen, state.settings, state.store, cache_key)
    except KeyError:
        abort(404)
    response = Response(data, mimetype="image/png")
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


@bp.get("/preview/<int:version>/<screen>.png")
def preview(version: int, screen: str):
    """Return one kiosk screen of a saved version as a PNG image."""
    row = _version_row(version)
    return _png(_parse(row), screen, (row.key, row.version))


@bp.get("/preview/draft/<digest>/<screen>.png")
def draft_preview(digest: str, screen: str):
    """Return one kiosk screen of a draft being previewed (not saved) as a PNG image."""
    with _drafts_lock:
        text = _drafts.get(digest)
    if text is None:
        abort(404)
    return _png(survey_from_text(text, "bản nháp"), screen, ("draft", digest))
