"""Opening, checking, describing and backing up the store: what start-up and
``swat-desktop db`` need."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, inspect, select
from sqlalchemy.exc import SQLAlchemyError

from swat_desktop.domain.clock import Clock
from swat_desktop.services import catalogue, inoperatividad
from swat_desktop.storage import migrate
from swat_desktop.storage.backup import sqlite_online_backup
from swat_desktop.storage.database import Database, DatabaseError, choose_url, describe_db_error
from swat_desktop.storage.migrate import MigrationResult
from swat_desktop.storage.models import Base
from swat_desktop.storage.store_lock import StoreBusy, StorePresence

__all__ = ["Database", "DatabaseError", "DatabaseInfo", "MigrationResult", "StoreDamaged",
           "backup", "database_info", "open_store"]

MANUAL_PREFIX = "swat-desktop"
# Errors of SQLite that mean the file itself is broken, not busy or out of reach.
_DAMAGE = ("file is not a database", "database disk image is malformed")
SHOWN_PROBLEMS = 10


class StoreDamaged(DatabaseError):
    """The SQLite file failed its integrity check: the way out is restoring a backup."""

    def __init__(self, message: str, path: Path, problems: list[str]) -> None:
        super().__init__(message)
        self.path = path
        self.problems = problems


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
    "inoperatividad_records": "Registros de inoperatividad",
    "inoperatividad_drafts": "Borradores de inoperatividad",
    "falla_windows": "Fallas masivas comunicadas",
    "non_working_days": "Días no laborables agregados",
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
    clock: Clock | None = None,
) -> tuple[Database, MigrationResult]:
    """Open the store, check it and bring its schema up to date (copying an older SQLite file
    aside). Raises StoreDamaged when the SQLite file is damaged: nothing is written to it.
    ``clock`` is what its use cases take "now" from (the system's unless given)."""
    db = connect(database_url, default_file, clock)
    try:
        if db.sqlite_path is not None:
            db.presence = _join(db)
            check_integrity(db)
        result = migrate.upgrade(db, backups_dir)
        catalogue.ensure_seeded(db)
        inoperatividad.ensure_seeded(db)
        return db, result
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


def check_integrity(db: Database) -> None:
    """``PRAGMA quick_check`` of the SQLite file, on every start and before anything writes.

    quick_check, not integrity_check: it reads every page and record (torn or overwritten
    pages, broken b-trees, bad records) but does not cross-check each index against its
    table, which is what makes integrity_check about ten times slower (100,000 cases:
    0.1 s against 1.3 s). The full check runs once a day, off the GUI thread, before the
    automatic backup (services.backups.run_daily).
    """
    assert db.sqlite_path is not None
    try:
        with db.engine.connect() as conn:
            found = [str(row[0]) for row in
                     conn.exec_driver_sql(f"PRAGMA quick_check({SHOWN_PROBLEMS})")]
    except SQLAlchemyError as exc:
        raw = str(getattr(exc, "orig", None) or exc)
        if any(sign in raw for sign in _DAMAGE):
            raise StoreDamaged(describe_db_error(db, exc), db.sqlite_path, [raw]) from exc
        raise DatabaseError(describe_db_error(db, exc)) from exc
    if found != ["ok"]:
        raise damaged(db.display_name, db.sqlite_path, found)


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


def database_info(db: Database) -> DatabaseInfo:
    """Describe the store without changing it: no file is created, no migration applied."""
    if db.sqlite_path is not None and not db.sqlite_path.exists():
        raise DatabaseError(f"No existe la base de datos {db.display_name}.")
    revision = migrate.current_revision(db)
    if db.sqlite_path is not None:
        check_integrity(db)  # a damaged store says so, with the way out, not half a table
    try:
        with db.session_scope() as session:
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


def backup(db: Database, backups_dir: Path, prefix: str = MANUAL_PREFIX,
           check: Callable[[Database], None] | None = None) -> Path:
    """A consistent copy of the SQLite store, named by kind, date and time, in the backups
    folder. Safe while this and other copies of the application keep writing.

    A copy of a damaged store would later be offered as a good backup to restore from, so
    the store is checked first: ``check_integrity`` unless the caller brings a stronger
    check (the daily backup runs the full integrity_check)."""
    if db.sqlite_path is None:
        raise DatabaseError(
            "El respaldo integrado solo aplica a la base SQLite local; para PostgreSQL use "
            "pg_dump en el servidor."
        )
    if not db.sqlite_path.exists():
        raise DatabaseError(f"No existe la base de datos {db.display_name}.")
    migrate.current_revision(db)  # fails with the same clear message as db info when unreadable
    (check or check_integrity)(db)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = backups_dir / f"{prefix}-{stamp}.sqlite3"
    copy = 1
    while target.exists():  # two backups within the same second keep both
        copy += 1
        target = backups_dir / f"{prefix}-{stamp}-{copy}.sqlite3"
    try:
        return sqlite_online_backup(db.sqlite_path, target)
    except Exception as exc:
        raise DatabaseError(describe_db_error(db, exc)) from exc
