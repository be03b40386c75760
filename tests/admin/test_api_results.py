"""The JSON API of the results' figures: same figures as the page, login required, clear errors."""

from __future__ import annotations

from tests.admin.reports_data import fill


def test_the_api_gives_the_figures_of_a_quarter_and_its_previous_quarter(staff, store):
    fill(store)
    response = staff.get("/api/results?period=2026-Q4")
    assert response.status_code == 200 and response.is_json
    data = response.get_json()
    assert data["period"] == {
        "code": "2026-Q4",
        "kind": "quarter",
        "label": "Quý IV/2026",
        "first": "2026-10-01",
        "last": "2026-12-31",
    }
    assert data["previous"]["code"] == "2026-Q3"
    assert data["totals"] | {} == {
        "key": None,
        "label": "",
        "answers": 3,
        "satisfied": 2,
        "rate": 66.7,
        "index": 55.6,
    }
    assert data["previous_totals"]["answers"] == 0 and data["previous_totals"]["rate"] is None
    officials = {g["key"]: g for g in data["groups"]["official"]}
    assert officials["cb-a"]["label"] == "Nguyễn Văn An" and officials["cb-a"]["index"] == 83.3
    assert set(data["groups"]) == {
        "unit",
        "counter",
        "official",
        "question",
        "channel",
        "hour",
        "weekday",
    }


def test_the_api_can_count_repeats_and_give_one_grouping(staff, store):
    fill(store)
    data = staff.get("/api/results?period=2026-11&by=weekday&repeats=1").get_json()
    assert data["include_repeats"] is True and data["totals"]["answers"] == 4
    assert list(data["groups"]) == ["weekday"]
    assert {g["key"]: g["answers"] for g in data["groups"]["weekday"]} == {"1": 2, "2": 2}


def test_the_api_reads_a_custom_range_in_dd_mm_yyyy(staff, store):
    fill(store)
    data = staff.get("/api/results?from=03/11/2026&to=03/11/2026").get_json()
    assert data["period"]["kind"] == "range" and data["totals"]["answers"] == 1
    assert data["previous"]["first"] == data["previous"]["last"] == "2026-11-02"
    assert data["previous_totals"]["answers"] == 2


def test_the_api_answers_bad_input_with_a_vietnamese_error(staff):
    response = staff.get("/api/results?period=2026-Q9")
    assert response.status_code == 400
    assert "Kỳ báo cáo không hợp lệ: “2026-Q9”" in response.get_json()["error"]
    response = staff.get("/api/results?period=2026&by=nope")
    assert response.status_code == 400 and "Cách chia không hợp lệ" in response.get_json()["error"]


def test_the_api_needs_a_login(browser, admin, store):
    fill(store)
    response = browser.get("/api/results?period=2026-11")
    assert response.status_code in (302, 401)
    assert b"Nguy" not in response.get_data()


def test_the_api_and_the_page_follow_the_results_area_of_roles(browser, store, password_hash):
    store.create_user("lanhdao", password_hash, role="leader")
    store.create_user("bientap", password_hash, role="editor")
    browser.login("lanhdao")
    assert browser.get("/api/results?period=2026").status_code == 200
    assert browser.get("/results?period=2026").status_code == 200
    other = browser.__class__(browser.client.application.test_client())
    other.login("bientap")
    assert other.get("/api/results?period=2026").status_code == 403
    assert other.get("/results/export.csv?period=2026").status_code == 403
