"""The report to the regulator (seed 004: Control e Información "consolidar y elaborar el
Reporte oficial de inoperatividad … como máximo a los 3 días hábiles posteriores al evento"):
the *Reporte de Eventos de Inoperatividad de los Sistemas de Atención* for a period, the
deadline of every event that still has to go in one, and the mark that it went.

Which events are reportable is decided once, in ``inoperatividad_flow`` (closed, not an error
event, Procesos says "procede", Gerente and Director approved); this module only picks those of
a period and turns them into rows of plain values for the writers.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select, update

from swat_desktop.domain.clock import local_today
from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.formatting import LIMA, format_datetime
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.inoperatividad import Catalogue, RecordStatus
from swat_desktop.domain.inoperatividad_flow import (
    FlowRecord,
    ProcesosAnswer,
    ReportDeadline,
    WindowResult,
    format_duration,
    report_deadline_state,
)
from swat_desktop.domain.inoperatividad_pads import PAPER_ORIGIN, SCREEN_ORIGIN
from swat_desktop.domain.periods import Period
from swat_desktop.domain.permissions import Action, require
from swat_desktop.io.atomic import ensure_folder
from swat_desktop.io.report_columns import ColumnFileError, ReportColumn, read_columns
from swat_desktop.paths import resource
from swat_desktop.services import audit, inoperatividad
from swat_desktop.services.handle import Store, session_scope
from swat_desktop.services.inoperatividad_criteria import criteria_in, criteria_values
from swat_desktop.services.inoperatividad_flow import flow_records_in
from swat_desktop.services.inoperatividad_pads import transcriptions_in
from swat_desktop.storage.models import InoperatividadRecordRow

Row = InoperatividadRecordRow
FILE_PREFIX = "Reporte de Eventos de Inoperatividad"
# Under the column title "Horario de falla masiva" one word says it; the whole label of
# the criterion would make every row five lines tall in the PDF.
_WINDOW = {WindowResult.DENTRO: "Dentro", WindowResult.FUERA: "Fuera",
           WindowResult.NO_APLICA: "No aplica"}
# Where the record came from: typed on screen, or from a pad's paper form typed in later
# (its times are the paper's; the regulator may ask to see it).
ORIGIN = {False: SCREEN_ORIGIN, True: PAPER_ORIGIN}


def report_columns(path: Path | None = None) -> tuple[ReportColumn, ...]:
    """The columns of the shipped file (or of ``path``). A file an administrator broke
    becomes a ValidationError, so the window and the command line show its Spanish message."""
    try:
        return read_columns(path or resource("reports", "inoperatividad_report.json"))
    except ColumnFileError as exc:
        raise ValidationError({"columnas": str(exc)}) from None


def _period(start: date, end: date) -> Period:
    if end < start:
        raise ValidationError({"hasta": "El fin del periodo es anterior a su inicio."})
    return Period(start, end)


def _local(moment: datetime | None) -> datetime | None:
    """Lima wall-clock time without a zone: what Excel holds and the regulator reads."""
    return None if moment is None else moment.astimezone(LIMA).replace(tzinfo=None)


def report_rows(db: Store, start: date, end: date) -> list[dict[str, object]]:
    """Every reportable event whose start, in Lima, falls within ``start``..``end``, in the
    order they happened; one dict per event with a value for every key of the column file."""
    period = _period(start, end)
    # Only closed events can be reportable; those that started within the period in Lima.
    began = (datetime.combine(period.start, time(), LIMA),
             datetime.combine(period.end + timedelta(days=1), time(), LIMA))
    closed_in_period = (Row.status == RecordStatus.CERRADO.value,
                        Row.started_at >= began[0], Row.started_at < began[1])
    with session_scope(db, snapshot=True) as session:
        chosen = [f for f in flow_records_in(session, where=closed_in_period)
                  if f.evaluation.reportable
                  and f.record.data.started_at is not None
                  and f.record.data.started_at.astimezone(LIMA).date() in period]
        known = inoperatividad.catalogue_in(session)
        measured = criteria_in(session, [f.record for f in chosen])
        papers = transcriptions_in(session, [f.record.id for f in chosen])
    chosen.sort(key=lambda f: (f.record.data.started_at, f.record.point.code,
                               f.record.correlativo))
    return [{**_row(item, known), "origen": ORIGIN[item.record.id in papers],
             **criteria_values(measured[item.record.id])} for item in chosen]


def _row(item: FlowRecord, known: Catalogue) -> dict[str, object]:
    record, data, state, evaluation = item.record, item.record.data, item.flow, item.evaluation
    scenario = data.scenario.value if data.scenario else ""
    observations = list(evaluation.problems)
    if state.procesos_note:
        observations.append(f"Procesos: {state.procesos_note}")
    return {
        "correlativo": record.number,
        "punto": record.point.name,
        "canal": record.point.channel_label,
        "tipo_tramite": known.label(known.request_types, data.request_type.value)
        if data.request_type else "",
        "consulta": known.label(known.consultas, data.request_code) if data.request_code else "",
        "aplicativos": ", ".join(known.label(known.applications, a) for a in data.applications),
        "escenario": known.label(known.scenarios, scenario) if scenario else "",
        "motivo": known.motivo_label(scenario, data.motivo) if scenario else "",
        "inicio": _local(data.started_at),
        "fin": _local(data.ended_at),
        "duracion": format_duration(evaluation.duration),
        "motivo_cierre": known.label(known.closure_motives, state.closure_motive),
        "ventana_falla_masiva": _WINDOW[evaluation.window],
        "mayor_una_hora": "Sí" if evaluation.over_one_hour else "No",
        "observaciones_evaluacion": "; ".join(observations),
        "numero_atc": state.atc_number,
        "respuesta_procesos": state.procesos_answer.label if state.procesos_answer else "",
        "aprobado_por": f"Gerente: {state.gerente}; Director: {state.director}",
    }


def report_file_stem(start: date, end: date) -> str:
    return f"{FILE_PREFIX} {_period(start, end).file_tag}"


def export_report(db: Store, actor: UserProfile, start: date, end: date, folder: Path,
                  columns: tuple[ReportColumn, ...] | None = None) -> tuple[Path, Path]:
    """The report of the period as a workbook and as a PDF, ready to send to Regulatorio.
    Exporting does not mark the events as reported: sending them is a separate, audited step
    (``mark_reported``)."""
    from swat_desktop.io.inoperatividad_report import write_report_pdf, write_report_xlsx

    ensure_folder(folder)
    chosen = columns or report_columns()
    rows = report_rows(db, start, end)
    label, stem = _period(start, end).label, report_file_stem(start, end)
    generated_at = db.clock.now()
    return (write_report_xlsx(folder / f"{stem}.xlsx", rows, chosen, label, generated_at,
                              actor.full_name),
            write_report_pdf(folder / f"{stem}.pdf", rows, chosen, label, generated_at,
                             actor.full_name))


def deadlines(db: Store) -> list[tuple[FlowRecord, date, ReportDeadline]]:
    """Closed events that must still go into a report, each with the last day to send it
    (3 business days in Peru after the event ended) and how that stands today in Lima (by the
    store's clock), the nearest deadline first. Error events, events Procesos said not to
    report and events already reported are left out: nothing is due for them."""
    today = local_today(db.clock, LIMA)
    # A deadline runs only for a closed event, and ends when the event is reported.
    waiting = (Row.status == RecordStatus.CERRADO.value, Row.reported_at.is_(None))
    with session_scope(db) as session:
        candidates = flow_records_in(session, where=waiting)
    due = [(item, when, report_deadline_state(when, today)) for item in candidates
           if (when := item.evaluation.report_due) is not None
           and item.flow.procesos_answer is not ProcesosAnswer.NO_PROCEDE]
    return sorted(due, key=lambda d: (d[1], d[0].record.data.started_at, d[0].record.id))


def mark_reported(db: Store, actor: UserProfile, record_ids: Collection[int]) -> int:
    """The events went to Regulatorio: record who sent them and when, so they leave the
    deadlines. All or none; an event already marked, or not reportable, refuses the batch."""
    require(actor, Action.MARK_REPORTED)
    ids = set(record_ids)
    if not ids:
        raise ValidationError({"registros": "Elija los eventos que se reportaron."})
    moment = db.clock.now()
    with session_scope(db, write=True) as session:
        found = {f.record.id: f for f in flow_records_in(session, record_ids=ids)}
        missing = sorted(ids - found.keys())
        if missing:
            raise ValidationError({"registros": f"No existe el registro {missing[0]}."})
        refused = [found[i].record.number for i in sorted(ids)
                   if not found[i].evaluation.reportable]
        if refused:
            raise ValidationError({"registros": (
                "Solo se marcan como reportados los eventos reportables (cerrados, con «procede "
                "reportar» de Procesos y aprobados por Gerente y Director): "
                f"{', '.join(refused)}.")})
        already = [(found[i].record.number, when) for i, when in session.execute(
            select(Row.id, Row.reported_at).where(Row.id.in_(ids), Row.reported_at.is_not(None))
            .order_by(Row.id))]
        if already:
            raise ValidationError({"registros": "Ya figuran como reportados: " + ", ".join(
                f"{number} (el {format_datetime(when, LIMA)})" for number, when in already)
                + "."})
        # Guarded by reported_at IS NULL, so two people marking at once cannot both succeed.
        result = session.execute(
            update(Row).where(Row.id.in_(ids), Row.reported_at.is_(None))
            .values(reported_at=moment, reported_by=actor.id, version=Row.version + 1)
            .execution_options(synchronize_session=False))
        if result.rowcount != len(ids):  # type: ignore[attr-defined]
            raise ValidationError({"registros": "Otra persona marcó estos eventos al mismo "
                                                "tiempo; vuelva a abrir la lista."})
        for record_id in sorted(ids):
            audit.record(session, actor, "inoperatividad", found[record_id].record.uuid,
                         "reportar", {"reportado": None},
                         {"reportado": moment.isoformat(), "por": actor.full_name}, at=moment)
    return len(ids)
