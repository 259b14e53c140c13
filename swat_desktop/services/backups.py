"""Backups of the local SQLite store: the daily automatic one, the list, and restoring one.

What the backups folder holds and what the application does with each kind:

- automatic (``automatico-…``): one a day, made after start-up; the newest N are kept (a
  setting of this computer, 14 by default) and older automatic ones are deleted;
- manual (``swat-desktop-…``, from the menu or ``swat-desktop backup``): never deleted by the
  application, and not counted in the N;
- before a migration / before a restore: the safety copies the application makes before it
  changes the file on its own; never deleted either.

PostgreSQL is never backed up here: that belongs to pg_dump on the server.
"""

from __future__ import annotations

import logging
import re
import socket
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import Path

from swat_desktop.domain.errors import ValidationError
from swat_desktop.services import local_settings, store
from swat_desktop.storage import migrate
from swat_desktop.storage.backup import (
    StoreStillOpen,
    integrity_problems,
    remove_partials,
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
)

log = logging.getLogger(__name__)

KEEP_KEY = "automatic_backups_kept"
DEFAULT_KEEP = 14
MAX_KEEP = 365
# An interrupted copy leaves a hidden partial file; one this old is certainly abandoned.
PARTIAL_AGE_S = 24 * 3600
_STAMP = re.compile(r"(\d{8}-\d{6})")
_BUSY = ("Otra copia de SWAT Desktop está abriendo o restaurando esta base; vuelva a intentar "
         "en unos segundos.")


class BackupKind(Enum):
    AUTOMATIC = "automatico"
    MANUAL = store.MANUAL_PREFIX
    BEFORE_MIGRATION = "antes-de-migrar"
    BEFORE_RESTORE = "antes-de-restaurar"
    OTHER = ""  # a .sqlite3 file somebody put in the folder

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    BackupKind.AUTOMATIC: "Automático",
    BackupKind.MANUAL: "Manual",
    BackupKind.BEFORE_MIGRATION: "Antes de migrar",
    BackupKind.BEFORE_RESTORE: "Antes de restaurar",
    BackupKind.OTHER: "Otro",
}


class InvalidBackup(store.DatabaseError):
    """The chosen file cannot be restored; the message says why and the store is untouched."""


@dataclass(frozen=True)
class BackupFile:
    path: Path
    kind: BackupKind
    created: datetime  # local time of this computer, as in the file name
    size_bytes: int


@dataclass(frozen=True)
class DailyBackup:
    path: Path
    removed: tuple[Path, ...]


@dataclass(frozen=True)
class Restored:
    backup: Path
    set_aside: Path | None  # where the replaced store went; None when there was none
    revision: str


# Settings -----------------------------------------------------------------------------------


def kept_automatic(settings_file: Path) -> int:
    """How many automatic backups to keep (this computer's setting)."""
    value = local_settings.read(settings_file).get(KEEP_KEY)
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_KEEP:
        return value
    return DEFAULT_KEEP


def set_kept_automatic(settings_file: Path, count: int) -> None:
    if not 1 <= count <= MAX_KEEP:
        raise ValidationError({"conservar": (
            f"La cantidad de respaldos automáticos a conservar va de 1 a {MAX_KEEP}.")})
    local_settings.update(settings_file, **{KEEP_KEY: count})


# Listing and the daily backup ---------------------------------------------------------------


def list_backups(backups_dir: Path) -> list[BackupFile]:
    """Every backup in the folder, the newest first."""
    if not backups_dir.is_dir():
        return []
    found = []
    for path in backups_dir.glob("*.sqlite3"):
        try:
            stat = path.stat()
        except OSError:  # deleted meanwhile by another copy's clean-up
            continue
        found.append(BackupFile(path, _kind(path.name), _created(path.name, stat.st_mtime),
                                stat.st_size))
    found.sort(key=lambda b: (b.created, b.path.name), reverse=True)
    return found


def _kind(name: str) -> BackupKind:
    for kind in BackupKind:
        if kind.value and name.startswith(f"{kind.value}-"):
            return kind
    return BackupKind.OTHER


def _created(name: str, mtime: float) -> datetime:
    match = _STAMP.search(name)
    if match:
        try:
            return datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
        except ValueError:
            pass
    return datetime.fromtimestamp(mtime)


