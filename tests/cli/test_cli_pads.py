"""``form talonario`` and ``form reservas`` without a window: the pad's PDF, the list of the
point's numbers, and refusals in one Spanish line."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from swat_desktop.cli import EXIT_ERROR, main
from swat_desktop.cli_args import EXIT_USAGE
from swat_desktop.domain.formatting import LIMA, format_datetime
from swat_desktop.paths import AppPaths
from swat_desktop.services import identity
from swat_desktop.services import inoperatividad_pads as pads
from swat_desktop.services.store import Database
from tests.fixtures.inoperatividad import cac_supervisor, control_informacion, good_input


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_pad_is_printed_and_its_numbers_listed(
        db: Database, paths: AppPaths, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    supervisor = cac_supervisor(db)
    control_informacion(db)
    identity.remember_login(paths.local_settings_file, supervisor.login)
    home = str(paths.data_dir.parent)
    pad = tmp_path / "talonario.pdf"
    code, out, err = _run(capsys, "--home", home, "form", "talonario", "--punto",
                          "cac-san-isidro", "--cantidad", "3", "-o", str(pad))
    assert (code, err) == (0, "")
    assert out.strip() == (f"Talonario guardado en {pad}: 3 formatos, CAC-SAN-ISIDRO-000001 "
                           "a CAC-SAN-ISIDRO-000003")
    text = " ".join(p.extract_text() for p in PdfReader(pad).pages)
    assert "Correlativo reservado: CAC-SAN-ISIDRO-000003" in text

    pads.annul_reservation(db, supervisor, "CAC-SAN-ISIDRO", 2, "Hoja rota")
    pads.transcribe(db, supervisor, "CAC-SAN-ISIDRO", 1, good_input(db, supervisor),
                    "Jorge Quispe")
    # The command line runs on the computer's clock, not the test's: read back when.
    when = format_datetime(pads.reservations(db, "CAC-SAN-ISIDRO")[0].reserved_at, LIMA)
    db.dispose()
    code, out, err = _run(capsys, "--home", home, "form", "reservas", "--punto",
                          "CAC-SAN-ISIDRO")
    assert (code, err) == (0, "")
    lines = out.strip().splitlines()
    assert lines[0].split("\t") == ["Correlativo", "Estado", "Reservado el", "Reservado por",
                                    "Registro o motivo"]
    assert [line.split("\t") for line in lines[1:]] == [
        ["CAC-SAN-ISIDRO-000001", "Transcrito", when, supervisor.full_name,
         "registro CAC-SAN-ISIDRO-000001 (llenó Jorge Quispe, transcribió "
         f"{supervisor.full_name})"],
        ["CAC-SAN-ISIDRO-000002", "Anulado", when, supervisor.full_name,
         "anulado: Hoja rota"],
        ["CAC-SAN-ISIDRO-000003", "Reservado", when, supervisor.full_name, "sin usar"]]

    code, _, err = _run(capsys, "--home", home, "form", "talonario", "--punto",
                        "CAC-PLAZA-NORTE", "--cantidad", "2", "-o", str(pad))
    assert code == EXIT_ERROR
    assert err.strip() == ("Error: Solo puede registrar o anular eventos de su propio punto "
                           "de atención.")
    code, _, err = _run(capsys, "--home", home, "form", "talonario", "--punto",
                        "CAC-SAN-ISIDRO", "--cantidad", "2", "-o", str(pad),
                        "--usuario", "cinfo")
    assert (code, err) == (0, "")  # Control e Información prints for any point: 4 and 5
    code, out, err = _run(capsys, "--home", home, "form", "reservas", "--punto",
                          "CAC-PLAZA-NORTE")
    assert (code, err, out.strip()) == (
        0, "", "El punto CAC-PLAZA-NORTE no tiene correlativos reservados.")


def test_refusals_are_one_spanish_line(
        db: Database, paths: AppPaths, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    cac_supervisor(db)
    db.dispose()
    home = str(paths.data_dir.parent)
    pad = tmp_path / "t.pdf"
    code, _, err = _run(capsys, "--home", home, "form", "talonario", "--punto",
                        "CAC-SAN-ISIDRO", "--cantidad", "0", "-o", str(pad),
                        "--usuario", "jquispe")
    assert (code, err.strip()) == (
        EXIT_ERROR, "Error: Indique cuántos formatos tiene el talonario (al menos 1).")
    code, _, err = _run(capsys, "--home", home, "form", "reservas", "--punto", "NADA")
    assert (code, err.strip()) == (EXIT_ERROR, "Error: No existe el punto de atención «NADA».")
    with pytest.raises(SystemExit) as exited:
        main(["--home", home, "form", "talonario", "--punto", "CAC-SAN-ISIDRO", "-o", str(pad)])
    assert exited.value.code == EXIT_USAGE
    assert "faltan los argumentos: --cantidad" in capsys.readouterr().err
    assert not pad.exists()


def test_an_unused_number_is_annulled_from_the_command_line(
        db: Database, paths: AppPaths, capsys: pytest.CaptureFixture[str]) -> None:
    supervisor = cac_supervisor(db)
    pads.reserve(db, supervisor, "CAC-SAN-ISIDRO", 3)
    db.dispose()
    home = str(paths.data_dir.parent)
    base = ("--home", home, "form", "anular-reserva", "--punto", "cac-san-isidro",
            "--usuario", "jquispe")
    code, out, err = _run(capsys, *base, "--numero", "000002", "--motivo", " Hoja mojada ")
    assert (code, err, out.strip()) == (
        0, "", "Correlativo CAC-SAN-ISIDRO-000002 anulado: Hoja mojada")
    code, out, err = _run(capsys, *base, "--numero", "CAC-SAN-ISIDRO-000003",
                          "--motivo", "Perdida")
    assert (code, err) == (0, "")
    code, _, err = _run(capsys, *base, "--numero", "2", "--motivo", "Otra vez")
    assert (code, err.strip()) == (EXIT_ERROR, (
        "Error: El correlativo CAC-SAN-ISIDRO-000002 ya está anulado: solo se anula uno "
        "reservado sin usar."))
    code, _, err = _run(capsys, *base, "--numero", "CAC-PLAZA-NORTE-000001", "--motivo", "X")
    assert code == EXIT_ERROR
    assert "no es un correlativo del punto CAC-SAN-ISIDRO" in err
    code, _, err = _run(capsys, *base, "--numero", "1", "--motivo", "  ")
    assert (code, err.strip()) == (
        EXIT_ERROR, "Error: Escriba por qué se anula el correlativo (perdido, dañado…).")
    assert [(r.number, r.state.value, r.annul_reason)
            for r in pads.reservations(db, "CAC-SAN-ISIDRO")] == [
        (1, "reservado", ""), (2, "anulado", "Hoja mojada"), (3, "anulado", "Perdida")]


def test_reservas_help_says_transcription_is_in_the_window(
        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["form", "reservas", "--help"])
    said = " ".join(capsys.readouterr().out.split())  # argparse wraps to the terminal
    assert "Talonarios… → Transcribir formato en papel" in said
