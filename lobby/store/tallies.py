"""Result tallies: an exact rollup of visits and answers that keeps results fast on big stores.

Every visit adds one count to a few rows of ``result_tallies`` (see the model): per office day
and per month, for the whole office and per unit, counter, official, question, channel,
weekday and UTC quarter-hour, with the survey version, question, level and flags it had.
Rows are added in the same transaction as the visit (``record_visit``, the demo writer), and
``rebuild`` recomputes them from the visits (the migration that introduced them uses it), so
report figures read from the rollup equal those counted from the answers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import UTC, date, timedelta

from sqlalchemy import Boolean, any_, column, delete, func, or_, select, table
from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import ColumnElement

from lobby.store.models import Answer, ResultTally, Site, Visit
from lobby.store.prepared import Prepared
from lobby.store.sites import LOCAL_SITE_ID
from lobby.store.upsert import conflict_insert

TABLE = ResultTally.__table__
# A tally row's key within one site (the whole key before tallies were kept per site).
OFFICE_KEY_COLUMNS = (
    "dimension",
    "span",
    "day",
    "group_key",
    "ref_id",
    "survey_key",
    "survey_version",
    "question_key",
    "level_key",
    "level_index",
    "satisfied",
    "is_repeat",
)
KEY_COLUMNS = ("site_id", *OFFICE_KEY_COLUMNS)
# Visits and answers needed to tally a visit, as column names of ``visits`` / ``answers``.
VISIT_FIELDS = (
    "site_id",
    "local_day",
    "created_at",
    "channel",
    "survey_key",
    "survey_version",
    "unit_code",
    "unit_id",
    "counter_code",
    "counter_id",
    "official_code",
    "official_id",
    "is_repeat",
)
ANSWER_FIELDS = (
    "position",
    "question_key",
    "question_text",
    "level_key",
    "level_index",
    "satisfied",
)
SLOT_MINUTES = 15


def utc_slot(created_at) -> int:
    """Return the UTC quarter-hour of the day (0..95) of an aware moment."""
    moment = created_at.astimezone(UTC)
    return (moment.hour * 60 + moment.minute) // SLOT_MINUTES


def month_start(day: date) -> date:
    """Return the first day of the month of ``day``."""
    return day.replace(day=1)


class Tallies:
    """Counts of tally rows accumulated in memory, written to the store with ``flush``."""

    def __init__(self) -> None:
        self.counts: Counter[tuple] = Counter()
        self.labels: dict[tuple, str] = {}

    def __len__(self) -> int:
        return len(self.counts)

    def _add(self, visit: Mapping, dim: str, key: str, ref: int | None, answer, label="") -> None:
        day = visit["local_day"]
        if answer is None:
            question = ("", "", -1, False)
        else:
            question = (
                answer["question_key"],
                answer["level_key"],
                int(answer["level_index"]),
                bool(answer["satisfied"]),
            )
        tail = (
            key or "",
            ref or 0,
            visit["survey_key"],
            int(visit["survey_version"]),
            *question,
            bool(visit["is_repeat"]),
        )
        # A visit mapping without a site (the demo writer's) is the local site's.
        site = visit.get("site_id") or LOCAL_SITE_ID
        for span, start in (("d", day), ("m", month_start(day))):
            row = (site, dim, span, start, *tail)
            self.counts[row] += 1
            if label and row not in self.labels:
                self.labels[row] = label

    def add_visit(self, visit: Mapping, answers: Iterable[Mapping]) -> None:
        """Count one visit (a mapping of VISIT_FIELDS) and its answers (of ANSWER_FIELDS)."""
        self._add(visit, "visits", "*", None, None)
        for answer in answers:
            if int(answer["level_index"]) < 0:
                continue  # "Không áp dụng": kept with the visit, counted in no rate
            self._add(
                visit, "question", answer["question_key"], None, answer, answer["question_text"]
            )
            if answer["position"] != 0:
                continue
            self._add(visit, "total", "*", None, answer)
            for dim in ("unit", "counter", "official"):
                self._add(visit, dim, visit[f"{dim}_code"], visit[f"{dim}_id"], answer)
            self._add(visit, "channel", visit["channel"], None, answer, visit["channel"])
            weekday = visit["local_day"].isoweekday() % 7  # 0 = Sunday
            self._add(visit, "weekday", str(weekday), None, answer)
            self._add(visit, "utc_slot", str(utc_slot(visit["created_at"])), None, answer)

    def rows(self) -> list[dict]:
        """Return the accumulated rows as dicts of the table's columns."""
        return [
            {**dict(zip(KEY_COLUMNS, key, strict=True)), "n": n, "label": self.labels.get(key, "")}
            for key, n in self.counts.items()
        ]

    def flush(self, connection, batch: int = 5000, *, by_site: bool = True) -> None:
        """Add the accumulated counts to the store's rows (insert or increment), then forget them.

        ``connection`` is a Connection or a Session inside the caller's transaction.
        ``by_site`` False: the table as it was before sites (no site_id; migration 0009).
        """
        rows = self.rows()
        self.counts.clear()
        self.labels.clear()
        if not rows:
            return
        if isinstance(connection, Session):
            connection = connection.connection()
        upsert = _UPSERT
        if not by_site:
            upsert = _OFFICE_UPSERT
            for row in rows:
                del row["site_id"]
        for start in range(0, len(rows), batch):
            upsert.run_many(connection, rows[start : start + batch])


