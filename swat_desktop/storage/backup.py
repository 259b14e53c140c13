"""File-level work on a SQLite store: consistent copies, integrity checks and the swap of a
restore.

A plain file copy of a WAL database can miss committed pages still in the -wal file, so copies
go through SQLite's online backup API. Every file that appears under its final name is
complete: it is written under a temporary name, flushed to disk and then renamed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from swat_desktop.durable import flush_file, flush_folder
from swat_desktop.storage.archive import Progress, Stop, Stopped

SIDE_FILES = ("-wal", "-shm")
# SQLite asks whether to stop every this many steps of its machine: a few milliseconds, while
# asking far more often would take Python's lock from the window thousands of times a second.
HANDLER_STEPS = 50_000


def sqlite_online_backup(source: Path, target: Path) -> Path:
    """A standalone copy (no -wal beside it) of ``source`` as it was at one instant."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        raise FileExistsError(f"Ya existe el archivo de respaldo {target}")
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial",
                                    dir=target.parent)
    os.close(handle)
    partial = Path(name)
    try:
        src = read_only(source)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)  # in one step: a consistent snapshot even while others write
                # A backup is a single self-contained file: no -wal beside it.
                dst.execute("PRAGMA journal_mode=DELETE")
                if _tables(dst) != _tables(src):
                    raise sqlite3.DatabaseError(
                        "la copia no tiene las mismas tablas que el original")
            finally:
                dst.close()
        finally:
            src.close()
        flush_file(partial)
        if target.exists():  # another copy of the application chose the same name meanwhile
            raise FileExistsError(f"Ya existe el archivo de respaldo {target}")
        os.replace(partial, target)
        flush_folder(target.parent)
    finally:
        partial.unlink(missing_ok=True)
    return target


