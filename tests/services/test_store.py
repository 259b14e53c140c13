"""Opening, describing and backing up the store: SQLite files and PostgreSQL databases."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from swat_desktop.domain.identity import ProfileInput, Role, UserProfile
from swat_desktop.paths import AppPaths, resolve_paths
from swat_desktop.services import backups, catalogue, identity, store
from swat_desktop.storage.migrate import head_revision
from tests.backends import POSTGRESQL, SQLITE
from tests.fixtures.backups import opened


def test_info_describes_the_store(db: store.Database, agent: UserProfile, backend: str) -> None:
    info = store.database_info(db)
    assert info.location == db.display_name
    assert info.backend == {SQLITE: "SQLite", POSTGRESQL: "PostgreSQL"}[backend]
    assert info.up_to_date
    assert info.revision == head_revision()
    assert info.row_counts["Usuarios"] == 1
    assert info.row_counts["Registros de auditoría"] == 1
    assert info.row_counts["Puntos de atención"] == 10  # shipped in resources/catalogues


@pytest.mark.sqlite_only("only a file can be missing; a server database is created by its admin")
def test_info_does_not_create_a_missing_store(paths: AppPaths) -> None:
    db = store.connect(None, paths.database_file)
    try:
        with pytest.raises(store.DatabaseError, match="No existe la base de datos"):
            store.database_info(db)
    finally:
        db.dispose()
    assert not paths.database_file.exists()


@pytest.mark.sqlite_only("the built-in backup copies the SQLite file")
def test_backup_is_a_consistent_standalone_copy(
    db: store.Database, agent: UserProfile, paths: AppPaths
) -> None:
    first = backups.make_backup(db, paths.backups_dir)
    second = backups.make_backup(db, paths.backups_dir)
    assert first != second
    assert first.parent == second.parent == paths.backups_dir
    assert not first.with_name(first.name + "-wal").exists()
    with opened(first) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT login FROM users").fetchall() == [(agent.login,)]


def test_backup_of_a_store_that_is_not_a_local_file_is_refused_with_the_way_out(
    paths: AppPaths, backend: str, db_url: str
) -> None:
    db = store.Database("sqlite://" if backend == SQLITE else db_url)  # SQLite: in memory
    try:
        with pytest.raises(store.DatabaseError, match="pg_dump"):
            backups.make_backup(db, paths.backups_dir)
    finally:
        db.dispose()
    assert list(paths.backups_dir.iterdir()) == []


@pytest.mark.sqlite_only("the SQLite file's own folder")
@pytest.mark.parametrize("folder", ["con # almohadilla", "con ? pregunta", "con %41 porcentaje"])
def test_backup_copies_the_real_store_whatever_its_folder_is_called(
    tmp_path: Path, folder: str
) -> None:
    home = tmp_path / folder
    paths = resolve_paths(home).ensure()
    db, _ = store.open_store(None, paths.database_file, paths.backups_dir)
    try:
        identity.save_profile(db, ProfileInput("mrojas", "María Rojas", Role.BACKOFFICE, "C1"))
        copy = backups.make_backup(db, paths.backups_dir)
    finally:
        db.dispose()
    assert copy.parent == paths.backups_dir
    with opened(copy) as conn:
        assert conn.execute("SELECT login FROM users").fetchall() == [("mrojas",)]
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder]  # no stray files beside it


def test_desktops_starting_together_on_a_new_store_all_open_it_and_seed_it_once(
    empty_db_url: str, paths: AppPaths
) -> None:
    """A célula's first morning on a new shared database: every desktop migrates and seeds
    at start-up; they take turns, and the later ones find the work done."""
    barrier = threading.Barrier(3)
    opened: list[store.Database] = []
    errors: list[BaseException] = []

    def start() -> None:
        barrier.wait()
        try:
            opened.append(store.open_store(empty_db_url, paths.database_file,
                                           paths.backups_dir)[0])
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert errors == []
        info = store.database_info(opened[0])
        assert info.up_to_date
        assert info.row_counts["Puntos de atención"] == 10
        assert info.row_counts["Causales"] == len(catalogue.list_causales(opened[0]))
    finally:
        for database in opened:
            database.dispose()
