"""Kill -9 ``swat-desktop report consolidado`` while it writes, and ``swat-desktop restore``
while it stages its copy, and check what is left.

The command runs as a person runs it, in a process of its own, on a store of 12,000 reviewed
accounts (a few seconds of work). The parent watches the exports folder and kills the child
once the hidden temporary file of the export exists, and again once bytes are going into it:
the moments the old writer truncated the good workbook of an earlier export. Afterwards the
name holds the earlier export byte for byte (or nothing, when there was none), never a broken
file, and the next start of the application (``db info``) removes what the kill left behind.
"""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest

from swat_desktop.domain.identity import ProfileInput, Role
from swat_desktop.paths import AppPaths, resolve_paths
from swat_desktop.services import base_import, identity, store
from tests.fixtures.workbooks import write_csv

pytestmark = pytest.mark.skipif(os.name == "nt", reason="SIGKILL and flock are POSIX")

ACCOUNTS = 12_000
ADVISORS = 40  # one sheet each in the consolidado, as a célula has
LOGIN = "bo1"
CONSOLIDADO = "CONSOLIDADO MAL ESCALADO SOPORTE 2026-11-01_2026-11-30.xlsx"
REPORT = ("report", "consolidado", "--desde", "01/11/2026", "--hasta", "30/11/2026",
          "--usuario", LOGIN)
POLL_S = 0.002
WAIT_S = 180  # only so that a child that never gets there fails instead of hanging


@pytest.fixture(scope="module")
def paths(tmp_path_factory: pytest.TempPathFactory) -> AppPaths:
    """A store with one base of ACCOUNTS accounts, all reviewed (set in SQL: reviewing them
    one by one through the service would take minutes and is not what is under test)."""
    home = tmp_path_factory.mktemp("export-home")
    paths = resolve_paths(home).ensure()
    db, _ = store.open_store(None, paths.database_file, paths.backups_dir)
    try:
        user = identity.save_profile(db, ProfileInput(LOGIN, "Laura García", Role.BACKOFFICE,
                                                      "Célula Soporte Bogotá"))
        rows = [[str(700_000 + i), datetime(2026, 11, 21, 8, i % 60), f"ecm{i % ADVISORS:03d}",
                 f"Asesora {i % ADVISORS}", "Lucía Peña", "Bogotá", f"Falla reportada {i}"]
                for i in range(ACCOUNTS)]
        base = write_csv(home / "Base Mal Escalados 21-11-2026.csv", rows)
        base_import.run_import(db, user, base_import.analyze(db, base))
    finally:
        db.dispose()
    with closing(sqlite3.connect(paths.database_file)) as conn:
        (causal,) = conn.execute("SELECT min(id) FROM causales").fetchone()
        conn.execute("UPDATE mal_escalado_cases SET status = 'revisada', procedencia = "
                     "'procede', motivo = 'procedimiento', primary_causal_id = ?, "
                     "reviewed_by = ?, reviewed_at = '2026-11-21 15:00:00.000000'",
                     (causal, user.id))
        conn.commit()
    return paths


def _command(paths: AppPaths, *args: str) -> list[str]:
    return [sys.executable, "-m", "swat_desktop", "--home", str(paths.data_dir.parent), *args]


def _run(paths: AppPaths, *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(_command(paths, *args), capture_output=True, text=True,
                          timeout=WAIT_S, check=False)
    assert done.returncode == 0, done.stderr
    return done


def _hidden(folder: Path, prefix: str) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.startswith(prefix)) \
        if folder.is_dir() else []


def _kill_when(paths: AppPaths, args: tuple[str, ...],
               ready: Callable[[], bool]) -> None:
    """Start the command, SIGKILL it as soon as ``ready()``; fail if it ends first."""
    child = subprocess.Popen(_command(paths, *args), stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + WAIT_S
        while not ready():
            if child.poll() is not None:
                pytest.fail(f"the child ended before the moment to kill it: "
                            f"{child.returncode} {child.stderr.read()!r}")  # type: ignore[union-attr]
            assert time.monotonic() < deadline, "the child never got there"
            time.sleep(POLL_S)
        child.kill()
        child.wait()
        assert child.returncode == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        if child.stderr is not None:
            child.stderr.close()


def _bytes_going_in(folder: Path, earlier: os.stat_result | None) -> bool:
    """Some file of the export is being written: its temporary file has bytes, or (what the
    old writer did) the final name itself is changing."""
    for partial in _hidden(folder, f".{CONSOLIDADO}."):
        try:
            if partial.stat().st_size > 0:
                return True
        except FileNotFoundError:
            continue
    try:
        now = (folder / CONSOLIDADO).stat()
    except FileNotFoundError:
        return False
    return earlier is None or (now.st_size, now.st_mtime_ns) != (earlier.st_size,
                                                                 earlier.st_mtime_ns)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_killed_consolidado_leaves_the_earlier_export_or_none_and_start_up_cleans(
        paths: AppPaths) -> None:
    exports = paths.exports_dir
    target = exports / CONSOLIDADO

    # No earlier export: killed while writing, it leaves nothing under the name.
    _kill_when(paths, REPORT, lambda: _bytes_going_in(exports, None))
    assert not target.exists(), "a killed export left a file under the final name"

    _run(paths, *REPORT)
    good, earlier = _digest(target), target.stat()
    for moment in (lambda: bool(_hidden(exports, f".{CONSOLIDADO}.")),  # it has begun
                   lambda: _bytes_going_in(exports, earlier)):
        _kill_when(paths, REPORT, moment)
        assert _digest(target) == good, "the earlier export was touched"
        assert [p.name for p in exports.iterdir() if not p.name.startswith(".")] \
            == [CONSOLIDADO], "a file other than the earlier export appeared"
    left = _hidden(exports, ".")
    assert left, "the kills left no temporary file: they did not land during the write"
    assert all(p.name.endswith(".partial") for p in left)

    _run(paths, "db", "info")  # any start of the application
    assert _hidden(exports, ".") == []
    assert _digest(target) == good


def test_a_killed_restore_leaves_the_store_as_it_was_and_start_up_removes_its_copy(
        paths: AppPaths) -> None:
    made = _run(paths, "backup")
    backup = Path(made.stdout.split("Respaldo creado: ", 1)[1].rsplit(" (", 1)[0])
    before = _digest(paths.database_file)
    staging = f".{paths.database_file.name}.restaurando"
    _kill_when(paths, ("restore", str(backup)),
               lambda: bool(_hidden(paths.data_dir, staging)))
    assert _hidden(paths.data_dir, staging), "the kill did not land while it was staging"
    assert _digest(paths.database_file) == before

    _run(paths, "db", "info")
    assert _hidden(paths.data_dir, staging) == []
    assert _hidden(paths.data_dir, f".{staging}") == []
    assert _digest(paths.database_file) == before
