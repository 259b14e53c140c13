"""What happens to a record after it is saved (seed 004, "Contingencia" b., sections 5 and 6):
regularization in the Sistema Administrativo ATC, closure, evaluation, approval, and the
report to the regulator within 3 business days.

The regularization queue is a small state machine so that an automatic submitter could later
perform the same transitions as a person; every transition goes through ``transition``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from swat_desktop.domain.identity import Role
from swat_desktop.domain.inoperatividad import InoperatividadRecord, RecordStatus, Scenario
from swat_desktop.domain.inoperatividad_texts import MAX_REASON, MAX_TEXT, too_long

ERROR_USUARIO = "ERROR_USUARIO"
LONG_EVENT = timedelta(hours=1)  # "Informar si el rango es mayor a 1 hora"
PROCESOS_ANSWER_TIME = timedelta(hours=24)
REPORT_BUSINESS_DAYS = 3


class RegularizationState(StrEnum):
    PENDIENTE = "pendiente"
    REGULARIZADO = "regularizado"

    @property
    def label(self) -> str:
        return {RegularizationState.PENDIENTE: "Pendiente",
                RegularizationState.REGULARIZADO: "Regularizado"}[self]


class RegularizationAction(StrEnum):
    REGULARIZE = "regularizar"
    UNDO = "deshacer"


class TransitionError(ValueError):
    """A transition the queue does not allow; the message is Spanish."""


_TRANSITIONS = {
    (RegularizationState.PENDIENTE, RegularizationAction.REGULARIZE):
        RegularizationState.REGULARIZADO,
    (RegularizationState.REGULARIZADO, RegularizationAction.UNDO):
        RegularizationState.PENDIENTE,
}
_REFUSALS = {
    (RegularizationState.REGULARIZADO, RegularizationAction.REGULARIZE):
        "El registro ya está regularizado en ATC: no se regulariza dos veces.",
    (RegularizationState.PENDIENTE, RegularizationAction.UNDO):
        "El registro no está regularizado: no hay nada que deshacer.",
}


def transition(state: RegularizationState, action: RegularizationAction,
               status: RecordStatus) -> RegularizationState:
    """The next state, or TransitionError. An annulled record leaves the queue for good."""
    if status is RecordStatus.ANULADO:
        raise TransitionError("El registro está anulado: no se regulariza.")
    following = _TRANSITIONS.get((state, action))
    if following is None:
        raise TransitionError(_REFUSALS[(state, action)])
    return following


def validate_atc_number(number: str) -> dict[str, str]:
    cleaned = number.strip()
    if not cleaned:
        return {"atc_number": "Escriba el número que asignó el Sistema Administrativo ATC."}
    if len(cleaned) > 40 or not cleaned.replace("-", "").isalnum():
        return {"atc_number": "El número de ATC admite hasta 40 letras, números o guiones."}
    return {}


@dataclass(frozen=True)
class ClosureInput:
    ended_at: datetime | None  # aware
    motive: str  # a closure motive code
    sustento: str


def validate_closure(data: ClosureInput, started_at: datetime, known_motives: Collection[str],
                     now: datetime) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.ended_at is None:
        errors["ended_at"] = "Indique la fecha y hora de fin del evento."
    elif data.ended_at <= started_at:
        errors["ended_at"] = "El fin debe ser posterior al inicio del evento."
    elif data.ended_at > now + timedelta(minutes=5):
        errors["ended_at"] = "El fin no puede estar en el futuro."
    if data.motive not in known_motives:
        errors["motive"] = "Elija el motivo de cierre."
    if not data.sustento.strip():
        errors["sustento"] = "Escriba el sustento del cierre."
    elif len(data.sustento) > MAX_TEXT:
        errors["sustento"] = too_long("El sustento", MAX_TEXT)
    return errors


def reason_errors(reason: str, field: str = "reason", empty: str = "Escriba el motivo."
                  ) -> dict[str, str]:
    """Why a record is annulled or its regularization undone: required, and as long as the
    package path admits (``annul_reason``)."""
    if not reason.strip():
        return {field: empty}
    if len(reason) > MAX_REASON:
        return {field: too_long("El motivo", MAX_REASON)}
    return {}


def duration(started_at: datetime, ended_at: datetime | None) -> timedelta | None:
    """Computed, never typed."""
    return None if ended_at is None else ended_at - started_at


def format_duration(value: timedelta | None) -> str:
    if value is None:
        return ""
    minutes = int(value.total_seconds() // 60)
    return f"{minutes // 60} h {minutes % 60:02d} min"


@dataclass(frozen=True)
class FallaWindow:
    """A falla masiva announced by the Fallas team: when each application was down."""

    id: int
    application: str
    starts_at: datetime
    ends_at: datetime
    reference: str


class WindowResult(StrEnum):
    DENTRO = "dentro"
    FUERA = "fuera"
    NO_APLICA = "no_aplica"

    @property
    def label(self) -> str:
        return {WindowResult.DENTRO: "Dentro de horario de falla masiva",
                WindowResult.FUERA: "Fuera de horario de falla masiva",
                WindowResult.NO_APLICA: "No aplica (evento abierto)"}[self]


def _of_the_event(record: InoperatividadRecord, windows: Iterable[FallaWindow]
                  ) -> tuple[datetime, datetime, list[FallaWindow]] | None:
    """The event's range and the windows of its applications; None while it is open."""
    start, end = record.data.started_at, record.data.ended_at
    if start is None or end is None:
        return None
    apps = set(record.data.applications)
    return start, end, [w for w in windows if w.application in apps]


