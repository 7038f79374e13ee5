"""An alert's figures kept on the alert once its copies are compacted: after the delivery
retention the per-recipient rows go, so the outbox stays small however many alerts were sent.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 16:20:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add alerts.counts (NULL while the copies themselves are kept)."""
    # Plain ALTER TABLE ADD COLUMN, also on SQLite: a batch copy would drop and recreate the
    # alerts table, and its copies would go with it (ON DELETE CASCADE).
    op.add_column("alerts", sa.Column("counts", sa.JSON(), nullable=True))


def downgrade() -> None:
    """Drop alerts.counts (compacted alerts then show no figures)."""
    op.drop_column("alerts", "counts")
