"""Steps of the public-posting tests: an editor adds procedures and attaches forms through the
admin's pages. Kept here so test modules do not import one another."""

from __future__ import annotations

import io
import re

from tests.admin.helpers import Browser, csrf_from


def send(who: Browser, url: str, data: dict | None = None, **kwargs):
    """POST a form with the CSRF token of the editor's page."""
    token = csrf_from(who.get("/public").get_data(as_text=True))
    return who.client.post(url, data={**(data or {}), "csrf_token": token}, **kwargs)


def add_procedure(who: Browser, title: str, published: bool = True, **fields) -> int:
    """Add a procedure (published unless told) through the editor's form; return its id."""
    data = {
        "kind": "procedure",
        "title": title,
        "code": "1.004222",
        "time_limit": "20 ngày làm việc",
        "fee": "Không",
        "body": "Hồ sơ: Tờ trình (01 bộ).",
        **fields,
    }
    if published:
        data["published"] = "y"
    response = send(who, "/public/add", data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"/public/(\d+)/edit", response.headers["Location"]).group(1))


def upload(who: Browser, item_id: int, name: str, data: bytes, title: str = ""):
    """Attach the file ``data`` named ``name`` to public item ``item_id``."""
    return send(
        who,
        f"/public/{item_id}/files",
        {"document": (io.BytesIO(data), name), "title": title},
        content_type="multipart/form-data",
    )
