"""The two database engines the storage and service tests run on, and backend-neutral checks.

``tests/storage`` and ``tests/services`` call ``parametrize_backends`` from their conftest, so
every test there that uses a store (``db``, ``db_url``, ``new_store``…) runs once on SQLite and
once on PostgreSQL. A test about something only SQLite has (the file, its pragmas, its
backups) is marked ``@pytest.mark.sqlite_only("why")`` and runs on SQLite alone.
"""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from swat_desktop.storage.database import Database

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
BACKENDS = (SQLITE, POSTGRESQL)
SQLITE_ONLY = "sqlite_only"
ALSO_POSTGRESQL = "also_postgresql"


def parametrize_backends(metafunc: pytest.Metafunc) -> None:
    if "backend" not in metafunc.fixturenames:
        return
    only_sqlite = metafunc.definition.get_closest_marker(SQLITE_ONLY) is not None
    metafunc.parametrize("backend", (SQLITE,) if only_sqlite else BACKENDS)


def parametrize_marked_backends(metafunc: pytest.Metafunc) -> None:
    """For tests/gui, where a window test costs seconds: only the flows marked
    ``@pytest.mark.also_postgresql`` run on both engines; the rest on SQLite."""
    if (metafunc.definition.get_closest_marker(ALSO_POSTGRESQL) is not None
            and "backend" in metafunc.fixturenames):
        metafunc.parametrize("backend", BACKENDS)


def snapshot(db: Database) -> dict[str, list[tuple[object, ...]]]:
    """Every table with all its rows, to prove an operation changed nothing, on any engine."""
    with db.engine.connect() as conn:
        tables = sorted(inspect(conn).get_table_names())
        return {  # sorted in Python: PostgreSQL cannot order by a JSON column
            table: sorted((tuple(r) for r in conn.execute(text(f'SELECT * FROM "{table}"'))),
                          key=repr)
            for table in tables
        }
