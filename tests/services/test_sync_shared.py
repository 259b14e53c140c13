"""A point pushing to a central server prepared for shared mode, through the supervisor's own
login: the grants and row-level security of ``servidor preparar`` let the push in, and the
server signs it with that login."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import URL

from swat_desktop.domain.clock import FixedClock
from swat_desktop.domain.identity import ProfileInput, Role
from swat_desktop.domain.inoperatividad import RequestType
from swat_desktop.paths import resolve_paths
from swat_desktop.services import audit, identity, inoperatividad, server, store, sync
from swat_desktop.services.handle import database
from swat_desktop.services.store import Database
from tests.conftest import TEST_NOW
from tests.fixtures.inoperatividad import for_request, good_input
from tests.fixtures.packages import export_point, trust
from tests.postgres import HEAD_TEMPLATE, PostgresServer
from tests.shared_server import server_database

SUPERVISOR = ProfileInput("j.quispe", "Jorge Quispe", Role.SUPERVISOR_CAC, "CAC San Isidro")
ANALYST = ProfileInput("c.info", "Carla Info", Role.CONTROL_INFORMACION, "Control")


def _opened(url: str, folder: Path) -> Database:
    home = resolve_paths(folder).ensure()
    handle, _ = store.open_store(url, home.database_file, home.backups_dir,
                                 FixedClock(TEST_NOW))
    return database(handle)


@pytest.fixture
def central_name(postgres_server: PostgresServer, tmp_path: Path) -> Iterator[str]:
    with server_database(postgres_server, HEAD_TEMPLATE) as name:
        owner = _opened(postgres_server.url(name), tmp_path / "owner")
        server.prepare(owner)
        for person in (SUPERVISOR, ANALYST):
            server.create_account(owner, person, "una clave larga de prueba")
        owner.dispose()
        yield name


def _as(postgres_server: PostgresServer, name: str, login: str) -> str:
    return URL.create("postgresql+psycopg", username=login, host="127.0.0.1",
                      port=postgres_server.port, database=name).render_as_string()


def test_a_supervisor_pushes_their_points_events_with_their_own_login(
        postgres_server: PostgresServer, central_name: str, tmp_path: Path) -> None:
    point = _opened(f"sqlite:///{tmp_path / 'punto.sqlite3'}", tmp_path / "punto")
    keys = tmp_path / "claves"
    supervisor = identity.save_profile(point, SUPERVISOR)
    for kind in (RequestType.CONSULTAS, RequestType.ALTAS):
        inoperatividad.save_record(point, supervisor, for_request(good_input(point, supervisor),
                                                                 kind))
    analyst_db = _opened(_as(postgres_server, central_name, "c.info"), tmp_path / "control")
    analyst = identity.find_user(analyst_db, "c.info")
    assert analyst is not None
    trust(analyst_db, analyst, export_point(point, tmp_path / "primero.swatpkg", keys))

    sync.configure(point, supervisor, _as(postgres_server, central_name, "j.quispe"))
    pushed = sync.push(point, supervisor, keys)
    assert (pushed.sent, pushed.conflicts) == (2, ())
    assert sorted(r.number for r in inoperatividad.list_records(analyst_db)) == [
        "CAC-SAN-ISIDRO-000001", "CAC-SAN-ISIDRO-000002"]
    [entry] = [e for e in audit.recent_entries(analyst_db) if e.action == "sincronizar"]
    assert entry.user_login == "j.quispe"  # signed by the server, with the pusher's login
    assert sync.state(point, supervisor).pending == ()
    analyst_db.dispose()
    point.dispose()
