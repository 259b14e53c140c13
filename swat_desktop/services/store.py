"""Opening, checking and describing the store: what start-up and ``swat-desktop db`` need.
Backups are services.backups."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, inspect, select
from sqlalchemy.exc import SQLAlchemyError

from swat_desktop.domain.clock import Clock
from swat_desktop.services import catalogue, inoperatividad
from swat_desktop.services.handle import Store, StoreHandle, database, session_scope
from swat_desktop.storage import migrate
from swat_desktop.storage.archive import Stop
from swat_desktop.storage.backup import integrity_problems
from swat_desktop.storage.database import Database, DatabaseError, choose_url, describe_db_error
from swat_desktop.storage.errors import (
    StoreCorrupt,
    StoreDamaged,
    StoreDiskFailed,
    StoreFull,
    StoreGone,
    StoreLocked,
    StoreReadOnly,
    StoreRefused,
    StoreUnavailable,
    Trouble,
    driver_trouble,
)
from swat_desktop.storage.migrate import MigrationResult
from swat_desktop.storage.models import Base
from swat_desktop.storage.store_lock import StoreBusy, StorePresence

# ``Database`` stays importable here for the callers that still name it; the window holds a
# StoreHandle (services.handle), which opens no session and shows no engine.
__all__ = [
    "Database",
    "DatabaseError",
    "DatabaseInfo",
    "MigrationResult",
    "Store",
    "StoreCorrupt",
    "StoreDamaged",
    "StoreDiskFailed",
    "StoreFull",
    "StoreGone",
    "StoreHandle",
    "StoreLocked",
    "StoreReadOnly",
    "StoreRefused",
    "StoreUnavailable",
    "Trouble",
    "database_info",
    "database_trouble",
    "open_store",
]


def database_trouble(exc: BaseException) -> Trouble | None:
    """The known way a store failed behind ``exc`` (a StoreUnavailable, or a driver's error
    raised as is), None for anything else: what the crash dialog asks, by class."""
    return driver_trouble(exc)

# Errors of SQLite that mean the file itself is broken, not busy or out of reach.
_DAMAGE = ("file is not a database", "database disk image is malformed")
SHOWN_PROBLEMS = 10


TABLE_LABELS = {
    "users": "Usuarios",
    "attention_points": "Puntos de atención",
    "audit_log": "Registros de auditoría",
    "settings": "Parámetros",
    "causales": "Causales",
    "mal_escalado_bases": "Bases mal escalados",
    "mal_escalado_cases": "Cuentas mal escaladas",
    "mal_escalado_case_causales": "Causales de veredictos",
    "import_profiles": "Perfiles de importación",
    "reclamaciones": "Reclamaciones",
    "reclamacion_items": "Cuentas de reclamaciones",
    "feedback_sessions": "Sesiones de retroalimentación",
    "feedback_causales": "Causales de retroalimentación",
    "feedback_commitments": "Compromisos de mejoramiento",
    "catalogue_items": "Catálogos de inoperatividad",
    "correlativo_counters": "Correlativos por punto",
    "correlativo_reservations": "Correlativos reservados (talonarios)",
    "inoperatividad_records": "Registros de inoperatividad",
    "inoperatividad_drafts": "Borradores de inoperatividad",
    "falla_windows": "Fallas masivas comunicadas",
    "non_working_days": "Días no laborables agregados",
    "point_keys": "Claves de los puntos",
    "tipificacion_imports": "Importaciones de tipificaciones",
    "tipificacion_counts": "Tipificaciones por día, canal y trámite",
    "atencion_online_reports": "Informes de Atención Online",
}


@dataclass(frozen=True)
class DatabaseInfo:
    location: str
    backend: str
    revision: str | None
    head: str
    row_counts: dict[str, int]

    @property
    def up_to_date(self) -> bool:
        return self.revision == self.head


def connect(database_url: str | None, default_file: Path, clock: Clock | None = None
            ) -> Database:
    return Database(choose_url(database_url, default_file), clock)


def open_store(
    database_url: str | None, default_file: Path, backups_dir: Path,
    clock: Clock | None = None, *, quick_check: bool = True,
) -> tuple[StoreHandle, MigrationResult]:
    """Open the store, check it and bring its schema up to date (copying an older SQLite file
    aside). Raises StoreDamaged when the SQLite file is damaged: nothing is written to it.
    ``clock`` is what its use cases take "now" from (the system's unless given). The window
    and the command line get the opaque handle; services reach the Database behind it.

    Without ``quick_check`` only what is bounded is checked (check_readable): the window
    shows itself first and checks the whole file in the background."""
    db = connect(database_url, default_file, clock)
    try:
        if db.sqlite_path is not None:
            db.presence = _join(db)
            if quick_check:
                check_integrity(db)
            else:
                check_readable(db)
        result = migrate.upgrade(db, backups_dir)
        catalogue.ensure_seeded(db)
        inoperatividad.ensure_seeded(db)
        return StoreHandle(db), result
    except BaseException:
        db.dispose()
        raise


def _join(db: Database) -> StorePresence:
    assert db.sqlite_path is not None
    try:
        return StorePresence.join(db.sqlite_path)
    except StoreBusy as exc:
        raise DatabaseError(
            f"Otra copia de SWAT Desktop está restaurando un respaldo en {db.display_name}; "
            "espere a que termine y vuelva a abrir la aplicación.") from exc
    except OSError as exc:
        raise DatabaseError(
            f"No se puede abrir la base de datos {db.display_name}: no se puede escribir en su "
            f"carpeta ({exc.strerror or exc}).") from exc


def check_integrity(store: Store, *, full: bool = False, stop: Stop | None = None) -> None:
    """``PRAGMA quick_check`` of the SQLite file, or with ``full`` the integrity_check; raises
    StoreDamaged with what it found, Stopped when ``stop`` says so.

    quick_check reads every page and record (torn or overwritten pages, broken b-trees, bad
    records) but does not cross-check each index against its table, which is what makes
    integrity_check about ten times slower. Both read the whole file, so the window runs
    them in the background after it is shown (services.upkeep); the command line runs the
    quick one before it writes.
    """
    db = database(store)
    path = db.sqlite_path
    assert path is not None
    if not path.is_file():  # missing: about to be created; a folder: SQLite says so
        if path.exists():
            check_readable(db)
        return
    if path.stat().st_size == 0:
        return
    try:
        found = integrity_problems(path, SHOWN_PROBLEMS, quick=not full, stop=stop)
    except sqlite3.DatabaseError as exc:
        raise _unreadable(db, exc) from exc
    if found:
        raise damaged(db.display_name, path, found)


def check_readable(store: Store) -> None:
    """What start-up checks before the window: the file is a SQLite database and its schema
    can be read. Bounded (the header and the schema pages), unlike the checks above."""
    db = database(store)
    try:
        with db.engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
    except SQLAlchemyError as exc:
        raise _unreadable(db, exc) from exc


def readable_revision(store: Store) -> str | None:
    """The schema revision; when it cannot be read because the SQLite file is damaged, the
    damage is what is reported (with the way out), not a failed read. Which page a damage
    hits, and so which read fails first, depends on the schema."""
    db = database(store)
    try:
        return migrate.current_revision(db)
    except DatabaseError:
        if db.sqlite_path is not None:
            check_integrity(db)
        raise


def _unreadable(db: Database, exc: Exception) -> DatabaseError:
    raw = str(getattr(exc, "orig", None) or exc)
    assert db.sqlite_path is not None
    if any(sign in raw for sign in _DAMAGE):
        return StoreDamaged(describe_db_error(db, exc), db.sqlite_path, [raw])
    return DatabaseError(describe_db_error(db, exc))


def problem_text(problem: str) -> str:
    """One line of an integrity report; SQLite opens it with "*** in database main ***",
    noise for whoever reads it."""
    return " ".join(problem.replace("*** in database main ***", "").split())


def damaged(name: str, path: Path, problems: list[str]) -> StoreDamaged:
    first = problem_text(problems[0])
    if len(problems) == 1:
        found = f"un problema: {first}"
    else:
        more = " o más" if len(problems) >= SHOWN_PROBLEMS else ""
        found = f"{len(problems)}{more} problemas; el primero: {first}"
    return StoreDamaged(
        f"La base de datos {name} está dañada: la comprobación de integridad encontró "
        f"{found}.", path, problems)


def database_info(store: Store) -> DatabaseInfo:
    """Describe the store without changing it: no file is created, no migration applied."""
    db = database(store)
    if db.sqlite_path is not None and not db.sqlite_path.exists():
        raise DatabaseError(f"No existe la base de datos {db.display_name}.")
    revision = readable_revision(db)
    if db.sqlite_path is not None:
        check_integrity(db)  # a damaged store says so, with the way out, not half a table
    try:
        with session_scope(db) as session:
            present = set(inspect(session.connection()).get_table_names())
            counts = {
                TABLE_LABELS.get(table.name, table.name): session.scalar(
                    select(func.count()).select_from(table)
                ) or 0
                for table in Base.metadata.sorted_tables
                if table.name in present
            }
    except SQLAlchemyError as exc:
        raise DatabaseError(describe_db_error(db, exc)) from exc
    backend = ("SQLite" if db.is_sqlite else "PostgreSQL" if db.is_postgresql
               else db.url.get_backend_name())
    return DatabaseInfo(db.display_name, backend, revision, migrate.head_revision(), counts)
