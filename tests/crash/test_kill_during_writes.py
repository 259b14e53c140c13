"""Kill -9 a process in the middle of its writes, at random moments, and check what is left.

SIGKILL gives the process no chance to clean up: no exception handler, no rollback, no close.
What must hold afterwards is what SQLite's journal and one transaction per use case promise:
the file passes PRAGMA integrity_check, an imported base is entirely there or entirely absent,
and a form being filled in is either a whole draft or a whole saved record with its number.

The moments are random but seeded: the seed is printed (shown with the output of a failing
test) and ``SWAT_CRASH_SEED=<seed>`` replays the same delays. The children come from a
forkserver that has the application imported already, so 40 kills take seconds, not minutes.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import sqlite3
import time
from collections import Counter
from collections.abc import Callable
from contextlib import closing
from dataclasses import replace
from multiprocessing.context import BaseContext
from pathlib import Path

import pytest

from swat_desktop.domain.identity import ProfileInput, Role
from swat_desktop.domain.inoperatividad import RecordStatus
from swat_desktop.paths import AppPaths, resolve_paths
from swat_desktop.services import identity, inoperatividad, store
from tests.crash import children
from tests.fixtures.inoperatividad import cac_supervisor, good_input

SEED_ENV = "SWAT_CRASH_SEED"
KILLS = 20
# A child needs about 0.1 s per base or per form on this machine: up to 0.5 s lands the kill
# anywhere in the first few units of work, including inside their transactions.
MAX_DELAY_S = 0.5
START_WAIT_S = 120  # only so that a child that never starts fails the test instead of hanging


@pytest.fixture(scope="module")
def seed() -> int:
    chosen = int(os.environ.get(SEED_ENV) or random.SystemRandom().randrange(2**32))
    print(f"crash tests: seed {chosen} (replay with {SEED_ENV}={chosen})")
    return chosen


@pytest.fixture(scope="module")
def context() -> BaseContext:
    if "forkserver" not in multiprocessing.get_all_start_methods():  # Windows
        return multiprocessing.get_context("spawn")
    forkserver = multiprocessing.get_context("forkserver")
    forkserver.set_forkserver_preload(["tests.crash.children"])
    return forkserver


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    paths = resolve_paths(folder).ensure()
    db, _ = store.open_store(None, paths.database_file, paths.backups_dir)
    identity.save_profile(db, ProfileInput(children.IMPORTER, "María Rojas", Role.BACKOFFICE,
                                           "Célula Soporte Bogotá"))
    cac_supervisor(db)
    db.dispose()
    return folder


def _kill_at_random(context: BaseContext, work: Callable[..., None], home: Path, child: int,
                    delay: float) -> None:
    ready = context.Event()
    process = context.Process(target=work, args=(str(home), child, ready), daemon=True)
    process.start()
    try:
        assert ready.wait(START_WAIT_S), f"child {child} did not start: {process.exitcode}"
        time.sleep(delay)
        assert process.is_alive(), f"child {child} stopped by itself: {process.exitcode}"
        process.kill()
        process.join()
        if os.name != "nt":
            assert process.exitcode == -signal.SIGKILL
    finally:
        if process.is_alive():
            process.kill()
            process.join()
        process.close()


def _integrity(database: Path) -> list[tuple[str]]:
    with closing(sqlite3.connect(database)) as conn:
        return conn.execute("PRAGMA integrity_check").fetchall()


def _progress(home: Path) -> list[list[str]]:
    """Complete lines only: the child may have died half way through writing one."""
    text = children.progress_file(home).read_text(encoding="utf-8")
    return [line.split(" ", 1) for line in text.split("\n")[:-1]]


def test_killing_an_import_leaves_each_base_whole_or_absent(
        context: BaseContext, home: Path, seed: int) -> None:
    rng = random.Random(seed)
    database = resolve_paths(home).database_file
    in_flight = uncommitted = absent = 0
    for kill in range(KILLS):
        _kill_at_random(context, children.import_bases, home, kill, rng.uniform(0, MAX_DELAY_S))
        where = f"seed {seed}, kill {kill}"
        assert _integrity(database) == [("ok",)], where
        with closing(sqlite3.connect(database)) as conn:
            bases = dict(conn.execute("SELECT file_name, id FROM mal_escalado_bases"))
            recorded = dict(conn.execute("SELECT id, imported_count FROM mal_escalado_bases"))
            cases = dict(conn.execute(
                "SELECT base_id, count(*) FROM mal_escalado_cases GROUP BY base_id"))
            audited = {entity for (entity,) in conn.execute(
                "SELECT entity_id FROM audit_log WHERE entity = 'mal_escalado_base'")}
            uuids = dict(conn.execute("SELECT id, uuid FROM mal_escalado_bases"))
        assert set(cases) <= set(bases.values()), f"{where}: cases without their base"
        for workbook in children.bases_folder(home).glob("*.csv"):
            rows = len(workbook.read_text(encoding="utf-8-sig").splitlines()) - 1
            base = bases.get(workbook.name)
            if base is not None:  # entirely there: every row, its count and its audit row
                assert cases.get(base) == recorded[base] == rows, f"{where}: {workbook.name}"
                assert uuids[base] in audited, f"{where}: {workbook.name} not audited"
        lines = _progress(home)
        done = {line[1] for line in lines if line[0] == "done"}
        assert done <= set(bases), f"{where}: a finished import was lost"
        last = lines[-1] if lines else None
        if last is not None and last[0] != "done":
            in_flight += 1
            if last[0] == "inserting":  # its rows were written but maybe not committed
                uncommitted += 1
                absent += last[1] not in bases
    print(f"crash tests: {in_flight} of {KILLS} kills landed during an import, {uncommitted} "
          f"of them after its rows were written ({absent} of those rolled back entirely)")
    assert in_flight > 0, f"seed {seed}: no kill landed during an import"


def test_killing_the_form_leaves_a_whole_draft_or_a_whole_numbered_record(
        context: BaseContext, home: Path, seed: int) -> None:
    rng = random.Random(seed + 1)
    paths = resolve_paths(home)
    outcomes: Counter[str] = Counter()
    for kill in range(KILLS):
        _kill_at_random(context, children.save_forms, home, kill, rng.uniform(0, MAX_DELAY_S))
        where = f"seed {seed}, kill {kill}"
        assert _integrity(paths.database_file) == [("ok",)], where
        outcomes[_check_forms(paths, where)] += 1
    print(f"crash tests: the form in flight at each of the {KILLS} kills: {dict(outcomes)}")
    drafts = sum(n for outcome, n in outcomes.items() if outcome.startswith("draft"))
    assert drafts > 0, f"seed {seed}: no kill landed while the form was being filled in"


def _check_forms(paths: AppPaths, where: str) -> str:
    """Every form is a draft or a record, never both; says what became of the one in flight."""
    db, _ = store.open_store(None, paths.database_file, paths.backups_dir)
    try:
        actor = identity.find_user(db, children.SUPERVISOR)
        assert actor is not None
        expected = good_input(db, actor)
        drafts = inoperatividad.pending_drafts(db, actor, inoperatividad.catalogue(db))
        records = inoperatividad.list_records(db, expected.attention_point_id)
    finally:
        db.dispose()
    draft_tags = [d.data.detail.split()[0] for d in drafts]
    record_tags = [r.data.detail.split()[0] for r in records]
    assert len(set(draft_tags)) == len(draft_tags), f"{where}: two drafts of one form"
    assert len(set(record_tags)) == len(record_tags), f"{where}: one form saved twice"
    assert not set(draft_tags) & set(record_tags), f"{where}: saved and still a draft"
    for draft in drafts:  # whole forms, exactly as typed
        assert replace(draft.data, detail="") == replace(expected, detail=""), where
    correlativos = sorted(r.correlativo for r in records)
    assert correlativos == list(range(1, len(records) + 1)), f"{where}: gap in the numbers"
    with closing(sqlite3.connect(paths.database_file)) as conn:
        counter = conn.execute("SELECT coalesce(max(last), 0) FROM correlativo_counters "
                               "WHERE attention_point_id = ?",
                               (expected.attention_point_id,)).fetchone()[0]
    assert counter == len(records), f"{where}: a number was used without its record"

    lines = _progress(paths.data_dir.parent)
    saved = dict(line[1].split() for line in lines if line[0] == "saved")
    by_tag = {r.data.detail.split()[0]: r for r in records}
    for tag, correlativo in saved.items():  # what a child saw saved stays saved
        assert str(by_tag[tag].correlativo) == correlativo, f"{where}: {tag} lost"
    assert all(r.status in (RecordStatus.ANULADO, RecordStatus.ABIERTO) for r in records)
    last = lines[-1] if lines else None
    if last is None:
        return "before the first form"
    if last[0] == "saved":
        return "while annulling the saved form"
    tag = last[1]
    if tag in draft_tags:  # recovered as the person left it
        return "draft, kill while typing" if last[0] == "start" else "draft, save interrupted"
    if tag in by_tag:
        return "saved with its number"
    assert last[0] == "start", f"{where}: {tag} was being saved and vanished"
    return "nothing typed yet"  # killed before the first autosave committed
