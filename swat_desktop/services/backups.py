"""Backups of the local SQLite store: making one, the list, what is kept, and restoring one.

What the backups folder holds and what the application does with each kind:

- automatic (``automatico-…``): made once a day in the background after start-up
  (services.upkeep); those beyond the retention (7 daily, 4 weekly and 12 monthly by
  default, a setting of this computer) are deleted;
- manual (``swat-desktop-…``, from the menu or ``swat-desktop backup``): never deleted by the
  application;
- before a migration / before a restore: the safety copies the application makes before it
  changes the file on its own; never deleted either, and byte copies (not compressed): one
  may be the only trace of a damaged store.

Automatic and manual backups are compact copies (VACUUM INTO) compressed with zstd
(``.sqlite3.zst``): a 1 GB store makes a file of about 200 MB. Plain ``.sqlite3`` backups of
earlier versions are still listed and restored. PostgreSQL is never backed up here: that
belongs to pg_dump on the server.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from pathlib import Path

from swat_desktop.domain.backup_retention import Retention, kept
from swat_desktop.domain.clock import Clock, computer_now
from swat_desktop.domain.errors import ValidationError
from swat_desktop.durable import flush_folder
from swat_desktop.services import local_settings, store
from swat_desktop.services.handle import Store, database
from swat_desktop.storage import archive
from swat_desktop.storage.archive import Stop, Stopped
from swat_desktop.storage.backup import (
    remove_partials,
    vacuum_copy,
)
from swat_desktop.storage.database import describe_db_error

log = logging.getLogger(__name__)

RETENTION_KEY = "automatic_backups_retention"
OLD_KEEP_KEY = "automatic_backups_kept"  # before: how many daily copies, nothing weekly/monthly
PLAIN, PACKED = ".sqlite3", ".sqlite3.zst"
# An interrupted copy leaves a hidden partial file; one this old is certainly abandoned.
PARTIAL_AGE_S = 24 * 3600
_STAMP = re.compile(r"(\d{8}-\d{6})")
CHECKING = "Comprobando la base de datos"
COPYING = "Copiando la base de datos"
COMPRESSING = "Comprimiendo la copia"
Report = Callable[[str, int, int], None]  # what is being done, done, in all (0: unknown)


class BackupKind(Enum):
    AUTOMATIC = "automatico"
    MANUAL = "swat-desktop"
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

    @property
    def compressed(self) -> bool:
        return self.path.name.endswith(PACKED)


@dataclass(frozen=True)
class Restored:
    backup: Path
    set_aside: Path | None  # where the replaced store went; None when there was none
    revision: str


# Settings -----------------------------------------------------------------------------------


def retention(settings_file: Path) -> Retention:
    """Which automatic backups to keep (this computer's setting)."""
    values = local_settings.read(settings_file)
    chosen = values.get(RETENTION_KEY)
    if isinstance(chosen, list) and len(chosen) == 3 and all(
            isinstance(n, int) and not isinstance(n, bool) for n in chosen):
        with contextlib.suppress(ValidationError):
            return Retention(*chosen)
    old = values.get(OLD_KEEP_KEY)
    if isinstance(old, int) and not isinstance(old, bool):
        with contextlib.suppress(ValidationError):
            return Retention(old, 0, 0)  # what "keep the newest N" meant
    return Retention()


def set_retention(settings_file: Path, rule: Retention) -> None:
    local_settings.update(settings_file,
                          **{RETENTION_KEY: [rule.daily, rule.weekly, rule.monthly]})


# Listing, making and pruning ----------------------------------------------------------------


def list_backups(backups_dir: Path) -> list[BackupFile]:
    """Every backup in the folder, the newest first."""
    if not backups_dir.is_dir():
        return []
    found = []
    for path in backups_dir.iterdir():
        if path.name.startswith(".") or not path.name.endswith((PLAIN, PACKED)):
            continue  # hidden: a copy being written
        try:
            stat = path.stat()
        except OSError:  # deleted meanwhile by another copy's clean-up
            continue
        if not path.is_file():
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


def make_backup(db: Store, backups_dir: Path, kind: BackupKind = BackupKind.MANUAL,
                *, full_check: bool = False, report: Report | None = None,
                stop: Stop | None = None) -> Path:
    """Check the store, then a compact copy of it, compressed, in the backups folder, named by
    kind, date and time. Safe while this and other copies of the application keep writing.

    A copy of a damaged store would later be offered as a good backup to restore from, so the
    store is checked first (StoreDamaged): the quick check, or with ``full_check`` the full
    integrity_check the daily backup runs. Raises Stopped when ``stop`` says so; nothing is
    left behind then, nor when anything fails.
    """
    path = local_file(db)
    if not path.exists():
        raise store.DatabaseError(f"No existe la base de datos {db.display_name}.")
    store.readable_revision(db)  # fails with the same clear message as db info when unreadable
    say = report or (lambda _text, _done, _total: None)
    halt = stop or (lambda: False)
    say(CHECKING, 0, 0)
    store.check_integrity(db, full=full_check, stop=halt)
    target = unique_name(backups_dir, kind, db.clock, PACKED)
    parts: list[Path] = []
    try:
        copy, packed = _partial(backups_dir, target, parts), _partial(backups_dir, target, parts)
        say(COPYING, 0, 1)
        vacuum_copy(path, copy, lambda d, t: say(COPYING, d, t), halt)
        say(COMPRESSING, 0, 1)
        archive.compress(copy, packed, lambda d, t: say(COMPRESSING, d, t), halt)
        if target.exists():  # another copy of the application chose the same name meanwhile
            raise FileExistsError(f"Ya existe el archivo de respaldo {target}")
        os.replace(packed, target)
        flush_folder(backups_dir)
    except Stopped:
        raise
    except (OSError, sqlite3.Error) as exc:
        raise store.DatabaseError(describe_db_error(database(db), exc)) from exc
    finally:
        for part in parts:
            part.unlink(missing_ok=True)
    return target


def _partial(folder: Path, target: Path, parts: list[Path]) -> Path:
    """A hidden name for a file being written (never listed, cleaned up if abandoned); the
    name is free, not created: VACUUM INTO wants to create its file itself."""
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=folder)
    os.close(handle)
    part = Path(name)
    part.unlink()
    parts.append(part)
    return part


def prune(backups_dir: Path, rule: Retention) -> list[Path]:
    """Delete the automatic backups the rule does not keep; no other kind is ever deleted."""
    automatic = [b for b in list_backups(backups_dir) if b.kind is BackupKind.AUTOMATIC]
    keep = kept([b.created for b in automatic], rule)
    removed = []
    for index, old in enumerate(automatic):
        if index in keep:
            continue
        try:
            old.path.unlink()
        except FileNotFoundError:  # another copy pruned it first
            continue
        removed.append(old.path)
    return removed + remove_partials(backups_dir, PARTIAL_AGE_S)


def local_file(db: Store) -> Path:
    if db.sqlite_path is None:
        raise store.DatabaseError(
            "Los respaldos integrados solo aplican a la base SQLite local; para PostgreSQL use "
            "pg_dump y pg_restore en el servidor.")
    return db.sqlite_path


def unique_name(folder: Path, kind: BackupKind, clock: Clock, suffix: str) -> Path:
    """A free name of that kind for now; two backups within the same second keep both."""
    stamp = computer_now(clock).strftime("%Y%m%d-%H%M%S")
    target = folder / f"{kind.value}-{stamp}{suffix}"
    copy = 1
    while target.exists():
        copy += 1
        target = folder / f"{kind.value}-{stamp}-{copy}{suffix}"
    folder.mkdir(parents=True, exist_ok=True)
    return target
