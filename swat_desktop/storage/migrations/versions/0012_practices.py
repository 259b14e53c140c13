"""The management practices held by the leaders and the accounts and advisors each was about.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

from swat_desktop.storage.types import UTCDateTime

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "practice_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_code", sa.String(length=20), nullable=False),
        sa.Column("catalogue_version", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("leader_id", sa.Integer(), nullable=False),
        sa.Column("leader_role", sa.String(length=32), nullable=False),
        sa.Column("participants", sa.String(length=300), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("follow_up", sa.Text(), nullable=False),
        sa.Column("follow_up_due", sa.Date(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", UTCDateTime(), nullable=True),
        sa.Column("deleted_by", sa.Integer(), nullable=True),
        sa.Column("delete_reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["leader_id"], ["users.id"],
            name=op.f("fk_practice_sessions_leader_id_users"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(
            ["deleted_by"], ["users.id"],
            name=op.f("fk_practice_sessions_deleted_by_users"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_sessions")),
    )
    op.create_index(op.f("ix_practice_sessions_held_on"), "practice_sessions", ["held_on"])
    op.create_index("ix_practice_sessions_leader_day", "practice_sessions",
                    ["leader_id", "held_on"])
    op.create_table(
        "practice_links",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=60), nullable=False),
        sa.Column("label", sa.String(length=160), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"], ["practice_sessions.id"],
            name=op.f("fk_practice_links_session_id_practice_sessions"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("session_id", "position", name=op.f("pk_practice_links")),
    )
    op.create_index(op.f("ix_practice_links_value"), "practice_links", ["value"])


def downgrade() -> None:
    op.drop_index(op.f("ix_practice_links_value"), table_name="practice_links")
    op.drop_table("practice_links")
    op.drop_index("ix_practice_sessions_leader_day", table_name="practice_sessions")
    op.drop_index(op.f("ix_practice_sessions_held_on"), table_name="practice_sessions")
    op.drop_table("practice_sessions")
