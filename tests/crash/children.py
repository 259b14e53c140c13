"""What the crash tests kill: loops that write to a store the way the application does.

Each loop runs in a child process and writes a line to ``progress.txt`` before and after each
unit of work, so the parent knows what was in flight when it killed the child. The module is
preloaded by the forkserver, so each of the many children starts in milliseconds instead of
spending a second importing SQLAlchemy and the services again.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from multiprocessing.synchronize import Event
from pathlib import Path

from swat_desktop.domain.clock import FixedClock
from swat_desktop.paths import resolve_paths
from swat_desktop.services import base_import, identity, inoperatividad, store
from tests.conftest import TEST_NOW
from tests.fixtures.inoperatividad import good_input
from tests.fixtures.workbooks import good_rows, write_csv

ROWS = 1500  # per base: large enough that a kill often lands inside its transaction
# Rows per INSERT batch in the child: a base spans six batches, so a kill can land between
# two of them, where committing batch by batch would leave half a base (5,000, the real
# batch, would write the whole base in one).
CHUNK = 250
IMPORTER = "mrojas"
SUPERVISOR = "jquispe"
ANNUL_REASON = "Registro de la prueba de corte"


def progress_file(home: Path) -> Path:
    return home / "progress.txt"


def bases_folder(home: Path) -> Path:
    return home / "bases"


def _note(home: Path, line: str) -> None:
    with progress_file(home).open("a", encoding="utf-8") as out:
        out.write(line + "\n")


def base_rows(child: int, number: int) -> list[list[object]]:
    """Accounts no other base has, so that every base is imported whole (no duplicates)."""
    first = (child * 1000 + number) * ROWS
    return [[str(int(float(row[0]))), *row[1:]] for row in good_rows(ROWS, start=first)]


def import_bases(home_text: str, child: int, ready: Event) -> None:
    """Import one new base after another until killed."""
    home = Path(home_text)
    paths = resolve_paths(home)
    db, _ = store.open_store(None, paths.database_file, paths.backups_dir,
                             FixedClock(TEST_NOW))
    actor = identity.find_user(db, IMPORTER)
    assert actor is not None
    base_import.INSERT_CHUNK = CHUNK  # this child process only
    bases_folder(home).mkdir(exist_ok=True)
    ready.set()
    for number in itertools.count(1):
        name = f"Base Mal Escalados 21-11-2026 hijo{child:02d}-{number:03d}.csv"
        path = write_csv(bases_folder(home) / name, base_rows(child, number))
        _note(home, f"start {name}")
        plan = base_import.analyze(db, path)

        def inserting(stage: str, done: int, _total: int, name: str = name) -> None:
            if stage == "Guardando cuentas" and done <= base_import.INSERT_CHUNK:
                _note(home, f"inserting {name}")  # rows written, not yet committed

        base_import.run_import(db, actor, plan, progress=inserting)
        _note(home, f"done {name}")


def save_forms(home_text: str, child: int, ready: Event) -> None:
    """Fill in a form (three autosaved drafts), save it with its number, annul it, again."""
    home = Path(home_text)
    paths = resolve_paths(home)
    db, _ = store.open_store(None, paths.database_file, paths.backups_dir,
                             FixedClock(TEST_NOW))
    actor = identity.find_user(db, SUPERVISOR)
    assert actor is not None
    data = good_input(db, actor)
    assert data.attention_point_id is not None
    assert data.request_type is not None
    left_open = inoperatividad.open_record(db, data.attention_point_id, data.request_type)
    if left_open is not None:  # saved by the previous child just before it was killed
        inoperatividad.annul(db, actor, left_open.id, left_open.version, ANNUL_REASON)
    ready.set()
    for number in itertools.count(1):
        tag = f"hijo{child:02d}-{number:03d}"
        _note(home, f"start {tag}")
        draft_id = None
        for change in range(3):
            draft_id = inoperatividad.save_draft(
                db, actor, replace(data, detail=f"{tag} cambio {change}"), draft_id)
        _note(home, f"saving {tag}")
        record = inoperatividad.save_record(db, actor, replace(data, detail=f"{tag} cambio 2"),
                                            draft_id=draft_id)
        _note(home, f"saved {tag} {record.correlativo}")
        inoperatividad.annul(db, actor, record.id, record.version, ANNUL_REASON)