def _upsert_statement(target, key_columns):
    def build(dialect: str):
        statement = conflict_insert(target, dialect)
        return statement.on_conflict_do_update(
            index_elements=list(key_columns), set_={"n": target.c.n + statement.excluded.n}
        )

    return build


_UPSERT = Prepared(_upsert_statement(TABLE, KEY_COLUMNS))
# result_tallies as migration 0009 made it, before sites.
_OFFICE_TABLE = table(
    "result_tallies",
    *(column(c.name, c.type) for c in TABLE.columns if c.name != "site_id"),
)
_OFFICE_UPSERT = Prepared(_upsert_statement(_OFFICE_TABLE, OFFICE_KEY_COLUMNS))


def rebuild(connection: Connection, batch: int = 5000, *, by_site: bool = True) -> int:
    """Recompute every tally from the stored visits and answers; return the visits counted.

    ``by_site`` False: for a store from before sites (migration 0009 fills its tallies here).
    """
    target = TABLE if by_site else _OFFICE_TABLE
    connection.execute(delete(target))
    fields = VISIT_FIELDS if by_site else [f for f in VISIT_FIELDS if f != "site_id"]
    visit_columns = [Visit.id, *(getattr(Visit, name) for name in fields)]
    answer_columns = [Answer.visit_id, *(getattr(Answer, name) for name in ANSWER_FIELDS)]
    after, total = None, 0
    while True:
        query = select(*visit_columns).order_by(Visit.id).limit(batch)
        if after is not None:
            query = query.where(Visit.id > after)
        visits = [row._mapping for row in connection.execute(query)]
        if not visits:
            return total
        ids = [v["id"] for v in visits]
        answers: dict[str, list] = {i: [] for i in ids}
        found = connection.execute(select(*answer_columns).where(Answer.visit_id.in_(ids)))
        for row in found:
            answers[row.visit_id].append(row._mapping)
        tallies = Tallies()
        for visit in visits:
            tallies.add_visit(visit, answers[visit["id"]])
        tallies.flush(connection, by_site=by_site)
        total += len(visits)
        after = ids[-1]


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def period_rows(
    dimension: str,
    first: date,
    last: date,
    *,
    include_repeats: bool,
    daily=False,
    site_id: int | None = None,
    site_ids: Iterable[int] | None = None,
):
    """Return the WHERE condition selecting the tally rows of ``dimension`` that cover the
    office days ``first``..``last`` exactly once: month rows for whole months, day rows for the
    rest (only day rows when ``daily``); of one site (``site_id``), of some (``site_ids``) or of
    every site."""
    t = TABLE.c
    whole_from = first if first.day == 1 else _next_month(first)
    after = last + timedelta(days=1)
    whole_to = after if after.day == 1 else month_start(last)  # the day after the whole months
    parts = []
    if daily or whole_from >= whole_to:
        parts.append((t.span == "d") & (t.day >= first) & (t.day <= last))
    else:
        parts.append((t.span == "m") & (t.day >= whole_from) & (t.day < whole_to))
        if first < whole_from:
            parts.append((t.span == "d") & (t.day >= first) & (t.day < whole_from))
        if whole_to <= last:
            parts.append((t.span == "d") & (t.day >= whole_to) & (t.day <= last))
    if not include_repeats:
        parts = [part & t.is_repeat.is_(False) for part in parts]
    rows = or_(*[(t.dimension == dimension) & part for part in parts])
    if site_id is not None:
        return (t.site_id == site_id) & rows
    if site_ids is not None:
        return t.site_id.in_(sorted(set(site_ids))) & rows
    return EverySite() & rows


class EverySite(ColumnElement):
    """The condition "the tally row's site is a site", true of every row: it lets the database
    read one range of the key per site (the key starts with the site) instead of scanning the
    whole table, as PostgreSQL has no skip scan and its planner may not join the sites so."""

    type = Boolean()
    inherit_cache = True
    _is_implicitly_boolean = True  # a condition as it is, never "= 1" where booleans are ints


@compiles(EverySite)
def _every_site(element, compiler, **kw):
    return compiler.process(TABLE.c.site_id.in_(select(Site.id)), **kw)


@compiles(EverySite, "postgresql")
def _every_site_postgresql(element, compiler, **kw):
    # An array computed once, then one descent of the key per element.
    every = func.array(select(Site.id).scalar_subquery())
    return compiler.process(TABLE.c.site_id == any_(every), **kw)
