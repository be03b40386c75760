"""Sites: every unit, counter, official, device, visit, case, letter, tally and watchlist entry
belongs to a site (an office feeding the central server); codes and letter numbers are unique
per site; users may be scoped to one site; visits, cases and letters get the marks the
forwarder keeps. The existing rows all go to site 1, "local", this store's own office.

Downgrade: a store holding several sites goes back as one office (tallies of the sites are
summed); it fails, changing nothing, if two sites share a code or a letter number.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

LOCAL_SITE = {"id": 1, "code": "local", "name": "Cơ quan"}

# Tables whose rows belong to a site, parents before children.
SCOPED = (
    "units",
    "counters",
    "officials",
    "devices",
    "visits",
    "cases",
    "letters",
    "watchlist_acks",
    "watchlist_actions",
)
# Uniques that become per site: table -> (columns before, name of the per-site one).
PER_SITE_UNIQUES = {
    "units": (("code",), "uq_units_site_code"),
    "counters": (("code",), "uq_counters_site_code"),
    "officials": (("code",), "uq_officials_site_code"),
    "letters": (("kind", "year", "number"), "uq_letters_site_number"),
    "watchlist_acks": (
        ("subject_kind", "subject_code", "period_code"),
        "uq_watchlist_acks_site_subject_period",
    ),
}
TALLY_KEY = (
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
# SQLite copies a table to change its constraints, dropping the old copy; a table other rows
# point at must be empty then (or the drop fails, or cascades into them). These are emptied,
# children first, into stash tables, and filled again afterwards, parents first.
EMPTIED_ON_SQLITE = (
    "answers",
    "visit_reasons",
    "case_notes",
    "cases",
    "user_sessions",
    "users",
    "visits",
    "devices",
    "officials",
    "counters",
    "units",
)
# Unnamed uniques and keys reflected from SQLite get these names (PostgreSQL's for keys), so
# the batch can drop them.
NAMING = {"uq": "uq_%(table_name)s_%(column_0_name)s", "pk": "%(table_name)s_pkey"}


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _batch(table: str):
    """A batch that rebuilds the table on SQLite and alters it in place on PostgreSQL."""
    return op.batch_alter_table(
        table, recreate="always" if _sqlite() else "never", naming_convention=NAMING
    )


def _unique_named(table: str, columns) -> str:
    """Return the name of the table's unique constraint on ``columns`` as the database has it."""
    for unique in sa.inspect(op.get_bind()).get_unique_constraints(table):
        if tuple(unique["column_names"]) == tuple(columns):
            return unique["name"] or NAMING["uq"] % {
                "table_name": table,
                "column_0_name": columns[0],
            }
    raise RuntimeError(f"{table}: no unique constraint on {columns}")


def _stash() -> None:
    """SQLite: copy the rows of EMPTIED_ON_SQLITE aside and empty those tables, children first."""
    if not _sqlite():
        return
    for table in EMPTIED_ON_SQLITE:
        # Table names from this module only (here and below).
        op.execute(f"CREATE TABLE _stash_{table} AS SELECT * FROM {table}")  # noqa: S608
        op.execute(f"DELETE FROM {table}")  # noqa: S608


def _unstash() -> None:
    """SQLite: put the stashed rows back, parents first (columns added take their defaults)."""
    if not _sqlite():
        return
    bind = op.get_bind()
    for table in reversed(EMPTIED_ON_SQLITE):
        kept = [c["name"] for c in sa.inspect(bind).get_columns(f"_stash_{table}")]
        present = {c["name"] for c in sa.inspect(bind).get_columns(table)}
        names = ", ".join(c for c in kept if c in present)
        copied = f"SELECT {names} FROM _stash_{table}"  # noqa: S608
        op.execute(f"INSERT INTO {table} ({names}) {copied}")
        op.execute(f"DROP TABLE _stash_{table}")


