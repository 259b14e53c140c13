"""Logging in to a shared server: whether the store's URL needs a person's login, and the URL
with it.

The URL of a shared server carries no password (it is on every desktop, in shortcuts and
environment variables); the server asks for one and the window or the command line asks the
person. Nothing here keeps the password: the URL it returns is used to open the store and
is shown only without it (``display_name``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from swat_desktop.services import identity, store
from swat_desktop.storage.database import DatabaseError, describe_db_error


@dataclass(frozen=True)
class LoginWanted:
    """The server asked for a password: the login the URL already names ("" if none), to
    offer it, and the store as the person may be shown it."""

    login: str
    store_name: str


def login_wanted(database_url: str | None, default_file: Path) -> LoginWanted | None:
    """None when the store opens as it is (SQLite, a password in the URL, PGPASSWORD or
    .pgpass, a trusted connection); else what asking for the login needs."""
    db = store.connect(database_url, default_file)
    try:
        if not db.asks_for_password():
            return None
        return LoginWanted(db.url.username or "", db.display_name)
    finally:
        db.dispose()


def login_url(database_url: str | None, default_file: Path, login: str, password: str) -> str:
    """The store's URL as ``login`` with ``password``, for ``store.open_store``."""
    db = store.connect(database_url, default_file)
    try:
        return db.with_login(login.strip().lower(), password)
    finally:
        db.dispose()


def login_refusal(database_url: str, default_file: Path) -> str | None:
    """Why this URL (with a person's login) cannot work, in Spanish; None when it can: the
    server accepts the password and the login has an active profile (or is no personal
    login, like the owner's)."""
    db = store.connect(database_url, default_file)
    try:
        shared = identity.server_identity(db)
    except SQLAlchemyError as exc:  # a refused password or an unreachable server
        return describe_db_error(db, exc)
    except DatabaseError as exc:
        return str(exc)
    finally:
        db.dispose()
    if shared is not None and shared.profile is None:
        return (f"El usuario {shared.login} no tiene un perfil activo en esta base: pida al "
                "administrador que lo cree («swat-desktop servidor usuario crear»).")
    return None
