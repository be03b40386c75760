"""Evaluation model: units, counters, officials, devices, survey versions, visits and answers.

Every row of the first schema's ``responses`` becomes a visit with the same id, device, time and
office day, channel ``kiosk`` (the old channel, touch or keypad, is kept as its input channel),
survey key = the old survey id, version 1, and one answer with question key ``overall`` (the key
lobby.survey gives the first format's single question) and the shipped survey's question text.
"Satisfied" is computed from the level key with the shipped default survey's satisfied levels,
``rat_hai_long`` and ``hai_long``. A device row is made for every device seen. Then ``responses``
is dropped.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

OVERALL_KEY = "overall"
OVERALL_TEXT = "Ông/Bà hài lòng với việc giải quyết công việc hôm nay?"
SATISFIED_LEVELS = ("rat_hai_long", "hai_long")


def upgrade() -> None:
    """Create the evaluation tables, carry every response over as a visit, drop responses."""
    _create_people_tables()
    _create_visit_tables()
    op.create_table(
        "public_items",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("code", sa.String(60), nullable=True),
        sa.Column("url", sa.String(500), nullable=True),
        sa.Column("phone", sa.String(40), nullable=True),
        sa.Column("email", sa.String(200), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_public_items_kind", "public_items", ["kind"])
    _carry_over_responses()
    op.drop_index("ix_responses_local_day", "responses")
    op.drop_index("ix_responses_created_at", "responses")
    op.drop_index("ix_responses_device_id", "responses")
    op.drop_table("responses")


def _create_people_tables() -> None:
    op.create_table(
        "units",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("code", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "counters",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("code", sa.String(130), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id"), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_counters_unit_id", "counters", ["unit_id"])
    op.create_table(
        "officials",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("code", sa.String(64), nullable=False, unique=True),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id"), nullable=True),
        sa.Column("counter_id", sa.Integer(), sa.ForeignKey("counters.id"), nullable=True),
        sa.Column("photo", sa.LargeBinary(), nullable=True),
        sa.Column("photo_mime", sa.String(20), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_officials_unit_id", "officials", ["unit_id"])
    op.create_index("ix_officials_counter_id", "officials", ["counter_id"])
    op.create_table(
        "devices",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("name", sa.String(200), nullable=True),
        sa.Column("place", sa.String(200), nullable=True),
        sa.Column("last_seen_at", sa.DateTime(), nullable=True),
    )
    op.create_table(
        "survey_versions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("survey_key", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("survey_key", "version"),
    )


def _create_visit_tables() -> None:
    op.create_table(
        "visits",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("device_id", sa.String(64), nullable=False),
        sa.Column("channel", sa.String(10), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("local_day", sa.Date(), nullable=False),
        sa.Column("survey_key", sa.String(64), nullable=False),
        sa.Column("survey_version", sa.Integer(), nullable=False),
        sa.Column("official_code", sa.String(64), nullable=True),
        sa.Column("counter_code", sa.String(130), nullable=True),
        sa.Column("unit_code", sa.String(64), nullable=True),
        sa.Column("official_id", sa.Integer(), sa.ForeignKey("officials.id"), nullable=True),
        sa.Column("counter_id", sa.Integer(), sa.ForeignKey("counters.id"), nullable=True),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id"), nullable=True),
        sa.Column("dossier_code", sa.String(100), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("callback_phone", sa.String(30), nullable=True),
        sa.Column("callback_consent", sa.Boolean(), nullable=False),
        sa.Column("input_channel", sa.String(20), nullable=False),
        sa.Column("is_repeat", sa.Boolean(), nullable=False),
        sa.Column("dossier_repeat", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_visits_device_created", "visits", ["device_id", "created_at"])
    for column in ("created_at", "local_day", "official_id", "counter_id", "unit_id"):
        op.create_index(f"ix_visits_{column}", "visits", [column])
    op.create_index("ix_visits_dossier_code", "visits", ["dossier_code"])
    op.create_table(
        "visit_reasons",
        sa.Column(
            "visit_id",
            sa.String(36),
            sa.ForeignKey("visits.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("reason_key", sa.String(40), primary_key=True),
    )
    op.create_index("ix_visit_reasons_reason_key", "visit_reasons", ["reason_key"])
    op.create_table(
        "answers",
        sa.Column(
            "visit_id",
            sa.String(36),
            sa.ForeignKey("visits.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("question_key", sa.String(40), primary_key=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("question_text", sa.Text(), nullable=False),
        sa.Column("level_key", sa.String(40), nullable=False),
        sa.Column("level_label", sa.String(200), nullable=False),
        sa.Column("level_index", sa.Integer(), nullable=False),
        sa.Column("satisfied", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_answers_question_level", "answers", ["question_key", "level_key"])


def _carry_over_responses() -> None:
    # INSERT ... SELECT in the database: no row passes through Python, however many there are.
    responses = sa.table(
        "responses",
        *(
            sa.column(name)
            for name in (
                "id",
                "device_id",
                "survey_id",
                "level_key",
                "level_index",
                "level_label",
                "channel",
                "created_at",
                "local_day",
            )
        ),
    )
    r = responses.c
    visits = sa.table(
        "visits",
        *(
            sa.column(name)
            for name in (
                "id",
                "device_id",
                "channel",
                "created_at",
                "local_day",
                "survey_key",
                "survey_version",
                "callback_consent",
                "input_channel",
                "is_repeat",
                "dossier_repeat",
            )
        ),
    )
    op.execute(
        visits.insert().from_select(
            list(visits.c.keys()),
            sa.select(
                r.id,
                r.device_id,
                sa.literal("kiosk"),
                r.created_at,
                r.local_day,
                r.survey_id,
                sa.literal(1),
                sa.false(),
                r.channel,
                sa.false(),
                sa.false(),
            ),
        )
    )
    answers = sa.table(
        "answers",
        *(
            sa.column(name)
            for name in (
                "visit_id",
                "question_key",
                "position",
                "question_text",
                "level_key",
                "level_label",
                "level_index",
                "satisfied",
            )
        ),
    )
    op.execute(
        answers.insert().from_select(
            list(answers.c.keys()),
            sa.select(
                r.id,
                sa.literal(OVERALL_KEY),
                sa.literal(0),
                sa.literal(OVERALL_TEXT),
                r.level_key,
                r.level_label,
                r.level_index,
                r.level_key.in_(SATISFIED_LEVELS),
            ),
        )
    )
    devices = sa.table("devices", sa.column("id"), sa.column("kind"), sa.column("last_seen_at"))
    op.execute(
        devices.insert().from_select(
            ["id", "kind", "last_seen_at"],
            sa.select(r.device_id, sa.literal("kiosk"), sa.func.max(r.created_at)).group_by(
                r.device_id
            ),
        )
    )


def downgrade() -> None:
    """Go back to one anonymous response per visit (its overall answer); the rest is dropped.

    This loses data by design, since the first schema has nowhere to keep it: every answer but
    the one at position 0, visits without one, each visit's comment, counter, official, unit,
    dossier, reasons and callback, its channel (a paper visit comes back as a kiosk one) and
    survey version, what the devices table knew of each device, and every row of units,
    counters, officials, survey_versions, visit_reasons and public_items. Upgrading again
    rebuilds the visits, their first answers and the devices from ``responses`` only
    (tests/store/test_migration_round_trip.py asserts exactly this).
    """
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
    op.execute(
        "INSERT INTO responses (id, device_id, survey_id, level_key, level_index, level_label,"
        " channel, created_at, local_day)"
        " SELECT v.id, v.device_id, v.survey_key, a.level_key, a.level_index, a.level_label,"
        " v.input_channel, v.created_at, v.local_day"
        " FROM visits v JOIN answers a ON a.visit_id = v.id AND a.position = 0"
    )
    for table in (
        "public_items",
        "answers",
        "visit_reasons",
        "visits",
        "survey_versions",
        "devices",
        "officials",
        "counters",
        "units",
    ):
        op.drop_table(table)
