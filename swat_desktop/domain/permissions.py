"""Who may do what: one table of actions and the roles allowed each.

Services refuse through ``refusal`` (raising its Spanish sentence) and views enable through
``can``, so a rule changes in one place and the button and the refusal never disagree.
Identity is declared, not authenticated (domain.identity): these rules keep honest people in
their lane and say why, they do not defend against someone lying about who they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import LEADERS, Role, UserProfile

MAL_ESCALADOS_OFFICE = frozenset({Role.BACKOFFICE})
CONTROL = frozenset({Role.CONTROL_INFORMACION})
# Control e Información and Procesos: the areas that evaluate every point's events.
EVALUATORS = frozenset({Role.CONTROL_INFORMACION, Role.PROCESOS})
# Who writes the Formato Manual: the point's responsible, and the areas that may register
# on behalf of any point.
RECORD_WRITERS = frozenset({Role.SUPERVISOR_CAC, Role.CONTROL_INFORMACION, Role.PROCESOS})
# The roles that answer for one attention point only: their own (Target.own_point).
POINT_BOUND = frozenset({Role.SUPERVISOR_CAC})
# Who prints pads of numbered forms and annuls their unused numbers.
PAD_KEEPERS = frozenset({Role.SUPERVISOR_CAC, Role.CONTROL_INFORMACION})


class Action(StrEnum):
    # Mal escalados
    REVIEW_CASES = "review_cases"
    ASSIGN_BASES = "assign_bases"
    ANNUL_BASE = "annul_base"
    MANAGE_CAUSALES = "manage_causales"
    MANAGE_CLAIMS = "manage_claims"
    WRITE_FEEDBACK = "write_feedback"
    RECORD_PRACTICE = "record_practice"
    VIEW_PRACTICES = "view_practices"
    VIEW_ALL_PRACTICES = "view_all_practices"
    MANAGE_CUT_RECIPIENTS = "manage_cut_recipients"
    # Inoperatividad
    SAVE_RECORD = "save_record"
    ANNUL_RECORD = "annul_record"
    RECORD_ERROR_PRUEBAS = "record_error_pruebas"
    REGISTER_FALLA_WINDOW = "register_falla_window"
    ANSWER_PROCESOS = "answer_procesos"
    APPROVE_EVENT = "approve_event"
    MARK_REPORTED = "mark_reported"
    MANAGE_DAYS_OFF = "manage_days_off"
    RECEIVE_PACKAGE = "receive_package"
    MANAGE_POINT_KEYS = "manage_point_keys"
    RESERVE_CORRELATIVOS = "reserve_correlativos"
    ANNUL_RESERVATION = "annul_reservation"
    TRANSCRIBE_PAPER = "transcribe_paper"
    PUSH_EVENTS = "push_events"
    IMPORT_TIPIFICACIONES = "import_tipificaciones"
    RECORD_ATENCION_ONLINE = "record_atencion_online"


@dataclass(frozen=True)
class Target:
    """What a rule needs to know about the thing acted on. ``point_id`` is the attention point
    of the record (None: not known yet, e.g. before a form is filled); ``own_point`` is the
    actor's own point as stored (a Supervisor CAC's)."""

    point_id: int | None = None
    own_point: int | None = None


@dataclass(frozen=True)
class Rule:
    roles: frozenset[Role]
    message: str  # the refusal, in the words the services have always used


_RECORD_ROLES = ("Los registros de inoperatividad los hacen el responsable del punto de "
                 "atención, Control e Información o Procesos.")
_RECEIVE = "Solo Control e Información importa paquetes de los puntos de atención."
_PADS = ("Solo el supervisor del CAC (para su punto) o Control e Información reservan y "
         "anulan correlativos de talonarios.")
OWN_POINT_ONLY = "Solo puede registrar o anular eventos de su propio punto de atención."

RULES: dict[Action, Rule] = {
    # The célula reviews the accounts: what a base is assigned to. (The review's save does not
    # refuse other roles today: their window opens on Inoperatividad.)
    Action.REVIEW_CASES: Rule(frozenset({Role.AGENTE_CELULA, Role.BACKOFFICE}),
                              "Las cuentas las revisan los agentes de célula y el backoffice."),
    Action.ASSIGN_BASES: Rule(MAL_ESCALADOS_OFFICE, "Solo el backoffice asigna las bases."),
    Action.ANNUL_BASE: Rule(MAL_ESCALADOS_OFFICE, "Solo el backoffice anula importaciones."),
    Action.MANAGE_CAUSALES: Rule(MAL_ESCALADOS_OFFICE,
                                 "Solo el backoffice administra el catálogo de causales."),
    Action.MANAGE_CLAIMS: Rule(MAL_ESCALADOS_OFFICE,
                               "Solo el backoffice gestiona las reclamaciones."),
    Action.WRITE_FEEDBACK: Rule(MAL_ESCALADOS_OFFICE,
                                "Solo el backoffice registra las retroalimentaciones."),
    # The modelo de gestión operativa: each leader records the practices they held; the
    # backoffice (who measures the célula) and the gerente (who answers for every leader)
    # see everybody's, the other leaders their own.
    Action.RECORD_PRACTICE: Rule(LEADERS, (
        "Las prácticas de gestión las registran los líderes: supervisor, coordinador o "
        "gerente.")),
    Action.VIEW_PRACTICES: Rule(LEADERS | MAL_ESCALADOS_OFFICE, (
        "Las prácticas de gestión las ven los líderes y el backoffice.")),
    Action.VIEW_ALL_PRACTICES: Rule(frozenset({Role.BACKOFFICE, Role.GERENTE}), (
        "Solo el backoffice y el gerente ven las prácticas de todos los líderes.")),
    # Who the cuts go to (step 8): the backoffice emits them.
    Action.MANAGE_CUT_RECIPIENTS: Rule(MAL_ESCALADOS_OFFICE, (
        "Solo el backoffice administra los destinatarios de los cortes.")),
    Action.SAVE_RECORD: Rule(RECORD_WRITERS, _RECORD_ROLES),
    Action.ANNUL_RECORD: Rule(RECORD_WRITERS, _RECORD_ROLES),
    # "Registros realizados por error o prueba (solo áreas autorizadas)": the areas that
    # control the registrations, never the counter.
    Action.RECORD_ERROR_PRUEBAS: Rule(EVALUATORS, (
        "«Por error o pruebas» solo lo registran las áreas autorizadas "
        "(Control e Información, Procesos).")),
    Action.REGISTER_FALLA_WINDOW: Rule(EVALUATORS, (
        "Solo Control e Información o Procesos registran las fallas masivas comunicadas.")),
    Action.ANSWER_PROCESOS: Rule(EVALUATORS, (
        "Solo Procesos o Control e Información registran la respuesta de Procesos.")),
    Action.APPROVE_EVENT: Rule(CONTROL, "Solo Control e Información registra las aprobaciones."),
    Action.MARK_REPORTED: Rule(CONTROL, (
        "Solo Control e Información envía el reporte a Regulatorio.")),
    Action.MANAGE_DAYS_OFF: Rule(CONTROL, (
        "Solo Control e Información administra los días no laborables.")),
    # Packages flow from the points to Control e Información, which consolidates them, and
    # which alone decides whose keys it trusts.
    Action.RECEIVE_PACKAGE: Rule(CONTROL, _RECEIVE),
    Action.MANAGE_POINT_KEYS: Rule(CONTROL, _RECEIVE),
    # Pads of numbered paper forms: the point's supervisor (their own point) or Control e
    # Información, who answers for the register's numbering at every point.
    Action.RESERVE_CORRELATIVOS: Rule(PAD_KEEPERS, _PADS),
    Action.ANNUL_RESERVATION: Rule(PAD_KEEPERS, _PADS),
    # Typing a paper form in is saving a record: whoever may save one for the point.
    Action.TRANSCRIBE_PAPER: Rule(RECORD_WRITERS, _RECORD_ROLES),
    # A point's computer sends its own events to the central store when it is reachable
    # (services/sync.py): its supervisor, for their point; the centre itself receives files.
    Action.PUSH_EVENTS: Rule(POINT_BOUND, (
        "Solo el supervisor del CAC envía los eventos de su punto al servidor central.")),
    # Criterios 3 and 4 (004): the tipificaciones are C&I's; Atención Online reports to
    # Procesos, and either evaluating area types its report in.
    Action.IMPORT_TIPIFICACIONES: Rule(CONTROL, (
        "Solo Control e Información importa las tipificaciones.")),
    Action.RECORD_ATENCION_ONLINE: Rule(EVALUATORS, (
        "Solo Procesos o Control e Información registran el informe de Atención Online.")),
}
# The actions on one point's records: a point-bound role may take them on its own point only.
POINT_ACTIONS = frozenset({Action.SAVE_RECORD, Action.ANNUL_RECORD, Action.RESERVE_CORRELATIVOS,
                           Action.ANNUL_RESERVATION, Action.TRANSCRIBE_PAPER,
                           Action.PUSH_EVENTS})


def refusal(who: UserProfile | Role, action: Action, target: Target | None = None
            ) -> str | None:
    """Why ``who`` may not take ``action`` on ``target`` (None when they may). ``who`` may be
    a bare role where only the role is known (a record's validation, a package's author)."""
    role = who if isinstance(who, Role) else who.role
    rule = RULES[action]
    if role not in rule.roles:
        return rule.message
    if (action in POINT_ACTIONS and role in POINT_BOUND and target is not None
            and target.point_id is not None and target.own_point != target.point_id):
        return OWN_POINT_ONLY
    return None


def can(who: UserProfile | Role, action: Action, target: Target | None = None) -> bool:
    """Whether a view should offer ``action``: the same answer the service will give."""
    return refusal(who, action, target) is None


def roles_for(action: Action) -> frozenset[Role]:
    """The roles allowed ``action`` at all (on their own point, for point-bound roles)."""
    return RULES[action].roles


def require(who: UserProfile | Role, action: Action, target: Target | None = None,
            field: str = "rol") -> None:
    """Raise the refusal as a ValidationError on ``field`` (the services' way of saying no)."""
    said = refusal(who, action, target)
    if said is not None:
        raise ValidationError({field: said})