def read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection that never creates the file when it is missing."""
    # A URI built by pathlib escapes "#", "?" and "%", which a hand-built "file:" URI would
    # read as fragment, query or escape and so open another (empty) file.
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def integrity_problems(path: Path, limit: int = 10, *, quick: bool = False,
                       stop: Stop | None = None) -> list[str]:
    """What ``PRAGMA integrity_check`` finds (indexes against their tables too), or the
    ``quick_check`` (every page and record, but no index against its table: about ten times
    faster); [] when sound. Raises sqlite3.DatabaseError when the file is not a database at
    all, and Stopped when ``stop`` says so (checked every few thousand steps of SQLite).
    """
    pragma = "quick_check" if quick else "integrity_check"
    conn = read_only(path)
    try:
        with stoppable(conn, stop):
            found = [str(row[0]) for row in conn.execute(f"PRAGMA {pragma}({limit})")]
        return [] if found == ["ok"] else found
    finally:
        conn.close()


def vacuum_copy(source: Path, target: Path, progress: Progress, stop: Stop) -> None:
    """A compact standalone copy of ``source`` at one instant, in ``target`` (which must not
    exist). VACUUM INTO reads in one transaction, so writers of the store go on meanwhile
    (WAL) and never make it start over, as the page-by-page backup API would; and it leaves
    out the free pages a year of verdicts leaves behind. ``progress`` gets the bytes written
    against the size of the store."""
    conn = read_only(source)
    try:
        total = int(conn.execute("PRAGMA page_count").fetchone()[0]) * int(
            conn.execute("PRAGMA page_size").fetchone()[0])
        calls = 0

        def report() -> None:
            nonlocal calls
            calls += 1
            if calls % 4 == 0:  # a stat every 200,000 steps of SQLite
                with contextlib.suppress(OSError):
                    progress(min(target.stat().st_size, total), total)

        with stoppable(conn, stop, report):
            conn.execute("VACUUM INTO ?", (str(target),))
    finally:
        conn.close()
    fixed = sqlite3.connect(target)
    try:  # a backup is a single self-contained file: no -wal beside it
        fixed.execute("PRAGMA journal_mode=DELETE")
    finally:
        fixed.close()
    flush_file(target)


@contextlib.contextmanager
def stoppable(conn: sqlite3.Connection, stop: Stop | None,
               tick: Callable[[], None] | None = None) -> Iterator[None]:
    """Run statements that SQLite interrupts as soon as ``stop()`` is true: closing the window
    must not wait for a check of a 1 GB store."""
    if stop is not None and stop():
        raise Stopped  # a short statement may end before SQLite ever asks the handler
    if stop is None and tick is None:
        yield
        return

    def handler() -> int:
        if tick is not None:
            tick()
        return 1 if stop is not None and stop() else 0

    conn.set_progress_handler(handler, HANDLER_STEPS)
    try:
        yield
    except Exception as exc:  # sqlite3's own error, or SQLAlchemy's wrapping of it
        if stop is not None and stop() and "interrupt" in str(exc):
            raise Stopped from exc
        raise
    finally:
        conn.set_progress_handler(None, 0)


def schema_revision(path: Path) -> str | None:
    """The Alembic revision stamped in a store, without opening it for writing."""
    conn = read_only(path)
    try:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                            "AND name = 'alembic_version'").fetchone():
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(row[0]) if row else None
    finally:
        conn.close()


class StoreStillOpen(Exception):
    """Some connection (this process or another program) still has the store open."""


def replace_store(store: Path, replacement: Path, set_aside: Path | None) -> None:
    """Put ``replacement`` where ``store`` is; its current content is first copied, byte for
    byte, to ``set_aside`` (and its -wal beside that copy, if it holds anything).

    At every instant ``store`` holds either the old or the new database, never a mix and never
    nothing: the copy aside is complete and on disk before the rename, and the rename is
    atomic. The caller must hold the store against other copies (store_lock.exclusive_use).
    """
    copies = []
    if store.exists() and set_aside is not None:
        # Before anything touches the file: a damaged store is kept exactly as it was found.
        copies.append(_durable_copy(store, set_aside))
        wal = _side(store, "-wal")
        if wal.exists() and wal.stat().st_size:
            copies.append(_durable_copy(wal, _side(set_aside, "-wal")))
    try:
        if store.exists():
            _fold_wal(store)
    except StoreStillOpen:
        for copy in copies:
            copy.unlink(missing_ok=True)
        raise
    for suffix in SIDE_FILES:
        # Left beside the new file, the old log would be replayed into it.
        _side(store, suffix).unlink(missing_ok=True)
    try:
        os.replace(replacement, store)
    except PermissionError as exc:  # Windows: another program has the file open
        raise StoreStillOpen(str(exc)) from exc
    flush_folder(store.parent)


def _side(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _fold_wal(store: Path) -> None:
    """Write the -wal back into the file and leave WAL mode.

    SQLite only leaves WAL mode when no other connection has the database open: the proof
    that nobody (not even a forgotten connection of this process) still uses the file. A
    damaged file may refuse; it was copied aside as it was, and is replaced anyway.
    """
    conn = sqlite3.connect(store, timeout=0.5)
    try:
        conn.execute("PRAGMA journal_mode=DELETE").fetchall()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise StoreStillOpen(str(exc)) from exc
    except sqlite3.DatabaseError:
        pass
    finally:
        conn.close()


def _durable_copy(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    shutil.copyfile(source, partial)
    flush_file(partial)
    os.replace(partial, target)
    flush_folder(target.parent)
    return target


def remove_partials(folder: Path, older_than_s: float) -> list[Path]:
    """Delete what an interrupted copy left behind (never listed as a backup anyway); a recent
    one may still be written by another copy of the application."""
    removed = []
    limit = time.time() - older_than_s
    for path in folder.glob(".*.partial"):
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < limit:
                path.unlink()
                removed.append(path)
    return removed


def _tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    return [name for (name,) in rows]
