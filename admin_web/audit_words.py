"""The audit log in words: each action's Vietnamese name, the target named as staff call it, and
what changed as "Tên: cũ → mới" lines instead of the stored JSON."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime

from lobby import clock

ACTION_LABELS: dict[str, str] = {
    "login": "Đăng nhập",
    "logout": "Đăng xuất",
    "login.failed": "Đăng nhập sai",
    "auth.login": "Đăng nhập",
    "auth.setup": "Tạo tài khoản quản trị đầu tiên",
    "user.create": "Tạo tài khoản",
    "user.update": "Sửa tài khoản",
    "user.disable": "Khoá tài khoản",
    "user.enable": "Mở khoá tài khoản",
    "user.reset_password": "Đặt lại mật khẩu",
    "user.change_own_password": "Tự đổi mật khẩu",
    "user.access": "Đổi vai trò, cơ quan của tài khoản",
    "site.create": "Thêm cơ quan",
    "site.token_issue": "Cấp mã truy cập cho cơ quan",
    "site.token_revoke": "Thu hồi mã truy cập của cơ quan",
    "official.create": "Thêm cán bộ",
    "official.update": "Sửa cán bộ",
    "official.activate": "Dùng lại cán bộ",
    "official.deactivate": "Ngừng dùng cán bộ",
    "official.photo": "Đổi ảnh cán bộ",
    "official.photo_remove": "Xoá ảnh cán bộ",
    "officials.import": "Nhập danh sách cán bộ",
    "unit.create": "Thêm đơn vị",
    "unit.update": "Sửa đơn vị",
    "unit.activate": "Dùng lại đơn vị",
    "unit.deactivate": "Ngừng dùng đơn vị",
    "counter.create": "Thêm quầy",
    "counter.update": "Sửa quầy",
    "counter.activate": "Dùng lại quầy",
    "counter.deactivate": "Ngừng dùng quầy",
    "device.update": "Đặt tên, nơi đặt thiết bị",
    "device.place": "Gắn kiosk với quầy",
    "device.token_issue": "Cấp mã API cho thiết bị",
    "device.token_revoke": "Thu hồi mã API của thiết bị",
    "case.assign": "Nhận xử lý phản ánh",
    "case.update": "Cập nhật phản ánh",
    "case.note": "Ghi chú phản ánh",
    "case.erase_phones": "Xoá số điện thoại hết hạn lưu",
    "letter.create": "Soạn thư",
    "letter.update": "Sửa thư",
    "letter.approve": "Duyệt thư",
    "letter.issue": "Phát hành thư",
    "letter.profile": "Sửa thông tin cơ quan trên thư",
    "letter_template.save": "Sửa mẫu thư",
    "survey.save": "Lưu khảo sát",
    "paper.entry": "Nhập phiếu giấy",
    "watchlist.acknowledge": "Ghi nhận đã xem (theo dõi)",
    "watchlist.action": "Ghi biện pháp (theo dõi)",
    "sign.add": "Thêm thông điệp bảng LED",
    "sign.edit": "Sửa thông điệp bảng LED",
    "sign.enable": "Bật thông điệp bảng LED",
    "sign.disable": "Tắt thông điệp bảng LED",
    "sign.move_up": "Đưa thông điệp lên",
    "sign.move_down": "Đưa thông điệp xuống",
    "sign.delete": "Xoá thông điệp bảng LED",
    "sign.add_notice": "Đăng thông báo khẩn trên bảng LED",
    "sign.end_notice": "Kết thúc thông báo khẩn",
    "public.add": "Thêm mục công khai",
    "public.edit": "Sửa mục công khai",
    "public.publish": "Công bố mục công khai",
    "public.unpublish": "Thôi công bố mục công khai",
    "public.move_up": "Đưa mục công khai lên",
    "public.move_down": "Đưa mục công khai xuống",
    "public.delete": "Xoá mục công khai",
    "public.upload": "Đính kèm tệp công khai",
    "public.delete_file": "Xoá tệp công khai",
}

# Areas named by the first part of an action, for an action not listed above.
AREA_LABELS = {
    "user": "Tài khoản",
    "official": "Cán bộ",
    "officials": "Cán bộ",
    "unit": "Đơn vị",
    "counter": "Quầy",
    "device": "Thiết bị",
    "case": "Phản ánh",
    "letter": "Thư",
    "letter_template": "Mẫu thư",
    "survey": "Khảo sát",
    "paper": "Phiếu giấy",
    "watchlist": "Theo dõi",
    "sign": "Bảng LED",
    "public": "Thông tin công khai",
    "auth": "Đăng nhập",
    "site": "Cơ quan",
}

TARGET_LABELS = {
    "user": "Tài khoản",
    "official": "Cán bộ",
    "unit": "Đơn vị",
    "counter": "Quầy",
    "device": "Thiết bị",
    "case": "Phản ánh",
    "cases": "Các phản ánh",
    "letter": "Thư",
    "letters": "Thư",
    "sign_message": "Thông điệp bảng LED",
    "sign_notice": "Thông báo khẩn",
    "public_item": "Mục công khai",
    "public_file": "Tệp công khai",
    "survey": "Khảo sát",
    "watchlist": "Theo dõi",
    "site": "Cơ quan",
}

FIELD_LABELS = {
    "username": "Tên đăng nhập",
    "role": "Vai trò",
    "active": "Đang dùng",
    "code": "Mã",
    "name": "Tên",
    "title": "Chức danh",
    "unit": "Đơn vị",
    "counter": "Quầy",
    "photo": "Ảnh",
    "place": "Nơi đặt",
    "status": "Trạng thái",
    "assignee": "Người xử lý",
    "note": "Ghi chú",
    "call_outcome": "Kết quả cuộc gọi",
    "erased": "Số điện thoại đã xoá",
    "days": "Số ngày lưu",
    "ip": "Địa chỉ máy",
    "text": "Nội dung",
    "enabled": "Đang bật",
    "position": "Thứ tự",
    "mode": "Kiểu chạy chữ",
    "colour": "Màu",
    "speed": "Tốc độ",
    "starts_at": "Bắt đầu",
    "ends_at": "Kết thúc",
    "expires_at": "Hết hạn",
    "ended": "Đã kết thúc",
    "weekdays": "Các thứ",
    "window_start": "Từ giờ",
    "window_end": "Đến giờ",
    "updated_at": "Sửa lúc",
    "updated_by": "Người sửa",
    "token_issued_at": "Mã API cấp lúc",
    "published": "Đã công bố",
    "body": "Nội dung",
    "kind": "Loại",
    "period": "Kỳ",
    "count": "Số lượng",
    "added": "Thêm mới",
    "updated": "Cập nhật",
    "attempts": "Số lần",
    "version": "Phiên bản",
    "filename": "Tên tệp",
    "size": "Dung lượng",
    "site": "Cơ quan",
    "token": "Mã truy cập",
}

VALUE_LABELS = {
    "role": {"admin": "Quản trị", "editor": "Biên tập", "leader": "Lãnh đạo"},
    "status": {
        "new": "Mới",
        "in_progress": "Đang xử lý",
        "contacted": "Đã liên hệ",
        "resolved": "Đã giải quyết",
    },
    "call_outcome": {
        "reached": "Đã liên lạc được",
        "not_reached": "Không liên lạc được",
        "wrong_number": "Sai số điện thoại",
        "resolved": "Đã giải quyết xong",
    },
}

# Fields that say nothing to a reader of the log.
HIDDEN_FIELDS = frozenset({"id", "updated_at", "updated_by"})
MOST_LINES = 12
LONGEST_VALUE = 160
_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?$")


@dataclass(frozen=True)
class Change:
    """One line of an entry's details: a field, its value before and after (None: absent)."""

    field: str
    before: str | None
    after: str | None


