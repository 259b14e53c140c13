"""``tipificaciones importar`` without a window: what was imported and skipped in one line,
a re-import that replaces, and a wrong file refused in one Spanish line with nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from swat_desktop.cli import EXIT_ERROR, main
from swat_desktop.paths import AppPaths
from swat_desktop.services import identity
from swat_desktop.services import inoperatividad_criteria as criteria
from swat_desktop.services.store import Database
from tests.backends import snapshot
from tests.fixtures.inoperatividad import save_reportable_record
from tests.services.test_tipificaciones import HOURLY_ROWS, write_export


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_export_is_imported_and_a_second_time_replaces(
        db: Database, paths: AppPaths, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    record, control = save_reportable_record(db)
    identity.remember_login(paths.local_settings_file, control.login)
    home = str(paths.data_dir.parent)
    path = write_export(tmp_path / "tipificaciones.xlsx", HOURLY_ROWS)
    code, out, err = _run(capsys, "--home", home, "tipificaciones", "importar", str(path))
    assert (code, err) == (0, "")
    assert out.strip() == (
        "tipificaciones.xlsx: 78 tipificaciones del 01/11/2026 al 22/11/2026 en 14 cantidades "
        "por día, canal y trámite; sin contar 1 fila de trámites no regulados "
        "(Pago de recibo).")
    code, out, err = _run(capsys, "--home", home, "tipificaciones", "importar", str(path),
                          "--usuario", control.login)
    assert (code, err) == (0, "")
    assert "ya se importó" in out
    assert "reemplazan 14 cantidades importadas antes" in out
    found = criteria.record_criteria(db, record.id).criteria
    assert found is not None
    assert found.tipificaciones is not None
    assert found.tipificaciones.current.value == 5


def test_a_wrong_file_is_one_spanish_line_and_writes_nothing(
        db: Database, paths: AppPaths, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    _, control = save_reportable_record(db)
    identity.remember_login(paths.local_settings_file, control.login)
    bad = tmp_path / "malo.csv"
    bad.write_text("Fecha;Canal;Trámite;Cantidad\n22/11/2026;CAC San Isidro;Consultas;-3\n",
                   encoding="utf-8")
    before = snapshot(db)
    code, out, err = _run(capsys, "--home", str(paths.data_dir.parent), "tipificaciones",
                          "importar", str(bad))
    assert (code, out) == (EXIT_ERROR, "")
    assert err.startswith("Error: No se importó malo.csv: 1 fila tiene celdas")
    assert "fila 2, columna D (Cantidad)" in err
    assert len(err.strip().splitlines()) == 1
    assert snapshot(db) == before
