"""``swat-desktop --self-test`` from the source tree: every workflow once, nothing of the user's
touched; and a failure says which check failed, in Spanish, with a non-zero status."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from swat_desktop import cli, cli_args
from swat_desktop.gui.self_test_driver import SelfTestError
from swat_desktop.self_test import SelfTest, run_self_test


def test_the_self_test_runs_every_workflow_in_a_temporary_home_of_its_own(
        tmp_path: Path) -> None:
    home, other_db, temp = tmp_path / "home", tmp_path / "shared.sqlite3", tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SWAT_DESKTOP_HOME": str(home),
           "SWAT_DESKTOP_DATABASE_URL": f"sqlite:///{other_db}",
           "TMPDIR": str(temp), "TEMP": str(temp), "TMP": str(temp)}
    done = subprocess.run([sys.executable, "-m", "swat_desktop", "--self-test"], env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    passed = [line for line in lines if line.startswith("  [ok] ")]
    assert lines[-1] == f"Autoprueba superada: {len(passed)} comprobaciones."
    assert any(line.startswith("  [ok] ventana principal: Qt en plataforma offscreen")
               for line in passed)
    assert any("Mal escalados: veredicto: cuenta" in line for line in passed)
    assert "  [ok] catálogo de prácticas de gestión: versión 1, 9 prácticas" in passed
    assert any("Inoperatividad: Formato Manual: registro CAC-SAN-ISIDRO-000001" in line
               for line in passed)
    assert "Traceback" not in done.stderr
    assert not home.exists()  # the user's home (SWAT_DESKTOP_HOME) was never created
    assert not other_db.exists()  # nor the database the environment points at
    assert not list(temp.glob("swat-autoprueba-*"))  # its own temporary home is gone again


@pytest.mark.parametrize(("error", "traceback_shown"), [
    (SelfTestError("faltan recursos en /x: style.qss"), False),
    (RuntimeError("algo imprevisto"), True),
])
def test_the_first_failing_check_stops_the_run_and_keeps_its_files(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, error: Exception,
        traceback_shown: bool) -> None:
    def fail(_self: SelfTest) -> str:
        raise error

    monkeypatch.setattr(SelfTest, "check_resources", fail)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    out, err = io.StringIO(), io.StringIO()
    assert run_self_test(out, err) == 1
    lines = out.getvalue().splitlines()
    assert lines[1].startswith("  [ok] versión: SWAT Desktop ")
    assert lines[2] == f"  [FALLO] recursos: {error}"
    [kept] = tmp_path.iterdir()
    assert lines[3] == f"Autoprueba fallida. Los archivos quedaron en {kept}"
    assert len(lines) == 4  # nothing ran after the failure
    assert ("Traceback" in err.getvalue()) is traceback_shown


def test_the_self_test_takes_no_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli.main(["--self-test", "backup"])
    assert stopped.value.code == cli_args.EXIT_USAGE
    assert "--self-test no admite subcomandos" in capsys.readouterr().err
