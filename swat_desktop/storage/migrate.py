"""Schema upgrades with Alembic, applied at start-up after copying the SQLite file aside."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import inspect
from sqlalchemy.exc import SQLAlchemyError

from swat_desktop.storage.backup import sqlite_online_backup
from swat_desktop.storage.database import Database, DatabaseError, describe_db_error

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


@dataclass(frozen=True)
class MigrationResult:
    before: str | None
    after: str | None
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.before != self.after


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None, "the package ships no migrations"
    return head


def current_revision(db: Database) -> str | None:
    try:
        with db.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except SQLAlchemyError as exc:
        raise DatabaseError(describe_db_error(db, exc)) from exc


def _has_tables(db: Database) -> bool:
    with db.engine.connect() as conn:
        return bool(inspect(conn).get_table_names())


def _known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except CommandError:
        return False


def upgrade(db: Database, backup_dir: Path, target: str = "head") -> MigrationResult:
    """Bring the schema to ``target``; an existing SQLite store is copied aside first."""
    before = current_revision(db)
    script = ScriptDirectory.from_config(_config())
    if before is not None and not _known(script, before):
        raise DatabaseError(
            f"La base de datos {db.display_name} tiene la revisión de esquema {before}, que esta "
            "versión de SWAT Desktop no conoce: fue creada por una versión más reciente."
        )
    wanted = script.get_current_head() if target == "head" else target
    if before == wanted:
        return MigrationResult(before, before, None)
    backup_path = None
    if db.sqlite_path is not None and db.sqlite_path.exists() and _has_tables(db):
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        backup_path = sqlite_online_backup(
            db.sqlite_path, backup_dir / f"antes-de-migrar-{before or 'vacia'}-{stamp}.sqlite3"
        )
    config = _config()
    try:
        with db.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, target)
    except SQLAlchemyError as exc:
        raise DatabaseError(describe_db_error(db, exc)) from exc
    return MigrationResult(before, current_revision(db), backup_path)


def downgrade(db: Database, target: str) -> None:
    """Used by tests and by developers writing migrations; the application never goes back."""
    config = _config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, target)
