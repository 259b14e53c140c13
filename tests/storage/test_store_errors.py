"""The store's known failures leave a use case as StoreUnavailable with a Spanish line; bugs
leave as the driver raised them (storage.errors).

Each failure is made for real on a SQLite file: opened read-only, or its folder gone. Busy is
tests/storage/test_database.py, a full disk tests/cli/test_cli_errors.py.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from swat_desktop.domain.clock import FixedClock
from swat_desktop.storage.database import Database, sqlite_url
from swat_desktop.storage.errors import (
    StoreGone,
    StoreReadOnly,
    StoreUnavailable,
    Trouble,
    driver_trouble,
)
from swat_desktop.storage.migrate import upgrade
from swat_desktop.storage.models import Setting
from tests.conftest import TEST_NOW

CLOCK = FixedClock(TEST_NOW)


@pytest.fixture
def store_file(tmp_path: Path) -> Path:
    path = tmp_path / "store.sqlite3"
    db = Database(sqlite_url(path), CLOCK)
    upgrade(db, tmp_path / "backups")
    db.dispose()
    return path


def _save(db: Database, key: str = "a") -> None:
    with db.session_scope(write=True) as session:
        session.add(Setting(key=key, value=1, updated_at=CLOCK.now()))


def test_a_read_only_store_says_so_and_what_to_check(store_file: Path) -> None:
    db = Database(f"sqlite:///file:{store_file}?mode=ro&uri=true", CLOCK)
    try:
        with pytest.raises(StoreUnavailable) as refused:
            _save(db)
    finally:
        db.dispose()
    assert refused.value.kind is Trouble.READ_ONLY
    assert isinstance(refused.value, StoreReadOnly)  # callers tell the ways apart by class
    assert "es de solo lectura: revise los permisos" in str(refused.value)


def test_a_store_whose_folder_went_away_is_gone(tmp_path: Path) -> None:
    """As a network share that disconnects: the next use case cannot reach the file."""
    share = tmp_path / "unidad-de-red"
    db = Database(sqlite_url(share / "store.sqlite3"), CLOCK)  # creates the folder
    try:
        share.rmdir()
        with pytest.raises(StoreUnavailable) as refused:
            _save(db)
    finally:
        db.dispose()
    assert refused.value.kind is Trouble.GONE
    assert isinstance(refused.value, StoreGone)
    assert str(refused.value).startswith(
        f"La base de datos {share / 'store.sqlite3'} ya no está disponible")
    assert "vuelva a abrir SWAT Desktop" in str(refused.value)


def test_a_bug_is_not_dressed_as_a_store_problem(store_file: Path) -> None:
    db = Database(sqlite_url(store_file), CLOCK)
    try:
        _save(db)
        with pytest.raises(IntegrityError):
            _save(db)  # the same key twice: the caller's bug, for the log
    finally:
        db.dispose()


def test_a_drivers_error_raised_as_is_is_told_by_class_and_code() -> None:
    """What the crash dialog asks of an error that reached it without a use case's session."""
    assert driver_trouble(sqlite3.OperationalError("database is locked")) is Trouble.BUSY
    assert driver_trouble(sqlite3.DatabaseError("database disk image is malformed")) \
        is Trouble.DAMAGED
    assert driver_trouble(sqlite3.IntegrityError("UNIQUE constraint failed")) is None
    # Words alone are not a store's trouble: the same text in a bug of ours is a bug.
    assert driver_trouble(RuntimeError("database is locked")) is None
