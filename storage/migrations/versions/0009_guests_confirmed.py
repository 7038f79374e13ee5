"""A guest is confirmed by the coordinator before their group link is made: when, and the
Telegram account's own name that opened the guest link.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 12:50:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add workgroup_seats.confirmed_at and guest_account; guests who agreed before count as
    confirmed (they may already be in their group)."""
    with op.batch_alter_table("workgroup_seats", schema=None) as batch_op:
        batch_op.add_column(sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("guest_account", sa.String(length=160), nullable=True))
    op.execute("UPDATE workgroup_seats SET confirmed_at = consented_at")


def downgrade() -> None:
    """Drop both columns, in place (nothing refers to a seat)."""
    op.drop_column("workgroup_seats", "guest_account")
    op.drop_column("workgroup_seats", "confirmed_at")
