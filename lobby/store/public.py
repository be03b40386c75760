"""Public information (rules, procedures, contacts, hotline) and the forms attached to it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select

from lobby import clock
from lobby.public_info import (
    DOCUMENT_TYPES,
    KINDS,
    MAX_FILE_BYTES,
    PublicFile,
    PublicItem,
    display_title,
    document_type,
    load_public_info,
    safe_filename,
)
from lobby.store.models import PublicAttachment, PublicItemModel
from lobby.store.sign import NotFound
from lobby.vntext import nfc

# Field: (longest length, Vietnamese name used in error messages).
LIMITS: dict[str, tuple[int, str]] = {
    "title": (300, "Tiêu đề"),
    "body": (20000, "Nội dung"),
    "code": (60, "Mã thủ tục"),
    "url": (500, "Đường dẫn"),
    "phone": (40, "Số điện thoại"),
    "email": (200, "Thư điện tử"),
    "time_limit": (300, "Thời hạn giải quyết"),
    "fee": (300, "Phí, lệ phí"),
}
_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")
_PHONE = re.compile(r"^[0-9+() .\-]{3,40}$")
_FILE_COLUMNS = (
    PublicAttachment.id,
    PublicAttachment.item_id,
    PublicAttachment.title,
    PublicAttachment.filename,
    PublicAttachment.mime,
    PublicAttachment.size,
)


def clean_item_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Return the fields of an item normalised (NFC, trimmed, empty = None); ValueError in
    Vietnamese naming the field when one is wrong."""
    kind = fields.get("kind")
    if kind not in KINDS:
        raise ValueError("Hãy chọn loại thông tin: quy định, thủ tục, liên hệ hoặc đường dây nóng.")
    clean: dict[str, Any] = {"kind": kind}
    for name, (longest, label) in LIMITS.items():
        value = fields.get(name)
        value = nfc(str(value)).strip() if value is not None else ""
        if name != "body":
            value = " ".join(value.split())
        if len(value) > longest:
            raise ValueError(f"{label} dài quá {longest} ký tự.")
        clean[name] = value or None
    if not clean["title"]:
        raise ValueError("Hãy nhập tiêu đề.")
    clean["body"] = clean["body"] or ""
    url = clean["url"]
    if url and not url.lower().startswith(("https://", "http://")):
        raise ValueError("Đường dẫn phải bắt đầu bằng https:// hoặc http://.")
    if clean["email"] and not _EMAIL.match(clean["email"]):
        raise ValueError("Thư điện tử chưa đúng (ví dụ: gopy@tinh.gov.vn).")
    if clean["phone"] and not _PHONE.match(clean["phone"]):
        raise ValueError("Số điện thoại chỉ gồm chữ số, dấu cách, dấu chấm, gạch nối và +.")
    clean["published"] = bool(fields.get("published", True))
    return clean


def _file(row) -> PublicFile:
    return PublicFile(row.id, row.item_id, row.title, row.filename, row.mime, row.size)


def _item(p: PublicItemModel, files: tuple[PublicFile, ...] = ()) -> PublicItem:
    return PublicItem(
        kind=p.kind,
        title=p.title,
        body=p.body or "",
        code=p.code,
        url=p.url,
        phone=p.phone,
        email=p.email,
        position=p.position,
        published=p.published,
        time_limit=p.time_limit,
        fee=p.fee,
        id=p.id,
        attachments=files,
    )


def public_item_models(items: list[PublicItem]) -> list[PublicItemModel]:
    """Return new table rows for public items read from a file (the store gives them ids)."""
    return [
        PublicItemModel(
            kind=i.kind,
            title=i.title,
            body=i.body,
            code=i.code,
            url=i.url,
            phone=i.phone,
            email=i.email,
            position=i.position,
            published=i.published,
            time_limit=i.time_limit,
            fee=i.fee,
        )
        for i in items
    ]


