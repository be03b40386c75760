"""Sign: per-message schedule and style, urgent notices, status per sign.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add schedule and style to messages (kept as they are), notices, and the signs table."""
    with op.batch_alter_table("sign_messages") as batch:
        batch.add_column(sa.Column("starts_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("ends_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("weekdays", sa.Integer(), nullable=False, server_default="127"))
        batch.add_column(sa.Column("window_start", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("window_end", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("mode", sa.String(20), nullable=False, server_default="rotate"))
        batch.add_column(sa.Column("colour", sa.String(20), nullable=True))
        batch.add_column(sa.Column("speed", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("updated_by", sa.String(64), nullable=True))
    op.create_table(
        "sign_notices",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_sign_notices_expires_at", "sign_notices", ["expires_at"])
    op.create_table(
        "signs",
        sa.Column("sign_id", sa.String(300), primary_key=True),
        sa.Column("port", sa.String(300), nullable=False),
        sa.Column("connected", sa.Boolean(), nullable=False),
        sa.Column("last_ok_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_error_at", sa.DateTime(), nullable=True),
        sa.Column("down_since", sa.DateTime(), nullable=True),
        sa.Column("bytes_sent", sa.BigInteger(), nullable=False),
        sa.Column("sent_text", sa.Text(), nullable=True),
        sa.Column("sent_frames_json", sa.Text(), nullable=True),
        sa.Column("config_key", sa.String(200), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(), nullable=True),
        sa.Column("service_error", sa.Text(), nullable=True),
        sa.Column("service_error_at", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("board_texts_json", sa.Text(), nullable=True),
        sa.Column("board_frames_ok", sa.Integer(), nullable=False),
        sa.Column("board_frames_bad", sa.Integer(), nullable=False),
        sa.Column("board_updated_at", sa.DateTime(), nullable=True),
    )
    _carry_over_status()
    op.drop_table("sign_status")
    op.drop_table("board_view")


def _carry_over_status() -> None:
    # The old single-row status becomes the row of the sign it named ("simulated" when no port),
    # not connected: the service says so again once it runs.
    op.execute(
        sa.text(
            "INSERT INTO signs (sign_id, port, connected, last_ok_at, last_error, last_error_at,"
            " bytes_sent, sent_text, board_frames_ok, board_frames_bad)"
            " SELECT CASE WHEN port = '' THEN 'simulated' ELSE port END, port, :no, last_ok_at,"
            " last_error, last_error_at, 0, sent_text, 0, 0 FROM sign_status"
        ).bindparams(sa.bindparam("no", False, type_=sa.Boolean()))
    )


def downgrade() -> None:
    """Go back to the single-row status and board view; schedules and notices are dropped."""
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
    op.drop_table("signs")
    op.drop_index("ix_sign_notices_expires_at", "sign_notices")
    op.drop_table("sign_notices")
    with op.batch_alter_table("sign_messages") as batch:
        for column in (
            "updated_by",
            "speed",
            "colour",
            "mode",
            "window_end",
            "window_start",
            "weekdays",
            "ends_at",
            "starts_at",
        ):
            batch.drop_column(column)
