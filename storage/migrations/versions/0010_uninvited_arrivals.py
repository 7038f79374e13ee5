"""Someone who came into a working group's Telegram group without a seat is remembered until the
coordinator decides: when they came in, and when the coordinator was told (of them, or of a
guest waiting for confirmation: asked already before this revision).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 14:40:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add workgroup_seats.uninvited_at and reported_at."""
    with op.batch_alter_table("workgroup_seats", schema=None) as batch_op:
        batch_op.add_column(sa.Column("uninvited_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("reported_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE workgroup_seats SET reported_at = consented_at "
        "WHERE consented_at IS NOT NULL AND confirmed_at IS NULL"
    )


def downgrade() -> None:
    """Drop both columns, in place (nothing refers to them)."""
    op.drop_column("workgroup_seats", "reported_at")
    op.drop_column("workgroup_seats", "uninvited_at")
