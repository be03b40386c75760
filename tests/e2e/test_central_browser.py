"""The province's central server used as its staff use it, in a real headless Chromium: a real
PostgreSQL behind the admin served as its own process, three offices whose visits (a few hundred
each) and cases arrive through the real forwarder (``python -m lobby.sync --once``), one of them
with its clock 7 min 30 s fast (the forwarder itself runs under libfaketime), and one office
enrolled two days ago (``create-site`` under libfaketime) that has never sent anything.

The province administrator sees the front page's warnings, the list of offices, enrols one and
sees its token once, revokes a token, reads the results of every office and of one through the
picker (the period kept), the reports and the watchlist of one office. A leader of one office
sees only its figures, no picker, and is refused another office's case and filter.

Every page is kept as a full-page screenshot in test-artefacts/central/ for a person to look at.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy import select

from admin_web.accounts import create_account
from admin_web.periods import current_period
from lobby import clock
from lobby.store import OfficialFields, Store
from lobby.store.models import FollowupCase
from lobby.visit_record import AnswerRecord, VisitRecord
from tests.sync.helpers import ROOT, Central, new_site, record_visits

SHOTS = ROOT / "test-artefacts" / "central"
PASSWORD = "mat-khau-tinh-rat-dai"
TZ = clock.OFFICE_TZ_NAME
FAKETIME = shutil.which("faketime")
# How fast the clock of one office's forwarder is, in seconds (7 min 30 s: over [central]
# clock_skew_seconds = 120, and "7 phút" whatever the push's own delay).
FAST_BY = "+450"
# Levels of assets/survey.toml's one question: key, label, satisfied.
LEVELS = (
    ("rat_hai_long", "Rất hài lòng", True),
    ("hai_long", "Hài lòng", True),
    ("binh_thuong", "Bình thường", False),
    ("khong_hai_long", "Không hài lòng", False),
)
QUESTION = "Ông/Bà hài lòng với việc giải quyết công việc hôm nay?"
# (code, name, visits, the official served badly or None, forwarder's clock offset or None)
OFFICES = (
    ("so-tu-phap", "Sở Tư pháp", 320, None, None),
    ("ubnd-tan-phu", "UBND xã Tân Phú", 260, "cb03", None),
    (
        "ttpvhcc-chau-thanh",
        "Trung tâm Phục vụ hành chính công huyện Châu Thành",
        240,
        None,
        FAST_BY,
    ),
)
SILENT = ("xa-an-binh", "UBND xã An Bình")
OFFICIALS = (
    ("cb01", "Nguyễn Thị Hồng Nhung", "Bộ phận một cửa"),
    ("cb02", "Trần Văn Phúc", "Bộ phận một cửa"),
    ("cb03", "Lê Hoàng Yến", "Phòng Tư pháp – Hộ tịch"),
    ("cb04", "Phạm Quốc Bảo", "Phòng Tư pháp – Hộ tịch"),
)


@dataclass
class Office:
    """One office as the test made it: its code, name, site and the local days of its visits."""

    code: str
    name: str
    site_id: int
    days: list[date] = field(default_factory=list)

    def visits_between(self, first: date, last: date) -> int:
        """Return how many of its visits fall on office days ``first`` to ``last``."""
        return sum(first <= day <= last for day in self.days)


@dataclass
class Province:
    """The running central server and what it holds."""

    url: str
    central: Central
    offices: dict[str, Office]
    case_of: dict[str, int]  # one case id of each office, by office code


def _faketime(offset: str) -> list[str]:
    return [FAKETIME, "-f", offset]


def _clock_env() -> dict[str, str]:
    # Only the wall clock is shifted: the forwarder's timeouts and back-off stay on real time.
    return {**os.environ, "PYTHONUNBUFFERED": "1", "FAKETIME_DONT_FAKE_MONOTONIC": "1"}


def _office_minutes(rng: random.Random, n: int, now: datetime) -> list[datetime]:
    """Return ``n`` distinct moments in office hours (07:30–11:30, 13:30–17:30, Monday to
    Friday) of the last 120 days, all at least five minutes before ``now``, sorted."""
    today = clock.local_day(now, TZ)
    slots = []
    for back in range(120):
        day = today - timedelta(days=back)
        if day.weekday() >= 5:
            continue
        for start in (7 * 60 + 30, 13 * 60 + 30):
            slots.extend((day, start + m) for m in range(0, 240, 3))
    moments = []
    for day, minute in rng.sample(slots, len(slots)):
        local = datetime(day.year, day.month, day.day, minute // 60, minute % 60)
        moment = local.replace(tzinfo=clock.office_tz(TZ)).astimezone(UTC)
        if moment < now - timedelta(minutes=5):
            moments.append(moment)
        if len(moments) == n:
            break
    return sorted(moments)


def _visits(code: str, n: int, poor: str | None, now: datetime) -> list[VisitRecord]:
    """A realistic few hundred kiosk visits of one office: mostly satisfied, the ``poor``
    official's less so; some unhappy visitors leave a comment, some a number to call back."""
    rng = random.Random(code)
    made = []
    for i, moment in enumerate(_office_minutes(rng, n, now)):
        official = OFFICIALS[i % len(OFFICIALS)][0]
        good = rng.random() < (0.45 if official == poor else 0.88)
        level = rng.choice((0, 1)) if good else rng.choice((2, 3))
        key, label, satisfied = LEVELS[level]
        unhappy = level == 3
        made.append(
            VisitRecord(
                id=VisitRecord.new_id(),
                device_id=f"kiosk-{code}-{1 + i % 2}",
                channel="kiosk",
                created_at=moment,
                survey_key="hai-long-chung",
                survey_version=1,
                answers=(AnswerRecord("overall", QUESTION, key, label, level, satisfied),),
                official_code=official,
                comment="Phải chờ lâu, cán bộ chưa hướng dẫn rõ" if unhappy and i % 3 else None,
                callback_phone="0912345678" if unhappy and i % 3 == 0 else None,
                callback_consent=unhappy and i % 3 == 0,
            )
        )
    return made


