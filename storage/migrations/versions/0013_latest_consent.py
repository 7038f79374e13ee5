"""Mark each person's latest decision per theme, so who consents right now is an index lookup.

Every alert's audience, every outbox claim and every listing asked "whose latest decision on
this theme is a grant?" by grouping the whole consent history: 30 ms for 30,000 decisions on
SQLite, growing with every decision. `consent_events.latest` is kept by `Consents.record`; a
unique partial index allows one latest decision per person and theme, and a second partial
index lists the current grants by theme.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 17:40:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LATEST = sa.text("latest")
GRANTED = sa.text("latest AND granted")


def upgrade() -> None:
    """Add consent_events.latest, set it on each latest decision, and index it."""
    # Plain ALTER TABLE, as in 0012: no batch copy of a table others point at.
    op.add_column(
        "consent_events",
        sa.Column("latest", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.execute(
        "UPDATE consent_events SET latest = true WHERE id IN "
        "(SELECT max(id) FROM consent_events GROUP BY person_id, theme)"
    )
    op.create_index(
        "uq_consent_events_latest",
        "consent_events",
        ["person_id", "theme"],
        unique=True,
        sqlite_where=LATEST,
        postgresql_where=LATEST,
    )
    op.create_index(
        "ix_consent_events_granted",
        "consent_events",
        ["theme", "person_id"],
        sqlite_where=GRANTED,
        postgresql_where=GRANTED,
    )


def downgrade() -> None:
    """Drop the flag and its indexes (the history alone still says who consents)."""
    op.drop_index("ix_consent_events_granted", table_name="consent_events")
    op.drop_index("uq_consent_events_latest", table_name="consent_events")
    op.drop_column("consent_events", "latest")
