"""Shared mode on PostgreSQL: preparing the server and managing its personal accounts.

``prepare`` is run by the database's owner, once per version: the migrations have already been
applied when the store was opened (services/store.open_store); it then converges the group
roles, their grants (storage/server_roles.py) and the rules the server enforces itself
(storage/server_rules.py), in one transaction, and says what it did object by object. The
accounts are PostgreSQL logins in their role's group, each with its profile in ``users``,
created in the same transaction as that profile.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import ProfileInput, Role, UserProfile, validate_profile
from swat_desktop.domain.server_accounts import ServerAccount, password_errors
from swat_desktop.services import audit, identity
from swat_desktop.services.handle import Store, database, session_scope
from swat_desktop.storage import server_logins, server_roles, server_rules
from swat_desktop.storage.database import DatabaseError
from swat_desktop.storage.models import User
from swat_desktop.storage.server_roles import Step, group_role

__all__ = ["Step", "accounts", "change_password", "create_account", "deactivate_account",
           "prepare"]


def _require_postgresql(db: Store) -> None:
    if not database(db).is_postgresql:
        raise DatabaseError(
            f"{database(db).display_name} no es un servidor PostgreSQL: el modo compartido "
            "(«servidor …») solo existe en PostgreSQL; una base SQLite es de un solo equipo.")


def _schema(connection: Connection) -> str:
    return str(connection.exec_driver_sql("SELECT current_schema()").scalar_one())


def _prepare_in(connection: Connection) -> list[Step]:
    schema = _schema(connection)
    steps = [server_roles.close_public_schema(connection, schema)]
    for role in Role:
        steps.append(server_roles.ensure_group(connection, role))
        steps.append(server_roles.converge_access(connection, schema, role))
        steps.append(server_roles.converge_grants(connection, schema, role))
    for table in server_rules.POINT_TABLES:
        steps.append(server_rules.enable_row_security(connection, schema, table))
    steps.extend(server_rules.converge_object(connection, item)
                 for item in server_rules.server_objects(connection, schema))
    return steps


def prepare(db: Store) -> list[Step]:
    """Bring the server's roles, grants, triggers and policies to what this version needs."""
    _require_postgresql(db)
    now = db.clock.now()
    with session_scope(db, write=True) as session:
        connection = session.connection()
        steps = _prepare_in(connection)
        changed = [line for s in steps if s.changed for line in s.lines]
        if changed:
            audit.record_by_login(session, server_logins.session_login(connection), "servidor",
                                  database(db).url.database or "", "preparar", None,
                                  {"cambios": changed}, at=now)
        return steps


def _refuse_unprepared(connection: Connection, role: Role) -> None:
    if not server_logins.role_exists(connection, group_role(role)):
        raise ValidationError({"rol": (
            f"El servidor no está preparado: falta el rol de grupo {group_role(role)}. "
            "Ejecute antes «swat-desktop servidor preparar».")})


def create_account(db: Store, data: ProfileInput, password: str) -> UserProfile:
    """A personal login in its role's group and its profile, in one transaction. An existing
    profile with that login (declared on a desktop, or a point's author from a package)
    becomes this account's."""
    _require_postgresql(db)
    errors = {**validate_profile(data), **password_errors(password)}
    if errors:
        raise ValidationError(errors)
    data = data.normalized()
    assert data.role is not None
    now = db.clock.now()
    with session_scope(db, write=True) as session:
        connection = session.connection()
        _refuse_unprepared(connection, data.role)
        if server_logins.role_exists(connection, data.login):
            raise ValidationError({"login": (
                f"Ya existe el usuario «{data.login}» en el servidor: elija otro, o vea los "
                "que hay con «swat-desktop servidor usuario listar».")})
        profile = identity.save_profile_in(session, data, False, now)
        server_logins.create_login(connection, data.login, data.role, password)
        audit.record_by_login(session, server_logins.session_login(connection),
                              "usuario_servidor", data.login, "crear", None,
                              {"rol": data.role.value, "grupo": group_role(data.role),
                               "unidad": data.unit}, at=now)
        return profile


def _login_of(connection: Connection, login: str) -> server_logins.LoginRole:
    found = {f.login: f for f in server_logins.login_roles(connection)}.get(login)
    if found is None:
        raise ValidationError({"login": (
            f"No hay un usuario «{login}» de SWAT Desktop en el servidor; los que hay: "
            "«swat-desktop servidor usuario listar».")})
    return found


def change_password(db: Store, login: str, password: str) -> None:
    """A new password for a login (one who forgot theirs): the old one stops working."""
    _require_postgresql(db)
    errors = password_errors(password)
    if errors:
        raise ValidationError(errors)
    login = login.strip().lower()
    now = db.clock.now()
    with session_scope(db, write=True) as session:
        connection = session.connection()
        _login_of(connection, login)
        server_logins.set_password(connection, login, password)
        audit.record_by_login(session, server_logins.session_login(connection),
                              "usuario_servidor", login, "cambiar_clave", None, None, at=now)


def _account(found: server_logins.LoginRole, user: User | None) -> ServerAccount:
    return ServerAccount(found.login, found.role, found.can_login,
                         user.full_name if user is not None else None,
                         user.unit if user is not None else "")


def _profiles(session: Session, logins: list[str]) -> dict[str, User]:
    return {u.login: u for u in session.scalars(select(User).where(User.login.in_(logins)))}


def accounts(db: Store) -> list[ServerAccount]:
    """Every login of an application role's group, with its profile when it has one."""
    _require_postgresql(db)
    with session_scope(db) as session:
        found = server_logins.login_roles(session.connection())
        profiles = _profiles(session, [f.login for f in found])
        return [_account(f, profiles.get(f.login)) for f in found]


def deactivate_account(db: Store, login: str) -> ServerAccount:
    """The login can no longer connect and its profile is inactive: the audit trigger refuses
    what a session it still has open would write."""
    _require_postgresql(db)
    login = login.strip().lower()
    now = db.clock.now()
    with session_scope(db, write=True) as session:
        connection = session.connection()
        found = _login_of(connection, login)
        user = _profiles(session, [login]).get(login)
        if not found.can_login and (user is None or not user.active):
            return _account(found, user)
        server_logins.set_can_login(connection, login, False)
        if user is not None:
            user.active, user.updated_at = False, now
        audit.record_by_login(session, server_logins.session_login(connection),
                              "usuario_servidor", login, "desactivar", {"activo": True},
                              {"activo": False}, at=now)
        session.flush()
        return _account(server_logins.LoginRole(login, found.role, False), user)
