"""Reclamaciones to Gestión Soporte, feedback sessions with their commitments, and the
procedure each causal prints on the compromiso de mejoramiento.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

from swat_desktop.storage.types import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feedback_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("asesor_id", sa.String(length=60), nullable=False),
        sa.Column("asesor_nombre", sa.String(length=160), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("session_date", sa.Date(), nullable=False),
        sa.Column("supervisor", sa.String(length=300), nullable=False),
        sa.Column("attendees", sa.String(length=300), nullable=False),
        sa.Column("discussion", sa.Text(), nullable=False),
        sa.Column("plan", sa.Text(), nullable=False),
        sa.Column("follow_up", sa.Date(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_feedback_sessions_created_by_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_sessions")),
        sa.UniqueConstraint("uuid", name=op.f("uq_feedback_sessions_uuid")),
    )
    with op.batch_alter_table("feedback_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_feedback_sessions_asesor_id"), ["asesor_id"], unique=False
        )

    op.create_table(
        "reclamaciones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.Column("sent_by", sa.Integer(), nullable=True),
        sa.Column("discarded_at", UTCDateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_reclamaciones_created_by_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["sent_by"],
            ["users.id"],
            name=op.f("fk_reclamaciones_sent_by_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reclamaciones")),
        sa.UniqueConstraint("uuid", name=op.f("uq_reclamaciones_uuid")),
        sa.UniqueConstraint("year", "sequence", name="uq_reclamaciones_year_sequence"),
    )
    op.create_table(
        "feedback_causales",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("causal_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["causal_id"],
            ["causales.id"],
            name=op.f("fk_feedback_causales_causal_id_causales"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["feedback_sessions.id"],
            name=op.f("fk_feedback_causales_session_id_feedback_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "causal_id", name=op.f("pk_feedback_causales")),
    )
    with op.batch_alter_table("feedback_causales", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_feedback_causales_causal_id"), ["causal_id"], unique=False
        )

    op.create_table(
        "feedback_commitments",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["feedback_sessions.id"],
            name=op.f("fk_feedback_commitments_session_id_feedback_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "position", name=op.f("pk_feedback_commitments")),
    )
    op.create_table(
        "reclamacion_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reclamacion_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["mal_escalado_cases.id"],
            name=op.f("fk_reclamacion_items_case_id_mal_escalado_cases"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"],
            ["users.id"],
            name=op.f("fk_reclamacion_items_decided_by_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["reclamacion_id"],
            ["reclamaciones.id"],
            name=op.f("fk_reclamacion_items_reclamacion_id_reclamaciones"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reclamacion_items")),
        sa.UniqueConstraint("case_id", name=op.f("uq_reclamacion_items_case_id")),
    )
    with op.batch_alter_table("reclamacion_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reclamacion_items_reclamacion_id"), ["reclamacion_id"], unique=False
        )

    with op.batch_alter_table("causales", schema=None) as batch_op:
        batch_op.add_column(sa.Column("procedure", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("causales", schema=None) as batch_op:
        batch_op.drop_column("procedure")

    with op.batch_alter_table("reclamacion_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reclamacion_items_reclamacion_id"))

    op.drop_table("reclamacion_items")
    op.drop_table("feedback_commitments")
    with op.batch_alter_table("feedback_causales", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_causales_causal_id"))

    op.drop_table("feedback_causales")
    op.drop_table("reclamaciones")
    with op.batch_alter_table("feedback_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_sessions_asesor_id"))

    op.drop_table("feedback_sessions")
