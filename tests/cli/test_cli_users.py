"""``swat-desktop usuario crear / listar / usar``: a fresh computer gets a profile and picks it
without the window, through the same service and rules as the identity dialog; and every date
option of every sub-command reads dd/mm/aaaa and ISO 8601."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

import pytest

from swat_desktop.cli import EXIT_ERROR, build_parser, main
from swat_desktop.cli_args import EXIT_USAGE, day
from swat_desktop.domain.formatting import DAY_FORMS
from swat_desktop.domain.identity import Role
from swat_desktop.paths import resolve_paths
from swat_desktop.services import audit, identity, inoperatividad, store


def _run(capsys: pytest.CaptureFixture[str], home: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--home", str(home), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_create_list_and_use_on_a_fresh_home(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "h"
    assert _run(capsys, home, "usuario", "listar") == (
        0, "No hay perfiles. Cree uno con: swat-desktop usuario crear LOGIN --nombre NOMBRE "
           "--rol ROL --unidad UNIDAD\n", "")
    code, out, err = _run(capsys, home, "usuario", "crear", " ARuiz ", "--nombre", "Ana   Ruiz",
                          "--rol", "backoffice", "--unidad", "Célula Soporte Bogotá")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Perfil creado: Ana Ruiz (aruiz), Backoffice, Célula Soporte Bogotá.",
        "Para trabajar con él en este equipo: swat-desktop usuario usar aruiz"]
    code, out, err = _run(capsys, home, "usuario", "crear", "psoto", "--nombre", "Pedro Soto",
                          "--rol", "supervisor_cac", "--unidad", "CAC San Isidro")
    assert (code, err) == (0, "")

    code, out, _ = _run(capsys, home, "usuario", "listar")
    assert out.splitlines() == ["  aruiz  Ana Ruiz · Backoffice · Célula Soporte Bogotá",
                                "  psoto  Pedro Soto · Supervisor CAC · CAC San Isidro"]
    code, out, err = _run(capsys, home, "usuario", "usar", "PSOTO")
    assert (code, out, err) == (
        0, "Este equipo trabaja ahora como Pedro Soto (psoto), Supervisor CAC.\n", "")
    assert _run(capsys, home, "usuario", "listar")[1].splitlines()[1].startswith("* psoto")

    paths = resolve_paths(home)
    assert json.loads(paths.local_settings_file.read_text(encoding="utf-8")) == {
        "current_login": "psoto"}
    db = store.connect(None, paths.database_file)
    try:
        # What the window reads at start-up (gui/app.py): it opens as Pedro, no dialog.
        current = identity.current_user(db, paths.local_settings_file)
        assert current is not None
        assert (current.full_name, current.role, current.unit) == (
            "Pedro Soto", Role.SUPERVISOR_CAC, "CAC San Isidro")
        # The supervisor's point exists, as after the dialog.
        point = inoperatividad.user_point(db, current)
        assert point is not None
        assert point.code == "CAC-SAN-ISIDRO"
        # Each creation is in the audit, signed by the person created, as from the dialog.
        created = {(row.user_login, row.action) for row in audit.recent_entries(db)
                   if row.entity == "user"}
        assert created == {("aruiz", "crear"), ("psoto", "crear")}
    finally:
        db.dispose()


def test_create_with_usar_remembers_it_at_once(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "h"
    code, out, _ = _run(capsys, home, "usuario", "crear", "cinfo", "--nombre", "Carla Díaz",
                        "--rol", "control_informacion", "--usar")
    assert code == 0
    assert out.splitlines() == [
        "Perfil creado: Carla Díaz (cinfo), Control e Información.",
        "Este equipo trabaja ahora como Carla Díaz (cinfo), Control e Información."]
    assert identity.remembered_login(resolve_paths(home).local_settings_file) == "cinfo"


@pytest.mark.parametrize(("args", "message"), [
    (["crear", "x"],
     "Error: LOGIN: El usuario debe tener de 3 a 40 caracteres: letras sin tilde, números, "
     "punto, guion o guion bajo.; --nombre: Escriba su nombre completo.; --rol: Elija su rol."),
    (["crear", "psoto", "--nombre", "Pedro Soto", "--rol", "supervisor_cac"],
     "Error: --unidad: Indique su punto de atención."),
    (["crear", "maría", "--nombre", "María Rojas", "--rol", "agente_celula", "--unidad", "C1"],
     "Error: LOGIN: El usuario debe tener de 3 a 40 caracteres: letras sin tilde, números, "
     "punto, guion o guion bajo."),
    (["crear", "mrojas", "--nombre", "M" * 121, "--rol", "procesos"],
     "Error: --nombre: El nombre admite hasta 120 caracteres."),
    (["crear", "aruiz", "--nombre", "Otra Ana", "--rol", "backoffice", "--unidad", "C2"],
     "Error: Ya existe el perfil «aruiz» (Ana Ruiz): para trabajar con él, swat-desktop "
     "usuario usar aruiz."),
    (["usar", "nadie"],
     "Error: No existe el perfil «nadie». Los perfiles: swat-desktop usuario listar; uno "
     "nuevo: swat-desktop usuario crear LOGIN --nombre NOMBRE --rol ROL --unidad UNIDAD."),
])
def test_refusals_name_the_option_and_change_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
        message: str) -> None:
    home = tmp_path / "h"
    assert _run(capsys, home, "usuario", "crear", "aruiz", "--nombre", "Ana Ruiz", "--rol",
                "backoffice", "--unidad", "C1", "--usar")[0] == 0
    code, out, err = _run(capsys, home, "usuario", *args)
    assert (code, out, err.strip()) == (EXIT_ERROR, "", message)
    paths = resolve_paths(home)
    assert identity.remembered_login(paths.local_settings_file) == "aruiz"
    db = store.connect(None, paths.database_file)
    try:
        assert [u.login for u in identity.list_users(db)] == ["aruiz"]
        ana = identity.find_user(db, "aruiz")
        assert ana is not None
        assert (ana.full_name, ana.unit) == ("Ana Ruiz", "C1")
    finally:
        db.dispose()


def test_an_unknown_role_is_refused_listing_the_roles(capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["usuario", "crear", "jefe1", "--nombre", "Jefe Uno", "--rol", "jefe"])
    assert exited.value.code == EXIT_USAGE
    err = capsys.readouterr().err
    assert err.startswith("Error: argumento --rol: opción no válida: 'jefe' (elija entre "
                          "'agente_celula', 'backoffice', 'supervisor_cac'")


def test_a_command_without_a_profile_says_how_to_make_one(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, tmp_path / "h", "dias-no-laborables", "agregar", "2026-12-07",
                        "Feriado regional")
    assert code == EXIT_ERROR
    assert err.strip() == (
        "Error: No hay un usuario recordado en este equipo: cree su perfil con swat-desktop "
        "usuario crear LOGIN --nombre NOMBRE --rol ROL --unidad UNIDAD y elíjalo con "
        "swat-desktop usuario usar LOGIN (o indique --usuario LOGIN de un perfil existente; "
        "swat-desktop usuario listar los muestra).")


def _date_actions(parser: argparse.ArgumentParser, path: str = "swat-desktop"
                  ) -> list[tuple[str, argparse.Action]]:
    """Every option and argument of every sub-command whose value is a day."""
    found: list[tuple[str, argparse.Action]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += _date_actions(sub, f"{path} {name}")
        elif action.type is day:
            found.append((f"{path} {'/'.join(action.option_strings) or action.dest}", action))
    return found


def test_every_date_option_reads_both_forms_and_its_help_says_so() -> None:
    actions = _date_actions(build_parser())
    named = {where for where, _ in actions}
    assert named == {
        "swat-desktop import-base --fecha",
        "swat-desktop report corte --fecha",
        "swat-desktop report practicas --semana",
        "swat-desktop report consolidado --desde", "swat-desktop report consolidado --hasta",
        "swat-desktop report inoperatividad --desde",
        "swat-desktop report inoperatividad --hasta",
        "swat-desktop dias-no-laborables agregar day",
        "swat-desktop dias-no-laborables quitar day",
    }
    for where, action in actions:
        assert action.help is not None
        assert action.help.endswith(f"({DAY_FORMS})"), where
        assert action.metavar == "FECHA", where


def test_no_other_option_looks_like_a_date() -> None:
    """A new date option must use cli_args.add_day: one typed as text would read one form."""
    def walk(parser: argparse.ArgumentParser) -> list[argparse.Action]:
        actions = []
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub in action.choices.values():
                    actions += walk(sub)
            else:
                actions.append(action)
        return actions

    for action in walk(build_parser()):
        if action.type is not day:
            text = f"{action.metavar or ''} {action.help or ''}".lower()
            assert "dd/mm" not in text, action
            assert "fecha" not in str(action.metavar).lower(), action


def test_iso_and_spanish_dates_give_the_same_report(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "h"
    _run(capsys, home, "usuario", "crear", "aruiz", "--nombre", "Ana Ruiz", "--rol",
         "backoffice", "--unidad", "C1", "--usar")
    written = []
    for since, until in (("2026-11-01", "30/11/2026"), ("01/11/2026", "2026-11-30")):
        code, out, err = _run(capsys, home, "report", "consolidado", "--desde", since,
                              "--hasta", until, "--salida", str(tmp_path / since))
        assert (code, err) == (0, "")
        assert out.splitlines()[0] == "Periodo 01/11/2026 al 30/11/2026:"
        written.append(Path(out.splitlines()[1].strip()).name)
    assert written[0] == written[1] == (
        "CONSOLIDADO MAL ESCALADO SOPORTE 2026-11-01_2026-11-30.xlsx")
    _run(capsys, home, "usuario", "crear", "cinfo", "--nombre", "Carla Díaz", "--rol",
         "control_informacion")
    code, out, err = _run(capsys, home, "dias-no-laborables", "agregar", "2026-12-07",
                          "Feriado regional", "--usuario", "cinfo")
    assert (code, out) == (0, "El 07/12/2026 se agregó como no laborable.\n")
    code, out, _ = _run(capsys, home, "dias-no-laborables", "quitar", "07/12/2026",
                        "--usuario", "cinfo")
    assert (code, out) == (0, "El 07/12/2026 volvió a ser laborable.\n")


def test_a_refused_date_names_the_option_and_both_forms(capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["report", "corte", "--periodo", "diario", "--fecha", "21.11.2026"])
    assert exited.value.code == EXIT_USAGE
    assert capsys.readouterr().err.startswith(
        "Error: argumento --fecha: fecha no válida «21.11.2026», use dd/mm/aaaa o aaaa-mm-dd.")
    assert day("2026-11-21") == day("21/11/2026") == date(2026, 11, 21)
