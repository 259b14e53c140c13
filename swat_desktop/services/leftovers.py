"""What interrupted work left behind, removed at start-up.

A restore killed half way leaves its staged copy (``.swat_desktop.sqlite3.restaurando``, as
big as the store: 100 MB and more) hidden beside the store, and an export killed half way
leaves a hidden ``.NAME.….partial`` in the exports folder. Nothing else ever looks at them.
Every start (window or command) removes them, looking only at the top level of those two
folders so that start-up costs the same whatever the folders hold, and never touching what a
running copy is writing: a restore in progress holds its lock (store_lock.restoring), an
export in progress holds its file's (io.atomic).
"""

from __future__ import annotations

import logging
from pathlib import Path

from swat_desktop.io.atomic import PARTIAL_PATTERN, PARTIAL_SUFFIX, matching, remove_abandoned
from swat_desktop.services.restoring import staging_file
from swat_desktop.storage.store_lock import StoreBusy, restoring

log = logging.getLogger(__name__)


def remove_interrupted(store_file: Path, exports_dir: Path) -> list[Path]:
    """Delete the staged copies of interrupted restores of ``store_file`` and the partial
    files of interrupted exports in ``exports_dir``; returns what was removed."""
    removed = _restores(store_file) + remove_abandoned(exports_dir, [PARTIAL_PATTERN])
    for path in removed:
        log.info("Removed %s, left by an interrupted restore or export", path)
    return removed


def _restores(store_file: Path) -> list[Path]:
    staging = staging_file(store_file)
    patterns = [staging.name, f".{staging.name}.*{PARTIAL_SUFFIX}"]
    if not matching(staging.parent, patterns):
        return []  # the usual case: nothing to clean, no lock to take
    try:
        # Holding the restore lock: no copy can start staging while these go.
        with restoring(store_file):
            return remove_abandoned(staging.parent, patterns, unless_locked=False)
    except StoreBusy:  # another copy is restoring right now: its files are not leftovers
        return []
    except OSError as exc:  # the lock cannot be taken (a read-only folder): leave them
        log.warning("Could not clean up %s: %s", staging.parent, exc)
        return []