def _add_people(store: Store, site_id: int) -> None:
    """Give an office on the central server its units, counters and officials (the centre
    manages them; the office pulls them)."""
    units = {}
    for _, _, unit in OFFICIALS:
        if unit not in units:
            units[unit] = store.add_unit(unit, site_id=site_id)
            store.add_counter(f"Quầy {len(units)}", units[unit], site_id=site_id)
    for code, name, unit in OFFICIALS:
        store.add_official(code, OfficialFields(name, "Chuyên viên", units[unit]), site_id=site_id)


def _sync(config: Path, offset: str | None) -> subprocess.Popen:
    """Start one real forwarding round of an office (under a shifted wall clock if asked)."""
    command = [sys.executable, "-m", "lobby.sync", "--config", str(config), "--once"]
    return subprocess.Popen(
        (_faketime(offset) if offset else []) + command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=_clock_env(),
    )


def _finish(rounds: list[subprocess.Popen]) -> None:
    for process in rounds:
        out, _ = process.communicate(timeout=120)
        assert process.returncode == 0, out


def _create_site_two_days_ago(central: Central) -> None:
    """Enrol the silent office with the real command, its clock two days back."""
    command = [sys.executable, "-m", "admin_web", "--config", str(central.config), "create-site"]
    done = subprocess.run(
        _faketime("-2d") + command + list(SILENT),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=_clock_env(),
    )
    assert done.returncode == 0, done.stderr
    assert "chỉ hiện một lần" in done.stdout


