"""Upkeep of the review's full-text index (SQLite only, migration 0007).

Every verdict rewrites its account's words in the index (the status word changes), and the
index keeps the old ones as delete markers in its segments until they are merged. After a
year of verdicts a search reads past a million markers: 60 ms for one account's number on
1,000,000 rows, 0.02 ms once merged (bench/bench_year.py). Merging the whole index takes about
2.5 s at that size, so it runs with the daily check, in the background, and after a bulk write.
"""

from __future__ import annotations

from sqlalchemy import inspect, text

from swat_desktop.storage.database import Database
from swat_desktop.storage.models import SEARCH_TABLE

_OPTIMIZE = text(f"INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}) VALUES ('optimize')")


def tidy(db: Database) -> bool:
    """Merge the index's segments, dropping the words of verdicts since changed. False when
    the store has no such index (PostgreSQL, or a SQLite built without FTS5)."""
    if not db.is_sqlite:
        return False
    with db.session_scope(write=True) as session:
        if not inspect(session.connection()).has_table(SEARCH_TABLE):
            return False
        session.execute(_OPTIMIZE)
    return True
