"""The command line, in process and as the installed script; errors are one Spanish line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from swat_desktop import __version__
from swat_desktop.cli import EXIT_ERROR, main
from swat_desktop.cli_args import EXIT_USAGE
from swat_desktop.domain.identity import ProfileInput, Role, UserProfile
from swat_desktop.paths import AppPaths, resolve_paths
from swat_desktop.services import identity, store
from swat_desktop.services.store import Database
from swat_desktop.storage.migrate import head_revision
from tests.fixtures.inoperatividad import (
    cac_supervisor,
    control_informacion,
    save_reportable_record,
    save_sample_record,
)
from tests.fixtures.month import build


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"SWAT Desktop {__version__}"


def test_upgrade_then_info_then_backup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = str(tmp_path / "h")
    code, out, _ = _run(capsys, "--home", home, "db", "upgrade")
    assert code == 0
    assert out.startswith(f"Esquema actualizado de vacío a {head_revision()}")

    code, out, _ = _run(capsys, "--home", home, "db", "upgrade")
    assert (code, out.strip()) == (0, f"La base de datos ya está al día (revisión "
                                      f"{head_revision()}).")

    code, out, _ = _run(capsys, "--home", home, "db", "info")
    assert code == 0
    assert f"Base de datos: {tmp_path / 'h' / 'data' / 'swat_desktop.sqlite3'}" in out
    assert f"Revisión:      {head_revision()} (al día)" in out
    assert "Usuarios" in out
    assert "Registros de auditoría" in out

    code, out, _ = _run(capsys, "--home", home, "backup")
    assert code == 0
    backup = Path(out.strip().removeprefix("Respaldo creado: ").rsplit(" (", 1)[0])
    assert backup.parent == tmp_path / "h" / "backups"
    assert backup.stat().st_size > 0
    assert (tmp_path / "h" / "logs" / "swat-desktop.log").exists()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"PK\x03\x04 esto es un zip, no una base" * 50, "el archivo no es una base de datos"),
        (None, "no se puede abrir el archivo"),
    ],
)
def test_a_store_that_cannot_be_opened_gives_one_spanish_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, reason: str
) -> None:
    target = tmp_path / "store.sqlite3"
    if content is None:
        target.mkdir()  # a folder where the file should be
    else:
        target.write_bytes(content)
    url = f"sqlite:///{target}"
    for command in (["db", "info"], ["db", "upgrade"], ["backup"]):
        code, out, err = _run(capsys, "--home", str(tmp_path / "h"), "--database-url", url,
                              *command)
        assert code == EXIT_ERROR, command
        assert out == ""
        assert err.count("\n") == 1, err
        assert err.startswith(f"Error: No se puede abrir la base de datos {target}: {reason}")
    if content is not None:
        assert target.read_bytes() == content


def test_info_on_a_missing_store_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "--home", str(tmp_path / "h"), "db", "info")
    assert code == EXIT_ERROR
    assert err.startswith("Error: No existe la base de datos")


def test_usage_errors_are_in_spanish(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["db", "borrar"])
    assert exited.value.code == EXIT_USAGE
    err = capsys.readouterr().err
    assert err.startswith("Error: argumento ACCIÓN: opción no válida")
    assert "Use --help" in err


def test_the_installed_script_and_python_m_both_answer(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "swat-desktop"
    env = {**os.environ, "SWAT_DESKTOP_HOME": str(tmp_path / "h")}
    for command in ([str(script), "--version"], [sys.executable, "-m", "swat_desktop",
                                                 "--version"]):
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60,
                              check=False)
        assert (done.returncode, done.stdout.strip()) == (0, f"SWAT Desktop {__version__}")


def test_help_is_in_spanish(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert out.startswith("Uso: swat-desktop")
    with pytest.raises(SystemExit):
        main(["db", "--help"])
    assert capsys.readouterr().out.startswith("Uso: swat-desktop db ")  # not "Uso: Uso: …"
    assert "opciones:" in out
    assert "muestra esta ayuda y termina" in out
    for english in ("usage:", "options:", "show this help"):
        assert english not in out


def test_import_base_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.fixtures.workbooks import good_rows, write_xlsx

    home = str(tmp_path / "h")
    path = write_xlsx(tmp_path / "Base Mal Escalados 21-11-2026.xlsx",
                      [*good_rows(2), ["", "x", "", "", "", "", ""]])
    code, _, err = _run(capsys, "--home", home, "import-base", str(path))
    assert code == EXIT_ERROR
    assert err.startswith("Error: No hay un usuario recordado en este equipo")

    from swat_desktop.domain.identity import ProfileInput, Role
    from swat_desktop.paths import resolve_paths
    from swat_desktop.services import identity, store

    paths = resolve_paths(home)
    db, _ = store.open_store(None, paths.database_file, paths.backups_dir)
    identity.save_profile(db, ProfileInput("bo1", "Back Office", Role.BACKOFFICE, "C1"))
    db.dispose()
    rejects = tmp_path / "rechazos.xlsx"
    code, out, err = _run(capsys, "--home", home, "import-base", str(path), "--usuario", "bo1",
                          "--rechazos", str(rejects))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == ("Base del 21/11/2026 (Base Mal Escalados 21-11-2026.xlsx): 2 cuentas "
                        "importadas, 0 duplicadas, 1 fila rechazada.")
    assert lines[1].startswith("  Base, fila 4, columna A (Cuenta): Falta la cuenta.")
    assert rejects.exists()

    code, out, _ = _run(capsys, "--home", home, "import-base", str(path), "--usuario", "bo1",
                        "--fecha", "20/11/2026")
    assert code == 0
    assert out.startswith("Este archivo ya se importó el ")
    assert "0 cuentas importadas, 2 duplicadas" in out


def test_import_base_explains_unknown_columns_and_bad_dates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.fixtures.workbooks import write_xlsx

    path = write_xlsx(tmp_path / "Base 21-11-2026.xlsx", [["1", "2"]], headers=["Cta", "F"])
    code, _, err = _run(capsys, "--home", str(tmp_path / "h"), "import-base", str(path),
                        "--usuario", "nadie")
    assert code == EXIT_ERROR
    assert "No hay el usuario «nadie»" in err

    from swat_desktop.domain.identity import ProfileInput, Role
    from swat_desktop.paths import resolve_paths
    from swat_desktop.services import identity, store

    paths = resolve_paths(tmp_path / "h")
    db, _ = store.open_store(None, paths.database_file, paths.backups_dir)
    identity.save_profile(db, ProfileInput("bo1", "Back Office", Role.BACKOFFICE, "C1"))
    db.dispose()
    code, _, err = _run(capsys, "--home", str(tmp_path / "h"), "import-base", str(path),
                        "--usuario", "bo1")
    assert code == EXIT_ERROR
    assert err.startswith("Error: No se reconocen las columnas Cuenta, Fecha de escalamiento")
    assert "(encabezados en la fila 1: Cta, F)" in err
    assert "la asignación queda recordada" in err
    with pytest.raises(SystemExit):
        main(["import-base", str(path), "--fecha", "21-11-2026"])
    assert ("fecha no válida «21-11-2026», use dd/mm/aaaa o aaaa-mm-dd"
            in capsys.readouterr().err)


def test_report_corte_and_consolidado_without_a_window(
        db: Database, agent: UserProfile, paths: AppPaths, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    month = build(db, agent, tmp_path / "bases")
    db.dispose()
    out_dir = tmp_path / "salida"
    home = str(paths.data_dir.parent)
    code, out, err = _run(capsys, "--home", home, "report", "corte", "--periodo", "semanal",
                          "--fecha", "21/11/2026", "--salida", str(out_dir),
                          "--usuario", month.backoffice.login)
    assert (code, err) == (0, "")
    assert "semana 47 de 2026" in out
    pdf = out_dir / "Corte mal escalados semanal 2026-S47.pdf"
    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Ana Ruiz" in text
    assert (out_dir / "Corte mal escalados semanal 2026-S47.xlsx").is_file()

    code, out, err = _run(capsys, "--home", home, "report", "consolidado",
                          "--desde", "01/11/2026", "--hasta", "30/11/2026",
                          "--salida", str(out_dir), "--usuario", month.backoffice.login)
    assert (code, err) == (0, "")
    book = load_workbook(out_dir / "CONSOLIDADO MAL ESCALADO SOPORTE 2026-11-01_2026-11-30.xlsx")
    detail = book.worksheets[0]
    assert detail.max_row == 1 + 8  # every reviewed account of both bases

    code, _, err = _run(capsys, "--home", home, "report", "consolidado",
                        "--desde", "30/11/2026", "--hasta", "01/11/2026")
    assert code == EXIT_ERROR
    assert err.strip() == "Error: --hasta es anterior a --desde."


def test_form_blank_and_print_without_a_window(
        db: Database, paths: AppPaths, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    record = save_sample_record(db)
    db.dispose()
    home = str(paths.data_dir.parent)
    blank = tmp_path / "formato.pdf"
    code, out, err = _run(capsys, "--home", home, "form", "blank", "-o", str(blank))
    assert (code, err) == (0, "")
    assert out.strip() == f"Formato guardado en {blank}"
    text = " ".join(p.extract_text() for p in PdfReader(blank).pages)
    assert "Formato Manual de Registro de Inoperatividad" in text
    assert "SIAC ÚNICO" in text

    filled = tmp_path / "registro.pdf"
    code, _, err = _run(capsys, "--home", home, "form", "print", record.number.lower(),
                        "-o", str(filled))
    assert (code, err) == (0, "")
    text = " ".join(p.extract_text() for p in PdfReader(filled).pages)
    assert record.number in text

    code, _, err = _run(capsys, "--home", home, "form", "print", "CAC-SAN-ISIDRO-000999",
                        "-o", str(filled))
    assert code == EXIT_ERROR
    assert err.strip() == "Error: No existe el registro CAC-SAN-ISIDRO-000999."
    code, _, err = _run(capsys, "--home", home, "form", "print", "999", "-o", str(filled))
    assert code == EXIT_ERROR
    assert "se escribe como CAC-SAN-ISIDRO-000042" in err


def test_report_inoperatividad_without_a_window(
        db: Database, paths: AppPaths, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    record, control = save_reportable_record(db)
    db.dispose()
    out_dir = tmp_path / "salida"
    home = str(paths.data_dir.parent)
    code, out, err = _run(capsys, "--home", home, "report", "inoperatividad",
                          "--desde", "01/11/2026", "--hasta", "30/11/2026",
                          "--salida", str(out_dir), "--usuario", control.login)
    assert (code, err) == (0, "")
    stem = "Reporte de Eventos de Inoperatividad 2026-11-01_2026-11-30"
    assert out.splitlines() == ["Periodo 01/11/2026 al 30/11/2026:",
                                f"  {out_dir / f'{stem}.xlsx'}", f"  {out_dir / f'{stem}.pdf'}"]
    sheet = load_workbook(out_dir / f"{stem}.xlsx").active
    assert sheet is not None
    assert record.number in [cell.value for cell in sheet["A"]]
    text = " ".join(p.extract_text() for p in PdfReader(out_dir / f"{stem}.pdf").pages)
    assert record.number in text
    assert "1 evento reportable" in text


def test_report_inoperatividad_refuses_a_reversed_period_before_opening_the_store(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "nuevo"
    code, _, err = _run(capsys, "--home", str(home), "report", "inoperatividad",
                        "--desde", "30/11/2026", "--hasta", "01/11/2026")
    assert code == EXIT_ERROR
    assert err.strip() == "Error: --hasta es anterior a --desde."
    assert not resolve_paths(str(home)).database_file.exists()
    with pytest.raises(SystemExit):
        main(["report", "inoperatividad", "--desde", "01/11/2026"])
    assert "faltan los argumentos: --hasta" in capsys.readouterr().err


def test_packages_between_a_point_and_control_e_informacion(
        db: Database, paths: AppPaths, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    record = save_sample_record(db)
    identity.remember_login(paths.local_settings_file, "jquispe")  # the point's supervisor
    db.dispose()
    package = tmp_path / "CAC-SAN-ISIDRO.swatpkg"
    code, out, err = _run(capsys, "--home", str(paths.data_dir.parent), "paquete", "exportar",
                          "-o", str(package), "--punto", "cac-san-isidro")
    assert (code, err, out.strip()) == (0, "", f"Paquete guardado en {package}")

    central = str(tmp_path / "control")
    assert _run(capsys, "--home", central, "db", "upgrade")[0] == 0
    code, out, err = _run(capsys, "--home", central, "paquete", "importar", str(package),
                          "--usuario", "nadie")
    assert code == EXIT_ERROR  # an unknown profile: refused before anything is read
    assert "nadie" in err
    other, _ = store.open_store(None, Path(central) / "data" / "swat_desktop.sqlite3",
                                Path(central) / "backups")
    identity.save_profile(other, ProfileInput("cinfo", "Carla Info", Role.CONTROL_INFORMACION,
                                              "Control e Información"))
    other.dispose()
    code, _, err = _run(capsys, "--home", central, "paquete", "importar", str(package),
                        "--usuario", "cinfo")
    assert code == EXIT_ERROR  # the point's key is not registered yet
    assert "no está registrada para CAC-SAN-ISIDRO" in err
    code, out, _ = _run(capsys, "--home", str(paths.data_dir.parent), "paquete", "huella")
    assert code == 0  # the remembered user's point, read out to Control e Información
    fingerprint = out.split(": ", 1)[1].splitlines()[0]
    assert len(fingerprint.split()) == 8
    code, _, err = _run(capsys, "--home", central, "paquete", "registrar-clave", str(package),
                        "--huella", "0000 " * 8, "--usuario", "cinfo")
    assert (code, "no se registró nada" in err) == (EXIT_ERROR, True)
    code, out, _ = _run(capsys, "--home", central, "paquete", "registrar-clave", str(package),
                        "--huella", fingerprint.lower().replace(" ", "-"), "--usuario", "cinfo")
    assert (code, out.split(".")[0]) == (0, f"Clave de CAC-SAN-ISIDRO registrada: huella "
                                            f"{fingerprint}")
    code, out, _ = _run(capsys, "--home", central, "paquete", "claves")
    assert out.startswith(f"CAC-SAN-ISIDRO  {fingerprint}  (registrada el ")
    code, out, _ = _run(capsys, "--home", central, "paquete", "importar", str(package),
                        "--usuario", "cinfo")
    assert (code, out.strip()) == (0, "Paquete de CAC-SAN-ISIDRO: 1 registro nuevo, "
                                      "0 actualizados, 0 sin cambios.")
    assert record.number.startswith("CAC-SAN-ISIDRO")
    broken = tmp_path / "roto.swatpkg"
    broken.write_bytes(b"no es un zip")
    code, _, err = _run(capsys, "--home", central, "paquete", "importar", str(broken),
                        "--usuario", "cinfo")
    assert code == EXIT_ERROR
    assert "no es un paquete de eventos" in err


def test_a_package_exported_onto_a_folder_is_refused_and_leaves_nothing(
        db: Database, paths: AppPaths, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    save_sample_record(db)
    db.dispose()
    folder = tmp_path / "paquetes"
    folder.mkdir()
    code, out, err = _run(capsys, "--home", str(paths.data_dir.parent), "paquete", "exportar",
                          "-o", str(folder), "--punto", "CAC-SAN-ISIDRO")
    assert (code, out) == (EXIT_ERROR, "")
    assert err.startswith(f"Error: «{folder}» es una carpeta: indique el nombre del archivo")
    assert list(folder.iterdir()) == []


def test_non_working_days_are_listed_added_and_removed_from_the_command_line(
        db: Database, paths: AppPaths, capsys: pytest.CaptureFixture[str]) -> None:
    control = control_informacion(db)
    supervisor = cac_supervisor(db)
    db.dispose()
    home = str(paths.data_dir.parent)
    code, out, err = _run(capsys, "--home", home, "dias-no-laborables", "agregar", "07/12/2026",
                          "Feriado regional", "--usuario", control.login)
    assert (code, out.strip(), err) == (0, "El 07/12/2026 se agregó como no laborable.", "")
    code, out, _ = _run(capsys, "--home", home, "dias-no-laborables", "listar", "--anio", "2026")
    assert code == 0
    assert "07/12/2026  Feriado regional (agregado por Carla Info)" in out.splitlines()
    assert "09/12/2026  Batalla de Ayacucho (feriado nacional)" in out.splitlines()
    code, _, err = _run(capsys, "--home", home, "dias-no-laborables", "quitar", "07/12/2026",
                        "--usuario", supervisor.login)
    assert code == EXIT_ERROR
    assert "Solo Control e Información" in err
    code, out, _ = _run(capsys, "--home", home, "dias-no-laborables", "quitar", "07/12/2026",
                        "--usuario", control.login)
    assert (code, out.strip()) == (0, "El 07/12/2026 volvió a ser laborable.")
