"""Migrations on real stores, SQLite files and PostgreSQL databases: empty stores, old
revisions with data, failures half way; on SQLite also the committed old-revision fixture and
the copy taken before migrating."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from swat_desktop.paths import AppPaths
from swat_desktop.storage import migrate
from swat_desktop.storage.database import Database, DatabaseError, sqlite_url
from swat_desktop.storage.models import Base, in_models
from tests.conftest import FIXTURES

REV0001 = FIXTURES / "db" / "swat_rev0001.sqlite3"


def _open(path: Path) -> Database:
    return Database(sqlite_url(path))


def test_an_empty_store_is_migrated_to_head_without_a_backup(
        empty_db_url: str, paths: AppPaths) -> None:
    db = Database(empty_db_url)
    try:
        result = migrate.upgrade(db, paths.backups_dir)
        assert (result.before, result.after) == (None, migrate.head_revision())
        assert result.backup is None
        assert list(paths.backups_dir.iterdir()) == []
        tables = set(inspect(db.engine).get_table_names())
        assert {"users", "attention_points", "audit_log", "settings"} <= tables
    finally:
        db.dispose()


def test_the_models_and_the_migrations_describe_the_same_schema(db: Database) -> None:
    with db.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(
            conn, opts={"include_name": in_models}), Base.metadata) == []


def test_upgrading_again_is_a_no_op(db: Database, paths: AppPaths) -> None:
    result = migrate.upgrade(db, paths.backups_dir)
    assert not result.changed
    assert result.backup is None


def test_the_committed_fixture_stays_at_revision_0001() -> None:
    with closing(sqlite3.connect(f"file:{REV0001}?mode=ro", uri=True)) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]


@pytest.mark.sqlite_only("the committed fixture is a SQLite file")
def test_a_revision_0001_store_is_upgraded_to_head_keeping_its_data(paths: AppPaths) -> None:
    shutil.copy(REV0001, paths.database_file)
    db = _open(paths.database_file)
    try:
        result = migrate.upgrade(db, paths.backups_dir)
        assert result.after == migrate.head_revision()
        with db.engine.connect() as conn:
            logins = conn.execute(text("SELECT login FROM users ORDER BY id")).scalars().all()
            audit_rows = conn.execute(text("SELECT count(*) FROM audit_log")).scalar()
        assert logins == ["mrojas", "jquispe"]
        assert audit_rows == 2
        if result.changed:
            assert result.backup is not None
            assert result.backup.exists()
    finally:
        db.dispose()


def test_data_written_at_revision_0001_survives_every_later_migration(
        empty_db_url: str, paths: AppPaths) -> None:
    db = Database(empty_db_url)
    try:
        migrate.upgrade(db, paths.backups_dir, target="0001")
        at = datetime(2026, 11, 20, 13, 0, tzinfo=UTC)
        with db.engine.begin() as conn:  # bound values: each engine spells booleans its way
            conn.execute(text(
                "INSERT INTO attention_points (code, name, kind, channel, active, created_at) "
                "VALUES ('CAC-SAN-ISIDRO', 'CAC San Isidro', 'cac', 'presencial', :yes, :at)"),
                {"yes": True, "at": at})
            conn.execute(text(
                "INSERT INTO users (login, full_name, role, unit, active, created_at, "
                "updated_at) VALUES ('jquispe', 'José Quispe', 'supervisor_cac', "
                "'CAC San Isidro', :yes, :at, :at)"), {"yes": True, "at": at})
            conn.execute(text(
                "INSERT INTO audit_log (at, user_login, entity, entity_id, action) "
                "VALUES (:at, 'jquispe', 'user', '1', 'crear')"), {"at": at})
        result = migrate.upgrade(db, paths.backups_dir)
        assert (result.before, result.after) == ("0001", migrate.head_revision())
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT login FROM users")).scalars().all() == ["jquispe"]
            assert conn.execute(text("SELECT count(*) FROM audit_log")).scalar() == 1
            assert conn.execute(text("SELECT code FROM attention_points")).scalars().all() == [
                "CAC-SAN-ISIDRO"]
    finally:
        db.dispose()


def test_every_migration_goes_back_down_and_up_again(db: Database, paths: AppPaths) -> None:
    migrate.downgrade(db, "base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    assert migrate.upgrade(db, paths.backups_dir).after == migrate.head_revision()
    with db.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(
            conn, opts={"include_name": in_models}), Base.metadata) == []


@pytest.mark.sqlite_only("the copy taken before migrating is of the SQLite file")
def test_an_existing_store_is_copied_aside_before_it_is_migrated(paths: AppPaths) -> None:
    shutil.copy(REV0001, paths.database_file)
    db = _open(paths.database_file)
    try:
        migrate.downgrade(db, "base")
        with db.engine.begin() as conn:  # something the user must not lose
            conn.execute(text("CREATE TABLE notes (body TEXT)"))
            conn.execute(text("INSERT INTO notes VALUES ('no perder')"))
        result = migrate.upgrade(db, paths.backups_dir)
    finally:
        db.dispose()
    assert result.before is None
    assert result.after == migrate.head_revision()
    assert result.backup is not None
    assert result.backup.parent == paths.backups_dir
    assert result.backup.name.startswith("antes-de-migrar-vacia-")
    with closing(sqlite3.connect(result.backup)) as copy:
        assert copy.execute("SELECT body FROM notes").fetchall() == [("no perder",)]
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_store_from_a_newer_version_is_refused_untouched(
        empty_db_url: str, paths: AppPaths) -> None:
    db = Database(empty_db_url)
    try:
        migrate.upgrade(db, paths.backups_dir)
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
        with pytest.raises(DatabaseError, match="versión más reciente"):
            migrate.upgrade(db, paths.backups_dir)
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "9999"
    finally:
        db.dispose()


@pytest.mark.sqlite_only("a damaged file is a SQLite matter")
def test_a_file_that_is_not_a_database_gives_a_spanish_error(paths: AppPaths) -> None:
    paths.database_file.write_bytes(b"esto no es sqlite" * 100)
    db = _open(paths.database_file)
    try:
        with pytest.raises(DatabaseError, match="el archivo no es una base de datos SQLite"):
            migrate.upgrade(db, paths.backups_dir)
    finally:
        db.dispose()
    assert paths.database_file.read_bytes() == b"esto no es sqlite" * 100


def test_the_quick_head_read_from_the_files_is_alembics_head() -> None:
    assert migrate.shipped_head() == migrate.head_revision()


def test_a_current_store_opens_without_importing_alembic(
        db: Database, db_url: str, paths: AppPaths) -> None:
    probe = (
        "import sys\n"
        "from swat_desktop.services import store\n"
        f"db, result = store.open_store({db_url!r}, {str(paths.database_file)!r}, "
        f"{str(paths.backups_dir)!r})\n"
        "assert not result.changed\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, timeout=60)
    assert done.stdout.strip() == "[]"


FAILING_REVISION = '''
"""A migration that dies half way, to prove a failed upgrade leaves no half schema."""
import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = {head!r}
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("half_done", sa.Column("id", sa.Integer(), primary_key=True))
    op.execute("INSERT INTO half_done (id) VALUES (1)")
    raise RuntimeError("falla simulada a mitad de la migración")


def downgrade() -> None:
    op.drop_table("half_done")
'''


def test_a_migration_that_fails_half_way_leaves_the_store_as_it_was(
    db: Database, paths: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    head = migrate.head_revision()
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, scripts)
    (scripts / "versions" / "9001_fails.py").write_text(
        FAILING_REVISION.format(head=head), encoding="utf-8")
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", scripts)

    with pytest.raises(RuntimeError, match="falla simulada"):
        migrate.upgrade(db, paths.backups_dir)
    assert migrate.current_revision(db) == head
    assert "half_done" not in inspect(db.engine).get_table_names()
    if db.sqlite_path is not None:
        with closing(sqlite3.connect(db.sqlite_path)) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
