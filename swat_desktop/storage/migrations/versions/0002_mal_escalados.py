"""Mal escalados: causales catalogue, imported bases, cases and their verdicts, import profiles.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

from swat_desktop.storage.types import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Columns the review table filters or sorts on: an index lets SQLite hand back the ordered
# ids without a temporary sort (bench/bench_review.py).
INDEXED = ("asesor_id", "asesor_nombre", "assigned_to", "cuenta", "fecha_escalamiento",
           "primary_causal_id", "supervisor")
PAIRS = {"status_fecha": ("status", "fecha_escalamiento"),
         "base_fecha": ("base_date", "fecha_escalamiento")}


def upgrade() -> None:
    op.create_table(
        "causales",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_causales")),
        sa.UniqueConstraint("code", name=op.f("uq_causales_code")),
    )
    op.create_table(
        "import_profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.Column("mapping", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=40), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_profiles")),
        sa.UniqueConstraint("signature", name=op.f("uq_import_profiles_signature")),
    )
    op.create_table(
        "mal_escalado_bases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("base_date", sa.Date(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("sheet", sa.String(length=120), nullable=False),
        sa.Column("header_row", sa.Integer(), nullable=False),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column("imported_at", UTCDateTime(), nullable=False),
        sa.Column("imported_by", sa.Integer(), nullable=False),
        sa.Column("imported_count", sa.Integer(), nullable=False),
        sa.Column("duplicate_count", sa.Integer(), nullable=False),
        sa.Column("rejected_count", sa.Integer(), nullable=False),
        sa.Column("advisors", sa.JSON(), nullable=False),
        sa.Column("supervisors", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["imported_by"],
            ["users.id"],
            name=op.f("fk_mal_escalado_bases_imported_by_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mal_escalado_bases")),
        sa.UniqueConstraint("uuid", name=op.f("uq_mal_escalado_bases_uuid")),
    )
    with op.batch_alter_table("mal_escalado_bases", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mal_escalado_bases_base_date"), ["base_date"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_mal_escalado_bases_file_sha256"), ["file_sha256"], unique=False
        )

    op.create_table(
        "mal_escalado_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("base_id", sa.Integer(), nullable=False),
        sa.Column("base_date", sa.Date(), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.Column("fecha_escalamiento", sa.DateTime(), nullable=False),
        sa.Column("cuenta", sa.String(length=40), nullable=False),
        sa.Column("asesor_id", sa.String(length=60), nullable=False),
        sa.Column("asesor_nombre", sa.String(length=160), nullable=False),
        sa.Column("supervisor", sa.String(length=160), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("row_key", sa.String(length=200), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("primary_causal_id", sa.Integer(), nullable=True),
        sa.Column("procedencia", sa.String(length=16), nullable=True),
        sa.Column("motivo", sa.String(length=32), nullable=True),
        sa.Column("observaciones", sa.Text(), nullable=False),
        sa.Column("reviewed_by", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", UTCDateTime(), nullable=True),
        sa.Column("assigned_to", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assigned_to"],
            ["users.id"],
            name=op.f("fk_mal_escalado_cases_assigned_to_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["base_id"],
            ["mal_escalado_bases.id"],
            name=op.f("fk_mal_escalado_cases_base_id_mal_escalado_bases"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["primary_causal_id"],
            ["causales.id"],
            name=op.f("fk_mal_escalado_cases_primary_causal_id_causales"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by"],
            ["users.id"],
            name=op.f("fk_mal_escalado_cases_reviewed_by_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mal_escalado_cases")),
        sa.UniqueConstraint("row_key", name=op.f("uq_mal_escalado_cases_row_key")),
    )
    with op.batch_alter_table("mal_escalado_cases", schema=None) as batch_op:
        for column in INDEXED:
            batch_op.create_index(batch_op.f(f"ix_mal_escalado_cases_{column}"), [column])
        for name, columns in PAIRS.items():
            batch_op.create_index(f"ix_mal_escalado_cases_{name}", list(columns))

    op.create_table(
        "mal_escalado_case_causales",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("causal_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["mal_escalado_cases.id"],
            name=op.f("fk_mal_escalado_case_causales_case_id_mal_escalado_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["causal_id"],
            ["causales.id"],
            name=op.f("fk_mal_escalado_case_causales_causal_id_causales"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("case_id", "causal_id", name=op.f("pk_mal_escalado_case_causales")),
    )
    with op.batch_alter_table("mal_escalado_case_causales", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mal_escalado_case_causales_causal_id"), ["causal_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("mal_escalado_case_causales", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mal_escalado_case_causales_causal_id"))

    op.drop_table("mal_escalado_case_causales")
    with op.batch_alter_table("mal_escalado_cases", schema=None) as batch_op:
        for name in PAIRS:
            batch_op.drop_index(f"ix_mal_escalado_cases_{name}")
        for column in INDEXED:
            batch_op.drop_index(batch_op.f(f"ix_mal_escalado_cases_{column}"))

    op.drop_table("mal_escalado_cases")
    with op.batch_alter_table("mal_escalado_bases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mal_escalado_bases_file_sha256"))
        batch_op.drop_index(batch_op.f("ix_mal_escalado_bases_base_date"))

    op.drop_table("mal_escalado_bases")
    op.drop_table("import_profiles")
    op.drop_table("causales")
