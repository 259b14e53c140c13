"""``swat-desktop backup --listar / --conservar`` and ``swat-desktop restore``, in process."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from swat_desktop.cli import EXIT_ERROR, main
from swat_desktop.domain.backup_retention import Retention
from swat_desktop.domain.identity import ProfileInput, Role
from swat_desktop.paths import AppPaths, resolve_paths
from swat_desktop.services import backups, identity, store
from tests.fixtures.damage import overwrite_middle_pages
from tests.fixtures.workbooks import good_rows, write_xlsx


def _run(capsys: pytest.CaptureFixture[str], home: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--home", str(home), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def home(tmp_path: Path) -> AppPaths:
    paths = resolve_paths(tmp_path / "h").ensure()
    db, _ = store.open_store(None, paths.database_file, paths.backups_dir)
    identity.save_profile(db, ProfileInput("mrojas", "María Rojas", Role.BACKOFFICE, "C1"))
    db.dispose()
    return paths


def test_list_and_retention(capsys: pytest.CaptureFixture[str], home: AppPaths) -> None:
    root = home.data_dir.parent
    code, out, _ = _run(capsys, root, "backup", "--listar")
    assert code == 0
    assert out.splitlines() == [
        f"Respaldos en {home.backups_dir} (se conservan los automáticos 7 diarios, 4 "
        "semanales y 12 mensuales):",
        "  No hay respaldos."]

    code, out, _ = _run(capsys, root, "backup")
    assert code == 0
    made = Path(out.strip().removeprefix("Respaldo creado: ").rsplit(" (", 1)[0])
    assert made.name.endswith(".sqlite3.zst")
    assert made.is_file()
    code, out, _ = _run(capsys, root, "backup", "--conservar", "10,2,24", "--listar")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == ("Se conservarán los respaldos automáticos 10 diarios, 2 semanales y "
                        "24 mensuales.")
    assert lines[1].endswith("(se conservan los automáticos 10 diarios, 2 semanales y 24 "
                             "mensuales):")
    assert lines[2].startswith("  ")
    assert " Manual " in lines[2]
    assert lines[2].endswith(f"  {made.name}")
    assert backups.retention(home.local_settings_file) == Retention(10, 2, 24)

    code, out, _ = _run(capsys, root, "backup", "--conservar", "30")
    assert out.startswith("Se conservarán los respaldos automáticos 30 diarios, 0 semanales")
    for wrong, said in (("0", "Se conservan de 1 a 365 respaldos diarios"),
                        ("7,4", "no es una retención"), ("siete", "no es una retención")):
        code, _, err = _run(capsys, root, "backup", "--conservar", wrong)
        assert code == EXIT_ERROR
        assert err.startswith("Error: ")
        assert said in err
    assert backups.retention(home.local_settings_file) == Retention(30, 0, 0)


def test_restore_by_name_after_the_store_was_damaged(
        capsys: pytest.CaptureFixture[str], home: AppPaths, tmp_path: Path) -> None:
    root = home.data_dir.parent
    _run(capsys, root, "backup")
    [saved] = backups.list_backups(home.backups_dir)
    code, _, _ = _run(capsys, root, "import-base", "--usuario", "mrojas",
                      str(write_xlsx(tmp_path / "Base Mal Escalados 21-11-2026.xlsx",
                                     good_rows(300))))
    assert code == 0
    overwrite_middle_pages(home.database_file, seed=21)

    code, out, err = _run(capsys, root, "db", "upgrade")
    assert code == EXIT_ERROR
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("Error: ")
    assert str(home.database_file) in err
    assert "dañad" in err
    assert err.rstrip().endswith(
        "Para volver a un respaldo: swat-desktop backup --listar y luego swat-desktop restore "
        "ARCHIVO (la base dañada queda guardada aparte).")
    for command in ("backup", "db info"):  # no copy of a damaged store; the same way out
        code, out, err = _run(capsys, root, *command.split())
        assert (code, out) == (EXIT_ERROR, "")
        assert "dañad" in err
        assert "swat-desktop restore ARCHIVO" in err
    assert [b.path for b in backups.list_backups(home.backups_dir)] == [saved.path]

    code, out, err = _run(capsys, root, "restore", saved.path.name)
    assert (code, err) == (0, "")
    first, second = out.splitlines()
    assert first == (f"Base de datos {home.database_file} restaurada desde "
                     f"{saved.path.name}.")
    assert second.startswith(f"La base que había quedó guardada en {home.backups_dir}/"
                             "antes-de-restaurar-")
    with closing(sqlite3.connect(home.database_file)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM mal_escalado_cases").fetchone() == (0,)


def test_restore_of_a_server_database_points_to_pg_restore(
        capsys: pytest.CaptureFixture[str], home: AppPaths) -> None:
    code, out, err = _run(capsys, home.data_dir.parent, "--database-url", "sqlite://",
                          "restore", "respaldo.sqlite3")
    assert (code, out) == (EXIT_ERROR, "")
    assert "pg_dump y pg_restore en el servidor" in err
