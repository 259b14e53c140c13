"""Opening, describing and backing up the store on real files."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from swat_desktop.domain.identity import ProfileInput, Role, UserProfile
from swat_desktop.paths import AppPaths, resolve_paths
from swat_desktop.services import identity, store
from swat_desktop.storage.migrate import head_revision


def test_info_describes_the_store(db: store.Database, agent: UserProfile) -> None:
    info = store.database_info(db)
    assert info.location == str(db.sqlite_path)
    assert info.backend == "SQLite"
    assert info.up_to_date
    assert info.revision == head_revision()
    assert info.row_counts["Usuarios"] == 1
    assert info.row_counts["Registros de auditoría"] == 1
    assert info.row_counts["Puntos de atención"] == 10  # shipped in resources/catalogues


def test_info_does_not_create_a_missing_store(paths: AppPaths) -> None:
    db = store.connect(None, paths.database_file)
    try:
        with pytest.raises(store.DatabaseError, match="No existe la base de datos"):
            store.database_info(db)
    finally:
        db.dispose()
    assert not paths.database_file.exists()


def test_backup_is_a_consistent_standalone_copy(
    db: store.Database, agent: UserProfile, paths: AppPaths
) -> None:
    first = store.backup(db, paths.backups_dir)
    second = store.backup(db, paths.backups_dir)
    assert first != second
    assert first.parent == second.parent == paths.backups_dir
    assert not first.with_name(first.name + "-wal").exists()
    with closing(sqlite3.connect(first)) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT login FROM users").fetchall() == [(agent.login,)]


def test_backup_of_a_store_that_is_not_a_local_file_is_refused_with_the_way_out(
    paths: AppPaths,
) -> None:
    db = store.Database("sqlite://")  # in memory: no file, as with a server
    with pytest.raises(store.DatabaseError, match="pg_dump"):
        store.backup(db, paths.backups_dir)
    assert list(paths.backups_dir.iterdir()) == []


@pytest.mark.parametrize("folder", ["con # almohadilla", "con ? pregunta", "con %41 porcentaje"])
def test_backup_copies_the_real_store_whatever_its_folder_is_called(
    tmp_path: Path, folder: str
) -> None:
    home = tmp_path / folder
    paths = resolve_paths(home).ensure()
    db, _ = store.open_store(None, paths.database_file, paths.backups_dir)
    try:
        identity.save_profile(db, ProfileInput("mrojas", "María Rojas", Role.BACKOFFICE, "C1"))
        copy = store.backup(db, paths.backups_dir)
    finally:
        db.dispose()
    assert copy.parent == paths.backups_dir
    with closing(sqlite3.connect(copy)) as conn:
        assert conn.execute("SELECT login FROM users").fetchall() == [("mrojas",)]
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder]  # no stray files beside it
