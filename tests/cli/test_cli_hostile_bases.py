"""`swat-desktop import-base` with what people and exporters hand it by mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from swat_desktop.cli import EXIT_ERROR, main
from swat_desktop.domain.identity import ProfileInput, Role
from swat_desktop.paths import resolve_paths
from swat_desktop.services import identity, store
from tests.fixtures.workbooks import write_csv


@pytest.fixture
def home(tmp_path: Path) -> str:
    folder = tmp_path / "h"
    paths = resolve_paths(folder)
    db, _ = store.open_store(None, paths.database_file, paths.backups_dir)
    identity.save_profile(db, ProfileInput("bo1", "Back Office", Role.BACKOFFICE, "C1"))
    db.dispose()
    return str(folder)


def test_a_folder_is_called_a_folder(home: str, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "Bases de noviembre"
    folder.mkdir()
    code = main(["--home", home, "import-base", str(folder), "--usuario", "bo1"])
    err = capsys.readouterr().err
    assert code == EXIT_ERROR
    assert err.strip() == (f"Error: {folder} es una carpeta, no un archivo: indique el archivo "
                           "de la base (.xlsx, .xls o .csv) que está dentro de ella.")


def test_cleaned_cells_are_listed_after_the_summary(home: str, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(tmp_path / "Base Mal Escalados 21-11-2026.csv", [
        ["1001", "21/11/2026 08:00", "e1", "Ana", "Lucía", "Bogotá", "falla\x07 en el nodo"],
        ["1002", "21/11/2026 08:01", "e2", "Beto\x1f", "Lucía", "Bogotá", ""],
    ])
    rejects = tmp_path / "rechazos.xlsx"
    code = main(["--home", home, "import-base", str(path), "--usuario", "bo1",
                 "--rechazos", str(rejects)])
    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    assert lines[0].endswith("1 cuenta importada, 0 duplicadas, 1 fila rechazada. Se limpiaron "
                             "caracteres de control invisibles en 1 celda.")
    assert lines[1].startswith("  Base Mal Escalados 21-11-2026, fila 3, columna D (Nombre "
                               "Asesor): El texto «Beto?» tiene un carácter de control")
    assert lines[2].startswith("  Base Mal Escalados 21-11-2026, fila 2, columna G (Notas): "
                               "Tenía un carácter de control invisible (U+0007)")
    assert rejects.exists()