def upgrade() -> None:
    """Create sites with site 1; give every scoped table site_id (1 for every existing row)."""
    sites = op.create_table(
        "sites",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("last_push_at", sa.DateTime(), nullable=True),
        sa.Column("clock_skew_seconds", sa.Float(), nullable=True),
        sa.UniqueConstraint("code", name="uq_sites_code"),
    )
    op.bulk_insert(
        sites,
        [{**LOCAL_SITE, "created_at": datetime.now(UTC).replace(tzinfo=None), "active": True}],
    )
    if not _sqlite():
        # Site 1 was given its id: the next site created must get the one after.
        op.execute("SELECT setval(pg_get_serial_sequence('sites', 'id'), 1)")
    _stash()
    for table in SCOPED:
        with _batch(table) as batch:
            batch.add_column(sa.Column("site_id", sa.Integer(), nullable=False, server_default="1"))
            batch.create_foreign_key(f"fk_{table}_site_id", "sites", ["site_id"], ["id"])
            batch.create_index(f"ix_{table}_site_id", ["site_id"])
            if table in PER_SITE_UNIQUES:
                columns, name = PER_SITE_UNIQUES[table]
                batch.drop_constraint(_unique_named(table, columns), type_="unique")
                batch.create_unique_constraint(name, ["site_id", *columns])
            if table == "visits":
                batch.add_column(sa.Column("received_at", sa.DateTime(), nullable=True))
                batch.add_column(sa.Column("forwarded_at", sa.DateTime(), nullable=True))
            if table in ("cases", "letters"):
                batch.add_column(sa.Column("forwarded_at", sa.DateTime(), nullable=True))
    with _batch("users") as batch:
        batch.add_column(sa.Column("site_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_users_site_id", "sites", ["site_id"], ["id"])
    _unstash()
    op.create_index(
        "ix_visits_unforwarded",
        "visits",
        ["created_at", "id"],
        sqlite_where=sa.text("forwarded_at IS NULL"),
        postgresql_where=sa.text("forwarded_at IS NULL"),
    )
    _tallies_by_site()


def _tallies_by_site() -> None:
    """Put site_id first in result_tallies' key (every existing row: site 1)."""
    with _batch("result_tallies") as batch:
        batch.add_column(sa.Column("site_id", sa.Integer(), nullable=False, server_default="1"))
        batch.create_foreign_key("fk_result_tallies_site_id", "sites", ["site_id"], ["id"])
        batch.drop_constraint("result_tallies_pkey", type_="primary")
        batch.create_primary_key("result_tallies_pkey", ["site_id", *TALLY_KEY])


def downgrade() -> None:
    """Drop sites and every column upgrade() added; uniques and the tally key as before."""
    _tallies_as_one_office()
    op.drop_index("ix_visits_unforwarded", table_name="visits")
    _stash()
    with _batch("users") as batch:
        batch.drop_constraint("fk_users_site_id", type_="foreignkey")
        batch.drop_column("site_id")
    for table in reversed(SCOPED):
        with _batch(table) as batch:
            if table in ("cases", "letters", "visits"):
                batch.drop_column("forwarded_at")
            if table == "visits":
                batch.drop_column("received_at")
            if table in PER_SITE_UNIQUES:
                columns, name = PER_SITE_UNIQUES[table]
                batch.drop_constraint(name, type_="unique")
                # PostgreSQL's own name for the unique the first migrations made.
                batch.create_unique_constraint(f"{table}_{'_'.join(columns)}_key", columns)
            batch.drop_index(f"ix_{table}_site_id")
            batch.drop_constraint(f"fk_{table}_site_id", type_="foreignkey")
            batch.drop_column("site_id")
    _unstash()
    op.drop_table("sites")


def _tallies_as_one_office() -> None:
    """Sum the sites' tally rows into one office's and drop site_id from the key."""
    keys = ", ".join(TALLY_KEY)
    summed = f"SELECT {keys}, MAX(label) AS label, SUM(n) AS n FROM result_tallies"  # noqa: S608
    op.execute(f"CREATE TABLE _stash_tallies AS {summed} GROUP BY {keys}")
    op.execute("DELETE FROM result_tallies")
    with _batch("result_tallies") as batch:
        batch.drop_constraint("result_tallies_pkey", type_="primary")
        batch.drop_constraint("fk_result_tallies_site_id", type_="foreignkey")
        batch.drop_column("site_id")
        batch.create_primary_key("result_tallies_pkey", list(TALLY_KEY))
    stashed = f"SELECT {keys}, label, n FROM _stash_tallies"  # noqa: S608
    op.execute(f"INSERT INTO result_tallies ({keys}, label, n) {stashed}")
    op.execute("DROP TABLE _stash_tallies")
