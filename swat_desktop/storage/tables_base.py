"""The declarative base of every table, its naming of constraints, and what Alembic
leaves out (the search index migration 0007 makes by hand).

No column defaults to "now": the use case that writes a row stamps it from its store's clock
(``Database.clock``), so a forgotten stamp fails loudly (NOT NULL) instead of silently taking
the system's time."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Named constraints keep Alembic's batch migrations on SQLite deterministic.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# The full-text index of the review's search (SQLite only) and the tables FTS5 keeps behind
# it: made by migration 0007, not by these models, so autogenerate must not see them.
SEARCH_TABLE = "mal_escalado_search"
SEARCH_TERMS = "mal_escalado_search_terms"  # the index's words (fts5vocab)


def in_models(name: str | None, type_: str, _parents: Mapping[str, str | None]) -> bool:
    """Alembic's ``include_name``: every table but the search index's."""
    return not (type_ == "table" and name is not None and name.startswith(SEARCH_TABLE))
