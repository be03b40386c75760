"""Demo data: units, counters, 300 officials and N realistic visits over the past year.

Everything follows from the seed (and the moment the year ends): the same seed gives the same
officials and visits. Visits are written in bulk (SQLAlchemy core executemany, a transaction
per batch) through the same tables as real visits, with their result tallies, so results, CSV
and the API work on them. Demo visits come from devices named ``demo-...``; a store holding
other (real) visits is refused unless forced.
"""

from __future__ import annotations

import random
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import exists, func, insert, select

from lobby import clock
from lobby.store.devices import upsert_device
from lobby.store.models import Answer, Counter, Official, Unit, Visit, VisitReason
from lobby.store.officials import OfficialInput
from lobby.store.tallies import Tallies
from lobby.survey import Survey, survey_from_text
from lobby.vntext import nfc

DEMO_DEVICE_PREFIX = "demo-"
OFFICIALS = 300
BATCH = 5000
DAYS = 365

UNITS = (
    "Trung tâm Phục vụ hành chính công",
    "Phòng Tư pháp",
    "Phòng Tài nguyên và Môi trường",
    "Phòng Quản lý đô thị",
    "Phòng Lao động - Thương binh và Xã hội",
    "Phòng Kinh tế",
    "Phòng Văn hóa và Thông tin",
    "Phòng Nội vụ",
    "Phòng Tài chính - Kế hoạch",
    "Phòng Y tế",
)
COUNTERS = 20
SURNAMES = (
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Huỳnh", 5),
    ("Phan", 4),
    ("Vũ", 4),
    ("Võ", 4),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 1),
    ("Ngô", 1),
    ("Dương", 1),
    ("Lý", 1),
)
MIDDLE = {
    "nam": ("Văn", "Hữu", "Đức", "Minh", "Quốc", "Công", "Thành", "Xuân", "Đình", "Quang"),
    "nữ": ("Thị", "Ngọc", "Thu", "Thanh", "Thị Thu", "Thị Minh", "Kim", "Hồng", "Bích", "Mỹ"),
}
GIVEN = {
    "nam": (
        "An", "Bình", "Cường", "Dũng", "Hùng", "Hải", "Khoa", "Long", "Minh", "Nam", "Phúc",
        "Quang", "Sơn", "Tâm", "Thắng", "Trung", "Tuấn", "Việt", "Vinh", "Đạt", "Hiếu", "Khánh",
        "Lộc", "Phong", "Thịnh", "Toàn",
    ),
    "nữ": (
        "Lan", "Hoa", "Hương", "Mai", "Linh", "Trang", "Thảo", "Ngọc", "Hạnh", "Yến", "Nhung",
        "Phương", "Hằng", "Thủy", "Vân", "Oanh", "Diệp", "Giang", "Hà", "Nga", "Loan", "Huyền",
        "Liên", "Tuyết",
    ),
}  # fmt: skip
TITLES = (
    ("Chuyên viên", 50),
    ("Chuyên viên chính", 14),
    ("Cán sự", 16),
    ("Văn thư", 5),
    ("Phó Trưởng phòng", 10),
    ("Trưởng phòng", 5),
)
COMMENTS = (
    "Phải chờ quá lâu mới đến lượt.",
    "Cán bộ hướng dẫn chưa rõ, phải hỏi lại nhiều lần.",
    "Thái độ chưa niềm nở.",
    "Hồ sơ hẹn trả nhưng đến nơi chưa có kết quả.",
    "Phòng chờ nóng, thiếu ghế ngồi.",
    "Mong cơ quan bố trí thêm cán bộ vào giờ cao điểm.",
    "Biểu mẫu khó hiểu, cần có người hỗ trợ điền.",
    "Bị yêu cầu bổ sung giấy tờ không có trong danh mục.",
)
# Chance of each overall level (best first) for an ordinary official and a poorly rated one.
ORDINARY = (0.58, 0.30, 0.08, 0.04)
POOR = (0.12, 0.20, 0.33, 0.35)
LOW_OFFICIALS = 6
# Local opening hours (minutes after midnight) and how busy each weekday is (Monday first).
SESSIONS = ((7 * 60 + 30, 11 * 60 + 30), (13 * 60 + 30, 17 * 60))
WEEKDAY_WEIGHT = (1.2, 1.0, 1.0, 1.0, 0.95, 0.15, 0.02)


