"""Who is at the keyboard: profiles in the database, the current one remembered per machine.

The remembered login lives in a local file, not in the database, because a célula may share
one PostgreSQL database between many computers. In shared mode (a personal login of a
prepared server, services/server.py) nothing is remembered or declared: the person is the
server's ``session_user``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from swat_desktop.domain.attention_points import AttentionPointKind, code_from_name
from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import (
    ProfileInput,
    Role,
    UnitKind,
    UserProfile,
    validate_profile,
)
from swat_desktop.domain.server_accounts import ServerIdentity
from swat_desktop.services import audit, local_settings
from swat_desktop.services.handle import Store, database, session_scope
from swat_desktop.storage import server_logins
from swat_desktop.storage.models import AttentionPoint, User


def _profile(user: User) -> UserProfile:
    return UserProfile(
        id=user.id, login=user.login, full_name=user.full_name, role=Role(user.role),
        unit=user.unit,
    )


def _snapshot(user: User) -> dict[str, str]:
    return {"login": user.login, "full_name": user.full_name, "role": user.role,
            "unit": user.unit}


def list_users(db: Store) -> list[UserProfile]:
    with session_scope(db) as session:
        users = session.scalars(
            select(User).where(User.active.is_(True)).order_by(User.full_name)
        )
        return [_profile(u) for u in users]


def find_user(db: Store, login: str) -> UserProfile | None:
    with session_scope(db) as session:
        return _find_user_in(session, login)


def _find_user_in(session: Session, login: str) -> UserProfile | None:
    user = session.scalar(select(User).where(User.login == login.strip().lower()))
    return _profile(user) if user is not None and user.active else None


def unit_suggestions(db: Store, kind: UnitKind) -> list[str]:
    """Names already used for this kind of unit, to offer them instead of retyping."""
    with session_scope(db) as session:
        if kind is UnitKind.ATTENTION_POINT:
            names = session.scalars(
                select(AttentionPoint.name).where(AttentionPoint.active.is_(True))
            )
        else:
            roles = [r.value for r in Role if r.unit_kind is kind]
            names = session.scalars(select(User.unit).where(User.role.in_(roles)).distinct())
        return sorted({n for n in names if n}, key=str.casefold)


def _attention_point_for(session: Session, name: str, now: datetime
                         ) -> tuple[AttentionPoint, bool]:
    """The point with this name, matched by code so "CAC San-Isidro" finds "CAC San Isidro"."""
    code = code_from_name(name)
    point = session.scalar(select(AttentionPoint).where(AttentionPoint.code == code))
    if point is not None:
        return point, False
    kind = AttentionPointKind.CAC
    point = AttentionPoint(code=code, name=name, kind=kind.value, channel=kind.channel.value,
                           active=True, created_at=now)
    session.add(point)
    session.flush()
    return point, True


def save_profile(db: Store, data: ProfileInput, new: bool = True) -> UserProfile:
    """Create a profile (``new``) or update the one with that login.

    A new profile never takes over an existing login: that would rewrite another person's
    profile and sign the audit row with their name.
    """
    now = db.clock.now()
    with session_scope(db, write=True) as session:
        return save_profile_in(session, data, new, now)


def save_profile_in(session: Session, data: ProfileInput, new: bool, now: datetime
                    ) -> UserProfile:
    """``save_profile`` inside the caller's transaction: also what a server login is created
    with (services/server.py), so the login and its profile commit together."""
    errors = validate_profile(data)
    if errors:
        raise ValidationError(errors)
    data = data.normalized()
    assert data.role is not None
    unit = data.unit
    user = session.scalar(select(User).where(User.login == data.login))
    if new and user is not None:
        raise ValidationError({"login": (
            f"Ya existe un perfil con el usuario «{data.login}»: elíjalo en la lista Perfil.")})
    before = _snapshot(user) if user is not None else None
    if user is None:
        user = User(login=data.login, active=True, created_at=now, updated_at=now)
        session.add(user)
    user.full_name = data.full_name
    user.role = data.role.value
    user.unit = unit
    user.active = True
    new_point = None
    if data.role.unit_kind is UnitKind.ATTENTION_POINT:
        user.attention_point, created = _attention_point_for(session, unit, now)
        new_point = user.attention_point if created else None
    else:
        user.attention_point = None
    if session.is_modified(user):
        user.updated_at = now
    session.flush()
    after = _snapshot(user)
    profile = _profile(user)
    if before != after:
        audit.record(session, profile, "user", user.id,
                     "crear" if before is None else "modificar", before, after, at=now)
    if new_point is not None:
        audit.record(session, profile, "attention_point", new_point.code, "crear", None,
                     {"code": new_point.code, "name": new_point.name,
                      "kind": new_point.kind}, at=now)
    return profile


def remembered_login(settings_file: Path) -> str | None:
    login = local_settings.read(settings_file).get("current_login")
    return login if isinstance(login, str) else None


def remember_login(settings_file: Path, login: str) -> None:
    local_settings.update(settings_file, current_login=login)


def server_identity(db: Store) -> ServerIdentity | None:
    """Who the server says is connected, when it is a personal login of a prepared server;
    None on SQLite, for the owner or on a server not prepared. The profile carries the role
    of the login's group: what the server lets the person do, so what the window offers."""
    if not database(db).is_postgresql:
        return None
    with session_scope(db) as session:
        return _server_identity_in(session)


def _server_identity_in(session: Session) -> ServerIdentity | None:
    connection = session.connection()
    role = server_logins.session_role(connection)
    if role is None:
        return None
    login = server_logins.session_login(connection)
    user = session.scalar(select(User).where(User.login == login, User.active.is_(True)))
    return ServerIdentity(login, role,
                          replace(_profile(user), role=role) if user is not None else None)


def current_user(db: Store, settings_file: Path) -> UserProfile | None:
    """The server's login in shared mode (whatever this computer remembers), else the
    profile remembered here; one read either way."""
    login = remembered_login(settings_file)
    shared_possible = database(db).is_postgresql
    if not login and not shared_possible:
        return None
    with session_scope(db) as session:
        shared = _server_identity_in(session) if shared_possible else None
        if shared is not None:
            return shared.profile
        return _find_user_in(session, login) if login else None