def window_result(record: InoperatividadRecord, windows: Iterable[FallaWindow]
                  ) -> WindowResult:
    """Criterio 1: the event's range must lie inside an announced window of one of its
    applications."""
    found = _of_the_event(record, windows)
    if found is None:
        return WindowResult.NO_APLICA
    start, end, own = found
    inside = any(w.starts_at <= start and end <= w.ends_at for w in own)
    return WindowResult.DENTRO if inside else WindowResult.FUERA


def crossing_windows(record: InoperatividadRecord, windows: Iterable[FallaWindow]
                     ) -> list[FallaWindow]:
    """The windows of the event's applications that overlap its range at all: what the
    evaluation lists beside criterio 1, so Control e Información sees a window that covers
    the event only in part (and why the event is then «fuera»)."""
    found = _of_the_event(record, windows)
    if found is None:
        return []
    start, end, own = found
    return [w for w in own if w.starts_at < end and start < w.ends_at]


# The closure motives that fit each scenario (criterio: "motivos de ocurrencia de cierre
# acorde al tipo de escenario").
FITTING_CLOSURES: dict[Scenario, frozenset[str]] = {
    Scenario.FALLA_MASIVA: frozenset({"CONECTIVIDAD", "INTERMITENCIA", "MANTENIMIENTO",
                                      "FALLA_MASIVA_APLICATIVO"}),
    Scenario.EVENTO_NO_PREVISTO: frozenset({"CONECTIVIDAD", "INTERMITENCIA"}),
    Scenario.ERROR_PRUEBAS: frozenset({ERROR_USUARIO}),
}


def unforeseen_event_problems(record: InoperatividadRecord, closure_motive: str,
                              registered_by_role: Role | None,
                              registered_by_point: int | None) -> list[str]:
    """For an evento no previsto: what fails of the two checks Control e Información makes."""
    if record.data.scenario is not Scenario.EVENTO_NO_PREVISTO:
        return []
    problems = []
    if registered_by_role is not Role.SUPERVISOR_CAC or \
            registered_by_point != record.point.id:
        problems.append("No lo registró el responsable del punto de atención.")
    if closure_motive and closure_motive not in FITTING_CLOSURES[Scenario.EVENTO_NO_PREVISTO]:
        problems.append("El motivo de cierre no corresponde a un evento no previsto.")
    return problems


class ProcesosAnswer(StrEnum):
    PROCEDE = "procede"
    NO_PROCEDE = "no_procede"

    @property
    def label(self) -> str:
        return {ProcesosAnswer.PROCEDE: "Procede reportar",
                ProcesosAnswer.NO_PROCEDE: "No procede reportar"}[self]


def never_reported(record_scenario: Scenario | None, closure_motive: str) -> bool:
    """Error de usuario closures and error-o-pruebas records are kept, never reported."""
    return record_scenario is Scenario.ERROR_PRUEBAS or closure_motive == ERROR_USUARIO


def add_business_days(start: date, days: int, non_working: Collection[date]) -> date:
    """``days`` working days after ``start`` (Peru: Monday to Friday, no holidays)."""
    current = start
    left = days
    while left:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in non_working:
            left -= 1
    return current


@dataclass(frozen=True)
class DayOff:
    """A day that does not count towards the report's deadline: one of Peru's national
    holidays, or a day an administrator added (a regional holiday, a company closure)."""

    day: date
    description: str
    added_by: str = ""  # empty for a national holiday

    @property
    def national(self) -> bool:
        return not self.added_by


class ReportDeadline(StrEnum):
    EN_PLAZO = "en_plazo"
    POR_VENCER = "por_vencer"  # the deadline is today or tomorrow
    VENCIDO = "vencido"

    @property
    def label(self) -> str:
        return {ReportDeadline.EN_PLAZO: "En plazo", ReportDeadline.POR_VENCER: "Por vencer",
                ReportDeadline.VENCIDO: "Vencido"}[self]


def report_deadline_state(deadline: date, today: date) -> ReportDeadline:
    if today > deadline:
        return ReportDeadline.VENCIDO
    if (deadline - today).days <= 1:
        return ReportDeadline.POR_VENCER
    return ReportDeadline.EN_PLAZO


@dataclass(frozen=True)
class FlowState:
    """Everything after the form, as stored for one record."""

    regularization: RegularizationState
    atc_number: str
    regularized_at: datetime | None
    regularized_by: str
    closure_motive: str
    closure_sustento: str
    closed_at: datetime | None
    closed_by: str
    procesos_answer: ProcesosAnswer | None
    procesos_note: str
    procesos_at: datetime | None
    gerente: str  # who approved, as typed by Control e Información
    gerente_at: datetime | None
    director: str
    director_at: datetime | None
    version: int


@dataclass(frozen=True)
class Evaluation:
    window: WindowResult
    over_one_hour: bool
    duration: timedelta | None
    problems: tuple[str, ...]  # unforeseen-event checks that fail
    reportable: bool
    report_due: date | None  # 3 business days after the event ended (Lima)
    procesos_due: datetime | None  # 24 hours after the closure


@dataclass(frozen=True)
class FlowRecord:
    record: InoperatividadRecord
    flow: FlowState
    evaluation: Evaluation


def missing_for_report(state: FlowState) -> tuple[str, ...]:
    """What a closed event still lacks before it can go into a report, in the order it is
    given: Procesos answers first, then the Gerente approves, then the Director."""
    missing = []
    if state.procesos_answer is None:
        missing.append("respuesta de Procesos")
    if state.gerente_at is None:
        missing.append("aprobación del Gerente")
    if state.director_at is None:
        missing.append("aprobación del Director")
    return tuple(missing)