@pytest.fixture(scope="module")
def province(postgres_server, tmp_path_factory):
    """The central server with three offices that forwarded their visits, one silent office,
    a province administrator and a leader of one office."""
    if FAKETIME is None:
        message = "faketime not found: install Debian's 'faketime' (make test does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    folder = tmp_path_factory.mktemp("central-browser")
    central = Central(folder / "central", postgres_server.new_database())
    now = clock.utcnow()
    try:
        central.start()
        store = central.store
        _create_site_two_days_ago(central)
        offices, sites = {}, []
        for code, name, n, poor, offset in OFFICES:
            site = new_site(central, folder / code, code, name)
            _add_people(store, site.site_id)
            offices[code] = Office(code, name, site.site_id)
            sites.append((site, n, poor, offset))
        # First round: each office pulls the officials the centre manages for it.
        _finish([_sync(site.config, offset) for site, _, _, offset in sites])
        for site, n, poor, _ in sites:
            visits = _visits(site.code, n, poor, now)
            record_visits(site.store, visits)
            site.store.sync_cases()
            offices[site.code].days = [clock.local_day(v.created_at, TZ) for v in visits]
        # Second round: the visits and cases go to the centre.
        _finish([_sync(site.config, offset) for site, _, _, offset in sites])
        for site, *_ in sites:
            site.store.close()
        admin = create_account(store, "qt-tinh", PASSWORD, PASSWORD, role="admin")
        assert admin
        leader = create_account(store, "ld-tan-phu", PASSWORD, PASSWORD, role="leader")
        store.set_user_access(leader, "leader", offices["ubnd-tan-phu"].site_id)
        case_of = {}
        with store.session() as s:
            for office in offices.values():
                query = select(FollowupCase.id).where(FollowupCase.site_id == office.site_id)
                case_of[office.code] = s.scalars(query).first()
        assert all(case_of.values()), case_of
        SHOTS.mkdir(parents=True, exist_ok=True)
        yield Province(central.url, central, offices, case_of)
    finally:
        central.stop()


