"""Public information editor: rules, procedures (with forms attached), contacts and hotline."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_wtf import FlaskForm
from wtforms import BooleanField, FileField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from admin_web.audit_log import audited_change, record
from admin_web.context import get_store
from admin_web.forms import ButtonForm
from lobby.public_info import KIND_LABELS, KINDS, MAX_FILE_BYTES
from lobby.store import NotFound

bp = Blueprint("public", __name__, url_prefix="/public")

GONE = "Mục này không còn (có thể người khác vừa xoá). Danh sách đã được tải lại."
TOO_BIG = f"Tệp quá lớn: tối đa {MAX_FILE_BYTES // (1024 * 1024)} MB."
# The upload route alone takes more than the app's small request limit (a form plus the file).
UPLOAD_LIMIT = MAX_FILE_BYTES + 1024 * 1024
FIELDS = ("kind", "title", "body", "code", "time_limit", "fee", "url", "phone", "email")


class ItemForm(FlaskForm):
    """One piece of public information; which fields matter depends on its kind."""

    kind = SelectField(
        "Loại thông tin",
        choices=[SelectChoice(kind, KIND_LABELS[kind]) for kind in KINDS],
        validate_choice=False,  # the store refuses an unknown kind with a message
    )
    title = StringField("Tiêu đề (tên thủ tục, chức vụ và họ tên lãnh đạo…)")
    body = TextAreaField("Nội dung")
    code = StringField("Mã thủ tục (mã quốc gia, nếu là thủ tục)")
    time_limit = StringField("Thời hạn giải quyết")
    fee = StringField("Phí, lệ phí")
    url = StringField("Đường dẫn (trang Dịch vụ công…)")
    phone = StringField("Số điện thoại")
    email = StringField("Thư điện tử")
    published = BooleanField("Công bố (hiện trên kiosk và trang công khai)", default=True)


class UploadForm(FlaskForm):
    """A form (biểu mẫu) to attach: the file and the name people see."""

    document = FileField("Tệp biểu mẫu (PDF, DOCX, DOC, XLSX hoặc ODT; tối đa 10 MB)")
    title = StringField("Tên biểu mẫu hiển thị (để trống: lấy theo tên tệp)")


@bp.url_value_preprocessor
def _upload_limit(endpoint: str | None, _values) -> None:
    # Runs before the CSRF check reads the form, so the upload's larger limit applies to it.
    if endpoint == "public.upload":
        request.max_content_length = UPLOAD_LIMIT


@bp.errorhandler(413)
def _too_large(_exc):
    item_id = (request.view_args or {}).get("item_id")
    flash(TOO_BIG, "error")
    if item_id is not None:
        return redirect(url_for("public.edit", item_id=item_id))
    return redirect(url_for("public.index"))


def _fields(form: ItemForm) -> dict:
    fields = {name: getattr(form, name).data or "" for name in FIELDS}
    fields["published"] = bool(form.published.data)
    return fields


def _item_or_404(item_id: int):
    try:
        return get_store().get_public_item(item_id)
    except NotFound:
        abort(404)


def _snapshot(item_id: int):
    try:
        return get_store().get_public_item(item_id)
    except NotFound:
        return None


def _list_page(form: ItemForm, error: str | None = None, status: int = 200):
    items = get_store().list_public_items(published_only=False)
    groups = [(kind, KIND_LABELS[kind], [i for i in items if i.kind == kind]) for kind in KINDS]
    return (
        render_template(
            "public/list.html", groups=groups, form=form, button=ButtonForm(), error=error
        ),
        status,
    )


def _back(message: str, category: str = "success", item_id: int | None = None):
    flash(message, category)
    if item_id is not None:
        return redirect(url_for("public.edit", item_id=item_id))
    return redirect(url_for("public.index"))


@bp.get("")
def index():
    """List the public information by kind, with a form to add an item."""
    form = ItemForm()
    form.kind.data = request.args.get("kind") if request.args.get("kind") in KINDS else "rule"
    return _list_page(form)


@bp.post("/add")
def add():
    """Add an item at the end of its kind (what was typed is kept when it is refused)."""
    form = ItemForm()
    if not form.validate_on_submit():
        return _list_page(form, "Biểu mẫu đã hết hạn; hãy tải lại trang.", 400)
    try:
        with audited_change():
            item_id = get_store().add_public_item(_fields(form))
            record(f"public_item:{item_id}", None, _snapshot(item_id))
    except ValueError as exc:
        return _list_page(form, str(exc), 422)
    if form.kind.data == "procedure":
        return _back("Đã thêm thủ tục. Có thể đính kèm biểu mẫu bên dưới.", item_id=item_id)
    return _back("Đã thêm thông tin.")


@bp.route("/<int:item_id>/edit", methods=["GET", "POST"])
def edit(item_id: int):
    """Change an item; list, add and remove its attached forms."""
    item = _item_or_404(item_id)
    form = ItemForm()
    error = None
    if request.method == "GET":
        for name in FIELDS:
            getattr(form, name).data = getattr(item, name) or ""
        form.published.data = item.published
    elif form.validate_on_submit():
        try:
            with audited_change():
                get_store().update_public_item(item_id, _fields(form))
                record(f"public_item:{item_id}", item, _snapshot(item_id))
        except NotFound:
            return _back(GONE, "error")
        except ValueError as exc:
            error = str(exc)
        else:
            return _back("Đã lưu thông tin.")
    else:
        error = "Biểu mẫu đã hết hạn; hãy tải lại trang."
    return (
        render_template(
            "public/edit.html",
            item=item,
            form=form,
            upload=UploadForm(),
            button=ButtonForm(),
            error=error,
        ),
        422 if error else 200,
    )


def _change(item_id: int, action, done: str):
    before = _snapshot(item_id)
    if before is None:
        abort(404)
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        with audited_change():
            action()
            record(f"public_item:{item_id}", before, _snapshot(item_id))
    except NotFound:
        return _back(GONE, "error")
    return _back(done)


@bp.post("/<int:item_id>/publish")
def publish(item_id: int):
    """Show the item on the kiosk and the public page."""
    return _change(item_id, lambda: get_store().set_public_published(item_id, True), "Đã công bố.")


@bp.post("/<int:item_id>/unpublish")
def unpublish(item_id: int):
    """Stop showing the item (it is kept and can be published again)."""
    return _change(
        item_id, lambda: get_store().set_public_published(item_id, False), "Đã ngừng công bố."
    )


@bp.post("/<int:item_id>/up")
def move_up(item_id: int):
    """Move the item one place earlier within its kind."""
    return _change(item_id, lambda: get_store().move_public_item(item_id, -1), "Đã chuyển lên.")


@bp.post("/<int:item_id>/down")
def move_down(item_id: int):
    """Move the item one place later within its kind."""
    return _change(item_id, lambda: get_store().move_public_item(item_id, 1), "Đã chuyển xuống.")


@bp.route("/<int:item_id>/delete", methods=["GET", "POST"])
def delete(item_id: int):
    """Ask for confirmation (GET), then delete the item and its forms for good (POST)."""
    item = _item_or_404(item_id)
    form = ButtonForm()
    if request.method == "POST":
        return _change(
            item_id, lambda: get_store().delete_public_item(item_id), "Đã xoá thông tin."
        )
    return render_template("public/delete.html", item=item, form=form)


@bp.post("/<int:item_id>/files")
def upload(item_id: int):
    """Attach a form to the item after checking its content, size and name."""
    item = _item_or_404(item_id)
    upload_form = UploadForm()
    error = None
    if not upload_form.validate_on_submit():
        error = "Biểu mẫu đã hết hạn; hãy tải lại trang."
    else:
        sent = request.files.get("document")
        data = sent.read(MAX_FILE_BYTES + 1) if sent else b""
        try:
            with audited_change():
                added = get_store().add_public_file(
                    item_id, (sent.filename if sent else "") or "", data, upload_form.title.data
                )
                record(f"public_file:{added.id}", None, added)
        except NotFound:
            return _back(GONE, "error")
        except ValueError as exc:
            error = str(exc)
        else:
            return _back(f"Đã đính kèm “{added.title}”.", item_id=item_id)
    form = ItemForm()
    for name in FIELDS:
        getattr(form, name).data = getattr(item, name) or ""
    form.published.data = item.published
    return (
        render_template(
            "public/edit.html",
            item=item,
            form=form,
            upload=upload_form,
            button=ButtonForm(),
            upload_error=error,
        ),
        422,
    )


@bp.get("/files/<int:file_id>")
def download(file_id: int):
    """Open an attached form as staff (also when its item is not published)."""
    try:
        found, data = get_store().get_public_file(file_id, published_only=False)
    except NotFound:
        abort(404)
    response = Response(data, mimetype=found.mime)
    response.headers.set("Content-Disposition", "attachment", filename=found.filename)
    return response


@bp.post("/files/<int:file_id>/delete")
def delete_file(file_id: int):
    """Remove an attached form."""
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        with audited_change():
            removed = get_store().delete_public_file(file_id)
            record(f"public_file:{file_id}", removed, None)
    except NotFound:
        abort(404)
    return _back(f"Đã gỡ “{removed.title}”.", item_id=removed.item_id)
