"""Databases of the tests' PostgreSQL server prepared for shared mode, and connections to them
as the personal logins, with plain psycopg: what someone with the URL and a SQL client can do.

Group roles and logins belong to the server's cluster, not to one database: every login a
test created is dropped when its database is, so the next test can create the same name.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import sql

from swat_desktop.domain.clock import FixedClock
from swat_desktop.domain.identity import ProfileInput, Role
from swat_desktop.paths import resolve_paths
from swat_desktop.services import server, store
from swat_desktop.storage.server_roles import group_role
from tests.postgres import SERVER_USER, PostgresServer

GUARDED_PASSWORD = "Clave-de-Jorge-2026"
QUISPE = ProfileInput("j.quispe", "Jorge Quispe", Role.SUPERVISOR_CAC, "CAC San Isidro")


def admin(server: PostgresServer, database: str = "postgres") -> psycopg.Connection:
    return psycopg.connect(host="127.0.0.1", port=server.port, user=SERVER_USER,
                           dbname=database, autocommit=True)


def connect_as(server: PostgresServer, login: str, database: str) -> psycopg.Connection:
    """The tests' server trusts 127.0.0.1, so no password: who connects is what matters."""
    return psycopg.connect(host="127.0.0.1", port=server.port, user=login, dbname=database,
                           autocommit=True)


def drop_logins(server: PostgresServer) -> None:
    groups = [group_role(r) for r in Role]
    with admin(server) as conn:
        logins = conn.execute(
            "SELECT DISTINCT r.rolname FROM pg_roles r JOIN pg_auth_members m "
            "ON m.member = r.oid JOIN pg_roles g ON g.oid = m.roleid "
            "WHERE g.rolname = ANY(%s)", [groups]).fetchall()
        for (login,) in logins:
            conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(login)))


@contextmanager
def server_database(server: PostgresServer, template: str) -> Iterator[str]:
    """A database of its own (from ``template``); its logins dropped with it."""
    name = server.create_database(template)
    try:
        yield name
    finally:
        server.drop_database(name)
        drop_logins(server)


@contextmanager
def guarded_server(bin_dir: Path, scratch: Path, clock: FixedClock) -> Iterator[PostgresServer]:
    """A server of its own whose logins need their password (the owner, ``postgres``, is
    still trusted on 127.0.0.1, as an administrator's socket would be), with one database,
    ``swat``, prepared, and Jorge Quispe's account (GUARDED_PASSWORD)."""
    guarded = PostgresServer(bin_dir)
    guarded.start()
    try:
        (guarded.data / "pg_hba.conf").write_text(
            "host all postgres 127.0.0.1/32 trust\n"
            "host all all 127.0.0.1/32 scram-sha-256\n", encoding="utf-8")
        guarded.create_database(name="swat")
        with admin(guarded) as conn:
            conn.execute("SELECT pg_reload_conf()")
        home = resolve_paths(scratch).ensure()
        owner, _ = store.open_store(guarded.url("swat"), home.database_file, home.backups_dir,
                                    clock)
        try:
            server.prepare(owner)
            server.create_account(owner, QUISPE, GUARDED_PASSWORD)
        finally:
            owner.dispose()
        yield guarded
    finally:
        drop_logins(guarded)
        guarded.stop()
