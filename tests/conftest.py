"""Shared fixtures: every test gets its own home folder and a real store of its own.

The store is a SQLite file in the home folder; under tests/storage and tests/services each
test also runs on a fresh PostgreSQL database (``backend`` is parametrized there, see
tests/backends.py and tests/postgres.py).
"""

from __future__ import annotations

import os
import shutil

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from swat_desktop.domain.clock import FixedClock
from swat_desktop.domain.identity import ProfileInput, Role, UserProfile
from swat_desktop.paths import AppPaths, resolve_paths
from swat_desktop.services import identity, store
from swat_desktop.services.handle import database as database_of
from swat_desktop.services.store import Database
from swat_desktop.storage.database import sqlite_url
from tests.backends import ALSO_POSTGRESQL, SQLITE, SQLITE_ONLY
from tests.postgres import (
    HEAD_TEMPLATE,
    REQUIRE_ENV,
    PostgresServer,
    ServerUnavailable,
    find_bin_dir,
    required,
)

FIXTURES = Path(__file__).parent / "fixtures"
# The moment every test's store lives at unless the test moves its clock: Monday 23/11/2026,
# 09:00 in Bogotá and Lima, two days after the month fixture's bases. No test reads the system
# clock for business time, so the suite means the same on any day it runs (.ci/run proves it
# under faketime).
TEST_NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return resolve_paths(tmp_path / "home").ensure()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{SQLITE_ONLY}(reason): the test is about SQLite itself (its file, pragmas, "
        "backups); it does not run on PostgreSQL")
    config.addinivalue_line(
        "markers", f"{ALSO_POSTGRESQL}: a window flow (tests/gui) that also runs on a real "
        "PostgreSQL, as a célula's shared store")


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresServer]:
    """One server for the whole run, with a template database already at the newest schema."""
    try:
        import psycopg  # noqa: F401  # the driver the application uses

        server = PostgresServer(find_bin_dir())
    except (ServerUnavailable, ImportError) as exc:
        reason = f"PostgreSQL no disponible: {exc}"
        if required():
            pytest.fail(f"{reason} ({REQUIRE_ENV}=1 exige las pruebas en PostgreSQL)")
        pytest.skip(reason)
    try:
        server.start()
        server.create_database(name=HEAD_TEMPLATE)
        scratch = resolve_paths(tmp_path_factory.mktemp("pg-template")).ensure()
        template, _ = store.open_store(server.url(HEAD_TEMPLATE), scratch.database_file,
                                       scratch.backups_dir, FixedClock(TEST_NOW))
        template.dispose()  # a database is copied only while nobody is connected to it
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def sqlite_head_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite store migrated and seeded once; each test gets a copy of the file, which
    costs a fraction of running every migration again (tests/storage runs those)."""
    home = resolve_paths(tmp_path_factory.mktemp("sqlite-template")).ensure()
    template, _ = store.open_store(sqlite_url(home.database_file), home.database_file,
                                   home.backups_dir, FixedClock(TEST_NOW))
    template.dispose()  # closing the last connection folds the WAL into the file
    return home.database_file


@pytest.fixture
def backend() -> str:
    """The engine of the test's store; tests/storage and tests/services run on both."""
    return SQLITE


@contextmanager
def _fresh_url(backend: str, sqlite_file: Path, request: pytest.FixtureRequest,
               at_head: bool = True) -> Iterator[str]:
    """A store of the test's own: at the newest schema with its catalogues, or empty."""
    if backend == SQLITE:
        if at_head:
            shutil.copyfile(request.getfixturevalue("sqlite_head_file"), sqlite_file)
        yield sqlite_url(sqlite_file)
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = server.create_database(HEAD_TEMPLATE if at_head else "template0")
    yield server.url(name)
    server.drop_database(name)


@pytest.fixture
def db_url(backend: str, paths: AppPaths, request: pytest.FixtureRequest) -> Iterator[str]:
    """The test's own store (what ``db`` opens), for a second connection to it."""
    with _fresh_url(backend, paths.database_file, request) as url:
        yield url


@pytest.fixture
def empty_db_url(backend: str, paths: AppPaths, request: pytest.FixtureRequest
                 ) -> Iterator[str]:
    """A store without a single table, for the migrations to build."""
    with _fresh_url(backend, paths.data_dir / "vacia.sqlite3", request, at_head=False) as url:
        yield url


@pytest.fixture
def clock() -> FixedClock:
    """The test's clock: what its store (``db``) and its screens take "now" from."""
    return FixedClock(TEST_NOW)


@pytest.fixture
def db(db_url: str, paths: AppPaths, clock: FixedClock) -> Iterator[Database]:
    opened, _ = store.open_store(db_url, paths.database_file, paths.backups_dir, clock)
    # The Database behind the window's handle: service tests also read the store directly.
    yield database_of(opened)
    opened.dispose()


@pytest.fixture
def new_store(backend: str, tmp_path: Path, clock: FixedClock, request: pytest.FixtureRequest
              ) -> Iterator[Callable[[str], Database]]:
    """Opens another, independent store on the test's engine: Control e Información's, or a
    second attention point's. ``name`` keeps them apart; all of them run on the test's clock,
    as computers that agree on the time."""
    with ExitStack() as stack:

        def open_store(name: str) -> Database:
            home = resolve_paths(tmp_path / name).ensure()
            url = stack.enter_context(_fresh_url(backend, home.database_file, request))
            opened, _ = store.open_store(url, home.database_file, home.backups_dir, clock)
            stack.callback(opened.dispose)
            return database_of(opened)

        yield open_store


@pytest.fixture
def agent(db: Database) -> UserProfile:
    return identity.save_profile(
        db,
        ProfileInput(
            login="mrojas", full_name="María Fernanda Rojas", role=Role.AGENTE_CELULA,
            unit="Célula Soporte Bogotá",
        ),
    )
