"""Two copies of the application on one SQLite store, as two real processes.

The decision (README, «Dos copias sobre la misma base»): two copies may work on the same
store at the same time; a restore, which replaces the file, waits until every other copy has
closed it.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from swat_desktop.domain.clock import FixedClock
from swat_desktop.domain.identity import ProfileInput, Role
from swat_desktop.paths import AppPaths
from swat_desktop.services import backups, identity, store
from tests.fixtures.inoperatividad import cac_supervisor

pytestmark = pytest.mark.sqlite_only("two processes sharing one SQLite file")

ROOT = Path(__file__).resolve().parents[2]
FORMS_PER_COPY = 25
WAIT_S = 120  # only so that a stuck child fails the test instead of hanging it

WRITER = """
import sys, time
from dataclasses import replace
from pathlib import Path
from datetime import datetime
from swat_desktop.domain.clock import FixedClock
from swat_desktop.domain.inoperatividad import RequestType
from swat_desktop.paths import resolve_paths
from swat_desktop.services import identity, inoperatividad, store
from tests.fixtures.inoperatividad import for_request, good_input

home, me, other, count = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
clock = FixedClock(datetime.fromisoformat(sys.argv[5]))  # the test's: one time for all
paths = resolve_paths(home)
db, _ = store.open_store(None, paths.database_file, paths.backups_dir, clock)
actor = identity.find_user(db, "jquispe")
kind = RequestType.RECLAMOS if me == "a" else RequestType.BAJAS
data = for_request(good_input(db, actor), kind)
(home / f"ready-{me}").touch()
while not (home / f"ready-{other}").exists():  # start together
    time.sleep(0.01)
for n in range(count):
    draft = inoperatividad.save_draft(db, actor, replace(data, detail=f"{me} {n} a"))
    draft = inoperatividad.save_draft(db, actor, replace(data, detail=f"{me} {n} b"), draft)
    record = inoperatividad.save_record(db, actor, replace(data, detail=f"{me} {n} b"),
                                        draft_id=draft)
    inoperatividad.annul(db, actor, record.id, record.version, "Prueba de dos copias")
db.dispose()
print("ok", count, flush=True)
"""


def _env(home: Path) -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SWAT_DESKTOP_HOME": str(home)}
    env.pop("SWAT_DESKTOP_DATABASE_URL", None)
    return env


def test_two_copies_save_forms_at_the_same_time_without_errors_or_damage(
        paths: AppPaths, clock: FixedClock) -> None:
    db, _ = store.open_store(None, paths.database_file, paths.backups_dir, clock)
    cac_supervisor(db)
    db.dispose()
    home = paths.data_dir.parent
    copies = [subprocess.Popen([sys.executable, "-c", WRITER, str(home), me, other,
                                str(FORMS_PER_COPY), clock.now().isoformat()],
                               cwd=ROOT, env=_env(home), text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
              for me, other in (("a", "b"), ("b", "a"))]
    results = [copy.communicate(timeout=WAIT_S) for copy in copies]
    for copy, (out, err) in zip(copies, results, strict=True):
        assert copy.returncode == 0, err
        assert out.strip() == f"ok {FORMS_PER_COPY}"

    with closing(sqlite3.connect(paths.database_file)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        numbers = [n for (n,) in conn.execute(
            "SELECT correlativo FROM inoperatividad_records ORDER BY correlativo")]
        details = [d for (d,) in conn.execute("SELECT detail FROM inoperatividad_records")]
        drafts = conn.execute("SELECT count(*) FROM inoperatividad_drafts").fetchone()[0]
    # One shared, gapless sequence for the point, taken in turns by both copies.
    assert numbers == list(range(1, 2 * FORMS_PER_COPY + 1))
    assert sorted(details) == sorted(f"{me} {n} b" for me in "ab"
                                     for n in range(FORMS_PER_COPY))
    assert drafts == 0


def _wait_for_log(process: subprocess.Popen[str], log: Path, text: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline and process.poll() is None:
        if log.exists() and text in log.read_text(encoding="utf-8"):
            return
        time.sleep(0.1)
    process.kill()
    raise AssertionError(f"«{text}» never appeared; {process.communicate()[1]}")


def _restore(home: Path, backup: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "swat_desktop", "restore", str(backup)],
                          cwd=ROOT, env=_env(home), capture_output=True, text=True,
                          timeout=WAIT_S, check=False)


def test_restore_waits_until_the_window_of_another_copy_is_closed(paths: AppPaths) -> None:
    db, _ = store.open_store(None, paths.database_file, paths.backups_dir)
    identity.save_profile(db, ProfileInput("mrojas", "María Rojas", Role.BACKOFFICE, "C1"))
    backup = backups.make_backup(db, paths.backups_dir)
    db.dispose()
    identity.remember_login(paths.local_settings_file, "mrojas")
    home = paths.data_dir.parent

    window = subprocess.Popen([sys.executable, "-m", "swat_desktop"], cwd=ROOT,
                              env=_env(home), text=True, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    try:
        _wait_for_log(window, paths.log_file, "Main window shown for mrojas")
        refused = _restore(home, backup)
        assert refused.returncode == 1
        assert refused.stdout == ""
        assert refused.stderr.startswith(
            "Error: La base de datos está abierta en otra copia de SWAT Desktop (este equipo, "
            f"proceso {window.pid}, desde ")
        assert refused.stderr.rstrip().endswith("no se cambió nada.")
    finally:
        window.kill()  # SIGKILL: the copy cannot unregister; its lock dies with it
        window.communicate(timeout=WAIT_S)

    restored = _restore(home, backup)
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.startswith(f"Base de datos {paths.database_file} restaurada desde "
                                      f"{backup.name}.")
    with closing(sqlite3.connect(paths.database_file)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
