"""The watchlist's acknowledgements and actions, and the follow-up cases with their notes.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_FOLLOWUP = sa.text("callback_phone IS NOT NULL OR comment IS NOT NULL")


def upgrade() -> None:
    """Add watchlist_acks, watchlist_actions, cases, case_notes and a partial visits index."""
    op.create_index(
        "ix_visits_followup",
        "visits",
        ["created_at", "id", "callback_phone"],
        sqlite_where=_FOLLOWUP,
        postgresql_where=_FOLLOWUP,
    )
    op.create_table(
        "watchlist_acks",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("subject_kind", sa.String(10), nullable=False),
        sa.Column("subject_code", sa.String(64), nullable=False),
        sa.Column("period_code", sa.String(30), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=False),
        sa.Column("acknowledged_by", sa.String(64), nullable=False),
        sa.UniqueConstraint("subject_kind", "subject_code", "period_code"),
    )
    op.create_index("ix_watchlist_acks_period_code", "watchlist_acks", ["period_code"])
    op.create_table(
        "watchlist_actions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("subject_kind", sa.String(10), nullable=False),
        sa.Column("subject_code", sa.String(64), nullable=False),
        sa.Column("period_code", sa.String(30), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
    )
    op.create_index(
        "ix_watchlist_actions_subject", "watchlist_actions", ["subject_kind", "subject_code"]
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "visit_id",
            sa.String(36),
            sa.ForeignKey("visits.id", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        ),
        sa.Column("wants_callback", sa.Boolean(), nullable=False),
        sa.Column("visit_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column(
            "assignee_id",
            sa.Integer(),
            sa.ForeignKey("users.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("phone_erased_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_cases_visit_at", "cases", ["visit_at"])
    op.create_index("ix_cases_status_visit_at", "cases", ["status", "visit_at"])
    op.create_index("ix_cases_assignee_id", "cases", ["assignee_id"])
    op.create_table(
        "case_notes",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "case_id",
            sa.Integer(),
            sa.ForeignKey("cases.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
    )
    op.create_index("ix_case_notes_case_id", "case_notes", ["case_id"])


def downgrade() -> None:
    """Drop the follow-up and watchlist tables and the partial visits index."""
    op.drop_table("case_notes")
    op.drop_table("cases")
    op.drop_table("watchlist_actions")
    op.drop_table("watchlist_acks")
    op.drop_index("ix_visits_followup", table_name="visits")
