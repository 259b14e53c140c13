"""``swat-desktop servidor …`` on the tests' PostgreSQL: preparar twice (the second says «sin
cambios» for every object), then the owner's account commands, with the password read from
standard input and found nowhere afterwards: not in the output, the log file or the audit."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from swat_desktop.cli import main
from swat_desktop.storage.database import sqlite_url
from tests.postgres import PostgresServer
from tests.shared_server import admin, server_database

PASSWORD = "Secreto-de-prueba-9921"


@pytest.fixture
def url(postgres_server: PostgresServer) -> Iterator[str]:
    with server_database(postgres_server, "template0") as name:
        yield postgres_server.url(name)


def _run(capsys: pytest.CaptureFixture[str], home: Path, url: str, *args: str
         ) -> tuple[int, str, str]:
    code = main(["--home", str(home), "--database-url", url, "servidor", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_prepare_twice_then_create_list_and_deactivate_an_account(
        url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, postgres_server: PostgresServer) -> None:
    home = tmp_path / "home"
    code, out, err = _run(capsys, home, url, "preparar")
    assert (code, err) == (0, "")
    assert "Seguridad por filas de inoperatividad_records: activada." in out
    code, out, err = _run(capsys, home, url, "preparar")
    lines = out.splitlines()
    assert (code, err) == (0, "")
    assert all(line.endswith(("sin cambios.", "(solo el dueño).")) or "tablas y secuencias"
               in line for line in lines[:-1]), out
    assert lines[-1].startswith("Servidor preparado en ")
    assert lines[-1].endswith("sin cambios.")

    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    code, out, err = _run(capsys, home, url, "usuario", "crear", "j.quispe", "--nombre",
                          "Jorge Quispe", "--rol", "supervisor_cac", "--unidad",
                          "CAC San Isidro", "--clave-desde-entrada")
    assert (code, err) == (0, "")
    assert out == ("Usuario creado en el servidor: Jorge Quispe (j.quispe), Supervisor CAC, "
                   "CAC San Isidro. Se conecta con su usuario y su clave.\n")
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    code, out, err = _run(capsys, home, url, "usuario", "crear", "j.quispe", "--nombre",
                          "Jorge Quispe", "--rol", "procesos", "--clave-desde-entrada")
    assert (code, out) == (1, "")
    assert err.startswith("Error: LOGIN: Ya existe el usuario «j.quispe» en el servidor")

    code, out, err = _run(capsys, home, url, "usuario", "listar")
    assert (code, out) == (0, "j.quispe  activo       Jorge Quispe · Supervisor CAC · "
                              "CAC San Isidro\n")
    code, out, err = _run(capsys, home, url, "usuario", "desactivar", "j.quispe")
    assert (code, out) == (0, "Usuario j.quispe desactivado: ya no puede conectarse al "
                              "servidor.\n")
    assert "desactivado" in _run(capsys, home, url, "usuario", "listar")[1]

    logged = (home / "logs" / "swat-desktop.log").read_text(encoding="utf-8")
    assert "Ya existe el usuario" in logged  # the log is written, and holds no password
    assert PASSWORD not in logged
    with admin(postgres_server, url.rsplit("/", 1)[1]) as conn:
        trail = conn.execute("SELECT before::text, after::text FROM audit_log").fetchall()
    assert trail
    assert PASSWORD not in repr(trail)


def test_without_a_terminal_the_password_must_come_from_standard_input(
        url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    assert _run(capsys, home, url, "preparar")[0] == 0
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))  # not a TTY, no option
    code, out, err = _run(capsys, home, url, "usuario", "crear", "a.ruiz", "--nombre",
                          "Ana Ruiz", "--rol", "procesos")
    assert (code, out) == (1, "")
    assert "--clave-desde-entrada" in err
    monkeypatch.setattr("sys.stdin", io.StringIO("corta\n"))
    code, out, err = _run(capsys, home, url, "usuario", "crear", "a.ruiz", "--nombre",
                          "Ana Ruiz", "--rol", "procesos", "--clave-desde-entrada")
    assert (code, out) == (1, "")
    assert err == "Error: clave: La clave debe tener al menos 10 caracteres.\n"
    assert _run(capsys, home, url, "usuario", "listar")[1].startswith("No hay usuarios")


def test_a_sqlite_store_has_no_server_to_prepare(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    code, out, err = _run(capsys, home, sqlite_url(tmp_path / "local.sqlite3"), "preparar")
    assert (code, out) == (1, "")
    assert "el modo compartido («servidor …») solo existe en PostgreSQL" in err
