"""Pads of numbered paper forms: the correlativos reserved for a point before their events,
and what each became (a transcribed record, or annulled with a reason).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

from swat_desktop.storage.types import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "correlativo_reservations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("attention_point_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("form_version", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("reserved_at", UTCDateTime(), nullable=False),
        sa.Column("reserved_by", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("filled_by_name", sa.String(length=200), nullable=False),
        sa.Column("transcribed_at", UTCDateTime(), nullable=True),
        sa.Column("transcribed_by", sa.Integer(), nullable=True),
        sa.Column("annul_reason", sa.Text(), nullable=False),
        sa.Column("annulled_at", UTCDateTime(), nullable=True),
        sa.Column("annulled_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["attention_point_id"], ["attention_points.id"],
            name=op.f("fk_correlativo_reservations_attention_point_id_attention_points"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["reserved_by"], ["users.id"],
            name=op.f("fk_correlativo_reservations_reserved_by_users"), ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["record_id"], ["inoperatividad_records.id"],
            name=op.f("fk_correlativo_reservations_record_id_inoperatividad_records"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["transcribed_by"], ["users.id"],
            name=op.f("fk_correlativo_reservations_transcribed_by_users"), ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["annulled_by"], ["users.id"],
            name=op.f("fk_correlativo_reservations_annulled_by_users"), ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_correlativo_reservations")),
        sa.UniqueConstraint("attention_point_id", "number",
                            name="uq_correlativo_reservations_point_number"),
        sa.UniqueConstraint("record_id", name=op.f("uq_correlativo_reservations_record_id")),
    )


def downgrade() -> None:
    op.drop_table("correlativo_reservations")
