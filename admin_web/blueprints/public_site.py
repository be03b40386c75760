"""The public page /cong-khai: published rules, procedures and contacts, their forms, the poster.

Open to everyone (see roles.PUBLIC_ENDPOINTS): it shows only published items and nothing about
staff or citizens beyond what the office chose to publish.
"""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for

from admin_web.context import admin_state, get_store
from lobby.public_info import KIND_LABELS, KINDS, anchor
from lobby.store import NotFound

bp = Blueprint("public_site", __name__, url_prefix="/cong-khai")


@bp.app_template_global("public_anchor")
def public_anchor(item_id: int) -> str:
    """Return the anchor of an item on the public page."""
    return anchor(item_id)


@bp.app_template_global("file_size")
def file_size(size: int) -> str:
    """Return a file size the Vietnamese way: "1,2 MB", "35 kB"."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1024))} kB"


@bp.app_template_filter("web_link")
def web_link(url: str | None) -> str | None:
    """Return ``url`` when it is an http(s) address safe to put in a link, else None."""
    if url and url.strip().lower().startswith(("https://", "http://")):
        return url.strip()
    return None


@bp.app_template_filter("tel_link")
def tel_link(phone: str | None) -> str:
    """Return the tel: address of a phone number (digits and + only)."""
    return "tel:" + "".join(ch for ch in (phone or "") if ch.isdigit() or ch == "+")


@bp.get("")
def index():
    """Show every published item, by kind, with its forms to download."""
    items = get_store().list_public_items(published_only=True)
    groups = [(kind, KIND_LABELS[kind], [i for i in items if i.kind == kind]) for kind in KINDS]
    return render_template("public_site/index.html", groups=[g for g in groups if g[2]])


@bp.get("/tep/<int:file_id>/<path:name>")
def download(file_id: int, name: str):
    """Download a published item's form, as an attachment with its real type."""
    try:
        found, data = get_store().get_public_file(file_id, published_only=True)
    except NotFound:
        abort(404)
    if name != found.filename:
        return redirect(url_for("public_site.download", file_id=file_id, name=found.filename))
    response = Response(data, mimetype=found.mime)
    response.headers.set("Content-Disposition", "attachment", filename=found.filename)
    return response


@bp.get("/poster.docx")
def poster():
    """Return the "5 biết, 3 thể hiện" poster for the wall (?size=A4, the default, or A3)."""
    from admin_web.poster import POSTER_MIME, SIZES, poster_docx  # python-docx only when asked

    size = (request.args.get("size") or "A4").upper()
    if size not in SIZES:
        abort(404)
    office = admin_state().settings.office
    buffer = BytesIO()
    poster_docx(office.parent, office.name, size).save(buffer)
    response = Response(buffer.getvalue(), mimetype=POSTER_MIME)
    filename = f"ap-phich-5-biet-3-the-hien-{size}.docx"
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    return response
