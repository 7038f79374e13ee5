"""Indexes for the scans that run every few seconds, so they stay small however long the
history grows.

- The outbox claim reads due copies in (priority, seq, alert_id) order: a partial index over
  exactly the rows with work to do serves that order, so a claim no longer sorts every pending
  row (it spilled to disk at 50,000 rows on PostgreSQL). It replaces the index on
  (work, priority, seq), whose leading column the claim's `work IS NOT NULL` cannot use.
- The index on alert_deliveries.alert_id goes: the unique (alert_id, person_id) index serves
  every lookup by alert, and one index less to write makes confirming a big alert faster.
- Signal housekeeping looks for drafts left too long and closed signals whose content is due
  for wiping: partial indexes over just those rows.

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
DRAFTS = sa.text("status = 'draft'")
TO_WIPE = sa.text("wiped_at IS NULL AND closed_at IS NOT NULL")


def upgrade() -> None:
    """Swap the work index for a partial index in claim order; index the signals to tidy."""
    op.drop_index("ix_alert_deliveries_work", table_name="alert_deliveries")
    op.drop_index("ix_alert_deliveries_alert_id", table_name="alert_deliveries")
    op.create_index(
        "ix_alert_deliveries_due",
        "alert_deliveries",
        ["priority", "seq", "alert_id"],
        sqlite_where=DUE,
        postgresql_where=DUE,
    )
    op.create_index(
        "ix_signals_drafts", "signals", ["created_at"], sqlite_where=DRAFTS, postgresql_where=DRAFTS
    )
    op.create_index(
        "ix_signals_to_wipe",
        "signals",
        ["closed_at"],
        sqlite_where=TO_WIPE,
        postgresql_where=TO_WIPE,
    )


def downgrade() -> None:
    """Put the work index back; drop the signals' indexes."""
    op.drop_index("ix_signals_to_wipe", table_name="signals")
    op.drop_index("ix_signals_drafts", table_name="signals")
    op.drop_index("ix_alert_deliveries_due", table_name="alert_deliveries")
    op.create_index("ix_alert_deliveries_alert_id", "alert_deliveries", ["alert_id"])
    op.create_index("ix_alert_deliveries_work", "alert_deliveries", ["work", "priority", "seq"])
