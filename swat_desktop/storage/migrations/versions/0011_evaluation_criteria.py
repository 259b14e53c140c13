"""Criterios de Evaluación 3 and 4: the imported tipificaciones counts and their imports, and
Atención Online's report per event.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

from swat_desktop.storage.types import UTCDateTime

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tipificacion_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("file_name", sa.String(length=260), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("sheet", sa.String(length=100), nullable=False),
        sa.Column("imported_at", UTCDateTime(), nullable=False),
        sa.Column("imported_by", sa.Integer(), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("replaced_count", sa.Integer(), nullable=False),
        sa.Column("skipped_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["imported_by"], ["users.id"],
                                name=op.f("fk_tipificacion_imports_imported_by_users"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tipificacion_imports")),
        sa.UniqueConstraint("uuid", name=op.f("uq_tipificacion_imports_uuid")),
    )
    op.create_index(op.f("ix_tipificacion_imports_file_sha256"), "tipificacion_imports",
                    ["file_sha256"])
    op.create_table(
        "tipificacion_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("hour", sa.Integer(), nullable=False),
        sa.Column("place_kind", sa.String(length=8), nullable=False),
        sa.Column("place", sa.String(length=40), nullable=False),
        sa.Column("tramite", sa.String(length=16), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["import_id"], ["tipificacion_imports.id"],
                                name=op.f("fk_tipificacion_counts_import_id_tipificacion_imports"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tipificacion_counts")),
        sa.UniqueConstraint("day", "place_kind", "place", "tramite", "hour",
                            name="uq_tipificacion_counts_key"),
    )
    op.create_index("ix_tipificacion_counts_day", "tipificacion_counts", ["day"])
    op.create_index(op.f("ix_tipificacion_counts_import_id"), "tipificacion_counts",
                    ["import_id"])
    op.create_table(
        "atencion_online_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("public_posts", sa.Integer(), nullable=False),
        sa.Column("inbox_messages", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["record_id"], ["inoperatividad_records.id"],
                                name=op.f("fk_atencion_online_reports_record_id_"
                                          "inoperatividad_records"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["recorded_by"], ["users.id"],
                                name=op.f("fk_atencion_online_reports_recorded_by_users"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_atencion_online_reports")),
        sa.UniqueConstraint("record_id", name=op.f("uq_atencion_online_reports_record_id")),
    )


def downgrade() -> None:
    op.drop_table("atencion_online_reports")
    op.drop_index(op.f("ix_tipificacion_counts_import_id"), table_name="tipificacion_counts")
    op.drop_index("ix_tipificacion_counts_day", table_name="tipificacion_counts")
    op.drop_table("tipificacion_counts")
    op.drop_index(op.f("ix_tipificacion_imports_file_sha256"), table_name="tipificacion_imports")
    op.drop_table("tipificacion_imports")
