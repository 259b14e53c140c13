"""The personal accounts of a shared PostgreSQL server, as the application shows them, and
what a password must be.

In shared mode the person is whoever the server says is connected (its ``session_user``): the
profile in ``users`` only adds the name, the unit and the role the window opens on.
"""

from __future__ import annotations

from dataclasses import dataclass

from swat_desktop.domain.identity import Role, UserProfile

MIN_PASSWORD = 10
MAX_PASSWORD = 128


@dataclass(frozen=True)
class ServerAccount:
    """A login of the server and its profile (None: a login made outside the application)."""

    login: str
    role: Role
    can_login: bool
    full_name: str | None
    unit: str

    @property
    def state(self) -> str:
        return "activo" if self.can_login else "desactivado"


@dataclass(frozen=True)
class ServerIdentity:
    """Who the server says is connected, in shared mode: the login, the role its group gives
    it, and its profile (None: a login without one, which may not write)."""

    login: str
    role: Role
    profile: UserProfile | None


def password_errors(password: str) -> dict[str, str]:
    """Why the password cannot be used; never repeats it (it would end up on a screen or in
    a log)."""
    if len(password) < MIN_PASSWORD:
        return {"clave": f"La clave debe tener al menos {MIN_PASSWORD} caracteres."}
    if len(password) > MAX_PASSWORD:
        return {"clave": f"La clave admite hasta {MAX_PASSWORD} caracteres."}
    if any(ord(ch) < 32 for ch in password):
        return {"clave": "La clave no puede tener saltos de línea ni caracteres de control."}
    return {}
