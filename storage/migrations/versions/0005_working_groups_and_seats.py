"""Working groups bound to Telegram groups, and their seats (members and guests).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 22:48:47.041914

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "workgroups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "waiting",
                "active",
                "closing",
                "closed",
                name="wg_status",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("step", sa.String(length=16), nullable=True),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("theme", sa.String(length=64), nullable=True),
        sa.Column("purpose", sa.String(length=300), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=True),
        sa.Column("missing_rights", sa.String(length=200), nullable=True),
        sa.Column("pinned_message_id", sa.BigInteger(), nullable=True),
        sa.Column("bound_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("close_failures", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["people.id"],
            name=op.f("fk_workgroups_created_by_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workgroups")),
        sa.UniqueConstraint("chat_id", name=op.f("uq_workgroups_chat_id")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "workgroup_seats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workgroup_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("guest_name", sa.String(length=128), nullable=True),
        sa.Column("guest_token_hash", sa.String(length=64), nullable=True),
        sa.Column("guest_user_id", sa.BigInteger(), nullable=True),
        sa.Column("guest_language", sa.String(length=8), nullable=True),
        sa.Column("consented_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "state",
            sa.Enum(
                "invited",
                "joined",
                "leaving",
                "gone",
                name="wg_seat_state",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("invite_link", sa.Text(), nullable=True),
        sa.Column("link_sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("gone_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_workgroup_seats_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workgroup_id"],
            ["workgroups.id"],
            name=op.f("fk_workgroup_seats_workgroup_id_workgroups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workgroup_seats")),
        sa.UniqueConstraint("guest_token_hash", name=op.f("uq_workgroup_seats_guest_token_hash")),
        sa.UniqueConstraint("workgroup_id", "person_id", name="uq_wg_seats_person"),
    )
    with op.batch_alter_table("workgroup_seats", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_workgroup_seats_workgroup_id"), ["workgroup_id"], unique=False
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("workgroup_seats", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workgroup_seats_workgroup_id"))

    op.drop_table("workgroup_seats")
    op.drop_table("workgroups")
