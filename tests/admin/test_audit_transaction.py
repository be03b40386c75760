"""A change made through the admin and its audit row are one transaction: when the database
refuses either (a real trigger raising in it), neither is stored and the page says so."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

import pytest

from admin_web import create_app
from lobby.store import Store
from tests.admin.helpers import Browser, csrf_from
from tests.store.refusals import allow, refuse

EVER = (date(2000, 1, 1), date(2100, 1, 1))  # every office day a test's visit can fall on
NOT_WRITTEN = "Không đọc hoặc ghi được cơ sở dữ liệu"
PAPER_NOT_SAVED = "Chưa lưu được phiếu vào kho dữ liệu; hãy thử lại."


@pytest.fixture
def both_stores(any_store):
    """The store of each backend (SQLite file, PostgreSQL database)."""
    return any_store


@pytest.fixture
def office(settings, both_stores, password_hash) -> Browser:
    """The admin web on each backend, logged in as an administrator."""
    both_stores.create_user("quantri", password_hash, role="admin")
    app = create_app(settings, both_stores, test_config={"TESTING": True})
    browser = Browser(app.test_client())
    assert browser.login("quantri").status_code == 302
    return browser


def _actions(store: Store, action: str) -> list:
    return [e for e in store.audit_entries() if e.action == action]


def test_a_unit_whose_audit_row_is_refused_is_not_stored(office, both_stores):
    refuse(both_stores, "audit_log")
    response = office.post("/units", {"name": "Phòng Một cửa"})
    assert response.status_code == 503
    assert NOT_WRITTEN in response.get_data(as_text=True)
    assert both_stores.list_units() == []

    allow(both_stores, "audit_log")
    assert office.post("/units", {"name": "Phòng Một cửa"}).status_code == 302
    (unit,) = both_stores.list_units()
    (entry,) = _actions(both_stores, "unit.create")
    assert entry.target == f"unit:{unit.code}"


def test_a_change_the_database_refuses_leaves_no_audit_row(office, both_stores):
    unit_id = both_stores.add_unit("Phòng A")
    refuse(both_stores, "units", "UPDATE")
    response = office.post(f"/units/{unit_id}", {"name": "Phòng B"})
    assert response.status_code == 503
    assert NOT_WRITTEN in response.get_data(as_text=True)
    assert both_stores.get_unit(unit_id).name == "Phòng A"
    assert _actions(both_stores, "unit.update") == []


def test_a_sign_message_and_its_audit_row_are_stored_together_or_not_at_all(office, both_stores):
    refuse(both_stores, "audit_log")
    form = {
        "text": "Giờ làm việc: 7h30 - 17h00",
        "enabled": "y",
        "weekdays": [str(day) for day in range(7)],
        "mode": "rotate",
    }
    assert office.post("/sign/add", form).status_code == 503
    assert both_stores.list_sign_messages() == []
    allow(both_stores, "audit_log")
    assert office.post("/sign/add", form).status_code == 302
    assert len(both_stores.list_sign_messages()) == 1
    assert len(_actions(both_stores, "sign.add")) == 1


def _paper_page(office: Browser) -> str:
    return office.get("/paper/entry?count=3").get_data(as_text=True)


def _paper_form(page: str) -> dict:
    visit_id = re.search(r'name="visit_id" value="([^"]+)"', page)
    assert visit_id, "the entry page gives the form a visit id"
    return {
        "csrf_token": csrf_from(page),
        "count": "3",
        "visit_id": visit_id.group(1),
        "q-0": "1",
        "dossier": "HS-0042",
    }


def test_a_paper_form_is_stored_with_its_audit_row_or_not_at_all(office, both_stores):
    form = _paper_form(_paper_page(office))
    refuse(both_stores, "audit_log")
    refused = office.client.post("/paper/entry", data=form)
    assert refused.status_code == 503
    page = refused.get_data(as_text=True)
    assert PAPER_NOT_SAVED in page
    assert 'value="HS-0042"' in page  # what was typed is kept for the retry
    assert both_stores.count_visits() == 0
    assert both_stores.visit_by_id(form["visit_id"]) is None
    # The tallies results are read from were not counted either.
    assert both_stores.count_repeats(*EVER) == 0
    assert both_stores.daily_level_counts(*EVER, include_repeats=True) == []

    allow(both_stores, "audit_log")
    retry = _paper_form(page)
    assert retry["visit_id"] == form["visit_id"]
    saved = office.client.post("/paper/entry", data=retry)
    assert saved.status_code == 302 and "count=4" in saved.headers["Location"]
    assert both_stores.visit_by_id(form["visit_id"]) is not None
    assert len(_actions(both_stores, "paper.entry")) == 1

    # The same form sent again (a second click, a lost answer) stores nothing twice.
    again = office.client.post("/paper/entry", data=retry)
    assert again.status_code == 302
    assert "đã được lưu trước đó" in office.get(again.headers["Location"]).get_data(as_text=True)
    assert both_stores.count_visits() == 1
    assert len(_actions(both_stores, "paper.entry")) == 1
    (day,) = both_stores.daily_level_counts(*EVER, include_repeats=True)
    assert day.count == 1


def test_a_paper_visit_the_database_refuses_leaves_no_audit_row(office, both_stores):
    form = _paper_form(_paper_page(office))
    refuse(both_stores, "visits")
    refused = office.client.post("/paper/entry", data=form)
    assert refused.status_code == 503
    assert PAPER_NOT_SAVED in refused.get_data(as_text=True)
    assert both_stores.count_visits() == 0
    assert _actions(both_stores, "paper.entry") == []


AUDIT_CALLS = {"audit", "_audit", "record"}
UNIT_CALLS = {"audited_change", "unit_of_work"}


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _unaudited(tree: ast.AST, path: Path) -> list[str]:
    """Return the audit calls of a module that are not inside a unit of work's ``with``."""
    found = []

    def walk(node: ast.AST, in_unit: bool, function: str) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            function = node.name
        if isinstance(node, ast.With | ast.AsyncWith):
            in_unit = in_unit or any(
                isinstance(item.context_expr, ast.Call) and _name(item.context_expr) in UNIT_CALLS
                for item in node.items
            )
        if isinstance(node, ast.Call) and _name(node) in AUDIT_CALLS:
            # The view's own one-line helper that writes the row is called inside a unit.
            if not in_unit and function not in AUDIT_CALLS:
                found.append(f"{path.name}:{node.lineno} in {function}()")
        for child in ast.iter_child_nodes(node):
            walk(child, in_unit, function)

    walk(tree, False, "")
    return found


def test_every_view_writes_its_audit_rows_inside_a_unit_of_work():
    folder = Path(__file__).resolve().parents[2] / "admin_web" / "blueprints"
    outside = []
    for path in sorted(folder.glob("*.py")):
        outside += _unaudited(ast.parse(path.read_text(encoding="utf-8")), path)
    assert outside == []
