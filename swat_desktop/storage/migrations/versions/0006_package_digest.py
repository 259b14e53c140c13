"""What a record received in a package looked like when it was last imported (a digest of its
point-owned fields), so a later, newer package can tell a change made here since then from
nothing at all; and the digest of a package version someone chose not to take, so importing
that package again does not ask again.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inoperatividad_records", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_digest", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("kept_digest", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("inoperatividad_records", schema=None) as batch_op:
        batch_op.drop_column("kept_digest")
        batch_op.drop_column("source_digest")
