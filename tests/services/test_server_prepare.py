"""``servidor preparar`` on the tests' real PostgreSQL: the migrations, the group roles of every
application role with the grants domain/permissions.py implies, the server's own rules; a
second run changes nothing, and a grant someone added by hand is taken back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from swat_desktop.domain.clock import FixedClock
from swat_desktop.domain.identity import Role
from swat_desktop.domain.permissions import Action
from swat_desktop.paths import resolve_paths
from swat_desktop.services import server, store
from swat_desktop.services.handle import database
from swat_desktop.storage import migrate
from swat_desktop.storage.database import DatabaseError, sqlite_url
from swat_desktop.storage.models import AuditLog, Base
from swat_desktop.storage.server_roles import (
    ACTION_WRITES,
    GUARDED_COLUMNS,
    TABLE_PRIVILEGES,
    group_role,
    kept_columns,
    wanted_writes,
)
from swat_desktop.storage.server_rules import POINT_TABLES
from tests.conftest import TEST_NOW
from tests.postgres import PostgresServer
from tests.shared_server import admin, server_database


def test_every_action_says_what_it_writes_on_tables_and_columns_that_exist() -> None:
    """A new Action (or a renamed table) fails here, not silently as a server that refuses
    the new use case to everybody."""
    assert set(ACTION_WRITES) == set(Action)
    tables = Base.metadata.tables
    for writes in ACTION_WRITES.values():
        for table, privileges in writes.items():
            assert table in tables
            assert privileges <= {"INSERT", "UPDATE", "DELETE"}
    for table, owners in GUARDED_COLUMNS.items():
        for columns in owners.values():
            assert columns <= set(tables[table].columns.keys())


@pytest.fixture
def empty_server_db(postgres_server: PostgresServer) -> Iterator[str]:
    """A database without a table, as the owner gets it from the server's administrator."""
    with server_database(postgres_server, "template0") as name:
        yield name


def _open(url: str, tmp_path: Path) -> store.Database:
    home = resolve_paths(tmp_path / "owner").ensure()
    handle, _ = store.open_store(url, home.database_file, home.backups_dir, FixedClock(TEST_NOW))
    return database(handle)