class RealVisitsPresent(Exception):
    """The store already holds visits that are not demo data."""


@dataclass(frozen=True)
class DemoPlan:
    """The people of the demo office and which officials are rated low on purpose."""

    officials: tuple[OfficialInput, ...]
    low_officials: frozenset[str]


@dataclass(frozen=True)
class DemoSummary:
    """What a demo run wrote."""

    officials: int
    visits: int
    answers: int
    survey_key: str
    versions: tuple[int, ...]


def _weighted(rng: random.Random, items) -> str:
    return rng.choices([i for i, _ in items], weights=[w for _, w in items])[0]


def build_plan(seed: int) -> DemoPlan:
    """Return the demo office's units, counters and officials for ``seed``."""
    rng = random.Random(f"officials:{seed}")  # noqa: S311 (demo data, reproducible)
    counters = [(f"Quầy {i + 1}", UNITS[i % 4 if i < 16 else 4 + i % 6]) for i in range(COUNTERS)]
    officials = []
    for number in range(1, OFFICIALS + 1):
        sex = rng.choice(("nam", "nữ"))
        name = f"{_weighted(rng, SURNAMES)} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"
        if number <= COUNTERS * 3:  # three officials take turns at each counter
            counter, unit = counters[(number - 1) % COUNTERS]
            title = rng.choice(("Chuyên viên", "Cán sự", "Chuyên viên chính"))
        else:
            counter, unit = "", rng.choice(UNITS)
            title = _weighted(rng, TITLES)
            if unit.startswith("Trung tâm") and "Trưởng phòng" in title:
                title = title.replace("Trưởng phòng", "Giám đốc")
        officials.append(OfficialInput(f"CB{number:04d}", name, title, unit, counter))
    low = rng.sample([o.code for o in officials[: COUNTERS * 3]], LOW_OFFICIALS)
    return DemoPlan(tuple(officials), frozenset(low))


def rich_survey_text(base: Survey, full_text: str) -> str:
    """Return the full demo survey's TOML under the key of the office's own survey."""
    return re.sub(r'(?m)^id = ".*"$', f'id = "{base.id}"', full_text, count=1)


def _day_counts(n: int, days: list[date], rng: random.Random) -> list[int]:
    """Share ``n`` visits among the days by weekday weight, with some noise; exact total."""
    weights = [WEEKDAY_WEIGHT[d.weekday()] * rng.uniform(0.7, 1.3) for d in days]
    total = sum(weights)
    counts, given, running = [], 0, 0.0
    for weight in weights:
        running += weight
        target = round(n * running / total)
        counts.append(target - given)
        given = target
    return counts


def _answers(rng: random.Random, survey: Survey, overall: int, rich: bool) -> list[dict]:
    """Return the answers of one visit: the overall level, then (sometimes) the criteria."""
    rows = []
    for position, question in enumerate(survey.questions):
        if position == 0:
            index = min(overall, len(question.levels) - 1)
        elif not rich:
            break
        else:
            good = 0.92 if overall <= 1 else 0.35
            index = 0 if rng.random() < good else rng.randrange(1, len(question.levels))
        level = question.levels[index]
        rows.append(
            {
                "position": position,
                "question_key": question.key,
                "question_text": question.text,
                "level_key": level.key,
                "level_label": level.label,
                "level_index": index,
                "satisfied": level.satisfied,
            }
        )
    return rows


@dataclass
class _Context:
    rng: random.Random
    plan: DemoPlan
    people: dict[str, tuple[int, str, int | None, str | None, int | None, str | None]]
    tz: ZoneInfo
    dossiers: list[str]


