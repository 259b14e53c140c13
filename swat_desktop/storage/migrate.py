"""Schema upgrades with Alembic, applied at start-up after copying the SQLite file aside.

Importing Alembic costs about a quarter of a second, a third of the whole start-up, and on
almost every start the schema is already current. So the current revision is read with plain
SQL, compared with the newest revision the package ships, and Alembic is only imported when
there is something to migrate.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.exc import SQLAlchemyError

from swat_desktop.domain.clock import computer_now
from swat_desktop.storage.backup import sqlite_online_backup
from swat_desktop.storage.database import Database, DatabaseError, describe_db_error

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_REVISION_LINE = re.compile(r"^(revision|down_revision)\s*=\s*(.+?)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class MigrationResult:
    before: str | None
    after: str | None
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.before != self.after


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    """The newest revision according to Alembic itself."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None, "the package ships no migrations"
    return head


def shipped_head() -> str:
    """The newest revision read from the revision files, without importing Alembic.

    A test keeps it equal to ``head_revision()``.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (MIGRATIONS_DIR / "versions").glob("*.py"):
        values = dict(_REVISION_LINE.findall(script.read_text(encoding="utf-8")))
        revisions.add(ast.literal_eval(values["revision"]))
        down = ast.literal_eval(values["down_revision"])
        parents.update(down if isinstance(down, tuple) else [down])
    heads = revisions - parents
    if len(heads) != 1:
        raise RuntimeError(f"the package must ship exactly one migration head, not {heads}")
    return heads.pop()


def current_revision(db: Database) -> str | None:
    try:
        with db.engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError as exc:
        raise DatabaseError(describe_db_error(db, exc)) from exc


def _has_tables(db: Database) -> bool:
    with db.engine.connect() as conn:
        return bool(inspect(conn).get_table_names())


def upgrade(db: Database, backup_dir: Path, target: str = "head") -> MigrationResult:
    """Bring the schema to ``target``; an existing SQLite store is copied aside first."""
    before = current_revision(db)
    if target == "head" and before == shipped_head():
        return MigrationResult(before, before, None)

    from alembic import command
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    script = ScriptDirectory.from_config(_config())
    if before is not None:
        try:
            known = script.get_revision(before) is not None
        except CommandError:
            known = False
        if not known:
            raise DatabaseError(
                f"La base de datos {db.display_name} tiene la revisión de esquema {before}, que "
                "esta versión de SWAT Desktop no conoce: fue creada por una versión más reciente."
            )
    wanted = script.get_current_head() if target == "head" else target
    if before == wanted:
        return MigrationResult(before, before, None)
    backup_path = None
    if db.sqlite_path is not None and db.sqlite_path.exists() and _has_tables(db):
        stamp = computer_now(db.clock).strftime("%Y%m%d-%H%M%S-%f")
        backup_path = sqlite_online_backup(
            db.sqlite_path, backup_dir / f"antes-de-migrar-{before or 'vacia'}-{stamp}.sqlite3"
        )
    config = _config()
    try:
        # Under the write lock Alembic reads the revision again: a desktop that started at
        # the same moment and migrated first leaves nothing to do.
        with db.write_connection() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, target)
    except SQLAlchemyError as exc:
        raise DatabaseError(describe_db_error(db, exc)) from exc
    return MigrationResult(before, current_revision(db), backup_path)


def downgrade(db: Database, target: str) -> None:
    """Used by tests and by developers writing migrations; the application never goes back."""
    from alembic import command

    config = _config()
    with db.write_connection() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, target)
