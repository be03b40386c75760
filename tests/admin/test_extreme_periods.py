"""Periods and days at the calendar's extremes answer 400 with a Vietnamese message, before
any page or CSV starts (never a 500, never a CSV cut off mid-way)."""

from __future__ import annotations

import pytest

RANGE_MESSAGE = "Chỉ xem được các ngày từ 01/01/2000 đến 31/12/2099"

EXTREMES = [
    "/results?period=0001-Q1",
    "/results?period=0001-01-01",
    "/results?period=9999",
    "/results?from=31/12/9999",
    "/results?from=01/01/0001&to=02/01/0001",
    "/results/export.csv?from=01/01/0001",
    "/results/export.csv?period=9999-Q4",
    "/results/export.csv?from=30/12/9999&to=31/12/9999",
    "/audit?from=01/01/0001",
    "/audit?to=31/12/9999",
    "/audit/export.csv?from=01/01/0001",
    "/watchlist?period=0001-Q1",
]


@pytest.mark.parametrize("url", EXTREMES)
def test_an_extreme_period_is_refused_with_a_message_before_anything_is_sent(staff, url):
    response = staff.get(url)
    assert response.status_code == 400, response.status_code
    assert response.mimetype == "text/html"
    assert RANGE_MESSAGE in response.get_data(as_text=True)


def test_a_watchlist_range_past_the_allowed_days_is_refused(staff):
    response = staff.get("/watchlist?period=2099-12-01..9999-12-31")
    assert response.status_code == 400
    assert "Kỳ báo cáo không hợp lệ: “2099-12-01..9999-12-31”" in response.get_data(as_text=True)


def test_the_edges_of_the_allowed_days_still_work(staff):
    assert staff.get("/results?period=2000-Q1").status_code == 200  # its previous is 1999
    assert staff.get("/results?period=2099-12").status_code == 200
    csv = staff.get("/results/export.csv?from=30/12/2099&to=31/12/2099")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    assert csv.get_data(as_text=True).startswith("\ufeff")
    assert staff.get("/audit?from=01/01/2000&to=31/12/2099").status_code == 200


def test_a_report_of_a_year_past_the_allowed_days_is_not_found(staff):
    assert staff.get("/reports/2100-Q1.docx").status_code == 404
    assert staff.get("/reports/9998.xlsx").status_code == 404
