"""``sincronizar configurar``, ``enviar`` and ``estado`` without a window: what a scheduled
task prints and the exit code that tells "no network" apart from an error."""

from __future__ import annotations

import io
import socket

import pytest

from swat_desktop.cli import EXIT_ERROR, main
from swat_desktop.cli_sync import EXIT_UNREACHABLE
from swat_desktop.paths import AppPaths
from swat_desktop.services import identity, inoperatividad
from swat_desktop.services.store import Database
from tests.fixtures.inoperatividad import cac_supervisor, good_input


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_point_without_network_is_told_and_keeps_its_records(
        db: Database, paths: AppPaths, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    supervisor = cac_supervisor(db)
    inoperatividad.save_record(db, supervisor, good_input(db, supervisor))
    identity.remember_login(paths.local_settings_file, supervisor.login)
    db.dispose()
    home = str(paths.data_dir.parent)
    code, out, err = _run(capsys, "--home", home, "sincronizar", "estado")
    assert (code, err) == (0, "")
    assert out.splitlines() == ["Servidor central: sin configurar",
                                "Última sincronización: nunca",
                                "Pendientes: 1 (CAC-SAN-ISIDRO-000001)"]
    code, out, err = _run(capsys, "--home", home, "sincronizar", "configurar", "--central",
                          "postgresql+psycopg://jquispe:secreta@central/swat")
    assert code == EXIT_ERROR
    assert err.startswith("Error: La dirección no debe llevar la contraseña")
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    central = f"postgresql+psycopg://jquispe@127.0.0.1:{port}/swat"
    code, out, err = _run(capsys, "--home", home, "sincronizar", "configurar", "--central",
                          central)
    assert (code, out.strip()) == (0, f"Servidor central: {central}")
    monkeypatch.setattr("sys.stdin", io.StringIO("una clave\n"))
    code, out, err = _run(capsys, "--home", home, "sincronizar", "enviar",
                          "--clave-desde-entrada")
    assert code == EXIT_UNREACHABLE
    assert err.startswith("Sin conexión: No se pudo conectar con el servidor central.")
    assert "una clave" not in err
    code, out, err = _run(capsys, "--home", home, "sincronizar", "estado")
    lines = out.splitlines()
    assert lines[:2] == [f"Servidor central: {central}", "Última sincronización: nunca"]
    assert lines[2].startswith("Último intento fallido (")
    assert lines[3] == "Pendientes: 1 (CAC-SAN-ISIDRO-000001)"