def _visit(ctx: _Context, moment: datetime, day: date, survey, version: int, rich: bool):
    """Return (visit row, answer rows, reason keys) of one demo visit at a local moment."""
    rng = ctx.rng
    roll = rng.random()
    channel = "kiosk" if roll < 0.86 else ("paper" if roll < 0.96 else "web")
    device = {"kiosk": f"kiosk-{rng.randint(1, 3)}", "paper": "paper", "web": "web"}[channel]
    code = None if rng.random() < 0.07 else f"CB{rng.randint(1, OFFICIALS):04d}"
    if code is not None and rng.random() < 0.5:  # counters are the busiest
        code = f"CB{rng.randint(1, COUNTERS * 3):04d}"
    person = ctx.people.get(code) if code else None
    chances = POOR if code in ctx.plan.low_officials else ORDINARY
    overall = rng.choices(range(4), weights=chances)[0]
    answers = _answers(rng, survey, overall, rich and rng.random() < 0.45)
    low = not answers[0]["satisfied"]
    dossier = None
    if rng.random() < 0.6:
        if ctx.dossiers and rng.random() < 0.03:
            dossier = rng.choice(ctx.dossiers[-2000:])
        else:
            dossier = f"H12.{rng.randint(1, 40):02d}-{day:%y%m%d}-{rng.randint(1, 9999):04d}"
            ctx.dossiers.append(dossier)
    reasons, comment, phone = [], None, None
    if low and survey.followup.enabled and rng.random() < 0.7:
        keys = [r.key for r in survey.followup.reasons]
        reasons = rng.sample(keys, min(len(keys), rng.choice((1, 1, 2))))
        if rng.random() < 0.25:
            comment = rng.choice(COMMENTS)
        if rng.random() < 0.12:
            phone = f"09{rng.randint(0, 99_999_999):08d}"
    official_id, unit_id, unit_code, counter_id, counter_code = None, None, None, None, None
    if person is not None:
        official_id, unit_code, unit_id, counter_code, counter_id, _ = person
    visit = {
        "device_id": DEMO_DEVICE_PREFIX + device,
        "channel": channel,
        "created_at": moment.astimezone(UTC),
        "local_day": day,
        "survey_key": survey.id,
        "survey_version": version,
        "official_code": code,
        "counter_code": counter_code,
        "unit_code": unit_code,
        "official_id": official_id,
        "counter_id": counter_id,
        "unit_id": unit_id,
        "dossier_code": dossier,
        "comment": comment,
        "callback_phone": phone,
        "callback_consent": phone is not None,
        "input_channel": "touch" if channel == "kiosk" else channel,
        "is_repeat": False,
        "dossier_repeat": False,
    }
    return visit, answers, reasons


