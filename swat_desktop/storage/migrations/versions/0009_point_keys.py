"""The public keys of the attention points, registered at Control e Información: event
packages are signed by their point, and a package is imported only when the key that signed
it is the one registered for its point.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

from swat_desktop.storage.types import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "point_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("attention_point_id", sa.Integer(), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("registered_at", UTCDateTime(), nullable=False),
        sa.Column("registered_by", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attention_point_id"],
            ["attention_points.id"],
            name=op.f("fk_point_keys_attention_point_id_attention_points"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["registered_by"],
            ["users.id"],
            name=op.f("fk_point_keys_registered_by_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_point_keys")),
        sa.UniqueConstraint("attention_point_id", name=op.f("uq_point_keys_attention_point_id")),
    )


def downgrade() -> None:
    op.drop_table("point_keys")
