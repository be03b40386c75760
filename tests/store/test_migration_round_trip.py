"""Every migration goes down and up again: the schema comes back the same, and the rows of the
tables a migration leaves alone survive its round trip. Migration 0002's downgrade loses data by
design (the first schema had one anonymous answer per visit); the test says exactly what.

The migrations are read from the scripts, so a new one is covered without touching this file.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from alembic.script import ScriptDirectory

from lobby.store import db
from lobby.store.tallies import rebuild
from tests.store.table_rows import contents, projected

ROWS_PER_TABLE = 3
# Tables whose rows a migration's upgrade computes from other tables, so a round trip brings
# them back exactly.
REBUILT = {"result_tallies"}
# Tables a migration fills with rows of its own (0015: site 1, the store's own office); the
# test's rows replace them.
PREFILLED = {"sites"}
# What survives migration 0002's round trip of a visit that had an answer at position 0.
KEPT_VISIT_COLUMNS = ("id", "device_id", "created_at", "local_day", "survey_key", "input_channel")
KEPT_ANSWER_COLUMNS = ("visit_id", "level_key", "level_label", "level_index")


def migration_chain(engine) -> list:
    """Return the migration scripts from the first to the newest."""
    scripts = ScriptDirectory.from_config(db.alembic_config(engine))
    return list(reversed(list(scripts.walk_revisions())))


def downgrade(engine, revision: str | None) -> None:
    """Run the downgrades down to ``revision`` (None: to nothing) the way the store does."""
    db.downgrade(engine, revision or "base")


def upgrade(engine, revision: str) -> None:
    """Run the upgrades up to ``revision`` the way the store does."""
    db.upgrade(engine, revision)


def schema(engine) -> dict:
    """Return what the inspector sees of every table but Alembic's own, comparable with ==."""
    inspector = sa.inspect(engine)
    found = {}
    for table in sorted(inspector.get_table_names()):
        if table == "alembic_version":
            continue
        columns = {
            c["name"]: (str(c["type"]), c["nullable"], str(c.get("default")))
            for c in inspector.get_columns(table)
        }
        foreign_keys = sorted(
            (
                tuple(fk["constrained_columns"]),
                fk["referred_table"],
                tuple(fk["referred_columns"]),
                tuple(sorted((fk.get("options") or {}).items())),
            )
            for fk in inspector.get_foreign_keys(table)
        )
        indexes = sorted(
            (
                i["name"],
                tuple(i["column_names"]),
                bool(i["unique"]),
                tuple(sorted((k, str(v)) for k, v in i.get("dialect_options", {}).items())),
            )
            for i in inspector.get_indexes(table)
        )
        uniques = sorted(tuple(u["column_names"]) for u in inspector.get_unique_constraints(table))
        primary_key = tuple(inspector.get_pk_constraint(table)["constrained_columns"])
        found[table] = {
            "columns": columns,
            "primary_key": primary_key,
            "foreign_keys": foreign_keys,
            "indexes": indexes,
            "uniques": uniques,
        }
    return found


def sample_value(table: sa.Table, column: sa.Column, n: int, rows: dict):
    """Return row ``n``'s value of ``column``: a reference to row ``n`` of the table a foreign key
    names, else a value of the column's type that differs from row to row."""
    for fk in column.foreign_keys:
        referred = fk.column
        if referred.table.name == "sites":
            # A store from before sites is one office; every row of it goes back to site 1.
            return 1
        return rows[referred.table.name][n % len(rows[referred.table.name])][referred.name]
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return n % 2 == 0
    if isinstance(kind, sa.Integer):
        return n + 1 if column.primary_key else n % 2
    if isinstance(kind, sa.Numeric | sa.Float):
        return n + 0.5
    if isinstance(kind, sa.Time):
        return time(8, n)
    if isinstance(kind, sa.JSON):
        return {"n": n}
    if isinstance(kind, sa.Enum):
        return kind.enums[n % len(kind.enums)]
    if isinstance(kind, sa.DateTime):
        return datetime(2026, 3, 31, 16, 50) + timedelta(minutes=7 * n)
    if isinstance(kind, sa.Date):
        return date(2026, 3, 31) + timedelta(days=n)
    if isinstance(kind, sa.LargeBinary):
        return bytes([n]) * 8
    if isinstance(kind, sa.String):
        text = f"{n}-{table.name}.{column.name} Hài lòng"
        return text[: kind.length] if kind.length else text
    raise AssertionError(f"no sample value for {table.name}.{column.name} of type {kind}")


