"""Signals: reports, their threads, the notices sent about them, and reply/close intents.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 21:50:17.786213

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "signals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "open",
                "taken",
                "closed",
                "cancelled",
                name="signal_status",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("theme", sa.String(length=64), nullable=True),
        sa.Column(
            "urgency",
            sa.Enum(
                "normal",
                "urgent",
                name="signal_urgency",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("wijk", sa.String(length=128), nullable=True),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.Column("wiped_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("form_message_id", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["assignee_id"],
            ["people.id"],
            name=op.f("fk_signals_assignee_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["closed_by_id"],
            ["people.id"],
            name=op.f("fk_signals_closed_by_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["reporter_id"],
            ["people.id"],
            name=op.f("fk_signals_reporter_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signals")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("signals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_signals_filed_at"), ["filed_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_signals_reporter_id"), ["reporter_id"], unique=False)

    op.create_table(
        "signal_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("signal_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column(
            "role",
            sa.Enum(
                "report",
                "reply",
                "outcome",
                name="signal_entry_role",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column(
            "kind",
            sa.Enum(
                "text",
                "photo",
                "document",
                "voice",
                "location",
                name="signal_entry_kind",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("file_ref", sa.Text(), nullable=True),
        sa.Column("media_group", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["people.id"],
            name=op.f("fk_signal_entries_author_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["signal_id"],
            ["signals.id"],
            name=op.f("fk_signal_entries_signal_id_signals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signal_entries")),
    )
    with op.batch_alter_table("signal_entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_signal_entries_signal_id"), ["signal_id"], unique=False
        )

    op.create_table(
        "signal_intents",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("signal_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_signal_intents_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["signal_id"],
            ["signals.id"],
            name=op.f("fk_signal_intents_signal_id_signals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_signal_intents")),
    )
    op.create_table(
        "signal_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("signal_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "card",
                "entry",
                "receipt",
                name="signal_notice_kind",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column(
            "state",
            sa.Enum(
                "pending",
                "sent",
                "failed",
                name="signal_notice_state",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("loud", sa.Boolean(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["signal_entries.id"],
            name=op.f("fk_signal_notices_entry_id_signal_entries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_signal_notices_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["signal_id"],
            ["signals.id"],
            name=op.f("fk_signal_notices_signal_id_signals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signal_notices")),
    )
    with op.batch_alter_table("signal_notices", schema=None) as batch_op:
        batch_op.create_index("ix_signal_notices_message", ["chat_id", "message_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_signal_notices_signal_id"), ["signal_id"], unique=False
        )
        batch_op.create_index("ix_signal_notices_state", ["state", "id"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("signal_notices", schema=None) as batch_op:
        batch_op.drop_index("ix_signal_notices_state")
        batch_op.drop_index(batch_op.f("ix_signal_notices_signal_id"))
        batch_op.drop_index("ix_signal_notices_message")

    op.drop_table("signal_notices")
    op.drop_table("signal_intents")
    with op.batch_alter_table("signal_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signal_entries_signal_id"))

    op.drop_table("signal_entries")
    with op.batch_alter_table("signals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signals_reporter_id"))
        batch_op.drop_index(batch_op.f("ix_signals_filed_at"))

    op.drop_table("signals")
