"""Consistent copies of a live SQLite store through SQLite's online backup API.

A plain file copy of a WAL database can miss committed pages still in the -wal file.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


def sqlite_online_backup(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        raise FileExistsError(f"Ya existe el archivo de respaldo {target}")
    # A URI built by pathlib escapes "#", "?" and "%", which a hand-built "file:" URI would
    # read as fragment, query or escape and so open another (empty) file.
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            # A backup is a single self-contained file: no -wal beside it.
            dst.execute("PRAGMA journal_mode=DELETE")
            if _tables(dst) != _tables(src):
                raise sqlite3.DatabaseError("la copia no tiene las mismas tablas que el original")
        finally:
            dst.close()
    finally:
        src.close()
    return target


def _tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    return [name for (name,) in rows]
