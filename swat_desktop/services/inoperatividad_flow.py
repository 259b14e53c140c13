"""After the form: the regularization queue, closure, evaluation, approvals and the deadline
of the report to the regulator. Every transition of the queue goes through
``domain.inoperatividad_flow.transition`` here, so an automatic submitter could call the same
functions later."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from pathlib import Path

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.formatting import LIMA
from swat_desktop.domain.identity import Role, UserProfile
from swat_desktop.domain.inoperatividad import MAX_LINE, InoperatividadRecord, RecordStatus
from swat_desktop.domain.inoperatividad_flow import (
    LONG_EVENT,
    PROCESOS_ANSWER_TIME,
    REPORT_BUSINESS_DAYS,
    ClosureInput,
    Evaluation,
    FallaWindow,
    FlowRecord,
    FlowState,
    ProcesosAnswer,
    RegularizationAction,
    RegularizationState,
    TransitionError,
    add_business_days,
    duration,
    never_reported,
    reason_errors,
    transition,
    unforeseen_event_problems,
    validate_atc_number,
    validate_closure,
    window_result,
)
from swat_desktop.domain.permissions import Action, require, roles_for
from swat_desktop.services import audit, inoperatividad, versioning
from swat_desktop.services.handle import Store, session_scope
from swat_desktop.services.inoperatividad_calendar import (
    add_non_working_day,
    add_window,
    days_off,
    non_working_days,
    non_working_days_in,
    remove_non_working_day,
    windows,
    windows_in,
)
from swat_desktop.services.lookup import get_or_refuse
from swat_desktop.storage.models import InoperatividadRecordRow, User

Row = InoperatividadRecordRow
# The regularization queue: what is still to be keyed into ATC.
_PENDING = (Row.regularization == RegularizationState.PENDIENTE.value,
            Row.status != RecordStatus.ANULADO.value)
# The calendar and the falla windows live in inoperatividad_calendar; the screens and the
# command line reach them here, with the rest of the flow.
__all__ = ["EVALUATORS", "StaleFlowError", "add_non_working_day", "add_window", "answer_procesos",
           "approve", "close", "days_off", "export_queue", "flow_record", "flow_records",
           "flow_records_in", "flow_states_in", "non_working_days", "pending_count", "queue",
           "regularize", "remove_non_working_day", "undo_regularization", "windows"]
EVALUATORS = roles_for(Action.ANSWER_PROCESOS)  # the views' name; the rule is in permissions


class StaleFlowError(Exception):
    """Somebody else changed the record first."""


def _state(row: Row, names: dict[int, str]) -> FlowState:
    return FlowState(
        regularization=RegularizationState(row.regularization), atc_number=row.atc_number or "",
        regularized_at=row.regularized_at, regularized_by=names.get(row.regularized_by or 0, ""),
        closure_motive=row.closure_motive, closure_sustento=row.closure_sustento,
        closed_at=row.closed_at, closed_by=names.get(row.closed_by or 0, ""),
        procesos_answer=ProcesosAnswer(row.procesos_answer) if row.procesos_answer else None,
        procesos_note=row.procesos_note, procesos_at=row.procesos_at, gerente=row.gerente,
        gerente_at=row.gerente_at, director=row.director, director_at=row.director_at,
        version=row.version,
    )


def flow_records(db: Store, point_id: int | None = None) -> list[FlowRecord]:
    """Every record (of ``point_id`` when given) with its flow and evaluation, newest first."""
    with session_scope(db) as session:
        return flow_records_in(session, point_id)


def flow_records_in(session: Session, point_id: int | None = None,
                    record_ids: Collection[int] | None = None, *,
                    where: Sequence[ColumnElement[bool]] = ()) -> list[FlowRecord]:
    """``flow_records`` inside the caller's transaction, filtered in SQL by the point, the
    records or the conditions (``where``, on the record's row) asked for: a supervisor's
    screen, the queue or a report does not evaluate every record of the store."""
    query = select(Row).order_by(Row.started_at.desc(), Row.id.desc())
    if point_id is not None:
        query = query.where(Row.attention_point_id == point_id)
    if record_ids is not None:
        query = query.where(Row.id.in_(record_ids))
    if where:
        query = query.where(*where)
    rows = list(session.scalars(query))
    if not rows:
        return []
    records = inoperatividad.records_in(session, rows)
    announced = windows_in(session)
    years = {r.data.started_at.astimezone(LIMA).year for r in records if r.data.started_at}
    off = non_working_days_in(session, years | {y + 1 for y in years}) if years else set()
    creators = {u.id: (Role(u.role), u.attention_point_id) for u in session.scalars(
        select(User).where(User.id.in_({r.created_by for r in rows})))}
    found = []
    for row, record, state in zip(rows, records, flow_states_in(session, rows), strict=True):
        role, point = creators.get(row.created_by, (None, None))
        found.append(FlowRecord(record, state, _evaluate(record, state, announced, off,
                                                         role, point)))
    return found


def flow_states_in(session: Session, rows: Sequence[Row]) -> list[FlowState]:
    """The flow of each of ``rows``, in their order, with the names of who regularized and
    closed them read once: what a printed form needs without evaluating the event."""
    names = inoperatividad.user_names(
        session, {r.regularized_by for r in rows} | {r.closed_by for r in rows})
    return [_state(row, names) for row in rows]


def _evaluate(record: InoperatividadRecord, state: FlowState, announced: list[FallaWindow],
              days_off: set[date], role: Role | None, point: int | None) -> Evaluation:
    lasted = duration(record.data.started_at, record.data.ended_at)
    excluded = never_reported(record.data.scenario, state.closure_motive)
    approved = bool(state.gerente_at and state.director_at)
    reportable = (record.status is RecordStatus.CERRADO and not excluded
                  and state.procesos_answer is ProcesosAnswer.PROCEDE and approved)
    due = None
    if record.status is RecordStatus.CERRADO and not excluded and record.data.ended_at:
        due = add_business_days(record.data.ended_at.astimezone(LIMA).date(),
                                REPORT_BUSINESS_DAYS, days_off)
    return Evaluation(
        window=window_result(record, announced),
        over_one_hour=lasted is not None and lasted > LONG_EVENT, duration=lasted,
        problems=tuple(unforeseen_event_problems(record, state.closure_motive, role, point)),
        reportable=reportable, report_due=due,
        procesos_due=state.closed_at + PROCESOS_ANSWER_TIME if state.closed_at else None,
    )


def queue(db: Store, point_id: int | None = None) -> list[FlowRecord]:
    """Records waiting to be regularized in ATC, the oldest first."""
    with session_scope(db) as session:
        return _queue(session, point_id)


def _queue(session: Session, point_id: int | None) -> list[FlowRecord]:
    waiting = flow_records_in(session, point_id, where=_PENDING)
    return sorted(waiting, key=lambda f: (f.record.created_at, f.record.id))


def pending_count(db: Store, point_id: int | None = None) -> int:
    with session_scope(db) as session:
        query = select(func.count(Row.id)).where(*_PENDING)
        if point_id is not None:
            query = query.where(Row.attention_point_id == point_id)
        return int(session.scalar(query) or 0)


def _locked(session: Session, record_id: int, version: int) -> Row:
    row = get_or_refuse(session, Row, record_id, "registro",
                        f"No existe el registro {record_id}.")
    if not versioning.bump(session, Row, record_id, version):
        raise StaleFlowError("Otra persona cambió este registro; vuelva a abrirlo.")
    return row


def _apply(row: Row, action: RegularizationAction) -> None:
    try:
        row.regularization = transition(RegularizationState(row.regularization), action,
                                        RecordStatus(row.status)).value
    except TransitionError as exc:
        raise ValidationError({"regularization": str(exc)}) from None


def regularize(db: Store, actor: UserProfile, record_id: int, version: int,
               atc_number: str) -> FlowRecord:
    """The record was keyed into ATC, which gave it ``atc_number``."""
    errors = validate_atc_number(atc_number)
    if errors:
        raise ValidationError(errors)
    number = atc_number.strip()
    with session_scope(db, write=True) as session:
        row = _locked(session, record_id, version)
        _apply(row, RegularizationAction.REGULARIZE)
        taken = session.scalar(select(Row.id).where(Row.atc_number == number,
                                                    Row.id != record_id))
        if taken is not None:
            raise ValidationError({"atc_number": f"El número de ATC {number} ya corresponde a "
                                                 "otro registro."})
        now = db.clock.now()
        row.atc_number, row.regularized_at, row.regularized_by = number, now, actor.id
        try:
            session.flush()
        except IntegrityError:
            raise ValidationError({"atc_number": f"El número de ATC {number} ya corresponde "
                                                 "a otro registro."}) from None
        audit.record(session, actor, "inoperatividad", row.uuid, "regularizar",
                     {"regularizacion": RegularizationState.PENDIENTE.value},
                     {"regularizacion": row.regularization, "numero_atc": number}, at=now)
        return _flow_record(session, record_id)


def undo_regularization(db: Store, actor: UserProfile, record_id: int, version: int,
                        reason: str) -> FlowRecord:
    errors = reason_errors(reason, empty="Escriba por qué se deshace la regularización.")
    if errors:
        raise ValidationError(errors)
    with session_scope(db, write=True) as session:
        row = _locked(session, record_id, version)
        before = {"regularizacion": row.regularization, "numero_atc": row.atc_number}
        _apply(row, RegularizationAction.UNDO)
        row.atc_number, row.regularized_at, row.regularized_by = None, None, None
        session.flush()
        audit.record(session, actor, "inoperatividad", row.uuid, "deshacer_regularizacion",
                     before, {"regularizacion": row.regularization, "motivo": reason.strip()},
                     at=db.clock.now())
        return _flow_record(session, record_id)


def close(db: Store, actor: UserProfile, record_id: int, version: int, data: ClosureInput
          ) -> FlowRecord:
    """End time, closure motive and sustento; the duration follows from the times."""
    now = db.clock.now()
    with session_scope(db, write=True) as session:
        motives = {o.code for o in inoperatividad.catalogue_in(session).closure_motives}
        row = _locked(session, record_id, version)
        if row.status != RecordStatus.ABIERTO.value:
            raise ValidationError({"registro": "Solo se cierra un registro abierto."})
        errors = validate_closure(data, row.started_at, motives, now)
        if errors:
            raise ValidationError(errors)
        row.ended_at, row.closure_motive = data.ended_at, data.motive
        row.closure_sustento, row.status = data.sustento.strip(), RecordStatus.CERRADO.value
        row.closed_at, row.closed_by = now, actor.id
        session.flush()
        audit.record(session, actor, "inoperatividad", row.uuid, "cerrar",
                     {"estado": RecordStatus.ABIERTO.value},
                     {"estado": row.status, "fin": data.ended_at.isoformat()
                      if data.ended_at else None, "motivo_cierre": data.motive,
                      "sustento": row.closure_sustento}, at=now)
        return _flow_record(session, record_id)


def answer_procesos(db: Store, actor: UserProfile, record_id: int, version: int,
                    answer: ProcesosAnswer, note: str) -> FlowRecord:
    """Procesos says whether the event must be reported (within 24 hours of the closure)."""
    require(actor, Action.ANSWER_PROCESOS)
    with session_scope(db, write=True) as session:
        row = _locked(session, record_id, version)
        if row.status != RecordStatus.CERRADO.value:
            raise ValidationError({"procesos": "Primero se cierra el evento."})
        before = {"procesos": row.procesos_answer, "nota": row.procesos_note}
        row.procesos_answer, row.procesos_note = answer.value, note.strip()
        row.procesos_at = db.clock.now()
        session.flush()
        audit.record(session, actor, "inoperatividad", row.uuid, "respuesta_procesos", before,
                     {"procesos": answer.value, "nota": row.procesos_note}, at=row.procesos_at)
        return _flow_record(session, record_id)


def approve(db: Store, actor: UserProfile, record_id: int, version: int, level: str,
            approver: str) -> FlowRecord:
    """The Gerente's or the Director's approval, recorded by Control e Información."""
    require(actor, Action.APPROVE_EVENT)
    if level not in ("gerente", "director"):
        raise ValidationError({"level": "Aprobación desconocida."})
    if not approver.strip():
        raise ValidationError({"approver": "Escriba el nombre de quien aprobó."})
    if len(approver.strip()) > MAX_LINE:
        raise ValidationError({"approver": f"El nombre admite hasta {MAX_LINE} caracteres."})
    with session_scope(db, write=True) as session:
        row = _locked(session, record_id, version)
        if row.procesos_answer != ProcesosAnswer.PROCEDE.value:
            raise ValidationError({"level": "Solo se aprueba un evento que Procesos indicó "
                                            "reportar."})
        if level == "director" and row.gerente_at is None:
            raise ValidationError({"level": "Primero aprueba el Gerente, después el Director."})
        setattr(row, level, approver.strip())
        now = db.clock.now()
        setattr(row, f"{level}_at", now)
        session.flush()
        audit.record(session, actor, "inoperatividad", row.uuid, f"aprobar_{level}", None,
                     {level: approver.strip()}, at=now)
        return _flow_record(session, record_id)


def flow_record(db: Store, record_id: int) -> FlowRecord:
    """One record with its flow and evaluation, as a screen shows it when the record is chosen
    (the writes above return the same, read in their own transaction)."""
    with session_scope(db) as session:
        return _flow_record(session, record_id)


def _flow_record(session: Session, record_id: int) -> FlowRecord:
    found = flow_records_in(session, record_ids=(record_id,))
    if not found:
        raise ValidationError({"registro": f"No existe el registro {record_id}."})
    return found[0]


def export_queue(db: Store, path: Path, point_id: int | None = None) -> Path:
    """The pending queue as a workbook for someone keying the records in elsewhere."""
    from swat_desktop.io.xlsx_export import write_table

    with session_scope(db) as session:
        known = inoperatividad.catalogue_in(session)
        waiting = _queue(session, point_id)
    rows = []
    for item in waiting:
        data = item.record.data
        rows.append((
            item.record.number, item.record.point.name, item.record.point.channel_label,
            data.responsible_name,
            data.started_at.astimezone(LIMA).replace(tzinfo=None) if data.started_at else None,
            ", ".join(known.label(known.applications, a) for a in data.applications),
            known.label(known.request_types, data.request_type.value)
            if data.request_type else "",
            known.label(known.consultas, data.request_code) if data.request_code else "",
            known.label(known.scenarios, data.scenario.value) if data.scenario else "",
            known.motivo_label(data.scenario.value, data.motivo) if data.scenario else "",
            data.detail,
        ))
    return write_table(path, "Por regularizar", (
        "Correlativo", "Punto de atención", "Canal", "Responsable", "Inicio (Lima)",
        "Aplicativos", "Tipo de trámite", "Consulta", "Escenario", "Motivo de ocurrencia",
        "Detalle"), rows)
