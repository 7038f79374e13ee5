"""An alert copy can outlive its recipient's record: detached (person_id NULL) by retention,
or when the pseudonymous proof of an erased person is deleted, so the alert's counts stay.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 12:00:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FK = "fk_alert_deliveries_person_id_people"


def upgrade() -> None:
    """Make alert_deliveries.person_id nullable, set to NULL when the person goes."""
    with op.batch_alter_table("alert_deliveries", schema=None) as batch_op:
        batch_op.drop_constraint(FK, type_="foreignkey")
        batch_op.alter_column("person_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_foreign_key(FK, "people", ["person_id"], ["id"], ondelete="SET NULL")


def downgrade() -> None:
    """Detached copies cannot belong to anyone again: they are deleted first."""
    op.execute("DELETE FROM alert_deliveries WHERE person_id IS NULL")
    with op.batch_alter_table("alert_deliveries", schema=None) as batch_op:
        batch_op.drop_constraint(FK, type_="foreignkey")
        batch_op.alter_column("person_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(FK, "people", ["person_id"], ["id"], ondelete="CASCADE")
