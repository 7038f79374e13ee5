"""The outbox claim reads due copies in (priority, seq, alert_id) order: a partial index over
exactly the rows with work to do serves that order, so a claim no longer sorts every pending
row (it spilled to disk at 50,000 rows on PostgreSQL). It replaces the index on
(work, priority, seq), whose leading column the claim's `work IS NOT NULL` cannot use for order.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 15:45:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DUE = sa.text("work IS NOT NULL")


def upgrade() -> None:
    """Swap the work index for a partial index in claim order."""
    op.drop_index("ix_alert_deliveries_work", table_name="alert_deliveries")
    op.create_index(
        "ix_alert_deliveries_due",
        "alert_deliveries",
        ["priority", "seq", "alert_id"],
        sqlite_where=DUE,
        postgresql_where=DUE,
    )


def downgrade() -> None:
    """Put the work index back."""
    op.drop_index("ix_alert_deliveries_due", table_name="alert_deliveries")
    op.create_index("ix_alert_deliveries_work", "alert_deliveries", ["work", "priority", "seq"])
