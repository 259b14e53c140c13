"""Inoperatividad after the form: regularization in ATC (unique ATC number), closure,
Procesos' answer, approvals and the report mark on each record; falla masiva windows; extra
non-working days.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

from swat_desktop.storage.types import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "falla_windows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application", sa.String(length=60), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("ends_at", UTCDateTime(), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_falla_windows_created_by_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_falla_windows")),
    )
    op.create_table(
        "non_working_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_non_working_days_created_by_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_non_working_days")),
    )
    with op.batch_alter_table("inoperatividad_records", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "regularization", sa.String(length=16), server_default="pendiente", nullable=False
            )
        )
        batch_op.add_column(sa.Column("atc_number", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("regularized_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("regularized_by", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("closure_motive", sa.String(length=60), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("closure_sustento", sa.Text(), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("closed_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("closed_by", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("procesos_answer", sa.String(length=16), nullable=True))
        batch_op.add_column(
            sa.Column("procesos_note", sa.Text(), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("procesos_at", UTCDateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("gerente", sa.String(length=200), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("gerente_at", UTCDateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("director", sa.String(length=200), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("director_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("reported_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("reported_by", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("source_version", sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_inoperatividad_records_atc_number"), ["atc_number"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_inoperatividad_records_reported_by_users"),
            "users",
            ["reported_by"],
            ["id"],
            ondelete="RESTRICT",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_inoperatividad_records_closed_by_users"),
            "users",
            ["closed_by"],
            ["id"],
            ondelete="RESTRICT",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_inoperatividad_records_regularized_by_users"),
            "users",
            ["regularized_by"],
            ["id"],
            ondelete="RESTRICT",
        )


def downgrade() -> None:
    with op.batch_alter_table("inoperatividad_records", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_inoperatividad_records_regularized_by_users"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_inoperatividad_records_closed_by_users"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_inoperatividad_records_reported_by_users"), type_="foreignkey"
        )
        batch_op.drop_constraint(batch_op.f("uq_inoperatividad_records_atc_number"), type_="unique")
        batch_op.drop_column("source_version")
        batch_op.drop_column("reported_by")
        batch_op.drop_column("reported_at")
        batch_op.drop_column("director_at")
        batch_op.drop_column("director")
        batch_op.drop_column("gerente_at")
        batch_op.drop_column("gerente")
        batch_op.drop_column("procesos_at")
        batch_op.drop_column("procesos_note")
        batch_op.drop_column("procesos_answer")
        batch_op.drop_column("closed_by")
        batch_op.drop_column("closed_at")
        batch_op.drop_column("closure_sustento")
        batch_op.drop_column("closure_motive")
        batch_op.drop_column("regularized_by")
        batch_op.drop_column("regularized_at")
        batch_op.drop_column("atc_number")
        batch_op.drop_column("regularization")

    op.drop_table("non_working_days")
    op.drop_table("falla_windows")
