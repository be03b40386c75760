"""Helpers for driving the admin web like a browser: CSRF tokens come from the rendered pages.

Test-only, and a module rather than fixtures: tests/admin/conftest.py builds its fixtures on
them, and the end-to-end tests and bench/bench_results_1m.py (run outside pytest) use them."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

from flask.testing import FlaskClient

from admin_web.survey_form import draft_of

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')

PASSWORD = "Mật-khẩu-đủ-dài-2025"
ROOT = Path(__file__).resolve().parents[2]
# The header line of an officials CSV, as the import page and the command line take it.
OFFICIALS_HEADER = "code,name,title,unit,counter,photo\n"


def csrf_from(html: str) -> str:
    """Return the CSRF token of the first form in a page."""
    match = _CSRF.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)


class Browser:
    """A test client that submits forms the way a browser does, with the page's CSRF token."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def get(self, url: str, **kwargs):
        """GET a page."""
        return self.client.get(url, **kwargs)

    def token(self, page: str = "/") -> str:
        """Open a page (following a redirect to the login page) and return its CSRF token."""
        return csrf_from(self.client.get(page, follow_redirects=True).get_data(as_text=True))

    def post(self, url: str, data: dict | None = None, **kwargs):
        """POST a form with a valid CSRF token taken from a rendered page."""
        return self.client.post(url, data={**(data or {}), "csrf_token": self.token()}, **kwargs)

    def login(self, username: str, password: str = PASSWORD, next_url: str | None = None):
        """Fill in and submit the login form."""
        data = {"username": username, "password": password}
        if next_url is not None:
            data["next"] = next_url
        return self.post("/login", data)


def table_row(html: str, heading: str) -> list[str]:
    """Return the cell texts of the results table row whose heading is ``heading``."""
    match = re.search(rf'<th scope="row">{re.escape(heading)}</th>(.*?)</tr>', html, re.S)
    assert match, f"no row {heading!r}"
    return re.findall(r"<td[^>]*>([^<]*)</td>", match.group(1))


def run_cli(config: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """Run ``python -m admin_web --config CONFIG ARGS`` with text on standard input."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "admin_web", "--config", str(config), *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=env,
        timeout=60,
    )


def editor_fields(survey) -> dict:
    """Return the editor's form fields for ``survey``, as the page would post them."""
    draft = draft_of(survey)
    data = {"apology": draft.apology}
    for flag in ("ask_counter", "ask_official", "ask_dossier"):
        if getattr(draft, flag):
            data[flag] = "1"
    for name, on in (("followup", draft.followup), ("callback", draft.callback)):
        if on:
            data[name] = "1"
    for qi, q in enumerate(draft.questions):
        data[f"q-{qi}-key"], data[f"q-{qi}-text"] = q.key, q.text
        for li, lv in enumerate(q.levels):
            p = f"q-{qi}-l-{li}-"
            data |= {p + "key": lv.key, p + "label": lv.label, p + "colour": lv.colour}
            data[p + "face"] = lv.face
            if lv.satisfied:
                data[p + "satisfied"] = "1"
            if lv.low:
                data[p + "low"] = "1"
    for ri, (key, label) in enumerate(draft.reasons):
        data[f"r-{ri}-key"], data[f"r-{ri}-label"] = key, label
    return data


def post_editor(staff, data: dict, action: str = "save"):
    """Post the survey editor's form with ``action`` (save or preview) and the page's token."""
    token = csrf_from(staff.get("/survey").get_data(as_text=True))
    return staff.client.post("/survey", data={**data, "action": action, "csrf_token": token})


def post_file(staff: Browser, url: str, field: str, data: bytes, filename: str):
    """Post ``data`` as the file field ``field`` of a form, with the page's CSRF token."""
    return staff.client.post(
        url,
        data={field: (io.BytesIO(data), filename), "csrf_token": staff.token()},
        content_type="multipart/form-data",
    )


def find_official_id(store, code: str) -> int:
    """Return the id of the official with ``code``."""
    return next(o.id for o in store.official_infos() if o.code == code)
