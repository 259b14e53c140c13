"""Criterios de Evaluación 3 and 4 of an event (domain.inoperatividad_criteria computes them)
and Atención Online's report, which the evaluating areas type in.

Reads filter the counts in SQL by the days the criteria compare, so an event reads a few
dozen days, not the whole history of imports.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.inoperatividad import InoperatividadRecord, RecordStatus
from swat_desktop.domain.inoperatividad_criteria import (
    NO_DATA,
    AtencionOnline,
    RecordCriteria,
    TipCount,
    days_needed,
    event_criteria,
    online_errors,
    tramite_for,
)
from swat_desktop.domain.permissions import Action, require
from swat_desktop.domain.tipificaciones import Place, PlaceKind, Tramite
from swat_desktop.services import audit, inoperatividad
from swat_desktop.services.handle import Store, session_scope
from swat_desktop.storage.models import AtencionOnlineReport, TipificacionCount
from swat_desktop.storage.tables_criteria import WHOLE_DAY

Report = AtencionOnlineReport


def record_criteria(db: Store, record_id: int) -> RecordCriteria:
    """Criteria 3 and 4 and the Atención Online report of one record."""
    with session_scope(db) as session:
        record = inoperatividad.record_in(session, record_id)
        return criteria_in(session, [record])[record.id]


def criteria_in(session: Session, records: Sequence[InoperatividadRecord]
                ) -> dict[int, RecordCriteria]:
    """``record_criteria`` for several records inside the caller's transaction (the PDF of
    many forms, the regulator's report): one read of the counts for all their days."""
    needed = set()
    for record in records:
        if record.data.started_at is not None:
            needed |= days_needed(record.data.started_at, record.data.ended_at)
    counts = _counts(session, needed)
    online = online_in(session, [r.id for r in records])
    found = {}
    for record in records:
        data = record.data
        criteria = None
        if data.started_at is not None:
            mine = days_needed(data.started_at, data.ended_at)
            point = record.point
            criteria = event_criteria(
                (c for c in counts if c.day in mine), point.code, point.name, point.channel,
                point.channel_label,
                tramite_for(data.request_type.value if data.request_type else None),
                data.started_at, data.ended_at)
        found[record.id] = RecordCriteria(criteria, online.get(record.id))
    return found


def criteria_values(found: RecordCriteria) -> dict[str, str]:
    """The regulator's report's optional column ``criterios_3_4`` (io/report_columns.py) for
    one event, one line a criterion. The shipped column file does not list it: A4 landscape
    holds its 13 columns with every correlativo whole, and one column more cuts them
    (rendered and seen); Control e Información adds it to
    resources/reports/inoperatividad_report.json when it wants it."""
    measured, online = found.criteria, found.online
    tip = measured.tipificaciones if measured is not None else None
    lines = (
        ("Tipificaciones", NO_DATA if tip is None else tip.summary),
        ("Reclamos", NO_DATA if measured is None else measured.reclamos.summary),
        ("LDR", NO_DATA if measured is None else measured.ldr.summary),
        ("Atención Online", "sin informe" if online is None else
         f"{online.public_posts} públicas · {online.inbox_messages} inbox"),
    )
    return {"criterios_3_4": "\n".join(f"{title}: {value}" for title, value in lines)}


def _counts(session: Session, days: Iterable[object]) -> list[TipCount]:
    wanted = sorted(days)  # type: ignore[type-var]
    if not wanted:
        return []
    rows = session.scalars(select(TipificacionCount).where(TipificacionCount.day.in_(wanted)))
    return [TipCount(r.day, None if r.hour == WHOLE_DAY else r.hour,
                     Place(PlaceKind(r.place_kind), r.place), Tramite(r.tramite), r.count)
            for r in rows]


def online_in(session: Session, record_ids: Sequence[int]) -> dict[int, AtencionOnline]:
    if not record_ids:
        return {}
    rows = list(session.scalars(select(Report).where(Report.record_id.in_(record_ids))))
    names = inoperatividad.user_names(session, (r.recorded_by for r in rows))
    return {r.record_id: AtencionOnline(r.public_posts, r.inbox_messages, r.note,
                                        names.get(r.recorded_by, ""), r.recorded_at)
            for r in rows}


def record_atencion_online(db: Store, actor: UserProfile, record_id: int, public_posts: int,
                           inbox_messages: int, note: str) -> AtencionOnline:
    """Store (or correct) Atención Online's report of an event; the audit keeps both."""
    require(actor, Action.RECORD_ATENCION_ONLINE)
    errors = online_errors(public_posts, inbox_messages, note)
    if errors:
        raise ValidationError(errors)
    text = note.strip()
    with session_scope(db, write=True) as session:
        record = inoperatividad.record_in(session, record_id)
        if record.status is RecordStatus.ANULADO:
            raise ValidationError({"registro": (
                f"El registro {record.number} está anulado: no se evalúa.")})
        now = db.clock.now()
        row = session.scalar(select(Report).where(Report.record_id == record_id))
        before = None if row is None else {"publicas": row.public_posts,
                                           "inbox": row.inbox_messages, "nota": row.note}
        if row is None:
            row = Report(record_id=record_id)
            session.add(row)
        row.public_posts, row.inbox_messages, row.note = public_posts, inbox_messages, text
        row.recorded_by, row.recorded_at = actor.id, now
        audit.record(session, actor, "atencion_online", record.uuid,
                     "registrar" if before is None else "corregir", before,
                     {"publicas": public_posts, "inbox": inbox_messages, "nota": text}, at=now)
    return AtencionOnline(public_posts, inbox_messages, text, actor.full_name, now)
