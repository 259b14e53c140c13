"""Shared-mode login on a server that asks for passwords: the URL without one says a login is
needed, a wrong password is refused without repeating it, and once in, the person is the
server's session_user, whatever the computer remembers or the person claims."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.engine import URL

from swat_desktop.cli import main
from swat_desktop.domain.clock import FixedClock
from swat_desktop.domain.identity import Role
from swat_desktop.paths import AppPaths, resolve_paths
from swat_desktop.services import identity, server, shared_login, store
from swat_desktop.services.handle import database
from swat_desktop.storage.database import DatabaseError
from tests.conftest import TEST_NOW
from tests.postgres import PostgresServer
from tests.shared_server import GUARDED_PASSWORD, guarded_server

PASSWORD = GUARDED_PASSWORD


@pytest.fixture(scope="module")
def guarded(postgres_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
            ) -> Iterator[PostgresServer]:
    """``postgres_server`` first: it says whether a server can run here at all."""
    with guarded_server(postgres_server.bin_dir, tmp_path_factory.mktemp("guarded"),
                        FixedClock(TEST_NOW)) as running:
        yield running


def _url(guarded: PostgresServer, login: str | None = None) -> str:
    return URL.create("postgresql+psycopg", username=login, host="127.0.0.1",
                      port=guarded.port, database="swat").render_as_string()


@pytest.fixture
def home(tmp_path: Path) -> AppPaths:
    return resolve_paths(tmp_path / "home").ensure()


def test_a_url_without_password_needs_the_persons_login(guarded: PostgresServer,
                                                        home: AppPaths) -> None:
    wanted = shared_login.login_wanted(_url(guarded, "j.quispe"), home.database_file)
    assert wanted == shared_login.LoginWanted(
        "j.quispe", f"postgresql+psycopg://j.quispe@127.0.0.1:{guarded.port}/swat")
    assert shared_login.login_wanted(_url(guarded, "postgres"),
                                     home.database_file) is None  # trusted: opens as it is
    assert shared_login.login_wanted(None, home.database_file) is None  # SQLite


def test_a_wrong_password_is_refused_in_spanish_without_repeating_it(
        guarded: PostgresServer, home: AppPaths) -> None:
    url = shared_login.login_url(_url(guarded), home.database_file, "J.Quispe",
                                 "no-es-la-clave-123")
    with pytest.raises(DatabaseError) as refused:
        store.open_store(url, home.database_file, home.backups_dir, FixedClock(TEST_NOW))
    assert "el usuario o la contraseña no son correctos" in str(refused.value)
    assert "no-es-la-clave-123" not in str(refused.value)


def test_once_logged_in_the_person_is_the_servers_login_not_the_remembered_one(
        guarded: PostgresServer, home: AppPaths) -> None:
    url = shared_login.login_url(_url(guarded), home.database_file, "j.quispe",
                                 PASSWORD)
    handle, _ = store.open_store(url, home.database_file, home.backups_dir,
                                 FixedClock(TEST_NOW))
    try:
        assert PASSWORD not in handle.display_name
        identity.remember_login(home.local_settings_file, "otra.persona")  # declared here
        shared = identity.server_identity(handle)
        assert shared is not None
        assert (shared.login, shared.role) == ("j.quispe", Role.SUPERVISOR_CAC)
        begun: list[object] = []
        event.listen(database(handle).engine, "begin", begun.append)
        assert identity.current_user(handle, home.local_settings_file) == shared.profile
        assert len(begun) == 1  # who is connected and their profile: one read
        assert shared.profile is not None
        assert shared.profile.full_name == "Jorge Quispe"
    finally:
        handle.dispose()
    owner, _ = store.open_store(_url(guarded, "postgres"), home.database_file,
                                home.backups_dir, FixedClock(TEST_NOW))
    try:  # the owner is not in shared mode: the computer's remembered profile, as before
        assert identity.server_identity(owner) is None
        assert database(owner).is_postgresql
    finally:
        owner.dispose()


def test_the_command_line_asks_for_the_password_on_a_terminal_only(
        guarded: PostgresServer, home: AppPaths, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    before = list(logging.getLogger().handlers)
    url = _url(guarded)
    args = ["--home", str(home.data_dir.parent), "--database-url", url, "db", "info"]
    try:
        monkeypatch.setattr("sys.stdin", io.StringIO("j.quispe\n"))
        assert main(args) == 1  # a pipe is no terminal: said how instead
        assert "PGPASSWORD" in capsys.readouterr().err

        class Terminal(io.StringIO):
            def isatty(self) -> bool:
                return True

        asked: list[str] = []
        monkeypatch.setattr("sys.stdin", Terminal("J.Quispe\n"))
        monkeypatch.setattr("getpass.getpass", lambda prompt: asked.append(prompt) or PASSWORD)
        assert main(args) == 0
        out, err = capsys.readouterr()
        assert (asked, err) == (["Clave de j.quispe: "], "Usuario de la base: ")
        assert PASSWORD not in out
        assert "//j.quispe:***@127.0.0.1:" in out  # db info: the store, the password hidden
        logged = (home.logs_dir / "swat-desktop.log").read_text(encoding="utf-8")
        assert PASSWORD not in logged
    finally:
        for handler in logging.getLogger().handlers:
            if handler not in before:
                logging.getLogger().removeHandler(handler)
                handler.close()


def test_a_new_password_replaces_the_old_one(guarded: PostgresServer, home: AppPaths) -> None:
    owner, _ = store.open_store(_url(guarded, "postgres"), home.database_file,
                                home.backups_dir, FixedClock(TEST_NOW))
    try:
        server.change_password(owner, " J.Quispe ", "Otra-clave-nueva-55")
        assert shared_login.login_refusal(shared_login.login_url(
            _url(guarded), home.database_file, "j.quispe", "Otra-clave-nueva-55"),
            home.database_file) is None
        old = shared_login.login_refusal(shared_login.login_url(
            _url(guarded), home.database_file, "j.quispe", PASSWORD), home.database_file)
        assert old is not None
        assert "el usuario o la contraseña no son correctos" in old
    finally:
        server.change_password(owner, "j.quispe", PASSWORD)  # as the other tests expect it
        owner.dispose()
