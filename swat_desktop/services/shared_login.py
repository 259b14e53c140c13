"""Logging in to a shared server: whether the store's URL needs a person's login, and the URL
with it.

The URL of a shared server carries no password (it is on every desktop, in shortcuts and
environment variables); the server asks for one and the window or the command line asks the
person. Nothing here keeps the password: the URL it returns is used to open the store and
is shown only without it (``display_name``).
"""

from __future__ import annotations

from pathlib import Path

from swat_desktop.services import store


def login_wanted(database_url: str | None, default_file: Path) -> str | None:
    """None when the store opens as it is; else the login the URL already names ("" if
    none), to offer it: the server asked for a password."""
    db = store.connect(database_url, default_file)
    try:
        return (db.url.username or "") if db.asks_for_password() else None
    finally:
        db.dispose()


def login_url(database_url: str | None, default_file: Path, login: str, password: str) -> str:
    """The store's URL as ``login`` with ``password``, for ``store.open_store``."""
    db = store.connect(database_url, default_file)
    try:
        return db.with_login(login.strip().lower(), password)
    finally:
        db.dispose()
