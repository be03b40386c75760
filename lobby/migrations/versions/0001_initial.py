"""Initial schema: responses, sign messages and status, board view, users, meta.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the first tables."""
    op.create_table(
        "responses",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("device_id", sa.String(64), nullable=False),
        sa.Column("survey_id", sa.String(64), nullable=False),
        sa.Column("level_key", sa.String(40), nullable=False),
        sa.Column("level_index", sa.Integer(), nullable=False),
        sa.Column("level_label", sa.String(200), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("local_day", sa.Date(), nullable=False),
    )
    op.create_index("ix_responses_device_id", "responses", ["device_id"])
    op.create_index("ix_responses_created_at", "responses", ["created_at"])
    op.create_index("ix_responses_local_day", "responses", ["local_day"])
    op.create_table(
        "sign_messages",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_sign_messages_position", "sign_messages", ["position"])
    op.create_table(
        "sign_status",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("port", sa.String(300), nullable=False),
        sa.Column("connected", sa.Boolean(), nullable=False),
        sa.Column("last_ok_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_error_at", sa.DateTime(), nullable=True),
        sa.Column("sent_text", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
    )
    op.create_table(
        "board_view",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("texts_json", sa.Text(), nullable=False),
        sa.Column("frames_ok", sa.Integer(), nullable=False),
        sa.Column("frames_bad", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    """Drop every table."""
    for table in ("meta", "users", "board_view", "sign_status", "sign_messages", "responses"):
        op.drop_table(table)
