"""Helpers for the central server's admin tests: its config, accounts scoped to a site, and a
site's own units, counters, officials, visits, cases, letters and devices."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select

from lobby import clock
from lobby.store import OfficialFields
from lobby.store.models import FollowupCase
from lobby.visit_record import AnswerRecord, VisitRecord
from tests.admin.helpers import Browser

CENTRAL = '[central]\nrole = "central"\n'


def central_config_text(store_url: str | None = None) -> str:
    """Return the config text of a central server (on ``store_url`` when given)."""
    store = f'\n[store]\nurl = "{store_url}"\n' if store_url else ""
    return CENTRAL + store


def login_scoped(store, app, password_hash, name: str, role: str, site_id: int | None) -> Browser:
    """Create an account of ``role`` scoped to ``site_id`` (None: province-wide) and log in."""
    user_id = store.create_user(name, password_hash, role=role)
    if site_id is not None:
        store.set_user_access(user_id, role, site_id)
    browser = Browser(app.test_client())
    assert browser.login(name).status_code == 302
    return browser


def site_objects(store, site_id: int, tag: str) -> dict:
    """Give ``site_id`` a unit, a counter, an official, a visit with a case, a letter and a
    kiosk; return their ids by URL argument name, plus the visit's id and the device's."""
    unit_id = store.add_unit(f"Phòng {tag}", site_id=site_id)
    counter_id = store.add_counter(f"Quầy {tag}", None, site_id=site_id)
    fields = OfficialFields(f"Nguyễn Văn {tag}", "", None, None)
    official_id = store.add_official(f"CB-{tag}", fields, site_id=site_id)
    visit = VisitRecord(
        id=str(uuid.uuid4()),
        device_id=f"kiosk-{tag}",
        channel="kiosk",
        created_at=clock.utcnow() - timedelta(minutes=5),
        survey_key="hai-long-chung",
        survey_version=1,
        answers=(AnswerRecord("q1", "Hài lòng?", "khong", "Không hài lòng", 2, False),),
        comment=f"Chờ lâu quá {tag}",
        callback_phone="0912345678",
        callback_consent=True,
    )
    assert store.record_visit(visit, repeat_interval_seconds=0, site_id=site_id)
    store.sync_cases()
    with store.session() as s:
        case = s.scalar(select(FollowupCase).where(FollowupCase.visit_id == visit.id))
        case_id = case.id
        assert case.site_id == site_id
    letter_id = store.create_letter(
        "cam_on",
        _template_id(store),
        {"ho_ten": f"Bà {tag}"},
        f"Bà {tag}",
        None,
        "ai-do",
        case_id=case_id,
    )
    return {
        "unit_id": unit_id,
        "counter_id": counter_id,
        "official_id": official_id,
        "case_id": case_id,
        "letter_id": letter_id,
        "visit": visit.id,
        "device": f"kiosk-{tag}",
    }


def _template_id(store) -> int:
    from admin_web.letter_templates import load_defaults

    store.ensure_letter_templates(load_defaults())
    return store.current_template("cam_on").id