class PublicInfoMixin:
    """Seeding, reading and editing the public information and its attached forms."""

    def seed_public_info(self, path: str | Path) -> int:
        """Fill the public information from a TOML file if the store has none; return how many
        items were added (0 when some were already there: the office's edits are kept)."""
        items = load_public_info(path)
        with self.session() as s:
            if s.scalar(select(func.count()).select_from(PublicItemModel)):
                return 0
            s.add_all(public_item_models(items))
        return len(items)

    def _files_of(self, s, item_ids: list[int]) -> dict[int, tuple[PublicFile, ...]]:
        found: dict[int, list[PublicFile]] = {}
        if not item_ids:
            return {}
        query = (
            select(*_FILE_COLUMNS)
            .where(PublicAttachment.item_id.in_(item_ids))
            .order_by(PublicAttachment.position, PublicAttachment.id)
        )
        for row in s.execute(query):
            found.setdefault(row.item_id, []).append(_file(row))
        return {key: tuple(value) for key, value in found.items()}

    def list_public_items(
        self, kind: str | None = None, published_only: bool = True
    ) -> list[PublicItem]:
        """Return the public information (of one kind when given) in display order, each with
        its attached forms (names only)."""
        if kind is not None and kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}; expected one of {KINDS}")
        query = select(PublicItemModel).order_by(PublicItemModel.position, PublicItemModel.id)
        if kind is not None:
            query = query.where(PublicItemModel.kind == kind)
        if published_only:
            query = query.where(PublicItemModel.published.is_(True))
        with self.session() as s:
            rows = list(s.scalars(query))
            files = self._files_of(s, [p.id for p in rows])
            return [_item(p, files.get(p.id, ())) for p in rows]

    def get_public_item(self, item_id: int) -> PublicItem:
        """Return one item with its forms; NotFound when there is none."""
        with self.session() as s:
            row = s.get(PublicItemModel, item_id)
            if row is None:
                raise NotFound(item_id)
            return _item(row, self._files_of(s, [item_id]).get(item_id, ()))

    def add_public_item(self, fields: dict[str, Any]) -> int:
        """Add an item at the end of its kind; return its id (ValueError when a field is wrong)."""
        clean = clean_item_fields(fields)
        with self.session() as s:
            last = s.scalar(
                select(func.max(PublicItemModel.position)).where(
                    PublicItemModel.kind == clean["kind"]
                )
            )
            row = PublicItemModel(**clean, position=(last or 0) + 1)
            s.add(row)
            s.flush()
            return row.id

    def update_public_item(self, item_id: int, fields: dict[str, Any]) -> None:
        """Change an item's fields (its kind moves it to the end of the new kind)."""
        clean = clean_item_fields(fields)
        with self.session() as s:
            row = s.get(PublicItemModel, item_id)
            if row is None:
                raise NotFound(item_id)
            if clean["kind"] != row.kind:
                last = s.scalar(
                    select(func.max(PublicItemModel.position)).where(
                        PublicItemModel.kind == clean["kind"]
                    )
                )
                row.position = (last or 0) + 1
            for name, value in clean.items():
                setattr(row, name, value)

    def set_public_published(self, item_id: int, published: bool) -> None:
        """Publish (shown on the kiosk and /cong-khai) or unpublish an item."""
        with self.session() as s:
            row = s.get(PublicItemModel, item_id)
            if row is None:
                raise NotFound(item_id)
            row.published = published

    def move_public_item(self, item_id: int, step: int) -> None:
        """Move an item one place earlier (-1) or later (+1) among the items of its kind."""
        with self.session() as s:
            row = s.get(PublicItemModel, item_id)
            if row is None:
                raise NotFound(item_id)
            siblings = list(
                s.scalars(
                    select(PublicItemModel)
                    .where(PublicItemModel.kind == row.kind)
                    .order_by(PublicItemModel.position, PublicItemModel.id)
                )
            )
            index = next(i for i, p in enumerate(siblings) if p.id == item_id)
            target = index + (1 if step > 0 else -1)
            if 0 <= target < len(siblings):
                siblings[index], siblings[target] = siblings[target], siblings[index]
            for position, p in enumerate(siblings, start=1):
                p.position = position

    def delete_public_item(self, item_id: int) -> None:
        """Delete an item and its forms for good."""
        with self.session() as s:
            row = s.get(PublicItemModel, item_id)
            if row is None:
                raise NotFound(item_id)
            s.execute(delete(PublicAttachment).where(PublicAttachment.item_id == item_id))
            s.delete(row)

    def add_public_file(
        self, item_id: int, original_name: str, data: bytes, title: str | None = None
    ) -> PublicFile:
        """Attach a form to an item after checking its content is a PDF, DOCX, DOC, XLSX or ODT
        of at most 10 MB; ValueError in Vietnamese otherwise."""
        if not data:
            raise ValueError("Hãy chọn một tệp biểu mẫu để tải lên.")
        if len(data) > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // (1024 * 1024)
            raise ValueError(f"Tệp quá lớn: tối đa {limit} MB.")
        extension = document_type(data)
        if extension is None:
            raise ValueError(
                "Tệp không được nhận: nội dung không phải PDF, DOCX, DOC, XLSX hoặc ODT"
                " (đổi đuôi tệp không làm thay đổi loại tệp)."
            )
        shown = nfc(title or "").strip() or display_title(original_name)
        if len(shown) > 300:
            raise ValueError("Tên biểu mẫu dài quá 300 ký tự.")
        with self.session() as s:
            if s.get(PublicItemModel, item_id) is None:
                raise NotFound(item_id)
            last = s.scalar(
                select(func.max(PublicAttachment.position)).where(
                    PublicAttachment.item_id == item_id
                )
            )
            row = PublicAttachment(
                item_id=item_id,
                title=shown,
                filename=safe_filename(original_name, extension),
                mime=DOCUMENT_TYPES[extension],
                size=len(data),
                data=data,
                position=(last or 0) + 1,
                created_at=clock.utcnow(),
            )
            s.add(row)
            s.flush()
            return _file(row)

    def get_public_file(
        self, file_id: int, published_only: bool = True
    ) -> tuple[PublicFile, bytes]:
        """Return a form and its bytes; NotFound when missing or (published_only) its item is
        not published."""
        with self.session() as s:
            row = s.get(PublicAttachment, file_id)
            if row is None:
                raise NotFound(file_id)
            if published_only:
                item = s.get(PublicItemModel, row.item_id)
                if item is None or not item.published:
                    raise NotFound(file_id)
            return _file(row), bytes(row.data)

    def delete_public_file(self, file_id: int) -> PublicFile:
        """Remove a form from its item; return what it was."""
        with self.session() as s:
            row = s.get(PublicAttachment, file_id)
            if row is None:
                raise NotFound(file_id)
            removed = _file(row)
            s.delete(row)
            return removed
