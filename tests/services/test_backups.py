"""Daily backups, their retention, integrity checks and restoring, on real SQLite files."""

from __future__ import annotations

import os
import shutil
import sqlite3
from contextlib import closing
from datetime import date, datetime
from pathlib import Path

import pytest

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import ProfileInput, Role, UserProfile
from swat_desktop.paths import AppPaths
from swat_desktop.services import backups, base_import, identity, store
from swat_desktop.services.backups import BackupKind
from swat_desktop.services.store import Database
from swat_desktop.storage.migrate import head_revision
from tests.fixtures.damage import break_index_entry, overwrite_middle_pages
from tests.fixtures.workbooks import good_rows, write_xlsx

pytestmark = pytest.mark.sqlite_only("backups, restores and integrity checks are of the file")

FIXTURE_REV0001 = Path(__file__).parents[1] / "fixtures" / "db" / "swat_rev0001.sqlite3"


def _import_base(db: Database, user: UserProfile, folder: Path, rows: int = 300) -> None:
    path = write_xlsx(folder / "Base Mal Escalados 21-11-2026.xlsx", good_rows(rows))
    base_import.run_import(db, user, base_import.analyze(db, path))


def _count(path: Path, table: str) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _logins(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as conn:
        return [login for (login,) in conn.execute("SELECT login FROM users ORDER BY login")]


def _fake(folder: Path, name: str, source: Path) -> Path:
    """A backup made on another day: a real copy under the name that day would give it."""
    target = folder / name
    shutil.copyfile(source, target)
    return target


# The daily backup and what is kept ---------------------------------------------------------


def test_the_daily_backup_is_made_once_a_day(
        db: Database, agent: UserProfile, paths: AppPaths) -> None:
    assert backups.daily_due(db, paths.backups_dir)
    done = backups.run_daily(db, paths.backups_dir, keep=14)
    assert done.path.name.startswith("automatico-")
    assert not backups.daily_due(db, paths.backups_dir)
    assert backups.daily_due(db, paths.backups_dir, today=date(2099, 1, 1))
    assert _logins(done.path) == [agent.login]
    with closing(sqlite3.connect(done.path)) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_only_the_newest_automatic_backups_are_kept_and_no_other_kind_is_deleted(
        db: Database, agent: UserProfile, paths: AppPaths) -> None:
    manual = store.backup(db, paths.backups_dir)
    folder = paths.backups_dir
    old_automatic = [_fake(folder, f"automatico-202611{day:02d}-080000.sqlite3", manual)
                     for day in (1, 2, 3, 4)]
    others = [_fake(folder, "antes-de-migrar-0004-20261001-080000-123456.sqlite3", manual),
              _fake(folder, "antes-de-restaurar-20261002-080000.sqlite3", manual),
              _fake(folder, "copia de Juan.sqlite3", manual),
              _fake(folder, "swat-desktop-20261003-080000.sqlite3", manual)]

    done = backups.run_daily(db, folder, keep=3)

    assert sorted(done.removed) == old_automatic[:2]  # today's and the two newest stay
    remaining = backups.list_backups(folder)
    automatic = [b.path for b in remaining if b.kind is BackupKind.AUTOMATIC]
    assert automatic == [done.path, old_automatic[3], old_automatic[2]]  # newest first
    assert {manual, *others} <= {b.path for b in remaining}
    kinds = {b.path.name: b.kind for b in remaining}
    assert kinds["copia de Juan.sqlite3"] is BackupKind.OTHER
    assert kinds[others[0].name] is BackupKind.BEFORE_MIGRATION
    assert kinds[others[1].name] is BackupKind.BEFORE_RESTORE
    dated = {b.path.name: b.created for b in remaining}
    assert dated[others[0].name] == datetime(2026, 10, 1, 8, 0, 0)


def test_how_many_automatic_backups_to_keep_is_a_setting_of_this_computer(
        paths: AppPaths) -> None:
    settings = paths.local_settings_file
    assert backups.kept_automatic(settings) == backups.DEFAULT_KEEP == 14
    identity.remember_login(settings, "mrojas")
    backups.set_kept_automatic(settings, 30)
    assert backups.kept_automatic(settings) == 30
    assert identity.remembered_login(settings) == "mrojas"  # the other setting survives
    with pytest.raises(ValidationError, match="de 1 a 365"):
        backups.set_kept_automatic(settings, 0)
    assert backups.kept_automatic(settings) == 30


def test_an_interrupted_copy_is_never_listed_and_is_cleaned_up(
        db: Database, agent: UserProfile, paths: AppPaths) -> None:
    leftover = paths.backups_dir / ".automatico-20261121-080000.sqlite3.x1.partial"
    leftover.write_bytes(b"SQLite format 3\0 a half-written copy")
    assert backups.list_backups(paths.backups_dir) == []
    old = datetime(2026, 1, 1).timestamp()
    os.utime(leftover, (old, old))
    done = backups.run_daily(db, paths.backups_dir, keep=14)
    assert leftover in done.removed
    assert not leftover.exists()


# Integrity --------------------------------------------------------------------------------


def test_a_store_with_overwritten_pages_is_refused_at_open_and_left_untouched(
        db: Database, agent: UserProfile, paths: AppPaths, tmp_path: Path) -> None:
    _import_base(db, agent, tmp_path)
    db.dispose()
    overwrite_middle_pages(paths.database_file, seed=7)
    damaged = paths.database_file.read_bytes()

    with pytest.raises(store.StoreDamaged) as caught:
        store.open_store(None, paths.database_file, paths.backups_dir)

    message = str(caught.value)  # SQLite may report the damage as a result or as an error
    assert str(paths.database_file) in message
    assert "está dañad" in message
    assert caught.value.path == paths.database_file
    assert caught.value.problems
    assert paths.database_file.read_bytes() == damaged
    assert list(paths.backups_dir.iterdir()) == []  # not migrated, not copied


def test_a_file_whose_header_is_gone_is_damaged_too(paths: AppPaths) -> None:
    db, _ = store.open_store(None, paths.database_file, paths.backups_dir)
    db.dispose()
    data = bytearray(paths.database_file.read_bytes())
    data[:100] = bytes(100)
    paths.database_file.write_bytes(bytes(data))
    with pytest.raises(store.StoreDamaged, match="no es una base de datos SQLite"):
        store.open_store(None, paths.database_file, paths.backups_dir)


def test_the_daily_full_check_finds_what_the_start_up_check_does_not_and_skips_the_backup(
        db: Database, agent: UserProfile, paths: AppPaths) -> None:
    yesterday = store.backup(db, paths.backups_dir, "automatico")
    db.dispose()
    break_index_entry(paths.database_file)
    reopened, _ = store.open_store(None, paths.database_file, paths.backups_dir)  # quick_check
    try:
        with pytest.raises(store.StoreDamaged, match="missing from index ix_audit_log_at"):
            backups.run_daily(reopened, paths.backups_dir, keep=1)
    finally:
        reopened.dispose()
    assert [b.path for b in backups.list_backups(paths.backups_dir)] == [yesterday]


# Restoring --------------------------------------------------------------------------------


def test_restore_brings_the_backup_back_and_keeps_the_current_store_aside(
        db: Database, agent: UserProfile, paths: AppPaths, tmp_path: Path) -> None:
    saved = store.backup(db, paths.backups_dir)
    identity.save_profile(db, ProfileInput("jperez", "Juan Pérez", Role.BACKOFFICE, "C1"))
    _import_base(db, agent, tmp_path)
    db.dispose()

    done = backups.restore(paths.database_file, saved, paths.backups_dir)

    assert done.backup == saved
    assert done.revision == head_revision()
    assert done.set_aside is not None
    assert done.set_aside.parent == paths.backups_dir
    assert done.set_aside.name.startswith("antes-de-restaurar-")
    assert _logins(paths.database_file) == ["mrojas"]
    assert _count(paths.database_file, "mal_escalado_cases") == 0
    assert _logins(done.set_aside) == ["jperez", "mrojas"]  # nothing of today is lost
    assert _count(done.set_aside, "mal_escalado_cases") == 300
    for side in ("-wal", "-shm"):
        assert not paths.database_file.with_name(paths.database_file.name + side).exists()
    assert not any(p.name.endswith(".restaurando") for p in paths.data_dir.iterdir())
    reopened, result = store.open_store(None, paths.database_file, paths.backups_dir)
    reopened.dispose()
    assert not result.changed


def test_a_damaged_store_is_set_aside_byte_for_byte(
        db: Database, agent: UserProfile, paths: AppPaths, tmp_path: Path) -> None:
    saved = store.backup(db, paths.backups_dir)
    _import_base(db, agent, tmp_path)
    db.dispose()
    overwrite_middle_pages(paths.database_file, seed=11)
    damaged = paths.database_file.read_bytes()

    done = backups.restore(paths.database_file, saved, paths.backups_dir)

    assert done.set_aside is not None
    assert done.set_aside.read_bytes() == damaged
    reopened, _ = store.open_store(None, paths.database_file, paths.backups_dir)
    reopened.dispose()


def _refused(paths: AppPaths, backup: Path, message: str) -> None:
    before = paths.database_file.read_bytes()
    with pytest.raises(store.DatabaseError, match=message):
        backups.restore(paths.database_file, backup, paths.backups_dir)
    assert paths.database_file.read_bytes() == before
    assert not [b for b in backups.list_backups(paths.backups_dir)
                if b.kind is BackupKind.BEFORE_RESTORE]
    assert not [p for p in paths.data_dir.iterdir() if "restaurando" in p.name]


def test_a_damaged_backup_is_refused_and_nothing_changes(
        db: Database, agent: UserProfile, paths: AppPaths, tmp_path: Path) -> None:
    _import_base(db, agent, tmp_path)
    saved = store.backup(db, paths.backups_dir)
    db.dispose()
    overwrite_middle_pages(saved, seed=3)
    with pytest.raises(backups.InvalidBackup, match="está dañado"):
        backups.check_backup(saved)
    _refused(paths, saved, f"El respaldo {saved.name} está dañado")


def test_a_file_that_is_not_a_backup_of_this_application_is_refused(
        db: Database, paths: AppPaths, tmp_path: Path) -> None:
    db.dispose()
    text = tmp_path / "notas.sqlite3"
    text.write_text("no es una base de datos " * 200, encoding="utf-8")
    _refused(paths, text, "no es una base de datos SQLite")
    other = tmp_path / "otra.sqlite3"
    with closing(sqlite3.connect(other)) as conn, conn:
        conn.execute("CREATE TABLE clientes (id INTEGER PRIMARY KEY)")
    _refused(paths, other, "otra.sqlite3 no es una base de datos de SWAT Desktop")
    _refused(paths, tmp_path / "no-existe.sqlite3", "No existe el respaldo")
    _refused(paths, paths.database_file, "es la base de datos en uso")


def test_a_backup_from_a_newer_version_is_refused(
        db: Database, paths: AppPaths) -> None:
    saved = store.backup(db, paths.backups_dir)
    db.dispose()
    with closing(sqlite3.connect(saved)) as conn, conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    _refused(paths, saved, "versión más reciente de SWAT Desktop")


def test_a_backup_of_an_older_version_is_restored_and_migrated_on_next_open(
        db: Database, paths: AppPaths) -> None:
    db.dispose()
    done = backups.restore(paths.database_file, FIXTURE_REV0001, paths.backups_dir)
    assert done.revision == "0001"
    reopened, result = store.open_store(None, paths.database_file, paths.backups_dir)
    reopened.dispose()
    assert result.before == "0001"
    assert result.after == head_revision()


def test_restore_is_refused_while_another_copy_has_the_store_open(
        db: Database, agent: UserProfile, paths: AppPaths) -> None:
    saved = store.backup(db, paths.backups_dir)
    assert backups.copies_in_use(db) == []
    other, _ = store.open_store(None, paths.database_file, paths.backups_dir)
    try:
        [holder] = backups.copies_in_use(db)
        message = backups.in_use_message([holder])
        assert message.startswith("La base de datos está abierta en otra copia de SWAT "
                                  "Desktop (este equipo, proceso ")
        db.dispose()
        _refused(paths, saved, "abierta en otra copia de SWAT Desktop")
    finally:
        other.dispose()
    backups.restore(paths.database_file, saved, paths.backups_dir)


def test_restore_is_refused_while_another_program_has_the_file_open(
        db: Database, agent: UserProfile, paths: AppPaths) -> None:
    saved = store.backup(db, paths.backups_dir)
    db.dispose()
    with closing(sqlite3.connect(paths.database_file)) as outsider:
        outsider.execute("SELECT count(*) FROM users").fetchone()
        _refused(paths, saved, "Otro programa tiene abierta la base de datos")


def test_postgresql_is_never_backed_up_or_restored_here(paths: AppPaths) -> None:
    memory = store.Database("sqlite://")  # no file, as with a server
    try:
        assert not backups.daily_due(memory, paths.backups_dir)
        with pytest.raises(store.DatabaseError, match="pg_dump y pg_restore en el servidor"):
            backups.run_daily(memory, paths.backups_dir, keep=14)
    finally:
        memory.dispose()
    with pytest.raises(store.DatabaseError, match="pg_dump y pg_restore en el servidor"):
        backups.sqlite_store("sqlite://", paths.database_file)