def iter_visits(
    plan: DemoPlan,
    people: dict,
    surveys: list[tuple[Survey, int, bool]],
    n: int,
    seed: int,
    end: datetime,
    tz_name: str,
    salt: int = 0,
) -> Iterator[tuple[dict, list[dict], list[str]]]:
    """Yield ``n`` visits (visit row, answer rows, reason keys), oldest first, over the 365
    office days up to the last one over at ``end``: the first survey of ``surveys`` for the
    first third of them, then the second. ``people`` maps an official's code to its resolved
    ids (see ``resolve_people``)."""
    rng = random.Random(f"visits:{seed}:{salt}")  # noqa: S311 (demo data, reproducible)
    tz = ZoneInfo(tz_name)
    local_end = end.astimezone(tz)
    # Up to the last office day already over, so no visit is in the future.
    last_day = local_end.date() - timedelta(days=local_end.hour * 60 < SESSIONS[-1][1])
    days = [last_day - timedelta(days=i) for i in range(DAYS - 1, -1, -1)]
    ctx = _Context(rng, plan, people, tz, [])
    seen_dossiers: set[str] = set()
    last_at: dict[str, datetime] = {}
    switch = days[len(days) // 3]
    for day, count in zip(days, _day_counts(n, days, rng), strict=True):
        survey, version, rich = surveys[0] if day < switch or len(surveys) == 1 else surveys[1]
        minutes = sorted(rng.uniform(*rng.choices(SESSIONS)[0]) for _ in range(count))
        for minute in minutes:
            moment = datetime.combine(day, time(0), tz) + timedelta(minutes=minute)
            visit, answers, reasons = _visit(ctx, moment, day, survey, version, rich)
            device = visit["device_id"]
            previous = last_at.get(device)
            if visit["channel"] == "kiosk" and previous and rng.random() < 0.015:
                # A second press right after the first: kept, flagged, left out of results.
                visit["created_at"] = previous + timedelta(seconds=rng.uniform(0.5, 3))
                visit["local_day"] = clock.local_day(visit["created_at"], tz_name)
                visit["is_repeat"] = True
            last_at[device] = max(visit["created_at"], previous or visit["created_at"])
            dossier = visit["dossier_code"]
            if dossier is not None:
                visit["dossier_repeat"] = dossier in seen_dossiers
                seen_dossiers.add(dossier)
            visit["id"] = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            yield visit, answers, reasons


def resolve_people(connection) -> dict:
    """Return code -> (official id, unit code, unit id, counter code, counter id, name)."""
    query = (
        select(Official.code, Official.id, Unit.code, Unit.id, Counter.code, Counter.id)
        .add_columns(Official.full_name)
        .outerjoin(Unit, Official.unit_id == Unit.id)
        .outerjoin(Counter, Official.counter_id == Counter.id)
    )
    return {row[0]: tuple(row[1:]) for row in connection.execute(query)}


def has_real_visits(store) -> bool:
    """Tell whether the store holds visits that are not demo data."""
    query = select(exists().where(~Visit.device_id.startswith(DEMO_DEVICE_PREFIX)))
    with store.engine.connect() as connection:
        return bool(connection.scalar(query))


def write_demo_data(
    store,
    base_survey_text: str,
    full_survey_text: str,
    n: int,
    seed: int = 1,
    *,
    force: bool = False,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Write the demo office and ``n`` visits into ``store``; RealVisitsPresent when it already
    holds real visits (unless ``force``)."""
    if not force and has_real_visits(store):
        raise RealVisitsPresent()
    plan = build_plan(seed)
    store.upsert_officials(plan.officials)
    base = survey_from_text(nfc(base_survey_text))
    rich_text = rich_survey_text(base, nfc(full_survey_text))
    first_version = store.ensure_survey_version(base.id, nfc(base_survey_text))
    rich_version = store.ensure_survey_version(base.id, rich_text)
    surveys = [(base, first_version, False), (survey_from_text(rich_text), rich_version, True)]
    with store.engine.connect() as connection:
        people = resolve_people(connection)
        salt = connection.scalar(select(func.count()).select_from(Visit)) or 0
    end = now or clock.utcnow()
    visits = iter_visits(plan, people, surveys, n, seed, end, store.tz_name, salt)
    written = answers_written = 0
    devices: dict[str, datetime] = {}
    while written < n:
        batch = [next(visits) for _ in range(min(BATCH, n - written))]
        answers_written += _write_batch(store, batch, devices)
        written += len(batch)
        if progress:
            progress(written, n)
    with store.session() as session:
        for device, seen in sorted(devices.items()):
            upsert_device(session, device, seen_at=seen)
    versions = tuple(sorted({first_version, rich_version}))
    return DemoSummary(len(plan.officials), written, answers_written, base.id, versions)


def _write_batch(store, batch, devices: dict[str, datetime]) -> int:
    """Insert one batch of visits, answers, reasons and tallies in one transaction."""
    visit_rows, answer_rows, reason_rows = [], [], []
    tallies = Tallies()
    for visit, answers, reasons in batch:
        visit_rows.append(visit)
        for answer in answers:
            answer_rows.append({**answer, "visit_id": visit["id"]})
        reason_rows.extend({"visit_id": visit["id"], "reason_key": r} for r in reasons)
        tallies.add_visit(visit, answers)
        device = visit["device_id"]
        devices[device] = max(devices.get(device, visit["created_at"]), visit["created_at"])
    with store.engine.begin() as connection:
        connection.execute(insert(Visit.__table__), visit_rows)
        if answer_rows:
            connection.execute(insert(Answer.__table__), answer_rows)
        if reason_rows:
            connection.execute(insert(VisitReason.__table__), reason_rows)
        tallies.flush(connection)
    return len(answer_rows)
