"""An invitation carries the tags and the language the coordinator chose, so a list of people
invited at once (`sleutelnet invite import`) joins with them.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 18:10:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0015"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add invites.tags (none) and invites.language (the invitee's Telegram language)."""
    op.add_column(
        "invites", sa.Column("tags", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
    )
    op.add_column("invites", sa.Column("language", sa.String(length=8), nullable=True))


def downgrade() -> None:
    """Drop them; open invitations then join without tags, in Telegram's language."""
    op.drop_column("invites", "language")
    op.drop_column("invites", "tags")
