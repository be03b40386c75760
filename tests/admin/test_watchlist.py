"""The watchlist through the test client: who is flagged, acknowledging, actions and history."""

from __future__ import annotations

import re

import pytest

from lobby.settings import load_settings
from tests.admin.helpers import Browser
from tests.admin.watchlist_data import officials, votes

Q3 = "/watchlist?period=2026-Q3"


@pytest.fixture
def settings(write_config):
    """A small minimum number of visits so tests stay quick: 5."""
    return load_settings(write_config("[watchlist]\nmin_visits = 5\n"))


def _rows(html: str) -> list[str]:
    body = re.search(r'<ul class="entries" id="watchlist">.*?</ul>', html, re.S)
    return re.findall(r"<h3>([^<]*)</h3>", body.group(0)) if body else []


def test_no_one_is_flagged_on_fewer_visits_than_the_minimum(store, leader):
    version = officials(store)
    votes(store, version, "cb-a", [3, 3])  # two votes, both "Không hài lòng"
    votes(store, version, "cb-b", [3, 3, 3, 3])  # four: one short of the minimum of five
    page = leader.get(Q3).get_data(as_text=True)
    assert _rows(page) == []
    assert 'id="empty"' in page
    assert "ít nhất 5 lượt đánh giá" in page  # the rule is written on the page


def test_flagged_at_the_minimum_with_rate_and_index_and_previous_period(store, leader):
    from datetime import UTC, datetime

    version = officials(store)
    # Five visits, 2 satisfied: 40,0% < 70%; index (100+66.7+0+0+0)/5 = 33,3 < 60.
    votes(store, version, "cb-a", [0, 1, 3, 3, 3])
    # Five visits all "Hài lòng": 100% but index 66,7, above both thresholds: not flagged.
    votes(store, version, "cb-c", [1, 1, 1, 1, 1])
    # In the previous quarter cb-a had two visits, both best.
    votes(store, version, "cb-a", [0, 0], start=datetime(2026, 5, 4, 2, 0, tzinfo=UTC))
    page = leader.get(Q3).get_data(as_text=True)
    # cb-a is flagged, and so is its unit (the same five visits); cb-c and its unit are not.
    assert _rows(page) == ["Nguyễn Văn An", "Phòng Một cửa"]
    row = re.search(r"<h3>Nguyễn Văn An</h3>(.*?)</li>", page, re.S).group(1)
    assert "<dd>5</dd>" in row and "<dd>40,0%</dd>" in row and "<dd>33,3</dd>" in row
    assert "Kỳ trước: 2 lượt · 100,0% · chỉ số 100,0" in row  # previous period's figures
    assert "tỷ lệ hài lòng 40,0% &lt; 70,0%" in row
    assert "Chưa ghi nhận" in row
    assert "Ghi nhận: Nguyễn Văn An" in row  # the button names its row


def test_threshold_changes_who_is_flagged(store, browser, password_hash, write_config):
    from admin_web import create_app

    settings = load_settings(
        write_config("[watchlist]\nmin_visits = 5\nrate_threshold = 100.0\nindex_threshold = 0.0\n")
    )
    version = officials(store)
    votes(store, version, "cb-c", [1, 1, 1, 1, 0, 0])  # 100%: not under 100
    votes(store, version, "cb-b", [1, 1, 1, 1, 3, 0])  # 83,3%: under 100
    store.create_user("lanhdao", password_hash, role="leader")
    client = Browser(create_app(settings, store, test_config={"TESTING": True}).test_client())
    client.login("lanhdao")
    # Bình's unit (6 + 6 visits at 91,7%) is under 100 too.
    assert _rows(client.get(Q3).get_data(as_text=True)) == ["Trần Thị Bình", "Phòng Tư pháp"]


def test_acknowledge_and_action_are_recorded_with_history_and_audit(store, leader):
    version = officials(store)
    votes(store, version, "cb-a", [3, 3, 3, 3, 3])
    response = leader.post("/watchlist/official/cb-a/ack", {"period": "2026-Q3"})
    assert response.status_code == 302
    page = leader.get(Q3).get_data(as_text=True)
    assert "Đã ghi nhận (lanhdao," in page
    assert "Ghi nhận: Nguyễn Văn An" not in page

    # "Khác" without a note is refused, keeping the choice; then a reminder with a note.
    refused = leader.post(
        "/watchlist/official/cb-a", {"period": "2026-Q3", "action": "other", "note": "  "}
    )
    assert refused.status_code == 422
    assert "cần ghi chú" in refused.get_data(as_text=True)
    note = "Đã nhắc nhở trực tiếp về thái độ"
    done = leader.post(
        "/watchlist/official/cb-a", {"period": "2026-Q3", "action": "reminder", "note": note}
    )
    assert done.status_code == 302
    leader.post(
        "/watchlist/official/cb-a",
        {"period": "2026-Q4", "action": "training", "note": "Lớp kỹ năng"},
    )
    entry = leader.get("/watchlist/official/cb-a?period=2026-Q3").get_data(as_text=True)
    history = entry.split('id="history"')[1]
    assert history.index("Bồi dưỡng") < history.index("Nhắc nhở")  # newest first, every period
    assert note in history and "lanhdao" in history and "Quý IV/2026" in history
    actions = [e.action for e in store.audit_entries()]
    assert actions.count("watchlist.acknowledge") == 1
    assert actions.count("watchlist.action") == 2
    # An action acknowledges its period too.
    assert ("official", "cb-a") in store.watchlist_acks("2026-Q4")


def test_editor_gets_403_and_unknown_subjects_404(store, staff, browser, password_hash):
    assert staff.get("/watchlist/official/khong-co").status_code == 404
    assert staff.get("/watchlist/robot/cb-a").status_code == 404
    assert staff.get("/watchlist/official/" + "x" * 5000).status_code == 404
    assert staff.get("/watchlist?period=2026-Q9").status_code == 400
    staff.post("/logout")
    store.create_user("bientap", password_hash, role="editor")
    browser.login("bientap")
    assert browser.get(Q3).status_code == 403
    assert browser.get("/watchlist/official/cb-a").status_code == 403


def test_front_page_counts_this_quarters_unacknowledged_entries(store, leader):
    from datetime import UTC, datetime, timedelta

    version = officials(store)
    now = datetime.now(UTC) - timedelta(minutes=5)
    for official in ("cb-a", "cb-b"):
        votes(store, version, official, [3, 3, 3, 3, 3], start=now - timedelta(hours=1))

    def tile() -> str:
        page = leader.get("/").get_data(as_text=True)
        return re.search(r'id="watchlist-tile".*?big-number">(\d+)<', page, re.S).group(1)

    # cb-a, cb-b and their two units; the quarter's current code comes from the page.
    assert tile() == "4"
    page = leader.get("/watchlist").get_data(as_text=True)
    code = re.search(r'name="period" value="([^"]+)"', page).group(1)
    leader.post("/watchlist/official/cb-a/ack", {"period": code})
    assert tile() == "3"
