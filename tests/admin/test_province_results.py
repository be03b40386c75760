"""The province's picture on a central server (real PostgreSQL): results, watchlist and periodic
reports across sites and per site, the site filter and picker, and the province's table of sites
in the page, the DOCX (as LibreOffice prints it) and the XLSX."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from admin_web import create_app
from admin_web.periods import parse_period
from admin_web.report_data import site_rows
from lobby.settings import load_settings
from lobby.store import OfficialInput, Store
from lobby.store.models import FollowupCase, Letter, LetterTemplate, Official
from lobby.store.reports import DIMENSIONS
from lobby.visit_record import VisitRecord
from tests.admin.helpers import Browser
from tests.admin.reports_data import SURVEY_KEY, SURVEY_TOML, _answers
from tests.documents import read_layout, render_pdfs

SURVEY_FILE = Path(__file__).resolve().parents[2] / "assets" / "survey.toml"

Q4, Q3 = parse_period("2026-Q4"), parse_period("2026-Q3")
NAMES = {"cb-a": "Nguyễn Văn An", "cb-b": "Trần Thị Bình"}
# Per site: (UTC moment, official, overall level index, thai_do level index). Both sites have an
# official coded "cb-a": codes are unique within a site only.
PLAN = {
    "so-tp": [
        (datetime(2026, 11, 2, 2, 0, tzinfo=UTC), "cb-a", 0, 0),
        (datetime(2026, 11, 2, 3, 10, tzinfo=UTC), "cb-a", 1, 2),
        (datetime(2026, 11, 3, 7, 0, tzinfo=UTC), "cb-b", 3, None),
        (datetime(2026, 8, 4, 2, 0, tzinfo=UTC), "cb-a", 3, 1),  # the quarter before
    ],
    "ubnd-q1": [
        (datetime(2026, 11, 4, 1, 0, tzinfo=UTC), "cb-a", 2, 1),
        (datetime(2026, 12, 1, 8, 45, tzinfo=UTC), "cb-a", 3, None),
    ],
}
SITE_NAMES = {"so-tp": "Sở Tư pháp", "ubnd-q1": "UBND Quận 1"}


def _visits(site: str, version: int) -> list[VisitRecord]:
    return [
        VisitRecord(
            id=VisitRecord.new_id(),
            device_id=f"{site}-k{n % 2}",
            channel="kiosk",
            created_at=at,
            survey_key=SURVEY_KEY,
            survey_version=version,
            answers=_answers(overall, thai_do),
            official_code=official,
        )
        for n, (at, official, overall, thai_do) in enumerate(PLAN[site])
    ]


def _fill(store: Store) -> dict[str, int]:
    """Two sites with their officials, visits, follow-up cases and one letter issued."""
    version = store.ensure_survey_version(SURVEY_KEY, SURVEY_TOML)
    sites = {code: store.create_site(code, name, "test")[0].id for code, name in SITE_NAMES.items()}
    now = datetime(2026, 10, 1, tzinfo=UTC)
    with store.session() as s:
        for site_id in sites.values():
            for code, name in NAMES.items():
                s.add(
                    Official(
                        site_id=site_id, code=code, full_name=name, created_at=now, updated_at=now
                    )
                )
    visit_ids: dict[str, list[str]] = {}
    for code, site_id in sites.items():
        visits = _visits(code, version)
        for visit in visits:
            assert store.record_visit(visit, site_id=site_id)
        visit_ids[code] = [v.id for v in visits]
    # Cases: two open at so-tp, one resolved at ubnd-q1; a letter issued by ubnd-q1 in Q4.
    cases = [("so-tp", 0, "new"), ("so-tp", 2, "in_progress"), ("ubnd-q1", 0, "resolved")]
    with store.session() as s:
        for code, index, status in cases:
            at = PLAN[code][index][0]
            s.add(
                FollowupCase(
                    site_id=sites[code],
                    visit_id=visit_ids[code][index],
                    visit_at=at,
                    status=status,
                    created_at=at,
                    updated_at=at,
                )
            )
        template = LetterTemplate(
            kind="cam_on", version=99, title="Thư cảm ơn", greeting="Kính gửi", body="…",
            created_at=now,
        )  # fmt: skip
        s.add(template)
        s.flush()
        issued = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
        s.add(
            Letter(
                site_id=sites["ubnd-q1"],
                kind="cam_on",
                status="issued",
                template_id=template.id,
                fields_json="{}",
                created_at=issued,
                created_by="test",
                updated_at=issued,
                issued_at=issued,
                issued_by="test",
                year=2026,
                number=1,
            )
        )
    return sites


@pytest.fixture(scope="module")
def central(postgres_server, tmp_path_factory, password_hash):
    """A central server's store on PostgreSQL with two sites' visits, its admin app, a
    province-wide administrator and a leader scoped to ubnd-q1."""
    folder = tmp_path_factory.mktemp("central")
    url = postgres_server.new_database()
    config = folder / "central.toml"
    config.write_text(
        f'[store]\nurl = "{url}"\n[central]\nrole = "central"\n'
        f'[watchlist]\nmin_visits = 1\n[kiosk]\nsurvey = "{SURVEY_FILE}"\n',
        encoding="utf-8",
    )
    settings = load_settings(config)
    store = Store.open(url)
    sites = _fill(store)
    store.create_user("tinh", password_hash, role="admin")
    store.create_user("lanhdao-q1", password_hash, role="leader", site_id=sites["ubnd-q1"])
    app = create_app(settings, store, test_config={"TESTING": True})
    yield store, app, sites, folder
    store.close()


def _login(app, user: str) -> Browser:
    browser = Browser(app.test_client())
    assert browser.login(user).status_code == 302
    return browser


def _site_store(tmp_path, code: str) -> Store:
    """A site's own store (SQLite, one site) holding only that site's visits."""
    store = Store.open(f"sqlite:///{tmp_path / f'{code}.db'}")
    version = store.ensure_survey_version(SURVEY_KEY, SURVEY_TOML)
    store.upsert_officials([OfficialInput(k, name) for k, name in NAMES.items()])
    for visit in _visits(code, version):
        assert store.record_visit(visit)
    return store


def _plain(figures) -> list[tuple]:
    return [(f.key, f.label, f.answers, f.satisfied, f.rate, f.index) for f in figures]


def test_a_sites_figures_are_those_of_its_own_visits_and_the_province_is_their_sum(
    central, tmp_path
):
    store, _app, sites, _folder = central
    totals = {}
    for code, site_id in sites.items():
        own = _site_store(tmp_path, code)
        try:
            for period in (Q4, Q3):
                for by in (None, *DIMENSIONS):
                    found = store.report_figures(period.first, period.last, by, site_id=site_id)
                    expected = own.report_figures(period.first, period.last, by)
                    assert _plain(found) == _plain(expected), (code, period.code, by)
            assert store.period_counts(Q4.first, Q4.last, site_id) == own.period_counts(
                Q4.first, Q4.last
            )
            (totals[code],) = own.report_figures(Q4.first, Q4.last)
        finally:
            own.close()
    (province,) = store.report_figures(Q4.first, Q4.last)
    assert province.answers == sum(t.answers for t in totals.values()) == 5
    assert province.satisfied == sum(t.satisfied for t in totals.values()) == 2
    assert province.rate == Decimal("40.0") and province.index == Decimal("40.0")
    officials = store.report_figures(Q4.first, Q4.last, "official")
    # Each site's "cb-a" is its own official: two groups, not one.
    cb_a = {f.site_id: f.answers for f in officials if f.key == "cb-a"}
    assert cb_a == {sites["so-tp"]: 2, sites["ubnd-q1"]: 2}
    assert store.count_repeats(Q4.first, Q4.last, sites["so-tp"]) == 0
    days = store.daily_level_counts(Q4.first, Q4.last, site_id=sites["ubnd-q1"])
    assert sorted((d.day, d.count) for d in days) == [
        (date(2026, 11, 4), 1),
        (date(2026, 12, 1), 1),
    ]


def test_the_table_of_sites_has_each_sites_figures_best_rate_first(central):
    store, _app, sites, _folder = central
    rows = site_rows(store, Q4)
    # Site 1, the migration's placeholder, holds nothing here: it is not an office of the province.
    assert [r.code for r in rows] == ["so-tp", "ubnd-q1"]
    first, second = rows
    assert (first.figures.answers, first.figures.rate, first.figures.index) == (
        3,
        Decimal("66.7"),
        Decimal("55.6"),
    )
    assert first.before is not None and first.before.rate == Decimal("0.0")
    assert (first.cases_open, first.letters_sent) == (2, 0)
    assert (second.figures.answers, second.figures.rate, second.before) == (2, Decimal("0.0"), None)
    assert (second.cases_open, second.letters_sent) == (0, 1)


def test_the_results_page_filters_by_site_and_shows_the_sites_to_the_province(central):
    _store, app, _sites, _folder = central
    province = _login(app, "tinh")
    page = province.get("/results?period=2026-Q4").get_data(as_text=True)
    assert '<select id="co-so" name="site">' in page and 'id="t-sites"' in page
    assert page.index('id="site-so-tp"') < page.index('id="site-ubnd-q1"')
    assert 'id="fig-visits">5<' in page
    # Officials of every site are left to each site's page, the watchlist and the API.
    assert 'id="t-official"' not in page and 'id="t-question"' in page
    one = province.get("/results?period=2026-Q4&site=ubnd-q1").get_data(as_text=True)
    assert "Kết quả đánh giá – UBND Quận 1" in one and 'id="fig-visits">2<' in one
    assert 'id="t-sites"' not in one and 'name="site" value="ubnd-q1"' in one
    assert 'id="t-official"' in one and "Nguyễn Văn An" in one
    api = province.get("/api/results?period=2026-Q4&site=so-tp&by=official").get_json()
    assert api["site"] == "so-tp" and api["totals"]["answers"] == 3
    assert {g["key"]: g["answers"] for g in api["groups"]["official"]} == {"cb-a": 2, "cb-b": 1}
    assert province.get("/results?site=khong-co").status_code == 404


def test_a_scoped_leader_sees_its_own_site_only(central):
    _store, app, _sites, _folder = central
    leader = _login(app, "lanhdao-q1")
    page = leader.get("/results?period=2026-Q4").get_data(as_text=True)
    assert 'id="fig-visits">2<' in page and 'id="co-so"' not in page  # no picker
    assert "Kết quả đánh giá – UBND Quận 1" in page
    assert 'id="t-sites"' not in page
    assert leader.get("/results?period=2026-Q4&site=so-tp").status_code == 403
    assert leader.get("/watchlist?period=2026-Q4&site=so-tp").status_code == 403
    assert leader.get("/reports/2026-Q4.docx?site=so-tp").status_code == 403
    csv = leader.get("/results/export.csv?period=2026-Q4").get_data(as_text=True)
    assert csv.count("\n") == 1 + 3  # header and ubnd-q1's three answers, none of so-tp's


def test_the_watchlist_is_kept_per_site(central):
    store, app, sites, _folder = central
    province = _login(app, "tinh")
    # Under 70%: so-tp's cb-b (0 of 1) and ubnd-q1's cb-a (0 of 2); so-tp's cb-a has 2 of 2.
    page = province.get("/watchlist?period=2026-Q4").get_data(as_text=True)
    assert page.count("Biện pháp, lịch sử: ") == 2
    assert "Cán bộ · Sở Tư pháp · " in page and "Cán bộ · UBND Quận 1 · " in page
    assert "Biện pháp, lịch sử: Trần Thị Bình" in page
    assert "/watchlist/official/cb-a?period=2026-Q4&amp;site=ubnd-q1" in page
    one = province.get("/watchlist?period=2026-Q4&site=so-tp").get_data(as_text=True)
    assert "Danh sách theo dõi – Sở Tư pháp" in one
    assert "Biện pháp, lịch sử: Trần Thị Bình" in one and "Nguyễn Văn An" not in one
    other = province.get("/watchlist?period=2026-Q4&site=ubnd-q1").get_data(as_text=True)
    assert "Biện pháp, lịch sử: Nguyễn Văn An" in other and "Trần Thị Bình" not in other
    done = province.post(
        "/watchlist/official/cb-a/ack?site=ubnd-q1", {"period": "2026-Q4", "back": "entry"}
    )
    assert done.status_code == 302 and "site=ubnd-q1" in done.headers["Location"]
    acks = store.watchlist_site_acks("2026-Q4")
    assert set(acks) == {(sites["ubnd-q1"], "official", "cb-a")}
    assert store.watchlist_acks("2026-Q4", sites["so-tp"]) == {}
    # Without a site the code names two officials: the entry page cannot tell which.
    assert province.get("/watchlist/official/cb-a?period=2026-Q4").status_code == 404
    entry = province.get("/watchlist/official/cb-a?period=2026-Q4&site=ubnd-q1")
    assert "Cơ quan: <strong>UBND Quận 1</strong>" in entry.get_data(as_text=True)


@pytest.fixture(scope="module")
def documents(central):
    """The province's Q4 report and ubnd-q1's, as DOCX and XLSX, and the province's DOCX and
    XLSX printed by LibreOffice."""
    _store, app, _sites, folder = central
    province = _login(app, "tinh")
    files = {}
    for name, url in (
        ("tinh.docx", "/reports/2026-Q4.docx"),
        ("tinh.xlsx", "/reports/2026-Q4.xlsx"),
        ("q1.docx", "/reports/2026-Q4.docx?site=ubnd-q1"),
        ("q1.xlsx", "/reports/2026-Q4.xlsx?site=ubnd-q1"),
    ):
        response = province.get(url)
        assert response.status_code == 200, url
        files[name] = (response.get_data(), response.headers["Content-Disposition"])
    printed = {"bao-cao.docx": files["tinh.docx"][0], "so-lieu.xlsx": files["tinh.xlsx"][0]}
    pdfs = render_pdfs(printed, folder / "render")
    return files, read_layout(pdfs["bao-cao.docx"]), read_layout(pdfs["so-lieu.xlsx"])


def _site_table(doc) -> list[list[str]]:
    (table,) = [t for t in doc.tables if t.rows[0].cells[1].text == "Cơ quan"]
    return [[c.text for c in row.cells] for row in table.rows[1:]]


def test_the_province_report_has_the_table_of_sites(documents):
    files, printed_docx, printed_xlsx = documents
    doc = Document(io.BytesIO(files["tinh.docx"][0]))
    assert _site_table(doc) == [
        ["1", "Sở Tư pháp", "3", "66,7%", "55,6", "+66,7", "2", "0"],
        ["2", "UBND Quận 1", "2", "0,0%", "16,7", "–", "0", "1"],
    ]
    assert printed_docx.lines_with("Kết quả theo cơ quan")
    assert printed_docx.lines_with("UBND Quận 1")
    book = load_workbook(io.BytesIO(files["tinh.xlsx"][0]))
    sheet = book["Theo cơ quan"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[:6] for r in rows[:2]] == [
        ("Sở Tư pháp", "so-tp", 3, 2, pytest.approx(0.667), pytest.approx(55.6)),
        ("UBND Quận 1", "ubnd-q1", 2, 0, 0.0, pytest.approx(16.7)),
    ]
    assert rows[0][7] == pytest.approx(66.7) and rows[1][7] is None
    assert [(r[8], r[9]) for r in rows] == [(2, 0), (0, 1)]
    assert printed_xlsx.lines_with("Sở Tư pháp")


def test_a_sites_report_names_the_site_and_holds_only_its_figures(documents):
    files, _docx, _xlsx = documents
    doc = Document(io.BytesIO(files["q1.docx"][0]))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Quý IV năm 2026 – UBND Quận 1" in text
    assert not [t for t in doc.tables if t.rows[0].cells[1].text == "Cơ quan"]
    assert "nhận được 2 lượt" in text
    assert "ubnd-q1" in files["q1.docx"][1]
    book = load_workbook(io.BytesIO(files["q1.xlsx"][0]))
    assert "Theo cơ quan" not in book.sheetnames
    assert "UBND Quận 1" in book["Tổng hợp"]["A2"].value
    assert book["Dữ liệu thô"].max_row == 1 + 3  # ubnd-q1's answers only


def test_reports_of_the_province_and_of_a_site_keep_their_own_notes(central):
    store, app, sites, _folder = central
    province = _login(app, "tinh")
    saved = province.post(
        "/reports/2026-Q4/nhan-xet?site=so-tp", {"shortcomings": "Chờ lâu", "proposals": ""}
    )
    assert saved.status_code == 302 and "site=so-tp" in saved.headers["Location"]
    from lobby.store.report_context import report_notes

    assert report_notes(store, "2026-Q4", sites["so-tp"]).shortcomings == "Chờ lâu"
    assert report_notes(store, "2026-Q4").shortcomings == ""
    assert report_notes(store, "2026-Q4", sites["ubnd-q1"]).shortcomings == ""
