"""Restoring a backup of every kind over the store, and every way a backup is refused, on
real SQLite files and real compressed copies."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
import zstandard

from swat_desktop.domain.clock import FixedClock
from swat_desktop.domain.identity import ProfileInput, Role, UserProfile
from swat_desktop.paths import AppPaths
from swat_desktop.services import backups, base_import, identity, restoring, store
from swat_desktop.services.backups import BackupKind, InvalidBackup
from swat_desktop.services.store import Database
from swat_desktop.storage.migrate import head_revision
from tests.fixtures.backups import plain_backup, spoil_middle
from tests.fixtures.damage import overwrite_middle_pages
from tests.fixtures.workbooks import good_rows, write_xlsx

pytestmark = pytest.mark.sqlite_only("backups and restores are of the file")

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


def _packed(plain: Path, target: Path, **frame: object) -> Path:
    """A compressed copy made with the zstandard library itself."""
    with open(plain, "rb") as raw, open(target, "wb") as out:
        zstandard.ZstdCompressor(**frame).copy_stream(  # type: ignore[arg-type]
            raw, out, size=plain.stat().st_size)
    return target


@pytest.mark.parametrize("kind", ["compressed", "plain", "before-migration"])
def test_a_backup_of_each_kind_is_restored(
        db: Database, agent: UserProfile, paths: AppPaths, tmp_path: Path, clock: FixedClock,
        kind: str) -> None:
    made = backups.make_backup(db, paths.backups_dir)
    name = {"compressed": made.name, "plain": "swat-desktop-20251101-080000.sqlite3",
            "before-migration": "antes-de-migrar-0006-20261101-080000-000001.sqlite3"}[kind]
    saved = made if kind == "compressed" else plain_backup(
        paths.database_file, paths.backups_dir, name)
    _import_base(db, agent, tmp_path)
    db.dispose()
    done = restoring.restore(paths.database_file, saved, paths.backups_dir, clock)
    assert _count(paths.database_file, "mal_escalado_cases") == 0
    assert done.set_aside is not None
    assert _count(done.set_aside, "mal_escalado_cases") == 300
    again = restoring.restore(paths.database_file, done.set_aside, paths.backups_dir, clock)
    assert _count(paths.database_file, "mal_escalado_cases") == 300  # "antes de restaurar" too
    assert again.set_aside is not None
    assert again.set_aside != done.set_aside


def test_a_compressed_backup_that_expands_past_what_it_says_or_the_disk_is_refused(
        db: Database, agent: UserProfile, paths: AppPaths, tmp_path: Path,
        clock: FixedClock) -> None:
    db.dispose()
    zeros = tmp_path / "ceros"
    with open(zeros, "wb") as out:
        out.truncate(64 << 20)
    undeclared = _packed(zeros, tmp_path / "sin-tamano.sqlite3.zst", write_content_size=False)
    assert undeclared.stat().st_size < 64 << 10  # 64 MB of nothing in a few kB
    _refused(paths, undeclared, "no dice cuánto ocupa expandido", clock)
    declared = zstandard.ZstdCompressor().compress(zeros.read_bytes())  # says 64 MB
    lying = tmp_path / "miente.sqlite3.zst"
    lying.write_bytes(_declaring(declared, 1000))
    _refused(paths, lying, "está dañado o incompleto", clock)  # zstd holds it to its size
    huge = tmp_path / "enorme.sqlite3.zst"  # says 1 PB, holds a few bytes
    huge.write_bytes(b"\x28\xb5\x2f\xfd\xe0" + (1 << 50).to_bytes(8, "little") + bytes(16))
    _refused(paths, huge, "el disco no tiene lugar", clock)
    good = zstandard.ZstdCompressor().compress(paths.database_file.read_bytes())
    truncated = tmp_path / "cortado.sqlite3.zst"
    truncated.write_bytes(good[: len(good) // 2])
    _refused(paths, truncated, "está incompleto: faltan", clock)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def _declaring(frame: bytes, size: int) -> bytes:
    """The frame with its Frame_Content_Size field rewritten (RFC 8878, 3.1.1.1)."""
    descriptor = frame[4]
    single = (descriptor >> 5) & 1
    width = {0: single, 1: 2, 2: 4, 3: 8}[descriptor >> 6]
    offset = 5 + (1 - single) + {0: 0, 1: 1, 2: 2, 3: 4}[descriptor & 3]
    assert width == 4, "a 64 MB frame keeps its size in 4 bytes"
    return frame[:offset] + size.to_bytes(width, "little") + frame[offset + width:]


def test_restore_brings_the_backup_back_and_keeps_the_current_store_aside(
        db: Database, agent: UserProfile, paths: AppPaths, tmp_path: Path,
        clock: FixedClock) -> None:
    saved = backups.make_backup(db, paths.backups_dir)
    identity.save_profile(db, ProfileInput("jperez", "Juan Pérez", Role.BACKOFFICE, "C1"))
    _import_base(db, agent, tmp_path)
    db.dispose()

    done = restoring.restore(paths.database_file, saved, paths.backups_dir, clock)

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
        db: Database, agent: UserProfile, paths: AppPaths, tmp_path: Path,
        clock: FixedClock) -> None:
    saved = backups.make_backup(db, paths.backups_dir)
    _import_base(db, agent, tmp_path)
    db.dispose()
    overwrite_middle_pages(paths.database_file, seed=11)
    damaged = paths.database_file.read_bytes()

    done = restoring.restore(paths.database_file, saved, paths.backups_dir, clock)

    assert done.set_aside is not None
    assert done.set_aside.read_bytes() == damaged
    reopened, _ = store.open_store(None, paths.database_file, paths.backups_dir)
    reopened.dispose()


def _refused(paths: AppPaths, backup: Path, message: str, clock: FixedClock) -> None:
    before = paths.database_file.read_bytes()
    with pytest.raises(store.DatabaseError, match=message):
        restoring.restore(paths.database_file, backup, paths.backups_dir, clock)
    assert paths.database_file.read_bytes() == before
    assert not [b for b in backups.list_backups(paths.backups_dir)
                if b.kind is BackupKind.BEFORE_RESTORE]
    assert not [p for p in paths.data_dir.iterdir() if "restaurando" in p.name]


def test_a_damaged_backup_is_refused_and_nothing_changes(
        db: Database, agent: UserProfile, paths: AppPaths, tmp_path: Path,
        clock: FixedClock) -> None:
    _import_base(db, agent, tmp_path)
    saved = backups.make_backup(db, paths.backups_dir)
    db.dispose()
    spoil_middle(saved)
    with pytest.raises(InvalidBackup, match="está dañado o incompleto"):
        restoring.check_backup(saved)
    _refused(paths, saved, f"El respaldo {saved.name} está dañado", clock)
    plain = plain_backup(paths.database_file, tmp_path, "antiguo.sqlite3")
    overwrite_middle_pages(plain, seed=3)
    _refused(paths, plain, "El respaldo antiguo.sqlite3 está dañado", clock)


def test_a_file_that_is_not_a_backup_of_this_application_is_refused(
        db: Database, paths: AppPaths, tmp_path: Path, clock: FixedClock) -> None:
    db.dispose()
    text = tmp_path / "notas.sqlite3"
    text.write_text("no es una base de datos " * 200, encoding="utf-8")
    _refused(paths, text, "no es una base de datos SQLite", clock)
    other = tmp_path / "otra.sqlite3"
    with closing(sqlite3.connect(other)) as conn, conn:
        conn.execute("CREATE TABLE clientes (id INTEGER PRIMARY KEY)")
    _refused(paths, other, "otra.sqlite3 no es una base de datos de SWAT Desktop", clock)
    _refused(paths, tmp_path / "no-existe.sqlite3", "No existe el respaldo", clock)
    _refused(paths, paths.database_file, "es la base de datos en uso", clock)


def test_a_backup_from_a_newer_version_is_refused(
        db: Database, paths: AppPaths, clock: FixedClock) -> None:
    saved = plain_backup(paths.database_file, paths.backups_dir, "futuro.sqlite3")
    db.dispose()
    with closing(sqlite3.connect(saved)) as conn, conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    _refused(paths, saved, "versión más reciente de SWAT Desktop", clock)
    packed = _packed(saved, paths.backups_dir / "futuro.sqlite3.zst")
    _refused(paths, packed, "versión más reciente de SWAT Desktop", clock)


def test_a_backup_of_an_older_version_is_restored_and_migrated_on_next_open(
        db: Database, paths: AppPaths, clock: FixedClock) -> None:
    db.dispose()
    done = restoring.restore(paths.database_file, FIXTURE_REV0001, paths.backups_dir, clock)
    assert done.revision == "0001"
    reopened, result = store.open_store(None, paths.database_file, paths.backups_dir)
    reopened.dispose()
    assert result.before == "0001"
    assert result.after == head_revision()


def test_restore_is_refused_while_another_copy_has_the_store_open(
        db: Database, agent: UserProfile, paths: AppPaths, clock: FixedClock) -> None:
    saved = backups.make_backup(db, paths.backups_dir)
    assert restoring.copies_in_use(db) == []
    other, _ = store.open_store(None, paths.database_file, paths.backups_dir)
    try:
        [holder] = restoring.copies_in_use(db)
        message = restoring.in_use_message([holder])
        assert message.startswith("La base de datos está abierta en otra copia de SWAT "
                                  "Desktop (este equipo, proceso ")
        db.dispose()
        _refused(paths, saved, "abierta en otra copia de SWAT Desktop", clock)
    finally:
        other.dispose()
    restoring.restore(paths.database_file, saved, paths.backups_dir, clock)


def test_restore_is_refused_while_another_program_has_the_file_open(
        db: Database, agent: UserProfile, paths: AppPaths, clock: FixedClock) -> None:
    saved = backups.make_backup(db, paths.backups_dir)
    db.dispose()
    with closing(sqlite3.connect(paths.database_file)) as outsider:
        outsider.execute("SELECT count(*) FROM users").fetchone()
        _refused(paths, saved, "Otro programa tiene abierta la base de datos", clock)


def test_a_server_database_is_never_restored_here(paths: AppPaths) -> None:
    with pytest.raises(store.DatabaseError, match="pg_dump y pg_restore en el servidor"):
        restoring.sqlite_store("sqlite://", paths.database_file)
