"""The review at a year's store: narrow case rows, counts and orders from indexes, full-text
search.

- The imported cells leave ``mal_escalado_cases.source`` for compressed blocks in
  ``mal_escalado_sources`` (storage/source_blocks.py): more than half of every row, read only
  by the detail panel.
- Each base keeps its reviewed and *procede* counts and the range of its accounts' ids.
- ``(supervisor, status)``, ``(asesor_id, status)`` and ``(assigned_to, status)`` replace the
  single-column indexes: the same orders, and counts of reviewed accounts from the index alone;
  ``procedencia`` gets the index its order needs.
- The search text becomes words only (base_format.search_words), and on SQLite a full-text
  index follows it through triggers. A later batch migration that recreates
  ``mal_escalado_cases`` on SQLite drops those triggers and must create them again.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

import json
import logging
import zlib
from collections.abc import Iterator

import sqlalchemy as sa
from alembic import op

from swat_desktop.domain.base_format import case_search_text
from swat_desktop.storage import source_blocks

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)

CASES = "mal_escalado_cases"
SEARCH = "mal_escalado_search"
# How revision 0006 kept a row's cells: one text, cells joined by the unit separator.
OLD_SEPARATOR = "\x1f"
# Single-column index -> the (column, status) index that replaces it.
COMPOSITES = {"supervisor": f"ix_{CASES}_supervisor_status",
              "asesor_id": f"ix_{CASES}_asesor_status",
              "assigned_to": f"ix_{CASES}_assigned_status"}
BATCH = 5_000
BASE_COLUMNS = (("reviewed_count", False), ("procede_count", False), ("first_case_id", True),
                ("last_case_id", True))

TERMS = f"{SEARCH}_terms"
# Contentless: the index keeps no copy of the text, only its words, and with each account a
# word for its status ("_pendiente", "_revisada") that no search can type (searches are
# letters and digits), so "how many of these matches are pending" is one more index lookup.
# The terms table lists the index's words: a prefix typed becomes the few words it begins.
SEARCH_DDL = (
    f"CREATE VIRTUAL TABLE {SEARCH} USING fts5(words, content='', "
    "tokenize=\"unicode61 tokenchars '_'\", detail='none')",
    f"CREATE VIRTUAL TABLE {TERMS} USING fts5vocab({SEARCH}, 'row')",
)
WORDS = "{0}.search_text || ' _' || {0}.status"
# Told what each row held before it changed, the index removes exactly those words.
SEARCH_TRIGGERS = (
    f"""CREATE TRIGGER {SEARCH}_insert AFTER INSERT ON {CASES} BEGIN
        INSERT INTO {SEARCH}(rowid, words) VALUES (new.id, {WORDS.format("new")});
    END""",
    f"""CREATE TRIGGER {SEARCH}_delete AFTER DELETE ON {CASES} BEGIN
        INSERT INTO {SEARCH}({SEARCH}, rowid, words)
        VALUES ('delete', old.id, {WORDS.format("old")});
    END""",
    f"""CREATE TRIGGER {SEARCH}_update AFTER UPDATE OF search_text, status ON {CASES} BEGIN
        INSERT INTO {SEARCH}({SEARCH}, rowid, words)
        VALUES ('delete', old.id, {WORDS.format("old")});
        INSERT INTO {SEARCH}(rowid, words) VALUES (new.id, {WORDS.format("new")});
    END""",
)


COUNT_CAUSALES = (
    "INSERT INTO mal_escalado_causal_counts (base_id, causal_id, accounts) "
    f"SELECT c.base_id, cc.causal_id, COUNT(*) FROM mal_escalado_case_causales cc "
    f"JOIN {CASES} c ON c.id = cc.case_id GROUP BY c.base_id, cc.causal_id")


def _batches(bind: sa.Connection, columns: str) -> Iterator[list[sa.Row]]:
    """Every case, a batch at a time in id order: no cursor stays open across the updates,
    and a year's store is never held in memory at once."""
    last = 0
    while True:
        rows = bind.execute(sa.text(f"SELECT id, {columns} FROM {CASES} WHERE id > :last "
                                    f"ORDER BY id LIMIT {BATCH}"), {"last": last}).all()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _move_sources(bind: sa.Connection) -> None:
    """Each base's cells into blocks, read through the base's id range (there is no index on
    base_id: a scan of the whole table per base would cost a year times the bases)."""
    sources = sa.table("mal_escalado_sources", sa.column("base_id"), sa.column("chunk"),
                       sa.column("data", sa.LargeBinary))
    bases = bind.execute(sa.text("SELECT id, first_case_id, last_case_id FROM "
                                 "mal_escalado_bases WHERE first_case_id IS NOT NULL")).all()
    for base_id, first, last in bases:
        rows = sorted(bind.execute(sa.text(
            f"SELECT source_row, source FROM {CASES} WHERE id BETWEEN :lo AND :hi "
            "AND base_id = :b"), {"b": base_id, "lo": first, "hi": last}).all())
        blocks = source_blocks.encode((row, (text or "").split(OLD_SEPARATOR))
                                      for row, text in rows)
        batch = [{"base_id": base_id, "chunk": c, "data": d} for c, d in blocks]
        if batch:
            bind.execute(sources.insert(), batch)


