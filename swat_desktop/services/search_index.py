"""Upkeep of the review's full-text index (SQLite only, migration 0007).

Every verdict rewrites its account's words in the index (the status word changes), and the
index keeps the old ones as delete markers in its segments until they are merged. After a
year of verdicts a search reads past a million markers: 60 ms for one account's number on
1,000,000 rows, 0.02 ms once merged (bench/bench_year.py). Merging the whole index takes about
2.5 s at that size, so it runs with the daily check, in the background, and after a bulk write.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import inspect, text
from sqlalchemy.orm import Session

from swat_desktop.services.handle import Store, database, session_scope
from swat_desktop.storage.archive import Stop
from swat_desktop.storage.backup import stoppable
from swat_desktop.storage.models import SEARCH_TABLE, MalEscaladoCase

_OPTIMIZE = text(f"INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}) VALUES ('optimize')")
# The words of an account as the triggers of migration 0007 write them: its search text and
# its status as a word of its own.
_INDEX_RANGE = text(
    f"INSERT INTO {SEARCH_TABLE}(rowid, words) SELECT id, search_text || ' _' || status "
    f"FROM {MalEscaladoCase.__tablename__} WHERE id BETWEEN :first AND :last")


def index_accounts(session: Session, first_id: int, last_id: int) -> None:
    """Put the accounts with ids in ``[first_id, last_id]`` (a base just imported) into the
    index, in one statement: fifteen times cheaper than a statement per row (migration 0008).
    Nothing to do on PostgreSQL or a SQLite without FTS5."""
    if session.get_bind().dialect.name != "sqlite" or not inspect(
            session.connection()).has_table(SEARCH_TABLE):
        return
    session.execute(_INDEX_RANGE, {"first": first_id, "last": last_id})


def tidy(db: Store, stop: Stop | None = None) -> bool:
    """Merge the index's segments, dropping the words of verdicts since changed. False when
    the store has no such index (PostgreSQL, or a SQLite built without FTS5). Raises Stopped
    when ``stop`` says so; the merge is then rolled back whole, the index as it was."""
    if not database(db).is_sqlite:
        return False
    with session_scope(db, write=True) as session:
        connection = session.connection()
        if not inspect(connection).has_table(SEARCH_TABLE):
            return False
        raw = connection.connection.driver_connection
        assert isinstance(raw, sqlite3.Connection)
        with stoppable(raw, stop):
            session.execute(_OPTIMIZE)
    return True
