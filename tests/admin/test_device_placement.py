"""Devices page: a kiosk is tied to a counter or a whole unit, or left in the lobby."""

from __future__ import annotations

import json

from lobby.store import OfficialInput


def test_a_kiosk_is_tied_to_a_counter_then_to_a_unit_then_untied(staff, store):
    store.upsert_officials(
        [
            OfficialInput("CB1", "Nguyễn Văn Bình", "", "Văn phòng", "Quầy 10"),
            OfficialInput("CB2", "Trần Thị An", "", "Văn phòng", "Quầy 2"),
        ]
    )
    store.touch_device("kiosk-q2")
    url = "/devices/place?kind=kiosk&id=kiosk-q2"
    page = staff.get(url).get_data(as_text=True)
    assert page.index("Quầy 2") < page.index("Quầy 10")  # natural order
    counter = next(c for c in store.list_counters() if c.name == "Quầy 2")
    assert staff.post(url, {"place": f"counter:{counter.id}"}).status_code == 302
    assert store.device_placement("kiosk-q2").counter_code == counter.code
    listing = staff.get("/devices").get_data(as_text=True)
    assert "Quầy 2" in listing and "Nơi đặt: Kiosk" in listing
    (entry,) = store.audit_entries(action="device.place")
    assert json.loads(entry.after) == {"place": "Quầy 2"}
    unit = store.list_units()[0]
    assert staff.post(url, {"place": f"unit:{unit.id}"}).status_code == 302
    placed = store.device_placement("kiosk-q2")
    assert (placed.counter_code, placed.unit_code) == (None, unit.code)
    assert staff.post(url, {"place": ""}).status_code == 302
    assert store.device_placement("kiosk-q2") is None
    assert staff.post(url, {"place": "counter:999"}).status_code == 400
    assert staff.post(url, {"place": "quay"}).status_code == 400
    assert staff.get("/devices/place?kind=kiosk&id=khong-co").status_code == 404