def _privileges(postgres_server: PostgresServer, name: str) -> dict[tuple[str, str], set[str]]:
    """(group, table) → the privileges the server says the group holds, for every table."""
    held: dict[tuple[str, str], set[str]] = {}
    with admin(postgres_server, name) as conn:
        tables = [t for (t,) in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        for role in Role:
            for table in tables:
                held[(group_role(role), table)] = {
                    p for p in TABLE_PRIVILEGES if conn.execute(
                        "SELECT has_table_privilege(%s, %s, %s)",
                        [group_role(role), f"public.{table}", p]).fetchone()[0]}
    return held


def test_prepare_migrates_an_empty_database_and_grants_what_each_role_does(
        postgres_server: PostgresServer, empty_server_db: str, tmp_path: Path) -> None:
    db = _open(postgres_server.url(empty_server_db), tmp_path)
    try:
        steps = server.prepare(db)
        assert migrate.current_revision(db) == migrate.shipped_head()
    finally:
        db.dispose()
    said = "\n".join(line for s in steps for line in s.lines)
    for role in Role:  # built from the enum: a role added later gets its group too
        assert f"Rol de grupo {group_role(role)} ({role.label})" in said
        assert f"Permisos de {group_role(role)} en las tablas: actualizados.\n  · otorgado" in said
    for table in POINT_TABLES:
        assert f"Seguridad por filas de {table}: activada." in said
        assert f"Política swat_punto_insertar de {table}: creada." in said
    assert "Disparador que firma la auditoría con el usuario de la base: creado." in said

    held = _privileges(postgres_server, empty_server_db)
    for role in Role:
        group = group_role(role)
        assert held[(group, "audit_log")] == {"SELECT", "INSERT"}  # nobody rewrites the trail
        assert "UPDATE" not in held[(group, "users")]  # nor their own role or point
        for (grantee, table), privileges in held.items():
            if grantee == group:  # UPDATE of a table with guarded columns: column by column
                column_wise = {"UPDATE"} if table in kept_columns(role) else set()
                assert privileges == ({"SELECT"} | wanted_writes(role).get(table, set())
                                      ) - column_wise, table
    # The permissions table, as the server now enforces it.
    backoffice, agent = group_role(Role.BACKOFFICE), group_role(Role.AGENTE_CELULA)
    supervisor, control = group_role(Role.SUPERVISOR_CAC), group_role(Role.CONTROL_INFORMACION)
    procesos = group_role(Role.PROCESOS)
    assert "DELETE" in held[(backoffice, "mal_escalado_bases")]
    assert "DELETE" not in held[(agent, "mal_escalado_bases")]  # only the office annuls
    assert held[(agent, "reclamaciones")] == {"SELECT"}
    assert held[(agent, "causales")] == {"SELECT"}
    assert held[(supervisor, "mal_escalado_cases")] == {"SELECT"}
    assert "INSERT" in held[(supervisor, "inoperatividad_records")]
    assert held[(supervisor, "non_working_days")] == {"SELECT"}
    assert held[(procesos, "non_working_days")] == {"SELECT"}
    assert "INSERT" in held[(control, "non_working_days")]
    assert held[(procesos, "point_keys")] == {"SELECT"}
    # Who closes a record does not approve it, and who gives verdicts does not reassign.
    columns = {
        (supervisor, "inoperatividad_records", "detail"): True,
        (supervisor, "inoperatividad_records", "status"): True,
        (supervisor, "inoperatividad_records", "gerente"): False,
        (supervisor, "inoperatividad_records", "procesos_answer"): False,
        (supervisor, "inoperatividad_records", "reported_at"): False,
        (procesos, "inoperatividad_records", "procesos_answer"): True,
        (procesos, "inoperatividad_records", "director"): False,
        (control, "inoperatividad_records", "reported_at"): True,
        (agent, "mal_escalado_cases", "procedencia"): True,
        (agent, "mal_escalado_cases", "assigned_to"): False,
        (backoffice, "mal_escalado_cases", "assigned_to"): True,
    }
    with admin(postgres_server, empty_server_db) as conn:
        assert {key: conn.execute("SELECT has_column_privilege(%s, %s, %s, 'UPDATE')",
                                  [key[0], f"public.{key[1]}", key[2]]).fetchone()[0]
                for key in columns} == columns


def test_a_second_run_changes_nothing_and_takes_back_a_grant_added_by_hand(
        postgres_server: PostgresServer, empty_server_db: str, tmp_path: Path) -> None:
    db = _open(postgres_server.url(empty_server_db), tmp_path)
    try:
        server.prepare(db)
        with db.session_scope() as session:
            audited = session.scalars(select(AuditLog).where(AuditLog.entity == "servidor")).all()
        assert [(a.action, a.user_login, a.user_id) for a in audited] == [
            ("preparar", "postgres", None)]

        again = server.prepare(db)
        assert [s for s in again if s.changed] == []
        assert all(s.said.startswith("sin cambios") for s in again)
        with db.session_scope() as session:  # nothing changed: nothing audited
            assert len(session.scalars(select(AuditLog)).all()) == 1

        with admin(postgres_server, empty_server_db) as conn:
            conn.execute(f"GRANT DELETE, TRUNCATE ON audit_log TO {group_role(Role.PROCESOS)}")
            conn.execute("DROP POLICY swat_punto_insertar ON inoperatividad_records")
            conn.execute(f"REVOKE INSERT ON causales FROM {group_role(Role.BACKOFFICE)}")
        fixed = {s.subject: s.details or s.said for s in server.prepare(db) if s.changed}
    finally:
        db.dispose()
    assert fixed == {
        f"Permisos de {group_role(Role.PROCESOS)} en las tablas":
            ("retirado DELETE en audit_log", "retirado TRUNCATE en audit_log"),
        f"Permisos de {group_role(Role.BACKOFFICE)} en las tablas": (
            "otorgado INSERT en causales",),
        "Política swat_punto_insertar de inoperatividad_records": "creada",
    }
    held = _privileges(postgres_server, empty_server_db)
    assert held[(group_role(Role.PROCESOS), "audit_log")] == {"SELECT", "INSERT"}


def test_a_sqlite_store_is_refused_in_spanish_and_left_alone(tmp_path: Path) -> None:
    home = resolve_paths(tmp_path / "local").ensure()
    handle, _ = store.open_store(sqlite_url(home.database_file), home.database_file,
                                 home.backups_dir, FixedClock(TEST_NOW))
    try:
        with pytest.raises(DatabaseError, match="solo existe en PostgreSQL"):
            server.prepare(handle)
    finally:
        handle.dispose()
