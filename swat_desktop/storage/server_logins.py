"""Personal PostgreSQL logins: one per person, a member of its application role's group.

The password never travels to the server as typed: libpq turns it into a SCRAM-SHA-256
verifier on this computer (``PQencryptPasswordConn``) and only the verifier is in the
``CREATE ROLE`` statement. So neither the server's log (``log_statement``, an error's
statement), nor an exception message, nor this application's log can ever hold it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection

from swat_desktop.domain.identity import Role
from swat_desktop.storage.errors import DatabaseError
from swat_desktop.storage.server_roles import group_role, role_of_group


@dataclass(frozen=True)
class LoginRole:
    """A login as the server has it: its group and whether it may connect now."""

    login: str
    role: Role
    can_login: bool


def _driver(connection: Connection):  # type: ignore[no-untyped-def]
    """The psycopg connection under SQLAlchemy's, in the same transaction."""
    return connection.connection.driver_connection


def role_exists(connection: Connection, name: str) -> bool:
    return connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"),
                              {"n": name}).first() is not None


def session_login(connection: Connection) -> str:
    """Who the server says is connected: ``session_user``, which SET ROLE does not change."""
    return str(connection.execute(text("SELECT session_user")).scalar_one())


def _verifier(connection: Connection, login: str, password: str) -> str:
    """What the server stores and receives instead of the password (SCRAM-SHA-256)."""
    return _driver(connection).pgconn.encrypt_password(password.encode(), login.encode(),
                                                       b"scram-sha-256").decode()


def create_login(connection: Connection, login: str, role: Role, password: str) -> None:
    """``CREATE ROLE login LOGIN PASSWORD <verifier> IN ROLE <group>``, in the caller's
    transaction: if what follows fails, the login is not left behind."""
    from psycopg import errors as pg_errors  # only here: SQLite start-ups never import it
    from psycopg import sql

    statement = sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
        sql.Identifier(login), sql.Literal(_verifier(connection, login, password)),
        sql.Identifier(group_role(role)))
    try:
        with _driver(connection).cursor() as cursor:
            cursor.execute(statement)
    except pg_errors.InsufficientPrivilege:
        raise DatabaseError(
            f"El usuario de la base {session_login(connection)} no puede crear usuarios: "
            "ejecute el comando con el dueño de la base (con el permiso CREATEROLE)."
        ) from None


def set_password(connection: Connection, login: str, password: str) -> None:
    from psycopg import sql

    statement = sql.SQL("ALTER ROLE {} PASSWORD {}").format(
        sql.Identifier(login), sql.Literal(_verifier(connection, login, password)))
    with _driver(connection).cursor() as cursor:
        cursor.execute(statement)


def set_can_login(connection: Connection, login: str, can_login: bool) -> None:
    from psycopg import sql

    statement = sql.SQL("ALTER ROLE {} " + ("LOGIN" if can_login else "NOLOGIN")).format(
        sql.Identifier(login))
    with _driver(connection).cursor() as cursor:
        cursor.execute(statement)


def login_roles(connection: Connection) -> list[LoginRole]:
    """Every login that is a direct member of an application role's group."""
    groups = [group_role(r) for r in Role]
    rows = connection.execute(text(
        "SELECT r.rolname, g.rolname, r.rolcanlogin FROM pg_roles r "
        "JOIN pg_auth_members m ON m.member = r.oid JOIN pg_roles g ON g.oid = m.roleid "
        "WHERE g.rolname = ANY(:groups) ORDER BY r.rolname"), {"groups": groups})
    found = []
    for login, group, can_login in rows:
        role = role_of_group(group)
        if role is not None:
            found.append(LoginRole(login, role, bool(can_login)))
    return found


def session_role(connection: Connection) -> Role | None:
    """The application role of the login connected (its group), None for any other login:
    the owner, a superuser, a store not prepared for shared mode."""
    groups = connection.execute(text(
        "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
        "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = session_user "
        "ORDER BY g.rolname")).scalars()
    return next((r for r in map(role_of_group, groups) if r is not None), None)
