"""Letter fields have one owner (LETTER_FIELDS in admin_web/letter_templates.py): the template
editor's placeholders, the letter form's inputs, their labels and limits all come from it."""

from __future__ import annotations

import html
import re

import pytest

from admin_web.letter_templates import LETTER_FIELDS
from tests.admin.helpers import Browser

TYPED = [field for field in LETTER_FIELDS if field.kind in ("text", "long")]


@pytest.fixture
def writer(store, browser, password_hash) -> Browser:
    """A visitor logged in as a leader (who writes letters)."""
    store.create_user("lanhdao", password_hash, role="leader")
    assert browser.login("lanhdao").status_code == 302
    return browser


def _input(page: str, name: str) -> str | None:
    """Return the form element named ``name`` in ``page`` (its opening tag), or None."""
    found = re.search(rf'<(?:input|textarea|select)\b[^>]*\bname="{name}"[^>]*>', page)
    return found.group(0) if found else None


def test_the_form_has_an_input_for_every_field_not_from_the_office(writer):
    page = writer.get("/letters/new").get_data(as_text=True)
    for field in LETTER_FIELDS:
        tag = _input(page, field.name)
        assert (tag is not None) is (field.kind != "office"), field.name
        if tag is None:
            continue
        assert f'<label for="{field.name}">{html.escape(field.label)}</label>' in page
        if field.limit:
            assert f'maxlength="{field.limit}"' in tag, tag
        assert ("required" in tag) is field.required, tag


def test_the_template_editor_offers_every_field_by_its_label(staff):
    page = html.unescape(staff.get("/letters/templates/xin_loi").get_data(as_text=True))
    for field in LETTER_FIELDS:
        assert f"<code>{{{field.name}}}</code></td><td>{field.label}</td>" in page


@pytest.mark.parametrize("field", TYPED, ids=[field.name for field in TYPED])
def test_a_field_one_past_its_limit_is_refused_by_its_label(writer, store, field):
    data = {"kind": "cam_on", "xung_ho": "Ông", "ho_ten": "Nguyễn Văn An", "action": "save"}
    refused = writer.post("/letters/new", {**data, field.name: "a" * (field.limit + 1)})
    assert refused.status_code == 422
    assert f"{field.label}: dài quá {field.limit} ký tự." in refused.get_data(as_text=True)
    assert store.list_letters() == []
    kept = writer.post("/letters/new", {**data, field.name: "a" * field.limit})
    assert kept.status_code == 302
