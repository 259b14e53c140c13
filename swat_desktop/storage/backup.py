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
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            # A backup is a single self-contained file: no -wal beside it.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()
    return target
