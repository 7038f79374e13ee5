"""The Telegram name of the account that redeemed an invitation, shown beside the name the
coordinator gave, so a forwarded invitation is noticed.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 12:40:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add people.telegram_name."""
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("telegram_name", sa.String(length=160), nullable=True))


def downgrade() -> None:
    """Drop people.telegram_name, in place: SQLite's batch mode would copy the people table,
    and dropping the old one would cascade to every row that points at a person."""
    op.drop_column("people", "telegram_name")
