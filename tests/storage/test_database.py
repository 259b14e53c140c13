"""The engine's settings, the unit of work, its write lock and the append-only audit log."""

from __future__ import annotations

import socket
import threading
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError
from sqlalchemy.exc import IntegrityError, OperationalError

from swat_desktop.storage.database import (
    DATABASE_URL_ENV,
    Database,
    DatabaseError,
    choose_url,
)
from swat_desktop.storage.errors import StoreUnavailable, Trouble
from swat_desktop.storage.migrate import current_revision
from swat_desktop.storage.models import AuditLog, Setting, User
from swat_desktop.storage.types import UTCDateTime


@pytest.mark.sqlite_only("pragmas of the SQLite engine")
def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(db: Database) -> None:
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_foreign_keys_are_enforced(db: Database) -> None:
    with pytest.raises(IntegrityError), db.session_scope() as session:
        session.add(User(login="x1", full_name="Equis", role="procesos", unit="",
                         attention_point_id=999, created_at=db.clock.now(),
                         updated_at=db.clock.now()))


def _half_done_work(db: Database) -> None:
    with db.session_scope() as session:
        session.add(Setting(key="a", value=1, updated_at=db.clock.now()))
        session.flush()
        raise RuntimeError("falla a mitad de camino")


def test_a_failing_unit_of_work_leaves_nothing_behind(db: Database) -> None:
    with pytest.raises(RuntimeError):
        _half_done_work(db)
    with db.session_scope() as session:
        assert session.scalars(select(Setting)).all() == []


def test_the_audit_log_refuses_updates_and_deletes(db: Database) -> None:
    with db.session_scope() as session:
        session.add(AuditLog(at=db.clock.now(), user_login="x", entity="user", entity_id="1",
                             action="crear"))
    for statement in ("UPDATE audit_log SET action = 'borrado'", "DELETE FROM audit_log"):
        with pytest.raises(SQLAlchemyDatabaseError, match="solo anexado"), db.engine.begin() as c:
            c.execute(text(statement))
    with db.session_scope() as session:
        assert session.scalar(select(AuditLog.action)) == "crear"


def test_a_row_without_its_stamp_is_refused_rather_than_stamped_by_the_system(
        db: Database) -> None:
    """No column defaults to "now": a use case that forgot to stamp from its clock fails."""
    with pytest.raises(IntegrityError, match=r"(?i)not.null"), db.session_scope() as session:
        session.add(AuditLog(user_login="x", entity="user", entity_id="1", action="crear"))


def test_instants_come_back_in_utc_whatever_zone_they_were_written_in(db: Database) -> None:
    lima = timezone(timedelta(hours=-5))
    written = datetime(2026, 11, 21, 9, 30, tzinfo=lima)
    with db.session_scope() as session:
        session.add(AuditLog(at=written, user_login="x", entity="e", entity_id="1", action="a"))
    with db.session_scope() as session:
        read = session.scalar(select(AuditLog.at))
    assert read == written
    assert read is not None
    assert read.tzinfo == UTC


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="zona horaria"):
        UTCDateTime().process_bind_param(datetime(2026, 1, 1), Database("sqlite://").engine.dialect)


def test_url_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    default = tmp_path / "x.sqlite3"
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    assert choose_url(None, default) == f"sqlite:///{default}"
    monkeypatch.setenv(DATABASE_URL_ENV, "postgresql://u@h/env")
    assert choose_url(None, default) == "postgresql://u@h/env"
    assert choose_url("postgresql://u@h/opt", default) == "postgresql://u@h/opt"


def test_server_urls_are_shown_without_their_password() -> None:
    db = Database("sqlite://")
    assert db.display_name == "sqlite://"
    pg = Database.__new__(Database)
    from sqlalchemy.engine import make_url

    pg.url = make_url("postgresql+psycopg://swat:secreto@servidor:5432/swat")
    assert "secreto" not in pg.display_name
    assert pg.display_name == "postgresql+psycopg://swat:***@servidor:5432/swat"


