"""Results speed: ``result_tallies``, an exact rollup of visits and answers per day and month,
filled here from every stored visit (lobby.store.tallies.rebuild) and kept up to date by every
visit written afterwards; and an index on visits (created_at, id), the order exports page in.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create result_tallies, fill it from the stored visits; index visits for exports."""
    op.create_table(
        "result_tallies",
        sa.Column("dimension", sa.String(10), nullable=False),
        sa.Column("span", sa.String(1), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("group_key", sa.String(130), nullable=False),
        sa.Column("ref_id", sa.Integer(), nullable=False),
        sa.Column("survey_key", sa.String(64), nullable=False),
        sa.Column("survey_version", sa.Integer(), nullable=False),
        sa.Column("question_key", sa.String(40), nullable=False),
        sa.Column("level_key", sa.String(40), nullable=False),
        sa.Column("level_index", sa.Integer(), nullable=False),
        sa.Column("satisfied", sa.Boolean(), nullable=False),
        sa.Column("is_repeat", sa.Boolean(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(
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
        ),
    )
    op.create_index("ix_visits_created_id", "visits", ["created_at", "id"])
    from lobby.store.tallies import rebuild  # the same counting as every visit written later

    rebuild(op.get_bind(), by_site=False)  # the table as this migration makes it


def downgrade() -> None:
    """Drop result_tallies and the export index."""
    op.drop_table("result_tallies")
    op.drop_index("ix_visits_created_id", "visits")
