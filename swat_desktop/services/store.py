"""Opening, describing and backing up the store: what start-up and ``swat-desktop db`` need."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, inspect, select
from sqlalchemy.exc import SQLAlchemyError

from swat_desktop.services import catalogue, inoperatividad
from swat_desktop.storage import migrate
from swat_desktop.storage.backup import sqlite_online_backup
from swat_desktop.storage.database import Database, DatabaseError, choose_url, describe_db_error
from swat_desktop.storage.models import Base

__all__ = ["Database", "DatabaseError", "DatabaseInfo", "backup", "database_info", "open_store"]

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


def connect(database_url: str | None, default_file: Path) -> Database:
    return Database(choose_url(database_url, default_file))


def open_store(
    database_url: str | None, default_file: Path, backups_dir: Path
) -> tuple[Database, migrate.MigrationResult]:
    """Open the store and bring its schema up to date (copying an older SQLite file aside)."""
    db = connect(database_url, default_file)
    try:
        result = migrate.upgrade(db, backups_dir)
        catalogue.ensure_seeded(db)
        inoperatividad.ensure_seeded(db)
        return db, result
    except BaseException:
        db.dispose()
        raise


def database_info(db: Database) -> DatabaseInfo:
    """Describe the store without changing it: no file is created, no migration applied."""
    if db.sqlite_path is not None and not db.sqlite_path.exists():
        raise DatabaseError(f"No existe la base de datos {db.display_name}.")
    revision = migrate.current_revision(db)
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
    backend = "SQLite" if db.is_sqlite else db.url.get_backend_name()
    return DatabaseInfo(db.display_name, backend, revision, migrate.head_revision(), counts)


def backup(db: Database, backups_dir: Path) -> Path:
    """A consistent copy of the SQLite store, named by date and time, in the backups folder."""
    if db.sqlite_path is None:
        raise DatabaseError(
            "El respaldo integrado solo aplica a la base SQLite local; para PostgreSQL use "
            "pg_dump en el servidor."
        )
    if not db.sqlite_path.exists():
        raise DatabaseError(f"No existe la base de datos {db.display_name}.")
    migrate.current_revision(db)  # fails with the same clear message as db info when unreadable
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = backups_dir / f"swat-desktop-{stamp}.sqlite3"
    copy = 1
    while target.exists():  # two backups within the same second keep both
        copy += 1
        target = backups_dir / f"swat-desktop-{stamp}-{copy}.sqlite3"
    try:
        return sqlite_online_backup(db.sqlite_path, target)
    except Exception as exc:
        raise DatabaseError(describe_db_error(db, exc)) from exc