def test_a_malformed_url_is_reported_in_spanish() -> None:
    with pytest.raises(DatabaseError, match="no es válida"):
        Database("esto no es una url")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("foo://x", "Motor de base de datos no soportado: foo"),
        ("mysql://x@h/d", "Falta el controlador de Python para mysql."),
    ],
)
def test_unsupported_engines_and_missing_drivers_are_explained(url: str, message: str) -> None:
    with pytest.raises(DatabaseError, match=message):
        Database(url)


def test_writers_that_read_first_take_turns_and_lose_no_update(db: Database, db_url: str) -> None:
    """Read a value, then write it back changed, from two connections at once: ``write=True``
    must make the second wait for the first (SQLite: BEGIN IMMEDIATE; PostgreSQL: a lock)."""
    with db.session_scope() as session:
        session.add(Setting(key="contador", value=0, updated_at=db.clock.now()))
    other = Database(db_url, db.clock)
    rounds = 10
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def add_one(database: Database) -> None:
        barrier.wait()
        try:
            for _ in range(rounds):
                with database.session_scope(write=True) as session:
                    row = session.get(Setting, "contador")
                    assert row is not None
                    value = row.value
                    session.execute(text("SELECT 1"))  # more time between the read and write
                    row.value = value + 1
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=add_one, args=(database,))
               for database in (db, other, db, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    other.dispose()
    assert errors == []
    with db.session_scope() as session:
        assert session.get(Setting, "contador").value == 4 * rounds  # type: ignore[union-attr]


def test_a_writer_holding_the_lock_blocks_no_reader(db: Database, db_url: str) -> None:
    other = Database(db_url, db.clock)
    inside, release = threading.Event(), threading.Event()

    def write() -> None:
        with db.session_scope(write=True) as session:
            session.add(Setting(key="a", value=1, updated_at=db.clock.now()))
            session.flush()
            inside.set()
            release.wait()

    writer = threading.Thread(target=write)
    writer.start()
    inside.wait()
    try:
        with other.session_scope() as session:
            assert session.get(Setting, "a") is None  # not committed yet, and no waiting
    finally:
        release.set()
        writer.join()
    with other.session_scope() as session:
        assert session.get(Setting, "a").value == 1  # type: ignore[union-attr]
    other.dispose()


def _save_setting(db: Database, key: str) -> None:
    with db.session_scope(write=True) as session:
        session.add(Setting(key=key, value=2, updated_at=db.clock.now()))


def test_a_second_writer_gives_up_after_the_busy_timeout_instead_of_waiting_forever(
        db: Database, db_url: str) -> None:
    """On both engines a save behind a long import fails after SQLITE_BUSY_TIMEOUT_MS with a
    Spanish reason that says to wait and try again (a known error of storage.errors, not the
    driver's), and takes effect when tried again after the import."""
    other = Database(db_url, db.clock)
    inside, release = threading.Event(), threading.Event()

    def hold() -> None:
        with db.session_scope(write=True) as session:
            session.add(Setting(key="grande", value=1, updated_at=db.clock.now()))
            session.flush()
            inside.set()
            release.wait()

    holder = threading.Thread(target=hold)
    holder.start()
    inside.wait()
    try:
        with pytest.raises(StoreUnavailable) as busy:
            _save_setting(other, "pequeño")
        assert busy.value.kind is Trouble.BUSY
        assert "está ocupada" in str(busy.value)
        assert "vuelva a intentar" in str(busy.value)
        assert isinstance(busy.value.__cause__, OperationalError)  # the driver's, for the log
    finally:
        release.set()
        holder.join()
    _save_setting(other, "pequeño")
    with other.session_scope() as session:
        assert set(session.scalars(select(Setting.key))) >= {"grande", "pequeño"}
    other.dispose()


def test_a_server_that_is_not_there_is_explained_in_spanish() -> None:
    with socket.socket() as probe:  # a port nobody listens on once the probe is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    db = Database(f"postgresql+psycopg://swat:secreto@127.0.0.1:{port}/swat")
    try:
        with pytest.raises(DatabaseError, match="el servidor no acepta conexiones") as refused:
            current_revision(db)
    finally:
        db.dispose()
    assert "secreto" not in str(refused.value)
