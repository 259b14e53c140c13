"""What the window does on its own once it is shown: check the store, make the day's backup,
tidy the search index. Each reads or rewrites the whole store, so none of it may run before
the window or keep it from closing (a year's store is 1 GB: minutes on a cold disk).

The first start of a day (by this computer's clock) runs the full integrity_check, the
automatic backup and the pruning of old ones, then merges the full-text index; any later start
runs only the quick_check. All of it stops within a fraction of a second when asked (the
window closing) and leaves nothing half-written: the next start does it again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from swat_desktop.domain.backup_retention import Retention
from swat_desktop.domain.clock import computer_now
from swat_desktop.services import backups, search_index, store
from swat_desktop.services.backups import BackupKind, Report
from swat_desktop.services.handle import Store
from swat_desktop.storage.archive import Stop

log = logging.getLogger(__name__)

CHECKING = backups.CHECKING
TIDYING = "Ordenando el índice de búsqueda"
# What each step is called where the window shows it (backups.make_backup names its own).
STEPS = (CHECKING, backups.COPYING, backups.COMPRESSING, TIDYING)


@dataclass(frozen=True)
class UpkeepDone:
    backup: Path | None  # the day's automatic backup; None when it was made earlier today
    removed: tuple[Path, ...]


def daily_due(db: Store, backups_dir: Path, today: date | None = None) -> bool:
    """Whether today's automatic backup is still to be made (SQLite stores only)."""
    if db.sqlite_path is None:
        return False
    day = today or computer_now(db.clock).date()
    return not any(b.kind is BackupKind.AUTOMATIC and b.created.date() == day
                   for b in backups.list_backups(backups_dir))


def run(db: Store, backups_dir: Path, rule: Retention, report: Report,
        stop: Stop) -> UpkeepDone:
    """The check of the day, in the background. Raises StoreDamaged when the store fails it
    (no backup is made then: a copy of a damaged store would push a good one out of those
    kept) and Stopped when ``stop`` says so."""
    if db.sqlite_path is None:  # PostgreSQL is checked and backed up on its server
        return UpkeepDone(None, ())
    if not daily_due(db, backups_dir):
        report(CHECKING, 0, 0)
        store.check_integrity(db, stop=stop)
        return UpkeepDone(None, ())
    done = run_daily(db, backups_dir, rule, report, stop)
    report(TIDYING, 0, 0)
    search_index.tidy(db, stop)
    return done


def run_daily(db: Store, backups_dir: Path, rule: Retention,
              report: Report | None = None, stop: Stop | None = None) -> UpkeepDone:
    """The full integrity check, the automatic backup, then the old automatic ones go."""
    created = backups.make_backup(db, backups_dir, BackupKind.AUTOMATIC, full_check=True,
                                  report=report, stop=stop)
    removed = tuple(backups.prune(backups_dir, rule))
    log.info("Automatic backup %s; %d old ones removed", created, len(removed))
    return UpkeepDone(created, removed)
