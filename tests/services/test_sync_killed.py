"""A push killed with SIGKILL at its two dangerous moments loses and doubles nothing.

The push runs as the real command (``swat-desktop sincronizar enviar``) in a child process on
the test's point store. It is killed once right after the central store committed (the
moment the centre has the events and the point does not know it yet: the audit row of the
push appears at the centre, and the test kills at once), and once a moment after start
(before it reached the centre). After each kill, and after a final push that is let finish,
the centre holds every record of the point exactly once at its current version.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from swat_desktop.domain.identity import ProfileInput, Role, UserProfile
from swat_desktop.domain.inoperatividad import RequestType
from swat_desktop.paths import AppPaths
from swat_desktop.services import identity, inoperatividad, sync
from swat_desktop.services.store import Database
from swat_desktop.storage.models import AuditLog
from swat_desktop.storage.models import InoperatividadRecordRow as Row
from tests.fixtures.inoperatividad import cac_supervisor, for_request, good_input
from tests.fixtures.packages import export_point, trust

POLL_S = 0.005
LIMIT_S = 90.0  # a child that never reaches the centre fails the test instead of hanging it


def _pushes(central: Database) -> int:
    with central.session_scope() as session:
        return session.scalar(select(func.count()).select_from(AuditLog).where(
            AuditLog.action == "sincronizar")) or 0


def _child(db_url: str, paths: AppPaths, login: str, *, heard: bool = False
           ) -> subprocess.Popen[bytes]:
    """The push as a person's scheduled task runs it; ``heard``: its output is read (a child
    that is killed gets none, so no pipe is left open)."""
    out = subprocess.PIPE if heard else subprocess.DEVNULL
    return subprocess.Popen(
        [sys.executable, "-m", "swat_desktop", "--home", str(paths.data_dir.parent),
         "--database-url", db_url, "sincronizar", "enviar", "--usuario", login],
        stdout=out, stderr=out)


def _kill_when(child: subprocess.Popen[bytes], ready: object) -> bool:
    """SIGKILL the child as soon as ``ready()`` is true; False if it ended first."""
    deadline = time.monotonic() + LIMIT_S
    while time.monotonic() < deadline:
        if ready():  # type: ignore[operator]
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
            return True
        if child.poll() is not None:
            return False
        time.sleep(POLL_S)
    child.kill()
    raise AssertionError("the push never reached the central store")


def _versions(store: Database, point_id: int, column: str) -> list[tuple[str, int]]:
    with store.session_scope() as session:
        return sorted((uuid, version) for uuid, version in session.execute(
            select(Row.uuid, getattr(Row, column)).where(Row.attention_point_id == point_id)))


def _same_everywhere(db: Database, central: Database, point_id: int) -> None:
    """The centre holds every record of the point once, each as last sent from its point
    (``source_version``: the point's version it took)."""
    assert _versions(central, point_id, "source_version") == _versions(db, point_id, "version")


def test_a_push_killed_at_the_centre_or_before_loses_and_doubles_nothing(
        db: Database, db_url: str, paths: AppPaths, central: Database,
        analyst: UserProfile, tmp_path: Path) -> None:
    supervisor = cac_supervisor(db)
    trust(central, analyst, export_point(db, tmp_path / "primero.swatpkg",
                                         paths.package_keys_dir))
    identity.save_profile(central, ProfileInput(supervisor.login, supervisor.full_name,
                                                Role.SUPERVISOR_CAC, supervisor.unit))
    sync.configure(db, supervisor, central.url.render_as_string(hide_password=False))
    point_id = next(p.id for p in inoperatividad.attention_points(central)
                    if p.code == "CAC-SAN-ISIDRO")
    for kind in (RequestType.CONSULTAS, RequestType.ALTAS, RequestType.BAJAS):
        inoperatividad.save_record(db, supervisor, for_request(good_input(db, supervisor),
                                                               kind))

    # 1. killed the moment the centre committed: the centre has all three, the point may
    #    not know it; nothing is doubled when it sends them again.
    committed = _pushes(central)
    child = _child(db_url, paths, supervisor.login)
    # Killed in that window (seen on every run here: the point still lists 3 pending), or
    # the child was quicker than the poll and finished: both must leave the same centre.
    _kill_when(child, lambda: _pushes(central) > committed)
    _same_everywhere(db, central, point_id)

    # 2. killed a moment after start, with a fourth record waiting: the centre is as it was.
    inoperatividad.save_record(db, supervisor, for_request(good_input(db, supervisor),
                                                           RequestType.RECLAMOS))
    before = _pushes(central)
    child = _child(db_url, paths, supervisor.login)
    time.sleep(0.2)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert _pushes(central) in (before, before + 1)  # it may have been quick after all
    assert len(_versions(central, point_id, "source_version")) in (3, 4)

    # 3. the next push is let finish: everything is there once, nothing pending.
    done = _child(db_url, paths, supervisor.login, heard=True)
    out, err = done.communicate(timeout=LIMIT_S)
    assert done.returncode == 0, err.decode()
    assert out.decode().startswith("Sincronizado con el servidor central")
    _same_everywhere(db, central, point_id)
    assert sync.state(db, supervisor).pending == ()
