"""``python -m admin_web demo-data``: a demo office and realistic visits, the same for a seed,
that the results pages work on, and never mixed into a store holding real visits."""

from __future__ import annotations

import statistics
from datetime import UTC, date, datetime
from pathlib import Path

from lobby.demo_data import build_plan, write_demo_data
from lobby.settings import load_settings
from lobby.store import Store
from lobby.visit_record import AnswerRecord, VisitRecord
from tests.admin.helpers import run_cli

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
YEAR = (date(2025, 12, 1), date(2026, 12, 1))


def _surveys() -> tuple[str, str]:
    return (
        (ROOT / "assets" / "survey.toml").read_text(encoding="utf-8"),
        (ROOT / "assets" / "survey-full.toml").read_text(encoding="utf-8"),
    )


def _open(config: Path) -> Store:
    return Store.open(load_settings(config).store_url)


def test_demo_data_fills_the_store_with_officials_and_visits(write_config):
    config = write_config("")
    result = run_cli(config, "demo-data", "--responses", "2000", "--seed", "4")
    assert result.returncode == 0, result.stderr
    assert "300 cán bộ, 2,000 lượt đánh giá" in result.stdout
    assert "100%: 2,000/2,000 lượt" in result.stderr  # plain progress lines when not a terminal
    store = _open(config)
    try:
        assert store.count_visits() == 2000
        assert len(store.list_officials(active_only=False)) == 300
        assert len(store.list_units()) == 10
        rows = list(store.iter_visits(date(2000, 1, 1), date(2100, 1, 1)))
        assert {r.channel for r in rows} == {"kiosk", "paper", "web"}
        assert any(r.is_repeat for r in rows) and any(r.dossier_repeat for r in rows)
        assert any(r.callback_phone and r.callback_consent for r in rows)
        assert any(r.reasons for r in rows) and any(r.comment for r in rows)
        assert max(len(r.answers) for r in rows) > 1  # criterion questions in the richer version
        local_hours = {r.created_at.astimezone(UTC).hour + 7 for r in rows}
        assert min(local_hours) >= 7 and max(local_hours) <= 17  # office hours
        (total,) = store.report_figures(date(2000, 1, 1), date(2100, 1, 1), include_repeats=True)
        assert total.answers == sum(1 for r in rows if r.answers)
    finally:
        store.close()


def test_the_same_seed_gives_the_same_data(tmp_path):
    base, full = _surveys()
    made = []
    for name in ("a", "b"):
        store = Store.open(f"sqlite:///{tmp_path / name / 'lobby.db'}")
        write_demo_data(store, base, full, 300, seed=9, now=NOW)
        rows = list(store.iter_visits(date(2000, 1, 1), date(2100, 1, 1)))
        officials = [(o.code, o.name, o.title) for o in store.list_officials(active_only=False)]
        made.append((rows, sorted(officials)))
        store.close()
    assert made[0] == made[1]
    assert len(made[0][0]) == 300
    other = Store.open(f"sqlite:///{tmp_path / 'c' / 'lobby.db'}")
    write_demo_data(other, base, full, 300, seed=10, now=NOW)
    assert list(other.iter_visits(date(2000, 1, 1), date(2100, 1, 1))) != made[0][0]
    other.close()


def test_results_page_shows_the_demo_office_with_its_low_officials_below_others(store, staff):
    base, full = _surveys()
    write_demo_data(store, base, full, 2000, seed=4, now=NOW)
    low = build_plan(4).low_officials
    figures = [f for f in store.report_figures(*YEAR, "official") if f.answers >= 5]
    low_rates = [f.rate for f in figures if f.key in low]
    other_rates = [f.rate for f in figures if f.key not in low]
    assert len(low_rates) == len(low)
    assert max(low_rates) < statistics.median(other_rates)
    response = staff.get("/results?from=01/12/2025&to=01/12/2026")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    worst = min((f for f in figures if f.key in low), key=lambda f: f.rate)
    assert worst.label in page and "Trung tâm Phục vụ hành chính công" in page


def _real_visit(store) -> None:
    answer = AnswerRecord("overall", "Ông/Bà hài lòng?", "hai_long", "Hài lòng", 1, True)
    visit = VisitRecord(
        VisitRecord.new_id(), "kiosk-1", "kiosk", NOW, "hai-long-chung", 1, (answer,)
    )
    assert store.record_visit(visit)


def test_a_store_with_real_visits_is_refused_unless_forced(write_config):
    config = write_config("")
    store = _open(config)
    _real_visit(store)
    store.close()
    refused = run_cli(config, "demo-data", "--responses", "50")
    assert refused.returncode == 2
    assert "đã có lượt đánh giá thật" in refused.stderr and "--force" in refused.stderr
    store = _open(config)
    assert store.count_visits() == 1 and store.list_officials(active_only=False) == []
    store.close()
    forced = run_cli(config, "demo-data", "--responses", "50", "--force")
    assert forced.returncode == 0, forced.stderr
    store = _open(config)
    assert store.count_visits() == 51
    store.close()
