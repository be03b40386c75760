"""A visit's limits have one owner (lobby/visit_limits.py): the kiosk's steps and the paper entry
page take the same comment, dossier code and phone number, and refuse the same."""

from __future__ import annotations

import pytest

from admin_web.blueprints.paper import OFFICIAL_TEXT_MAX
from admin_web.context import admin_state
from kiosk.flow import Flow, Phase, State
from kiosk.intents import Edited
from lobby.visit_limits import COMMENT_MAX, DOSSIER_MAX, OFFICIAL_CODE_MAX, valid_phone
from tests.admin.helpers import csrf_from


def _post_form(staff, data: dict):
    page = staff.get("/paper/entry").get_data(as_text=True)
    return staff.client.post("/paper/entry", data={"csrf_token": csrf_from(page), **data})


def _kiosk_flow(app) -> Flow:
    with app.app_context():
        return Flow(admin_state(app).survey())


def test_a_comment_the_kiosk_cuts_is_refused_on_paper_and_the_cut_one_is_kept(staff, app, store):
    too_long = "ơ" * (COMMENT_MAX + 1)
    state, _ = _kiosk_flow(app).handle(State(Phase.COMMENT), Edited(too_long))
    assert state.comment == too_long[:COMMENT_MAX]
    refused = _post_form(staff, {"q-0": "1", "comment": too_long})
    assert refused.status_code == 422
    assert f"Góp ý: dài quá {COMMENT_MAX} ký tự." in refused.get_data(as_text=True)
    assert store.count_visits() == 0
    kept = _post_form(staff, {"q-0": "1", "comment": state.comment})
    assert kept.status_code == 302
    assert store.count_visits() == 1


def test_a_dossier_code_the_kiosk_cuts_is_refused_on_paper(staff, app, store):
    too_long = "9" * (DOSSIER_MAX + 1)
    state, _ = _kiosk_flow(app).handle(State(Phase.DOSSIER), Edited(too_long))
    assert state.dossier == too_long[:DOSSIER_MAX]
    refused = _post_form(staff, {"q-0": "1", "dossier": too_long})
    assert refused.status_code == 422
    assert f"Mã hồ sơ: dài quá {DOSSIER_MAX} ký tự." in refused.get_data(as_text=True)
    assert _post_form(staff, {"q-0": "1", "dossier": state.dossier}).status_code == 302
    assert store.count_visits() == 1


@pytest.mark.parametrize(
    "number", ["0912345678", "02838123456", "912345678", "09123", "091234567890", "０912345678"]
)
def test_the_kiosk_and_the_paper_page_take_the_same_phone_numbers(staff, number):
    response = _post_form(staff, {"q-0": "1", "phone": number, "consent": "1"})
    assert (response.status_code == 302) is valid_phone(number)


def test_the_entry_page_bounds_its_fields_by_the_same_limits(staff):
    page = staff.get("/paper/entry").get_data(as_text=True)
    # The official's field takes a name as printed on the form or a code, so a code always fits.
    assert f'name="official" value="" maxlength="{OFFICIAL_TEXT_MAX}"' in page
    assert OFFICIAL_TEXT_MAX >= OFFICIAL_CODE_MAX
    assert f'name="dossier" value="" maxlength="{DOSSIER_MAX}"' in page
    assert f'name="comment" rows="3" maxlength="{COMMENT_MAX}"' in page