def daily_due(db: store.Database, backups_dir: Path, today: date | None = None) -> bool:
    """Whether today's automatic backup is still to be made (SQLite stores only)."""
    if db.sqlite_path is None:
        return False
    day = today or date.today()
    return not any(b.kind is BackupKind.AUTOMATIC and b.created.date() == day
                   for b in list_backups(backups_dir))


def run_daily(db: store.Database, backups_dir: Path, keep: int) -> DailyBackup:
    """The full integrity check, then the automatic backup, then the oldest automatic ones go.

    A store that fails the check is not backed up (StoreDamaged): a copy of a damaged store
    would push a good backup out of the N that are kept.
    """
    _local_file(db)  # PostgreSQL is backed up on its server, never here
    created = store.backup(db, backups_dir, BackupKind.AUTOMATIC.value, check=_fully_checked)
    removed = tuple(prune(backups_dir, keep))
    log.info("Automatic backup %s; %d old ones removed", created, len(removed))
    return DailyBackup(created, removed)


def _fully_checked(db: store.Database) -> None:
    """The full integrity_check (indexes against their tables too), which the quick check at
    start-up leaves out; raises StoreDamaged."""
    path = _local_file(db)
    try:
        problems = integrity_problems(path)
    except sqlite3.DatabaseError as exc:
        raise store.damaged(db.display_name, path, [str(exc)]) from exc
    if problems:
        raise store.damaged(db.display_name, path, problems)


def prune(backups_dir: Path, keep: int) -> list[Path]:
    """Delete automatic backups beyond the newest ``keep``; no other kind is ever deleted."""
    automatic = [b for b in list_backups(backups_dir) if b.kind is BackupKind.AUTOMATIC]
    removed = []
    for old in automatic[keep:]:
        try:
            old.path.unlink()
        except FileNotFoundError:  # another copy pruned it first
            continue
        removed.append(old.path)
    return removed + remove_partials(backups_dir, PARTIAL_AGE_S)


def _local_file(db: store.Database) -> Path:
    if db.sqlite_path is None:
        raise store.DatabaseError(
            "Los respaldos integrados solo aplican a la base SQLite local; para PostgreSQL use "
            "pg_dump y pg_restore en el servidor.")
    return db.sqlite_path


def sqlite_store(database_url: str | None, default_file: Path) -> Path:
    """The SQLite file a restore would replace; PostgreSQL is refused with the way out."""
    db = store.connect(database_url, default_file)
    try:
        return _local_file(db)
    finally:
        db.dispose()


# Restoring ----------------------------------------------------------------------------------


def check_backup(path: Path, shown_name: str | None = None) -> str:
    """Integrity and schema of a backup before anybody relies on it; returns its revision.

    Raises InvalidBackup with the reason: damaged, not a SWAT Desktop store, or from a newer
    version of the application (its schema cannot be read by this one).
    """
    name = shown_name or path.name
    if not path.is_file():
        raise InvalidBackup(f"No existe el respaldo {path}.")
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


def restore(store_file: Path, backup: Path, backups_dir: Path) -> Restored:
    """Replace the store with a verified copy of ``backup``; the current file goes aside.

    The backup is copied next to the store first and that copy is what gets checked and then
    renamed over the store, so what is verified is exactly what is installed. The caller must
    have closed its own Database on the store; any other running copy makes this refuse.
    A schema older than this version is migrated when the store is next opened.
    """
    backup = backup.resolve()
    if backup == store_file.resolve():
        raise InvalidBackup("Ese archivo es la base de datos en uso, no un respaldo.")
    if not backup.is_file():
        raise InvalidBackup(f"No existe el respaldo {backup}.")
    staging = store_file.with_name(f".{store_file.name}.restaurando")
    staging.unlink(missing_ok=True)
    try:
        try:
            sqlite_online_backup(backup, staging)
        except sqlite3.DatabaseError as exc:
            raise _unusable(backup.name, exc) from exc
        revision = check_backup(staging, backup.name)
        set_aside = _unique(backups_dir, BackupKind.BEFORE_RESTORE) if store_file.exists() \
            else None
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


def _unique(folder: Path, kind: BackupKind) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{kind.value}-{stamp}.sqlite3"
    copy = 1
    while target.exists():
        copy += 1
        target = folder / f"{kind.value}-{stamp}-{copy}.sqlite3"
    return target


def copies_in_use(db: store.Database) -> list[Holder]:
    """The other running copies that have this store open (a restore must wait for them)."""
    if db.sqlite_path is None:
        return []
    try:
        return other_copies(db.sqlite_path, db.presence)
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
