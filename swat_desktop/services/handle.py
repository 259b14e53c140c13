"""The store as the GUI holds it: an opaque handle, and the services' way back to what it hides.

The window may pass the handle to services and read the store's clock, name and file; it
cannot open a session or reach the engine, so every read and write goes through a use case
that owns its transaction. Services take either the handle or a ``Database`` (the command line,
the tests and the services among themselves) and reach the Database with ``database()``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.orm import Session

from swat_desktop.domain.clock import Clock
from swat_desktop.storage.database import Database


class StoreHandle:
    """One open store, as the GUI sees it."""

    __slots__ = ("_database",)

    def __init__(self, database: Database) -> None:
        self._database = database

    @property
    def clock(self) -> Clock:
        return self._database.clock

    @property
    def display_name(self) -> str:
        return self._database.display_name

    @property
    def sqlite_path(self) -> Path | None:
        return self._database.sqlite_path

    def dispose(self) -> None:
        self._database.dispose()

    def __repr__(self) -> str:
        return f"StoreHandle({self.display_name!r})"


# What a service accepts as its store.
Store = Database | StoreHandle


def database(store: Store) -> Database:
    """The Database behind ``store``: for services only (the layer test keeps the GUI out)."""
    return store._database if isinstance(store, StoreHandle) else store


@contextmanager
def session_scope(store: Store, write: bool = False, snapshot: bool = False
                  ) -> Iterator[Session]:
    """``Database.session_scope`` of ``store``: one use case's transaction."""
    with database(store).session_scope(write=write, snapshot=snapshot) as session:
        yield session
