"""The import puts a base's words into the full-text index in one statement.

Migration 0007's insert trigger indexed each account as it was inserted: with it, importing
100,000 accounts took about twice as long (a statement of the index per row); one
``INSERT … SELECT`` over the base's id range after the rows costs a fifteenth of that
(services.search_index.index_accounts). The import is the only way accounts come in, so the
trigger goes; the update and delete triggers stay (a verdict changes one row at a time).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

SEARCH = "mal_escalado_search"
CASES = "mal_escalado_cases"


def _has_index(bind) -> bool:  # type: ignore[no-untyped-def]
    return bind.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE name = ?", (SEARCH,)).first() is not None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {SEARCH}_insert")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite" and _has_index(bind):
        bind.exec_driver_sql(
            f"""CREATE TRIGGER {SEARCH}_insert AFTER INSERT ON {CASES} BEGIN
                INSERT INTO {SEARCH}(rowid, words)
                VALUES (new.id, new.search_text || ' _' || new.status);
            END""")
