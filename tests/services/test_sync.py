"""A point's computer pushing its events to the central store (services/sync.py), on SQLite
and on PostgreSQL centres: what is sent, what stays pending, what the centre refuses."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import ProfileInput, Role, UserProfile
from swat_desktop.domain.inoperatividad import RequestType
from swat_desktop.services import audit, identity, inoperatividad, sync
from swat_desktop.services import inoperatividad_flow as flow
from swat_desktop.services.store import Database
from tests.backends import snapshot
from tests.fixtures.inoperatividad import cac_supervisor, for_request, good_input
from tests.fixtures.packages import export_point, trust


def url_of(db: Database) -> str:
    return db.url.render_as_string(hide_password=False)


@pytest.fixture
def keys(tmp_path: Path) -> Path:
    return tmp_path / "claves-punto"


@pytest.fixture
def supervisor(db: Database) -> UserProfile:
    return cac_supervisor(db)


@pytest.fixture
def ready(db: Database, central: Database, analyst: UserProfile, supervisor: UserProfile,
          keys: Path, tmp_path: Path) -> Database:
    """The centre knows the point's key and its supervisor; the point knows the centre."""
    trust(central, analyst, export_point(db, tmp_path / "primero.swatpkg", keys))
    identity.save_profile(central, ProfileInput(supervisor.login, supervisor.full_name,
                                                Role.SUPERVISOR_CAC, supervisor.unit))
    sync.configure(db, supervisor, url_of(central))
    return central


def _central_records(central: Database) -> list[tuple[str, int]]:
    return sorted((r.number, r.version) for r in inoperatividad.list_records(central))


def test_new_and_changed_events_reach_the_centre_once(
        db: Database, ready: Database, supervisor: UserProfile, keys: Path) -> None:
    first = inoperatividad.save_record(db, supervisor, good_input(db, supervisor))
    inoperatividad.save_record(db, supervisor, for_request(good_input(db, supervisor),
                                                           RequestType.ALTAS))
    assert len(sync.state(db, supervisor).pending) == 2
    pushed = sync.push(db, supervisor, keys)
    assert (pushed.sent, pushed.unchanged, pushed.conflicts) == (2, 0, ())
    assert pushed.message == "Sincronizado con el servidor central: 2 enviados, 0 sin cambios."
    assert [n for n, _ in _central_records(ready)] == [
        "CAC-SAN-ISIDRO-000001", "CAC-SAN-ISIDRO-000002"]
    seen = sync.state(db, supervisor)
    assert seen.pending == ()
    assert seen.last_success_at == db.clock.now()
    assert sync.push(db, supervisor, keys).unchanged == 2  # again: nothing new, nothing doubled
    flow.regularize(db, supervisor, first.id, inoperatividad.get_record(db, first.id).version,
                    "ATC-2026-1")
    assert sync.state(db, supervisor).pending == ("CAC-SAN-ISIDRO-000001",)
    assert sync.push(db, supervisor, keys).sent == 1
    [there] = [r for r in inoperatividad.list_records(ready) if r.number.endswith("000001")]
    assert flow.flow_record(ready, there.id).flow.atc_number == "ATC-2026-1"
    pushes = [e for e in audit.recent_entries(ready) if e.action == "sincronizar"]
    assert len(pushes) == 3
    assert {e.user_login for e in pushes} == {supervisor.login}


def test_an_unreachable_centre_keeps_everything_pending_and_says_so(
        db: Database, supervisor: UserProfile, keys: Path) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sync.configure(db, supervisor, f"postgresql+psycopg://swat@127.0.0.1:{port}/central")
    inoperatividad.save_record(db, supervisor, good_input(db, supervisor))
    with pytest.raises(sync.CentralUnreachable) as failed:
        sync.push(db, supervisor, keys)
    assert str(failed.value).startswith(
        "No se pudo conectar con el servidor central. No se puede abrir la base de datos "
        f"postgresql+psycopg://swat@127.0.0.1:{port}/central: el servidor no acepta "
        "conexiones")
    assert str(failed.value).endswith(  # the way out without a network
        "envíelos en un paquete (Inoperatividad › Paquetes › Exportar paquete…).")
    seen = sync.state(db, supervisor)
    assert seen.pending == ("CAC-SAN-ISIDRO-000001",)
    assert seen.last_success_at is None
    assert seen.last_error == str(failed.value)


def test_a_centre_that_does_not_know_the_supervisor_takes_nothing(
        db: Database, central: Database, analyst: UserProfile, supervisor: UserProfile,
        keys: Path, tmp_path: Path) -> None:
    trust(central, analyst, export_point(db, tmp_path / "primero.swatpkg", keys))
    sync.configure(db, supervisor, url_of(central))
    inoperatividad.save_record(db, supervisor, good_input(db, supervisor))
    before = snapshot(central)
    with pytest.raises(ValidationError, match=r"no existe .* en el servidor central"):
        sync.push(db, supervisor, keys)
    assert snapshot(central) == before
    assert len(sync.state(db, supervisor).pending) == 1


def test_a_supervisor_of_another_point_at_the_centre_is_refused(
        db: Database, ready: Database, supervisor: UserProfile, keys: Path) -> None:
    """The centre checks whose point the package is: the same login there answering for
    another point cannot send this one's events."""
    identity.save_profile(ready, ProfileInput(supervisor.login, supervisor.full_name,
                                              Role.SUPERVISOR_CAC, "CAC Plaza Norte"),
                          new=False)
    inoperatividad.save_record(db, supervisor, good_input(db, supervisor))
    before = snapshot(ready)
    with pytest.raises(ValidationError, match="propio punto"):
        sync.push(db, supervisor, keys)
    assert snapshot(ready) == before


def test_the_address_never_keeps_a_password_and_only_a_supervisor_syncs(
        db: Database, supervisor: UserProfile) -> None:
    with pytest.raises(ValidationError, match="no debe llevar la contraseña"):
        sync.configure(db, supervisor, "postgresql+psycopg://jquispe:secreta@central/swat")
    assert sync.state(db, supervisor).central == ""
    agent = identity.save_profile(db, ProfileInput("mrojas", "María Rojas", Role.AGENTE_CELULA,
                                                   "Célula Soporte"))
    with pytest.raises(ValidationError, match="Solo el supervisor del CAC"):
        sync.configure(db, agent, "postgresql+psycopg://mrojas@central/swat")
    shown = sync.configure(db, supervisor, "postgresql+psycopg://jquispe@central:5432/swat")
    assert shown == "postgresql+psycopg://jquispe@central:5432/swat"
    assert audit.recent_entries(db)[0].action == "configurar"
