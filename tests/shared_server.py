"""Databases of the tests' PostgreSQL server prepared for shared mode, and connections to them
as the personal logins, with plain psycopg: what someone with the URL and a SQL client can do.

Group roles and logins belong to the server's cluster, not to one database: every login a
test created is dropped when its database is, so the next test can create the same name.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg import sql

from swat_desktop.domain.identity import Role
from swat_desktop.storage.server_roles import group_role
from tests.postgres import SERVER_USER, PostgresServer


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
