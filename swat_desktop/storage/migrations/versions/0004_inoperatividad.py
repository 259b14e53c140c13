"""Inoperatividad: catalogue entries, saved records with a gapless correlativo per attention
point (one open record per request type), and the drafts the form autosaves.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

from swat_desktop.storage.types import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "catalogue_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("parent", sa.String(length=60), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("group", sa.String(length=32), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_items")),
        sa.UniqueConstraint("kind", "parent", "code", name="uq_catalogue_items_kind_parent_code"),
    )
    op.create_table(
        "correlativo_counters",
        sa.Column("attention_point_id", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attention_point_id"],
            ["attention_points.id"],
            name=op.f("fk_correlativo_counters_attention_point_id_attention_points"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("attention_point_id", name=op.f("pk_correlativo_counters")),
    )
    op.create_table(
        "inoperatividad_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_inoperatividad_drafts_user_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inoperatividad_drafts")),
    )
    with op.batch_alter_table("inoperatividad_drafts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inoperatividad_drafts_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "inoperatividad_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("attention_point_id", sa.Integer(), nullable=False),
        sa.Column("correlativo", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("responsible_name", sa.String(length=200), nullable=False),
        sa.Column("responsible_role", sa.String(length=16), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("ended_at", UTCDateTime(), nullable=True),
        sa.Column("applications", sa.JSON(), nullable=False),
        sa.Column("sicar_payment", sa.Boolean(), nullable=False),
        sa.Column("request_type", sa.String(length=16), nullable=False),
        sa.Column("request_code", sa.String(length=60), nullable=False),
        sa.Column("scenario", sa.String(length=32), nullable=False),
        sa.Column("motivo", sa.String(length=60), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("alert_sent", sa.Boolean(), nullable=False),
        sa.Column("alert_at", UTCDateTime(), nullable=True),
        sa.Column("alert_reference", sa.String(length=200), nullable=False),
        sa.Column("not_intermittent", sa.Boolean(), nullable=False),
        sa.Column("whole_point_down", sa.Boolean(), nullable=False),
        sa.Column("customers", sa.JSON(), nullable=False),
        sa.Column("critical_attention", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("annul_reason", sa.Text(), nullable=False),
        sa.Column("annulled_at", UTCDateTime(), nullable=True),
        sa.Column("annulled_by", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["annulled_by"],
            ["users.id"],
            name=op.f("fk_inoperatividad_records_annulled_by_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["attention_point_id"],
            ["attention_points.id"],
            name=op.f("fk_inoperatividad_records_attention_point_id_attention_points"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_inoperatividad_records_created_by_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inoperatividad_records")),
        sa.UniqueConstraint(
            "attention_point_id", "correlativo", name="uq_inoperatividad_records_point_correlativo"
        ),
        sa.UniqueConstraint("uuid", name=op.f("uq_inoperatividad_records_uuid")),
    )
    with op.batch_alter_table("inoperatividad_records", schema=None) as batch_op:
        batch_op.create_index(
            "uq_inoperatividad_records_open_type",
            ["attention_point_id", "request_type"],
            unique=True,
            sqlite_where=sa.text("status = 'abierto'"),
            postgresql_where=sa.text("status = 'abierto'"),
        )


def downgrade() -> None:
    with op.batch_alter_table("inoperatividad_records", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_inoperatividad_records_open_type",
            sqlite_where=sa.text("status = 'abierto'"),
            postgresql_where=sa.text("status = 'abierto'"),
        )

    op.drop_table("inoperatividad_records")
    with op.batch_alter_table("inoperatividad_drafts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inoperatividad_drafts_user_id"))

    op.drop_table("inoperatividad_drafts")
    op.drop_table("correlativo_counters")
    op.drop_table("catalogue_items")