def fill_every_table(engine) -> None:
    """Put a few rows into every table (foreign keys pointing at rows that exist) and compute the
    tallies from the visits, as the store keeps them."""
    metadata = sa.MetaData()
    metadata.reflect(engine)
    rows: dict[str, list[dict]] = {}
    with engine.begin() as connection:
        for table in metadata.sorted_tables:
            if table.name == "alembic_version" or table.name in REBUILT:
                continue
            rows[table.name] = [
                {c.name: sample_value(table, c, n, rows) for c in table.columns}
                for n in range(ROWS_PER_TABLE)
            ]
            if table.name in PREFILLED:
                connection.execute(table.delete())
            connection.execute(table.insert(), rows[table.name])
        if "result_tallies" in metadata.tables:
            assert rebuild(connection) == ROWS_PER_TABLE


def check_rows_survive(before: dict, after: dict, older_schema: dict, revision: str) -> None:
    """Rows of every table that existed before ``revision`` are back, in the columns it had."""
    for table, shape in older_schema.items():
        if table not in before:
            continue
        columns = sorted(shape["columns"])
        assert projected(after[table], columns) == projected(before[table], columns), (
            f"{table}: rows changed by the round trip of migration {revision}"
        )


def check_what_0002_loses(before: dict, after: dict, added: set[str], module) -> None:
    """0002's round trip keeps of each visit only what the first schema's ``responses`` held:
    visits with an answer at position 0 come back with that one answer; every other answer,
    visit without a first answer, visit field, device detail and every row of units, counters,
    officials, survey versions, visit reasons and public items is lost."""
    first_answers = {a["visit_id"]: a for a in before["answers"] if a["position"] == 0}
    lost_visits = [v["id"] for v in before["visits"] if v["id"] not in first_answers]
    assert lost_visits and len(before["answers"]) > len(first_answers), "nothing there to lose"

    assert projected(after["visits"], KEPT_VISIT_COLUMNS) == projected(
        [v for v in before["visits"] if v["id"] in first_answers], KEPT_VISIT_COLUMNS
    )
    for visit in after["visits"]:
        assert (visit["channel"], visit["survey_version"]) == ("kiosk", 1)
        rebuilt = {*KEPT_VISIT_COLUMNS, "channel", "survey_version"}
        blank = {k: v for k, v in visit.items() if k not in rebuilt}
        assert set(blank.values()) <= {None, False}, blank

    assert projected(after["answers"], KEPT_ANSWER_COLUMNS) == projected(
        list(first_answers.values()), KEPT_ANSWER_COLUMNS
    )
    for answer in after["answers"]:
        assert (answer["question_key"], answer["position"]) == (module.OVERALL_KEY, 0)
        assert answer["question_text"] == module.OVERALL_TEXT
        assert answer["satisfied"] is (answer["level_key"] in module.SATISFIED_LEVELS)

    last_seen: dict[str, datetime] = {}
    for visit in after["visits"]:
        device, moment = visit["device_id"], visit["created_at"]
        last_seen[device] = max(moment, last_seen.get(device, moment))
    assert {d["id"]: (d["kind"], d["last_seen_at"]) for d in after["devices"]} == {
        device: ("kiosk", moment) for device, moment in last_seen.items()
    }
    for device in after["devices"]:
        blank = {k: v for k, v in device.items() if k not in ("id", "kind", "last_seen_at")}
        assert set(blank.values()) <= {None, False}, blank
    for table in added - {"visits", "answers", "devices"}:
        assert before[table], f"{table} had no rows to lose"
        assert after[table] == [], f"{table} kept rows through 0002's downgrade"


def test_every_migration_goes_down_and_up_again_to_the_same_schema_and_rows(store_url):
    engine = db.make_engine(store_url)
    try:
        chain = migration_chain(engine)
        assert [s.revision for s in chain][:2] == ["0001", "0002"]
        shapes = {None: schema(engine)}
        assert shapes[None] == {}
        for script in chain:
            upgrade(engine, script.revision)
            shapes[script.revision] = schema(engine)
        assert db.current_revision(engine) == db.head_revision()

        fill_every_table(engine)
        for script in reversed(chain):
            revision, older = script.revision, script.down_revision
            before = contents(engine)
            downgrade(engine, older)
            assert schema(engine) == shapes[older], f"downgrade of {revision}"
            upgrade(engine, revision)
            assert schema(engine) == shapes[revision], f"upgrade of {revision} after its downgrade"
            after = contents(engine)
            check_rows_survive(before, after, shapes[older], revision)
            for table in REBUILT & set(after):
                assert after[table] == before[table], f"{table} after the round trip of {revision}"
            if revision == "0002":
                added = set(shapes["0002"]) - set(shapes["0001"])
                check_what_0002_loses(before, after, added, script.module)
            downgrade(engine, older)

        assert schema(engine) == {} and db.current_revision(engine) is None
        for script in chain:
            upgrade(engine, script.revision)
            assert schema(engine) == shapes[script.revision], f"second upgrade to {script.revision}"
    finally:
        engine.dispose()
