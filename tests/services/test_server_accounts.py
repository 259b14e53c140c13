"""Personal logins of a prepared server: created with their profile in one transaction, in
their role's group, with the typed password stored only as a SCRAM verifier; listed;
deactivated (no more connections, profile inactive)."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import select

from swat_desktop.domain.clock import FixedClock
from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import ProfileInput, Role
from swat_desktop.domain.server_accounts import ServerAccount
from swat_desktop.paths import resolve_paths
from swat_desktop.services import identity, server, store
from swat_desktop.services.handle import database
from swat_desktop.storage.models import AuditLog, User
from tests.conftest import TEST_NOW
from tests.postgres import HEAD_TEMPLATE, PostgresServer
from tests.shared_server import admin, connect_as, server_database

PASSWORD = "Clave-de-prueba-7431"
ANA = ProfileInput("a.rojas", "Ana Rojas", Role.BACKOFFICE, "Célula Soporte Bogotá")


@pytest.fixture
def owner(postgres_server: PostgresServer, tmp_path: Path) -> Iterator[tuple[store.Database,
                                                                                str]]:
    """The owner's store on a database at the newest schema, prepared; and its name. The
    server logs every statement run on it, as a careless administrator might have it."""
    with server_database(postgres_server, HEAD_TEMPLATE) as name:
        with admin(postgres_server) as conn:
            conn.execute(f'ALTER DATABASE "{name}" SET log_statement = \'all\'')
        home = resolve_paths(tmp_path / "owner").ensure()
        handle, _ = store.open_store(postgres_server.url(name), home.database_file,
                                     home.backups_dir, FixedClock(TEST_NOW))
        db = database(handle)
        server.prepare(db)
        yield db, name
        db.dispose()


def scram_matches(verifier: str, password: str) -> bool:
    """RFC 5802's StoredKey of ``password`` against the server's verifier."""
    method, salt_part, keys = verifier.split("$")
    iterations, salt = salt_part.split(":")
    stored_key = keys.split(":")[0]
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(salt),
                                 int(iterations))
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    return method == "SCRAM-SHA-256" and (
        base64.b64encode(hashlib.sha256(client_key).digest()).decode() == stored_key)


def _role_row(postgres_server: PostgresServer, login: str) -> tuple[bool, str, list[str]]:
    with admin(postgres_server) as conn:
        row = conn.execute(
            "SELECT r.rolcanlogin, r.rolpassword, array(SELECT g.rolname FROM pg_auth_members m "
            "JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid) "
            "FROM pg_authid r WHERE r.rolname = %s", [login]).fetchone()
    assert row is not None
    return bool(row[0]), str(row[1]), list(row[2])


def test_an_account_is_a_login_in_its_group_with_its_profile_and_no_clear_password(
        owner: tuple[store.Database, str], postgres_server: PostgresServer) -> None:
    db, name = owner
    profile = server.create_account(db, ANA, PASSWORD)
    assert identity.find_user(db, "a.rojas") == profile
    can_login, verifier, groups = _role_row(postgres_server, "a.rojas")
    assert (can_login, groups) == (True, ["swat_backoffice"])
    assert scram_matches(verifier, PASSWORD)
    assert not scram_matches(verifier, PASSWORD + "x")
    with db.session_scope() as session:
        trail = session.scalars(select(AuditLog).order_by(AuditLog.id)).all()
    assert [(a.entity, a.action) for a in trail][-2:] == [("user", "crear"),
                                                          ("usuario_servidor", "crear")]
    assert trail[-1].user_login == "postgres"  # the owner who created it signs
    everything = repr([(a.before, a.after) for a in trail])
    assert PASSWORD not in everything
    # The statement the server received and logged held the verifier only.
    server_log = postgres_server.log.read_text(errors="replace")
    assert verifier in server_log
    assert PASSWORD not in server_log
    with connect_as(postgres_server, "a.rojas", name) as conn:
        assert conn.execute("SELECT session_user").fetchone() == ("a.rojas",)
    assert server.accounts(db) == [ServerAccount("a.rojas", Role.BACKOFFICE, True, "Ana Rojas",
                                                 "Célula Soporte Bogotá")]


def test_a_refused_account_leaves_neither_login_nor_profile(
        owner: tuple[store.Database, str], postgres_server: PostgresServer) -> None:
    db, _ = owner
    with pytest.raises(ValidationError) as short:
        server.create_account(db, ANA, "corta")
    assert set(short.value.errors) == {"clave"}
    assert "corta" not in str(short.value.errors)
    server.create_account(db, ANA, PASSWORD)
    with pytest.raises(ValidationError, match=r"Ya existe el usuario «a\.rojas»"):
        server.create_account(db, ProfileInput("A.Rojas", "Otra Ana", Role.PROCESOS, ""),
                              PASSWORD)
    with admin(postgres_server) as conn:  # «postgres» is a login, but not SWAT Desktop's
        conn.execute("CREATE ROLE intruso LOGIN")
    try:
        with pytest.raises(ValidationError, match="Ya existe el usuario «intruso»"):
            server.create_account(db, ProfileInput("intruso", "Intruso Uno", Role.PROCESOS,
                                                   ""), PASSWORD)
    finally:
        with admin(postgres_server) as conn:
            conn.execute("DROP ROLE intruso")
    with db.session_scope() as session:
        assert session.scalars(select(User.login).order_by(User.login)).all() == ["a.rojas"]
    assert [a.login for a in server.accounts(db)] == ["a.rojas"]


def test_a_declared_profile_becomes_the_account_of_its_login(
        owner: tuple[store.Database, str]) -> None:
    db, _ = owner
    declared = identity.save_profile(db, ProfileInput("a.rojas", "Ana R.", Role.AGENTE_CELULA,
                                                      "Célula Soporte Bogotá"))
    account = server.create_account(db, ANA, PASSWORD)
    assert (account.id, account.role, account.full_name) == (declared.id, Role.BACKOFFICE,
                                                              "Ana Rojas")


def test_a_deactivated_account_can_no_longer_connect(
        owner: tuple[store.Database, str], postgres_server: PostgresServer) -> None:
    db, name = owner
    server.create_account(db, ANA, PASSWORD)
    account = server.deactivate_account(db, " A.Rojas ")
    assert (account.login, account.can_login, account.state) == ("a.rojas", False,
                                                                 "desactivado")
    assert identity.find_user(db, "a.rojas") is None  # the profile is inactive
    assert _role_row(postgres_server, "a.rojas")[0] is False
    with pytest.raises(psycopg.OperationalError, match="not permitted to log in"):
        connect_as(postgres_server, "a.rojas", name)
    with db.session_scope() as session:
        last = session.scalars(select(AuditLog).order_by(AuditLog.id.desc())).first()
    assert last is not None
    assert (last.entity, last.action) == ("usuario_servidor",
                                                               "desactivar")
    with pytest.raises(ValidationError, match="No hay un usuario «nadie»"):
        server.deactivate_account(db, "nadie")


def test_an_unprepared_server_is_said_so(postgres_server: PostgresServer,
                                         tmp_path: Path) -> None:
    with server_database(postgres_server, HEAD_TEMPLATE) as name:
        home = resolve_paths(tmp_path / "owner").ensure()
        handle, _ = store.open_store(postgres_server.url(name), home.database_file,
                                     home.backups_dir, FixedClock(TEST_NOW))
        try:
            with admin(postgres_server) as conn:  # another test's groups may exist: not these
                conn.execute("DROP ROLE IF EXISTS swat_procesos")
            with pytest.raises(ValidationError, match="servidor preparar"):
                server.create_account(handle, ProfileInput("p.diaz", "Pedro Díaz",
                                                           Role.PROCESOS, ""), PASSWORD)
        finally:
            handle.dispose()