def action_label(action: str) -> str:
    """Return an action in Vietnamese words ("Thêm cán bộ"); an unknown one by its area."""
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    area = AREA_LABELS.get(action.partition(".")[0])
    return f"{area}: thay đổi khác" if area else "Thay đổi khác"


def target_label(target: str) -> str:
    """Return a target as staff name it ("Cán bộ CB0001", "Phản ánh #12")."""
    kind, _, rest = target.partition(":")
    if kind == "tên":
        return f"Tên đăng nhập: {rest.strip()}"
    label = TARGET_LABELS.get(kind)
    if label is None:
        return target
    if not rest:
        return label
    if kind == "device":
        device_kind, _, device_id = rest.partition(":")
        name = {"kiosk": "Kiosk", "sign": "Bảng LED"}.get(device_kind, label)
        return f"{name} “{device_id or device_kind}”"
    return f"{label} #{rest}" if rest.isdigit() else f"{label} {rest}"


def _value(field: str, value, tz_name: str) -> str:
    if value is None or value == "":
        return "(trống)"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, list | tuple):
        return ", ".join(_value(field, v, tz_name) for v in value) or "(trống)"
    if isinstance(value, dict):
        return "; ".join(f"{_field(k)}: {_value(k, v, tz_name)}" for k, v in value.items())
    text = str(value)
    if field in VALUE_LABELS:
        return VALUE_LABELS[field].get(text, text)
    if _MOMENT.match(text):
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            pass
        else:
            return clock.format_datetime(moment, tz_name)[:16]
    return text if len(text) <= LONGEST_VALUE else text[: LONGEST_VALUE - 1] + "…"


def _field(key: str) -> str:
    return FIELD_LABELS.get(key, key.replace("_", " ").capitalize())


def _decoded(raw: str | None):
    if raw is None:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def changes(before: str | None, after: str | None, tz_name: str) -> list[Change]:
    """Return what an entry's stored before/after JSON says changed, in words: every field
    that differs (or, for something added or removed, every field it had)."""
    old, new = _decoded(before), _decoded(after)
    if not isinstance(old, dict | type(None)) or not isinstance(new, dict | type(None)):
        return [Change("Nội dung", _text(old, tz_name), _text(new, tz_name))]
    old, new = old or {}, new or {}
    lines = []
    for key in list(old) + [k for k in new if k not in old]:
        if key in HIDDEN_FIELDS or old.get(key) == new.get(key) and old and new:
            continue
        lines.append(
            Change(
                _field(key),
                _value(key, old[key], tz_name) if key in old else None,
                _value(key, new[key], tz_name) if key in new else None,
            )
        )
    if len(lines) > MOST_LINES:
        lines = lines[:MOST_LINES] + [Change("…", None, f"và {len(lines) - MOST_LINES} mục khác")]
    return lines


def _text(value, tz_name: str) -> str | None:
    return None if value is None else _value("", value, tz_name)


def change_text(change: Change) -> str:
    """Return one change as a line of text ("Tên: A → B", "Tên: B", "Tên: A (đã bỏ)")."""
    if change.before is not None and change.after is not None:
        return f"{change.field}: {change.before} → {change.after}"
    if change.after is not None:
        return f"{change.field}: {change.after}"
    return f"{change.field}: {change.before} (đã bỏ)"