def _count_bases(bind: sa.Connection) -> None:
    figures = bind.execute(sa.text(
        f"SELECT base_id, SUM(CASE WHEN status = 'revisada' THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN procedencia = 'procede' THEN 1 ELSE 0 END), MIN(id), MAX(id) "
        f"FROM {CASES} GROUP BY base_id")).all()
    if not figures:
        return
    bind.execute(sa.text(
        "UPDATE mal_escalado_bases SET reviewed_count = :r, procede_count = :p, "
        "first_case_id = :lo, last_case_id = :hi WHERE id = :b"),
        [{"b": b, "r": r or 0, "p": p or 0, "lo": lo, "hi": hi} for b, r, p, lo, hi in figures])


def _reword(bind: sa.Connection) -> None:
    """Search text as words only, with the account also without its leading zeros."""
    update = sa.text(f"UPDATE {CASES} SET search_text = :t WHERE id = :i")
    for rows in _batches(bind, "cuenta, asesor_id, asesor_nombre, supervisor, observaciones"):
        bind.execute(update, [
            {"i": case_id, "t": case_search_text(cuenta, asesor_id, asesor, supervisor or "",
                                                 notes or "")}
            for case_id, cuenta, asesor_id, asesor, supervisor, notes in rows])


def _drop_column(bind: sa.Connection, table: str, column: str) -> None:
    """``ALTER TABLE … DROP COLUMN`` on both engines (SQLite 3.35 and later): a batch
    migration would copy the table and drop the old one, which foreign keys from the
    accounts' causales and claims refuse while the store holds any."""
    bind.exec_driver_sql(f"ALTER TABLE {table} DROP COLUMN {column}")


def create_search_index(bind: sa.Connection) -> bool:
    """The full-text index on SQLite, when its build of SQLite has FTS5 (CPython's do);
    without it the review searches with LIKE, as on PostgreSQL, and says so in the log."""
    try:
        with bind.begin_nested():
            for statement in SEARCH_DDL:
                bind.exec_driver_sql(statement)
    except sa.exc.OperationalError as exc:
        log.warning("SQLite sin FTS5 (%s): la búsqueda de la revisión usará LIKE", exc)
        return False
    for trigger in SEARCH_TRIGGERS:
        bind.exec_driver_sql(trigger)
    bind.exec_driver_sql(f"INSERT INTO {SEARCH}(rowid, words) SELECT id, "
                         f"{WORDS.format(CASES)} FROM {CASES}")
    return True


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    for name, nullable in BASE_COLUMNS:
        op.add_column("mal_escalado_bases", sa.Column(
            name, sa.Integer(), nullable=nullable, server_default=None if nullable else "0"))
    _count_bases(bind)
    op.create_table(
        "mal_escalado_sources",
        sa.Column("base_id", sa.Integer(), nullable=False),
        sa.Column("chunk", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["base_id"], ["mal_escalado_bases.id"], ondelete="CASCADE",
                                name=op.f("fk_mal_escalado_sources_base_id_mal_escalado_bases")),
        sa.PrimaryKeyConstraint("base_id", "chunk", name=op.f("pk_mal_escalado_sources")),
    )
    _move_sources(bind)
    _reword(bind)
    op.create_table(
        "mal_escalado_causal_counts",
        sa.Column("base_id", sa.Integer(), nullable=False),
        sa.Column("causal_id", sa.Integer(), nullable=False),
        sa.Column("accounts", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["base_id"], ["mal_escalado_bases.id"], ondelete="CASCADE",
                                name=op.f("fk_mal_escalado_causal_counts_base_id_mal_escalado_bases")),
        sa.ForeignKeyConstraint(["causal_id"], ["causales.id"], ondelete="RESTRICT",
                                name=op.f("fk_mal_escalado_causal_counts_causal_id_causales")),
        sa.PrimaryKeyConstraint("base_id", "causal_id", name=op.f("pk_mal_escalado_causal_counts")),
    )
    bind.exec_driver_sql(COUNT_CAUSALES)
    for column in COMPOSITES:
        op.drop_index(f"ix_{CASES}_{column}", table_name=CASES)
    _drop_column(bind, CASES, "source")
    for column, name in COMPOSITES.items():
        op.create_index(name, CASES, [column, "status"])
    op.create_index(f"ix_{CASES}_procedencia", CASES, ["procedencia"])
    if sqlite:
        create_search_index(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {SEARCH}_{trigger}")
        bind.exec_driver_sql(f"DROP TABLE IF EXISTS {TERMS}")
        bind.exec_driver_sql(f"DROP TABLE IF EXISTS {SEARCH}")
    op.drop_index(f"ix_{CASES}_procedencia", CASES)
    for name in COMPOSITES.values():
        op.drop_index(name, CASES)
    op.add_column(CASES, sa.Column("source", sa.Text(), nullable=False, server_default=""))
    for column in COMPOSITES:
        op.create_index(f"ix_{CASES}_{column}", CASES, [column])
    update = sa.text(f"UPDATE {CASES} SET source = :s WHERE base_id = :b AND source_row = :r")
    for base_id, data in bind.execute(sa.text(
            "SELECT base_id, data FROM mal_escalado_sources")).all():
        rows = json.loads(zlib.decompress(data).decode("utf-8"))
        bind.execute(update, [{"s": OLD_SEPARATOR.join(cells), "b": base_id, "r": row}
                              for row, cells in rows])
    op.drop_table("mal_escalado_causal_counts")
    op.drop_table("mal_escalado_sources")
    for name, _ in BASE_COLUMNS:
        _drop_column(bind, "mal_escalado_bases", name)
