"""Restoring a backup over the local SQLite store, and the checks before anybody relies on one.

A compressed backup (``.sqlite3.zst``) is expanded next to the store first, with a bound on
what it may grow to; a plain one is copied there through SQLite. That copy is what gets checked
(integrity, schema) and then renamed over the store, so what is verified is exactly what is
installed.
"""

from __future__ import annotations

import socket
import sqlite3
from datetime import UTC
from pathlib import Path

from swat_desktop.domain.clock import Clock
from swat_desktop.services import store
from swat_desktop.services.backups import (
    PACKED,
    BackupKind,
    InvalidBackup,
    Restored,
    local_file,
    unique_name,
)
from swat_desktop.services.handle import Store, database
from swat_desktop.storage import archive, migrate
from swat_desktop.storage.backup import (
    StoreStillOpen,
    integrity_problems,
    replace_store,
    schema_revision,
    sqlite_online_backup,
)
from swat_desktop.storage.store_lock import (
    Holder,
    StoreBusy,
    StoreInUse,
    exclusive_use,
    other_copies,
    restoring,
)

STAGING_SUFFIX = ".restaurando"

_BUSY = ("Otra copia de SWAT Desktop está abriendo o restaurando esta base; vuelva a intentar "
         "en unos segundos.")


def sqlite_store(database_url: str | None, default_file: Path) -> Path:
    """The SQLite file a restore would replace; PostgreSQL is refused with the way out."""
    db = store.connect(database_url, default_file)
    try:
        return local_file(db)
    finally:
        db.dispose()


def check_backup(path: Path, shown_name: str | None = None) -> str:
    """Integrity and schema of a backup before anybody relies on it; returns its revision.

    Raises InvalidBackup with the reason: damaged, not a SWAT Desktop store, or from a newer
    version of the application (its schema cannot be read by this one). A compressed backup
    is expanded beside itself for the check and the expansion removed after.
    """
    name = shown_name or path.name
    if not path.is_file():
        raise InvalidBackup(f"No existe el respaldo {path}.")
    if not path.name.endswith(PACKED):
        return _check_plain(path, name)
    expanded = path.with_name(f".{path.name}.revisando.partial")
    try:
        _expand(path, expanded)
        return _check_plain(expanded, name)
    finally:
        expanded.unlink(missing_ok=True)


def _check_plain(path: Path, name: str) -> str:
    try:
        problems = integrity_problems(path)
        revision = schema_revision(path)
    except sqlite3.DatabaseError as exc:
        raise _unusable(name, exc) from exc
    if problems:
        raise InvalidBackup(
            f"El respaldo {name} está dañado ({store.problem_text(problems[0])}); elija otro.")
    if revision is None:
        raise InvalidBackup(f"{name} no es una base de datos de SWAT Desktop.")
    if not _known_revision(revision):
        raise InvalidBackup(
            f"El respaldo {name} viene de una versión más reciente de SWAT Desktop (esquema "
            f"{revision}); actualice la aplicación para restaurarlo.")
    return revision


def _expand(packed: Path, target: Path) -> None:
    try:
        archive.expand(packed, target)
    except archive.BadArchive as exc:
        raise InvalidBackup(str(exc)) from exc
    except OSError as exc:
        raise InvalidBackup(f"No se pudo expandir el respaldo {packed.name} en "
                            f"{target.parent}: {exc.strerror or exc}.") from exc


def _unusable(name: str, exc: sqlite3.DatabaseError) -> InvalidBackup:
    text = str(exc)
    if "not a database" in text:
        return InvalidBackup(f"{name} no es una base de datos SQLite.")
    if "unable to open" in text:
        return InvalidBackup(f"No se puede abrir {name} (revise carpeta y permisos).")
    return InvalidBackup(f"El respaldo {name} está dañado ({text}); elija otro.")


def _known_revision(revision: str) -> bool:
    from alembic.script import ScriptDirectory  # only when restoring
    from alembic.util import CommandError

    try:
        return ScriptDirectory(str(migrate.MIGRATIONS_DIR)).get_revision(revision) is not None
    except CommandError:
        return False


def restore(store_file: Path, backup: Path, backups_dir: Path, clock: Clock) -> Restored:
    """Replace the store with a verified copy of ``backup``; the current file goes aside
    (named by ``clock``).

    The caller must have closed its own Database on the store; any other running copy makes
    this refuse. A schema older than this version is migrated when the store is next opened.
    """
    backup = backup.resolve()
    if backup == store_file.resolve():
        raise InvalidBackup("Ese archivo es la base de datos en uso, no un respaldo.")
    if not backup.is_file():
        raise InvalidBackup(f"No existe el respaldo {backup}.")
    staging = staging_file(store_file)
    try:
        with restoring(store_file):  # another copy's start-up leaves the staging alone
            return _restore_staged(store_file, backup, staging, backups_dir, clock)
    except StoreBusy as exc:
        raise store.DatabaseError(_BUSY) from exc


def staging_file(store_file: Path) -> Path:
    """Where a restore puts the copy it checks before renaming it over the store: hidden,
    next to the store (the same disk, so the rename is atomic)."""
    return store_file.with_name(f".{store_file.name}{STAGING_SUFFIX}")


def _restore_staged(store_file: Path, backup: Path, staging: Path, backups_dir: Path,
                    clock: Clock) -> Restored:
    staging.unlink(missing_ok=True)
    try:
        if backup.name.endswith(PACKED):
            _expand(backup, staging)
        else:
            try:
                sqlite_online_backup(backup, staging)
            except sqlite3.DatabaseError as exc:
                raise _unusable(backup.name, exc) from exc
        revision = _check_plain(staging, backup.name)
        set_aside = (unique_name(backups_dir, BackupKind.BEFORE_RESTORE, clock, ".sqlite3")
                     if store_file.exists() else None)
        try:
            with exclusive_use(store_file):
                replace_store(store_file, staging, set_aside)
        except StoreInUse as exc:
            raise store.DatabaseError(in_use_message(exc.holders)) from exc
        except StoreBusy as exc:
            raise store.DatabaseError(_BUSY) from exc
        except StoreStillOpen as exc:
            raise store.DatabaseError(
                f"Otro programa tiene abierta la base de datos {store_file}; ciérrelo y vuelva "
                "a intentar. No se cambió nada.") from exc
    finally:
        staging.unlink(missing_ok=True)
    return Restored(backup, set_aside, revision)


def copies_in_use(db: Store) -> list[Holder]:
    """The other running copies that have this store open (a restore must wait for them)."""
    if db.sqlite_path is None:
        return []
    try:
        return other_copies(db.sqlite_path, database(db).presence)
    except StoreBusy as exc:
        raise store.DatabaseError(_BUSY) from exc


def in_use_message(holders: list[Holder]) -> str:
    here = socket.gethostname()
    which = "; ".join(
        f"{'este equipo' if h.host == here else f'equipo {h.host}'}, proceso {h.pid}, desde "
        f"{h.since.replace(tzinfo=h.since.tzinfo or UTC).astimezone():%d/%m/%Y %H:%M}"
        for h in holders)
    one = len(holders) == 1
    copies = "otra copia" if one else f"otras {len(holders)} copias"
    return (f"La base de datos está abierta en {copies} de SWAT Desktop ({which}). "
            f"{'Ciérrela' if one else 'Ciérrelas'} y vuelva a intentar; no se cambió nada.")
