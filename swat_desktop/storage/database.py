"""Engine and session factory: one ``Database`` per open store, one session per use case."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from swat_desktop.domain.clock import Clock, SystemClock
from swat_desktop.storage.errors import DatabaseError, describe_db_error, known_error
from swat_desktop.storage.store_lock import StorePresence

__all__ = ["Database", "DatabaseError", "choose_url", "describe_db_error", "sqlite_url"]

DATABASE_URL_ENV = "SWAT_DESKTOP_DATABASE_URL"
SQLITE_BUSY_TIMEOUT_MS = 5000


def sqlite_url(path: Path) -> str:
    return URL.create("sqlite", database=str(path)).render_as_string()


def choose_url(explicit: str | None, default_sqlite_file: Path) -> str:
    """``--database-url`` wins, then ``SWAT_DESKTOP_DATABASE_URL``, then the embedded file."""
    return explicit or os.environ.get(DATABASE_URL_ENV) or sqlite_url(default_sqlite_file)


BEGIN_OPTION = "swat_sqlite_begin"
# The PostgreSQL twin of SQLite's write lock (see Database.session_scope). Advisory locks live
# per database and mean nothing to PostgreSQL itself; only SWAT Desktop takes this key.
POSTGRES_WRITE_LOCK = 0x53574154  # "SWAT"
_TAKE_POSTGRES_WRITE_LOCK = text("SELECT pg_advisory_xact_lock(:key)").bindparams(
    key=POSTGRES_WRITE_LOCK)
_POSTGRES_LOCK_TIMEOUT = text(f"SET LOCAL lock_timeout = '{SQLITE_BUSY_TIMEOUT_MS}ms'")


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite would otherwise run DDL outside any transaction, so a migration failing half
    # way would leave half a schema; SQLAlchemy's documented recipe: no implicit transactions
    # from the driver, an explicit BEGIN from the "begin" event below.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        # FULL: a confirmed verdict or an autosaved form draft must survive a power cut, not
        # only a crash of the application (NORMAL may lose the last commits in WAL mode).
        cursor.execute("PRAGMA synchronous=FULL")
        # 64 MB of page cache: a 100,000-row import writes about a third faster than with
        # the default 2 MB (bench/bench_import.py).
        cursor.execute("PRAGMA cache_size=-65536")
    finally:
        cursor.close()


def _begin_sqlite(connection: Any) -> None:
    # IMMEDIATE for a use case that reads and then writes: a deferred transaction that read
    # first gets "database is locked" at once when another one wrote meanwhile, without
    # waiting for busy_timeout.
    mode = connection.get_execution_options().get(BEGIN_OPTION, "")
    connection.exec_driver_sql(f"BEGIN {mode}".rstrip())


class Database:
    """One open store and the clock its use cases stamp time with.

    The clock travels with the store because every use case already receives the store: one
    object handed down from start-up, never a module-level ``datetime.now()``."""

    def __init__(self, url: str, clock: Clock | None = None) -> None:
        self.clock: Clock = clock if clock is not None else SystemClock()
        try:
            self.url: URL = make_url(url)
        except Exception as exc:
            raise DatabaseError(f"La dirección de base de datos no es válida: {url!r}") from exc
        self.engine: Engine = self._create_engine()
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # Set by services.store.open_store: this copy's registration on a SQLite file, so a
        # restore by another copy waits for it to close (storage/store_lock.py).
        self.presence: StorePresence | None = None

    def _create_engine(self) -> Engine:
        if self.is_sqlite:
            path = self.sqlite_path
            try:
                if path is not None:
                    path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseError(
                    f"No se puede crear la carpeta de la base de datos {path.parent}: "
                    f"{exc.strerror or exc}."
                ) from exc
            engine = create_engine(self.url)
            event.listen(engine, "connect", _configure_sqlite)
            event.listen(engine, "begin", _begin_sqlite)
            return engine
        try:
            # The name shows in the server's pg_stat_activity: which connections are ours.
            connect_args = ({"connect_timeout": 5, "application_name": "SWAT Desktop"}
                            if self.is_postgresql else {})
            return create_engine(self.url, pool_pre_ping=True, connect_args=connect_args)
        except NoSuchModuleError as exc:
            raise DatabaseError(
                f"Motor de base de datos no soportado: {self.url.drivername}. Use SQLite o "
                "PostgreSQL (postgresql+psycopg://…)."
            ) from exc
        except ModuleNotFoundError as exc:
            hint = " Instale psycopg[binary]." if self.is_postgresql else ""
            raise DatabaseError(
                f"Falta el controlador de Python para {self.url.drivername}.{hint}"
            ) from exc

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def is_postgresql(self) -> bool:
        return self.url.get_backend_name() == "postgresql"

    @property
    def sqlite_path(self) -> Path | None:
        if not self.is_sqlite or self.url.database in (None, "", ":memory:"):
            return None
        database = self.url.database
        if self.url.query.get("uri") == "true" and database.startswith("file:"):
            # A SQLite URI ("file:/x/store.sqlite3?mode=ro"): the file is what follows
            # "file:", not a folder called "file:" in the working directory.
            database = database.removeprefix("file:").removeprefix("//")
        return Path(database).resolve()

    def asks_for_password(self) -> bool:
        """Whether the server wants a password this URL does not carry (nor PGPASSWORD, nor
        a .pgpass file, which libpq reads): shared mode, where each person logs in."""
        if not self.is_postgresql or self.url.password:
            return False
        try:
            with self.engine.connect():
                return False
        except OperationalError as exc:
            return "no password supplied" in str(exc.orig)

    def with_login(self, login: str, password: str) -> str:
        """This URL with a person's login and password, for opening the store as them; the
        password shows nowhere (``display_name`` hides it)."""
        return self.url.set(username=login, password=password).render_as_string(
            hide_password=False)

    @property
    def display_name(self) -> str:
        """What the status bar shows: the file, or the server URL without its password."""
        if self.sqlite_path is not None:
            return str(self.sqlite_path)
        return self.url.render_as_string(hide_password=True)

    @contextmanager
    def session_scope(self, write: bool = False, snapshot: bool = False) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back entirely if it raises.

        ``write=True`` takes the store's write lock at the start, for a use case that reads
        before it writes and may run alongside another writer: the second one waits and then
        reads what the first committed. Readers are never blocked.

        On PostgreSQL (READ COMMITTED) the two would otherwise both read, both write, and the
        last commit would silently win. Row locks (``SELECT … FOR UPDATE``) cannot guard what
        is not there yet: the first correlativo of a point, the first claim of a year, the
        "at most one open record" check. A transaction-scoped advisory lock can, exactly as
        SQLite's BEGIN IMMEDIATE does, and it is released by the commit or the rollback.

        ``snapshot=True`` is for a report composed of several reads (a sheet and its summary):
        on PostgreSQL the transaction is REPEATABLE READ, so every read sees the state of its
        first one, not what another desktop committed in between. SQLite's transactions are
        snapshots already.

        A store that is busy, full, read-only, gone or damaged raises the StoreUnavailable
        subclass for it (storage.errors: StoreLocked, StoreFull, …) with the Spanish line to
        show; a bug leaves as the driver raised it.
        """
        session = self._sessions()
        try:
            if write and self.is_sqlite:
                session.connection(execution_options={BEGIN_OPTION: "IMMEDIATE"})
            elif write and self.is_postgresql:
                # As long as SQLite's busy timeout and no longer: a save behind a long import
                # gets the "busy, try again" message instead of a window that never answers.
                session.execute(_POSTGRES_LOCK_TIMEOUT)
                session.execute(_TAKE_POSTGRES_WRITE_LOCK)
            elif snapshot and self.is_postgresql:
                session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            yield session
            session.commit()
        except BaseException as exc:
            session.rollback()
            known = known_error(self, exc) if isinstance(exc, DBAPIError) else None
            if known is not None:  # busy, full, read-only, gone: said in Spanish
                raise known from exc
            raise
        finally:
            session.close()

    @contextmanager
    def write_connection(self) -> Iterator[Connection]:
        """One Core transaction holding the same write lock: for migrations, which every
        desktop of a célula attempts at start-up, perhaps at the same moment."""
        with self.engine.connect() as connection:
            if self.is_sqlite:
                connection.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})
            with connection.begin():
                if self.is_postgresql:
                    connection.execute(_TAKE_POSTGRES_WRITE_LOCK)
                yield connection

    def dispose(self) -> None:
        self.engine.dispose()
        if self.presence is not None:
            self.presence.release()
            self.presence = None
