"""Daily use: officials searchable without marks and ordered by given name in SQL; the outcome
of each follow-up call.

Revision ID: 0014
Revises: 0011
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

from lobby.name_index import name_sort_key, search_text

revision = "0014"
down_revision = "0011"
branch_labels = None
depends_on = None


# Tables other tables point at are never copied (SQLite's batch "recreate"): dropping the old copy
# would break those foreign keys. SQLite 3.35+ adds and drops these columns in place.
IN_PLACE = {"recreate": "never"}


def upgrade() -> None:
    """Add officials.search_text and sort_key (filled for every official), cases.call_outcome
    and case_notes.call_outcome."""
    with op.batch_alter_table("officials", **IN_PLACE) as batch:
        batch.add_column(
            sa.Column("search_text", sa.String(600), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("sort_key", sa.String(600), nullable=False, server_default=""))
    officials = sa.table(
        "officials",
        sa.column("id", sa.Integer),
        sa.column("code", sa.String),
        sa.column("full_name", sa.String),
        sa.column("title", sa.String),
        sa.column("search_text", sa.String),
        sa.column("sort_key", sa.String),
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(officials.c.id, officials.c.code, officials.c.full_name, officials.c.title)
    ).all()
    for row in rows:
        bind.execute(
            officials.update()
            .where(officials.c.id == row.id)
            .values(
                search_text=search_text(row.full_name, row.code, row.title),
                sort_key=name_sort_key(row.full_name or ""),
            )
        )
    op.create_index("ix_officials_sort_key", "officials", ["sort_key"])
    with op.batch_alter_table("cases", **IN_PLACE) as batch:
        batch.add_column(sa.Column("call_outcome", sa.String(20), nullable=True))
    with op.batch_alter_table("case_notes", **IN_PLACE) as batch:
        batch.add_column(sa.Column("call_outcome", sa.String(20), nullable=True))


def downgrade() -> None:
    """Drop the columns added by upgrade()."""
    with op.batch_alter_table("case_notes", **IN_PLACE) as batch:
        batch.drop_column("call_outcome")
    with op.batch_alter_table("cases", **IN_PLACE) as batch:
        batch.drop_column("call_outcome")
    op.drop_index("ix_officials_sort_key", table_name="officials")
    with op.batch_alter_table("officials", **IN_PLACE) as batch:
        batch.drop_column("sort_key")
        batch.drop_column("search_text")