def _shot(page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _login(browser, url: str, username: str):
    page = browser.new_page(
        viewport={"width": 1366, "height": 768}, locale="vi-VN", accept_downloads=True
    )
    page.goto(f"{url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda u: "/login" not in u)
    return page


def _no_overflow(page) -> None:
    """Fail if the page is wider than the window (a table or a line that does not fit)."""
    wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not wide, page.url


def _push_status(url: str, token: str) -> int:
    body = json.dumps(
        {"sent_at": datetime.now(UTC).isoformat(), "visits": [], "cases": [], "letters": []}
    ).encode()
    request = urllib.request.Request(
        f"{url}/api/central/v1/push",
        data=body,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return reply.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_province_administrator_uses_the_central_server(browser, province, tmp_path):
    from playwright.sync_api import expect

    url, offices = province.url, province.offices
    page = _login(browser, url, "qt-tinh")

    # Front page: the office enrolled two days ago that never sent, and the fast clock.
    page.goto(f"{url}/")
    warning = page.locator("#site-warning")
    two_days_ago = clock.format_date(clock.utcnow() - timedelta(days=2), TZ)
    expect(warning).to_contain_text(
        f"UBND xã An Bình (xa-an-binh): chưa gửi lần nào từ khi được thêm ngày {two_days_ago}"
    )
    expect(warning).to_contain_text("Châu Thành (ttpvhcc-chau-thanh): đồng hồ nhanh 7 phút")
    expect(warning).not_to_contain_text("Sở Tư pháp")
    _shot(page, "01-trang-chu-tinh")
    _no_overflow(page)

    # The list of offices: last push, visits, clock, token.
    warning.get_by_role("link", name="Xem danh sách cơ quan").click()
    for office in offices.values():
        row = page.locator(f"#site-{office.code}")
        expect(row.locator("td.num")).to_have_text(str(len(office.days)))
        expect(row).to_contain_text(clock.format_date(clock.utcnow(), TZ))
    expect(page.locator("#site-xa-an-binh")).to_contain_text("Chưa gửi")
    expect(page.locator("#site-so-tu-phap")).to_contain_text("đúng giờ")
    expect(page.locator("#site-ttpvhcc-chau-thanh")).to_contain_text("Đồng hồ lệch quá 120 giây")
    _shot(page, "02-co-quan")
    _no_overflow(page)

    # Enrol an office: its token shown once, on its own page.
    page.get_by_label("Mã cơ quan").fill("xa-phu-hoa")
    page.get_by_label("Tên cơ quan").fill("UBND xã Phú Hòa")
    page.get_by_role("button", name="Thêm cơ quan").click()
    token = page.locator("#token").text_content().strip()
    assert len(token) >= 32
    _shot(page, "03-ma-truy-cap")
    assert _push_status(url, token) == 200
    page.get_by_role("link", name="Quay lại danh sách cơ quan").click()
    expect(page.locator("#site-xa-phu-hoa")).to_contain_text("UBND xã Phú Hòa")
    assert token not in page.content()

    # Revoke it: the list says so and the token is refused at once.
    page.get_by_role("button", name="Thu hồi mã: xa-phu-hoa").click()
    expect(page.locator(".flash")).to_contain_text("Đã thu hồi mã truy cập của “UBND xã Phú Hòa”")
    expect(page.locator("#site-xa-phu-hoa")).to_contain_text("Chưa cấp hoặc đã thu hồi")
    assert _push_status(url, token) == 401
    _shot(page, "04-thu-hoi")

    # An office's name leads to its results.
    page.get_by_role("link", name="UBND xã Tân Phú").click()
    expect(page.locator("h1")).to_have_text("Kết quả đánh giá – UBND xã Tân Phú")
    expect(page.get_by_role("link", name="Hôm nay", exact=True)).to_be_visible()

    # Results of every office for this quarter, then one office through the picker.
    today = clock.local_day(clock.utcnow(), TZ)
    quarter = current_period("quarter", today)
    page.goto(f"{url}/results?period={quarter.code}")
    total = sum(o.visits_between(quarter.first, quarter.last) for o in offices.values())
    expect(page.locator("#fig-visits")).to_have_text(str(total))
    for office in offices.values():
        row = page.locator(f"#t-sites #site-{office.code}")
        expect(row.locator("td").first).to_have_text(
            str(office.visits_between(quarter.first, quarter.last))
        )
    _shot(page, "05-ket-qua-tinh")
    _no_overflow(page)

    picker = page.locator("form.site-picker")
    picker.get_by_label("Cơ quan").select_option("so-tu-phap")
    picker.get_by_role("button").click()
    expect(page.locator("h1")).to_have_text("Kết quả đánh giá – Sở Tư pháp")
    expect(page.locator("#period")).to_have_text(quarter.label)
    office = offices["so-tu-phap"]
    expect(page.locator("#fig-visits")).to_have_text(
        str(office.visits_between(quarter.first, quarter.last))
    )
    _shot(page, "06-ket-qua-so-tu-phap")
    _no_overflow(page)

    # The province's quarterly report: its Word file has the table of offices.
    page.goto(f"{url}/reports")
    row = page.locator(f"#p-{quarter.code}")
    _shot(page, "07-bao-cao-tinh")
    _no_overflow(page)
    with page.expect_download(timeout=60_000) as word:
        row.get_by_role("link", name=f"Word: {quarter.label}").click()
    docx = tmp_path / word.value.suggested_filename
    word.value.save_as(docx)
    (table,) = [t for t in Document(str(docx)).tables if t.rows[0].cells[1].text == "Cơ quan"]
    printed = {r.cells[1].text: r.cells[2].text for r in table.rows[1:]}
    for office in offices.values():
        assert printed[office.name] == str(office.visits_between(quarter.first, quarter.last))

    # The watchlist of the office whose official serves badly, over a year holding two months
    # of visits at least, the office chosen with the picker after the year.
    year = (today - timedelta(days=60)).year
    page.goto(f"{url}/watchlist?period={year}")
    picker = page.locator("form.site-picker")
    picker.get_by_label("Cơ quan").select_option("ubnd-tan-phu")
    picker.get_by_role("button").click()
    expect(page.locator("h1")).to_have_text("Danh sách theo dõi – UBND xã Tân Phú")
    expect(page.locator("#period")).to_have_text(f"Năm {year}")
    expect(page.locator("#watchlist")).to_contain_text("Lê Hoàng Yến")
    _shot(page, "08-theo-doi-tan-phu")
    _no_overflow(page)

    # Every office's cases, as the province sees them.
    page.goto(f"{url}/cases")
    _shot(page, "08b-phan-anh-tinh")
    _no_overflow(page)

    # The offices' kiosks are theirs: listed, with nothing to press that the server refuses.
    page.goto(f"{url}/devices")
    expect(page.locator("main tbody tr")).to_have_count(6)
    expect(page.locator("main form")).to_have_count(0)
    _shot(page, "08c-thiet-bi-tinh")

    # Paper forms are typed at each office, not here: no form to fill in for nothing.
    page.get_by_role("link", name="Phiếu giấy").click()
    expect(page.locator("#read-only")).to_contain_text("Phiếu giấy được nhập trên trang quản trị")
    expect(page.locator("#paper-form")).to_have_count(0)

    # On a phone: the list of offices and the table of offices fit the screen's width.
    page.set_viewport_size({"width": 390, "height": 844})
    for path, name in (("/sites", "13-co-quan-dien-thoai"), ("/results", "14-ket-qua-dien-thoai")):
        page.goto(f"{url}{path}")
        _shot(page, name)
        _no_overflow(page)
    page.close()


def test_a_site_leader_sees_only_its_own_office(browser, province):
    from playwright.sync_api import expect

    url, offices = province.url, province.offices
    own = offices["ubnd-tan-phu"]
    page = _login(browser, url, "ld-tan-phu")

    page.goto(f"{url}/")
    expect(page.locator("#site-warning")).to_have_count(0)
    month = current_period("month", clock.local_day(clock.utcnow(), TZ))
    expect(page.locator("#fig-visits")).to_have_text(
        str(own.visits_between(month.first, month.last))
    )
    _shot(page, "09-trang-chu-lanh-dao-xa")

    page.goto(f"{url}/results?period={month.code}")
    expect(page.locator("form.site-picker")).to_have_count(0)
    expect(page.locator("#t-sites")).to_have_count(0)
    expect(page.locator("#fig-visits")).to_have_text(
        str(own.visits_between(month.first, month.last))
    )
    _shot(page, "10-ket-qua-lanh-dao-xa")

    # Its reports and watchlist are its office's, named so, with no picker.
    for path, title, name in (
        ("/reports", "Báo cáo định kỳ", "10b-bao-cao-lanh-dao-xa"),
        ("/watchlist", "Danh sách theo dõi", "10c-theo-doi-lanh-dao-xa"),
    ):
        page.goto(f"{url}{path}")
        expect(page.locator("h1")).to_have_text(f"{title} – UBND xã Tân Phú")
        expect(page.locator("form.site-picker")).to_have_count(0)
        _shot(page, name)

    # Its own case opens, read-only: the office handles it on its own admin.
    assert page.goto(f"{url}/cases/{province.case_of[own.code]}").status == 200
    expect(page.locator("#read-only")).to_contain_text("Phản ánh này do cơ quan xử lý")
    expect(page.locator("main form")).to_have_count(0)
    _shot(page, "11-phan-anh-cua-xa")

    # Letters are written at the office; the province's letter templates are not its page.
    page.get_by_role("link", name="Thư", exact=True).click()
    expect(page.get_by_role("link", name="Viết thư mới")).to_have_count(0)
    expect(page.get_by_role("link", name="Mẫu thư và thông tin in trên thư")).to_have_count(0)

    # Another office's case and filter are refused.
    response = page.goto(f"{url}/cases/{province.case_of['so-tu-phap']}")
    assert response.status == 403
    expect(page.locator("h1")).to_have_text("Không có quyền")
    assert page.goto(f"{url}/results?site=so-tu-phap").status == 403
    assert page.goto(f"{url}/watchlist?site=so-tu-phap").status == 403
    assert page.goto(f"{url}/sites").status == 403
    _shot(page, "12-khong-co-quyen")
    page.close()
