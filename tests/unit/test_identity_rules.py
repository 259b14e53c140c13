from swat_desktop.domain.identity import (
    ProfileInput,
    Role,
    UnitKind,
    validate_profile,
)


def _input(**changes: object) -> ProfileInput:
    values: dict[str, object] = {
        "login": "mrojas", "full_name": "María Rojas", "role": Role.AGENTE_CELULA,
        "unit": "Célula Bogotá",
    }
    values.update(changes)
    return ProfileInput(**values)  # type: ignore[arg-type]


def test_a_complete_profile_is_valid() -> None:
    assert validate_profile(_input()) == {}


def test_every_missing_field_gets_its_own_spanish_message() -> None:
    errors = validate_profile(ProfileInput(login="", full_name=" ", role=None, unit=""))
    assert errors == {
        "full_name": "Escriba su nombre completo.",
        "login": "Escriba su usuario de red.",
        "role": "Elija su rol.",
    }


def test_login_is_normalized_before_it_is_checked() -> None:
    assert validate_profile(_input(login="  MRojas ")) == {}
    assert _input(login="  MRojas ").normalized().login == "mrojas"


def test_login_with_spaces_or_accents_is_refused() -> None:
    for bad in ("m rojas", "maría", "ab", "-abc"):
        assert "login" in validate_profile(_input(login=bad)), bad


def test_unit_is_required_for_celula_and_attention_point_roles_only() -> None:
    assert validate_profile(_input(unit="")) == {"unit": "Indique su célula."}
    assert validate_profile(_input(role=Role.SUPERVISOR_CAC, unit="")) == {
        "unit": "Indique su punto de atención."
    }
    assert validate_profile(_input(role=Role.PROCESOS, unit="")) == {}


def test_roles_know_their_unit_and_time_zone() -> None:
    assert Role.BACKOFFICE.unit_kind is UnitKind.CELULA
    assert Role.SUPERVISOR_CAC.unit_kind is UnitKind.ATTENTION_POINT
    assert str(Role.AGENTE_CELULA.zone) == "America/Bogota"
    assert str(Role.SUPERVISOR_CAC.zone) == "America/Lima"
    for leader in (Role.SUPERVISOR, Role.COORDINADOR, Role.GERENTE):  # a célula's leaders
        assert leader.unit_kind is UnitKind.CELULA
        assert str(leader.zone) == "America/Bogota"
    assert [r.label for r in Role] == [
        "Agente de célula", "Backoffice", "Supervisor CAC", "Control e Información", "Procesos",
        "Supervisor de célula", "Coordinador", "Gerente",
    ]


def test_each_role_works_in_one_procedure() -> None:
    from swat_desktop.domain.identity import Procedure

    assert {r: r.procedure for r in Role} == {
        Role.AGENTE_CELULA: Procedure.MAL_ESCALADOS,
        Role.BACKOFFICE: Procedure.MAL_ESCALADOS,
        Role.SUPERVISOR_CAC: Procedure.INOPERATIVIDAD,
        Role.CONTROL_INFORMACION: Procedure.INOPERATIVIDAD,
        Role.PROCESOS: Procedure.INOPERATIVIDAD,
        Role.SUPERVISOR: Procedure.MAL_ESCALADOS,
        Role.COORDINADOR: Procedure.MAL_ESCALADOS,
        Role.GERENTE: Procedure.MAL_ESCALADOS,
    }
