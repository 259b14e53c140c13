"""The permissions table, role by action: what each profile may do, and the sentence it reads
when it may not (the services raise these same sentences)."""

from __future__ import annotations

import pytest

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import Role, UserProfile
from swat_desktop.domain.permissions import (
    OWN_POINT_ONLY,
    RULES,
    Action,
    Target,
    can,
    refusal,
    require,
    roles_for,
)

A, B, S, C, P = (Role.AGENTE_CELULA, Role.BACKOFFICE, Role.SUPERVISOR_CAC,
                 Role.CONTROL_INFORMACION, Role.PROCESOS)
SUP, COORD, GER = Role.SUPERVISOR, Role.COORDINADOR, Role.GERENTE  # the célula's leaders
ROLES = (A, B, S, C, P, SUP, COORD, GER)

# action -> the roles allowed, read as a table: who may do each thing.
ALLOWED: dict[Action, set[Role]] = {
    Action.REVIEW_CASES: {A, B},
    Action.ASSIGN_BASES: {B},
    Action.ANNUL_BASE: {B},
    Action.MANAGE_CAUSALES: {B},
    Action.MANAGE_CLAIMS: {B},
    Action.WRITE_FEEDBACK: {B},
    Action.RECORD_PRACTICE: {SUP, COORD, GER},
    Action.VIEW_PRACTICES: {B, SUP, COORD, GER},
    Action.VIEW_ALL_PRACTICES: {B, GER},
    Action.MANAGE_CUT_RECIPIENTS: {B},
    Action.SAVE_RECORD: {S, C, P},
    Action.ANNUL_RECORD: {S, C, P},
    Action.RECORD_ERROR_PRUEBAS: {C, P},
    Action.REGISTER_FALLA_WINDOW: {C, P},
    Action.ANSWER_PROCESOS: {C, P},
    Action.APPROVE_EVENT: {C},
    Action.MARK_REPORTED: {C},
    Action.MANAGE_DAYS_OFF: {C},
    Action.RECEIVE_PACKAGE: {C},
    Action.MANAGE_POINT_KEYS: {C},
    Action.RESERVE_CORRELATIVOS: {S, C},
    Action.ANNUL_RESERVATION: {S, C},
    Action.TRANSCRIBE_PAPER: {S, C, P},
    Action.PUSH_EVENTS: {S},
    Action.IMPORT_TIPIFICACIONES: {C},
    Action.RECORD_ATENCION_ONLINE: {C, P},
}


def _user(role: Role) -> UserProfile:
    return UserProfile(1, "x", "Alguien", role, "")


def test_every_action_is_in_the_table() -> None:
    assert set(ALLOWED) == set(Action) == set(RULES)


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("role", ROLES)
def test_role_by_action(role: Role, action: Action) -> None:
    allowed = role in ALLOWED[action]
    assert can(_user(role), action) is allowed
    assert can(role, action) is allowed
    said = refusal(_user(role), action)
    assert (said is None) is allowed
    if not allowed:
        assert said == RULES[action].message
        assert said.startswith(("Solo", "Los registros", "Las cuentas", "«", "Las prácticas"))
    assert (role in roles_for(action)) is allowed


@pytest.mark.parametrize("action", [Action.SAVE_RECORD, Action.ANNUL_RECORD,
                                    Action.RESERVE_CORRELATIVOS, Action.ANNUL_RESERVATION,
                                    Action.TRANSCRIBE_PAPER])
def test_a_cac_supervisor_acts_on_their_own_point_only(action: Action) -> None:
    supervisor = _user(S)
    assert can(supervisor, action, Target(point_id=7, own_point=7))
    assert refusal(supervisor, action, Target(point_id=8, own_point=7)) == OWN_POINT_ONLY
    assert refusal(supervisor, action, Target(point_id=8, own_point=None)) == OWN_POINT_ONLY
    # Before a point is chosen (a blank form), only the role is asked.
    assert can(supervisor, action, Target(own_point=7))
    for area in roles_for(action) - {S}:
        assert can(_user(area), action, Target(point_id=8, own_point=None))


def test_the_sentences_the_services_have_always_raised() -> None:
    assert refusal(A, Action.MANAGE_CLAIMS) == "Solo el backoffice gestiona las reclamaciones."
    assert refusal(B, Action.SAVE_RECORD) == (
        "Los registros de inoperatividad los hacen el responsable del punto de atención, "
        "Control e Información o Procesos.")
    assert refusal(P, Action.RECEIVE_PACKAGE) == (
        "Solo Control e Información importa paquetes de los puntos de atención.")


def test_require_raises_the_refusal_on_the_field_the_form_shows() -> None:
    require(_user(C), Action.MARK_REPORTED)  # allowed: nothing raised
    with pytest.raises(ValidationError) as refused:
        require(_user(S), Action.ANNUL_RECORD, Target(point_id=2, own_point=1), field="registro")
    assert refused.value.errors == {"registro": OWN_POINT_ONLY}
