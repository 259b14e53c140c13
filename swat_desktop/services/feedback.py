"""Retroalimentación: an advisor's mal escalados for a period, the feedback sessions held with
them, and the compromiso de mejoramiento printed from a session."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.feedback import (
    AdvisorError,
    CausalCount,
    Commitment,
    CompromisoDocument,
    FeedbackInput,
    FeedbackState,
    FeedbackSummary,
    validate_feedback,
)
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.mal_escalados import ProcedeMotivo, Procedencia
from swat_desktop.domain.periods import Period
from swat_desktop.domain.permissions import Action, require
from swat_desktop.io.compromiso_pdf import write_compromiso
from swat_desktop.services import audit, versioning
from swat_desktop.services.handle import Store, session_scope
from swat_desktop.services.indicators import COUNTED, Scope, recurrences_in
from swat_desktop.services.lookup import get_or_refuse
from swat_desktop.storage.models import (
    Causal,
    FeedbackCausal,
    FeedbackCommitment,
    FeedbackSession,
    MalEscaladoCase,
    MalEscaladoCaseCausal,
    ReclamacionItem,
    User,
)

Case = MalEscaladoCase


GONE = "La retroalimentación ya no existe."


class StaleSessionError(Exception):
    """Somebody else saved the session first."""


def _counted_cases(session: Session, asesor_id: str, period: Period) -> list[Case]:
    return list(session.scalars(
        select(Case).outerjoin(ReclamacionItem, ReclamacionItem.case_id == Case.id)
        .where(Case.asesor_id == asesor_id, Case.base_date.between(period.start, period.end),
               COUNTED)
        .order_by(Case.base_date, Case.fecha_escalamiento)
    ))


def _causales_of(session: Session, case_ids: Sequence[int]) -> dict[int, list[Causal]]:
    found: dict[int, list[Causal]] = {}
    for start in range(0, len(case_ids), 500):
        rows = session.execute(
            select(MalEscaladoCaseCausal.case_id, Causal)
            .join(Causal, Causal.id == MalEscaladoCaseCausal.causal_id)
            .where(MalEscaladoCaseCausal.case_id.in_(case_ids[start:start + 500]))
            .order_by(MalEscaladoCaseCausal.position)
        )
        for case_id, causal in rows:
            found.setdefault(case_id, []).append(causal)
    return found


def _procedencia_text(case: Case) -> str:
    if case.procedencia is None:
        return ""
    text = Procedencia(case.procedencia).label
    if case.motivo:
        text += f" · {ProcedeMotivo(case.motivo).label}"
    return text


def advisor_errors(db: Store, asesor_id: str, period: Period) -> list[AdvisorError]:
    """The advisor's counted mal escalados of the period, repeats after a compromiso marked."""
    with session_scope(db) as session:
        return _advisor_errors(session, asesor_id, period)


def _advisor_errors(session: Session, asesor_id: str, period: Period) -> list[AdvisorError]:
    repeated = {(r.cuenta, r.base_date)
                for r in recurrences_in(session, period, Scope(asesor_id))}
    cases = _counted_cases(session, asesor_id, period)
    causales = _causales_of(session, [c.id for c in cases])
    return [
        AdvisorError(
            base_date=c.base_date, cuenta=c.cuenta, fecha_escalamiento=c.fecha_escalamiento,
            causales="; ".join(f"{x.code} {x.name}" for x in causales.get(c.id, [])),
            procedencia=_procedencia_text(c), observaciones=c.observaciones,
            recurrence=(c.cuenta, c.base_date) in repeated,
        )
        for c in cases
    ]


def causal_counts(db: Store, asesor_id: str, period: Period) -> list[CausalCount]:
    """The table of errors of the compromiso: each causal, how often, and its procedure."""
    with session_scope(db) as session:
        return _causal_counts(session, asesor_id, period)


def _causal_counts(session: Session, asesor_id: str, period: Period) -> list[CausalCount]:
    cases = _counted_cases(session, asesor_id, period)
    causales = _causales_of(session, [c.id for c in cases])
    counts: Counter[int] = Counter()
    by_id: dict[int, Causal] = {}
    for items in causales.values():
        for causal in items:
            counts[causal.id] += 1
            by_id[causal.id] = causal
    return [CausalCount(i, by_id[i].code, by_id[i].name, n, by_id[i].procedure)
            for i, n in sorted(counts.items(), key=lambda kv: (-kv[1], by_id[kv[0]].code))]


def _summary(session: Session, item: FeedbackSession) -> FeedbackSummary:
    commitments = tuple(
        Commitment(c.text, c.due_date) for c in session.scalars(
            select(FeedbackCommitment).where(FeedbackCommitment.session_id == item.id)
            .order_by(FeedbackCommitment.position)))
    causal_ids = tuple(session.scalars(
        select(FeedbackCausal.causal_id).where(FeedbackCausal.session_id == item.id)
        .order_by(FeedbackCausal.causal_id)))
    author = session.scalar(select(User.full_name).where(User.id == item.created_by)) or ""
    return FeedbackSummary(
        id=item.id, uuid=item.uuid, asesor_id=item.asesor_id, asesor_nombre=item.asesor_nombre,
        period_start=item.period_start, period_end=item.period_end,
        session_date=item.session_date, supervisor=item.supervisor, attendees=item.attendees,
        discussion=item.discussion, plan=item.plan, commitments=commitments,
        follow_up=item.follow_up, state=FeedbackState(item.state), causal_ids=causal_ids,
        created_by=author, version=item.version,
    )


def _snapshot(session: Session, data: FeedbackInput) -> dict[str, object]:
    """Every stored field: the causales decide what later counts as a recurrence."""
    codes = list(session.scalars(select(Causal.code).where(Causal.id.in_(data.causal_ids))
                                 .order_by(Causal.code)))
    return {
        "asesor": f"{data.asesor_nombre} ({data.asesor_id})",
        "periodo": f"{data.period_start:%d/%m/%Y} al {data.period_end:%d/%m/%Y}",
        "fecha_sesion": data.session_date.isoformat(), "estado": data.state.value,
        "supervisor": data.supervisor, "asistentes": data.attendees,
        "temas": data.discussion, "causales": codes,
        "plan": data.plan,
        "compromisos": [f"{c.text} ({c.due_date:%d/%m/%Y})" if c.due_date else c.text
                        for c in data.commitments],
        "seguimiento": data.follow_up.isoformat() if data.follow_up else None,
    }


def _clean(data: FeedbackInput) -> FeedbackInput:
    return FeedbackInput(
        asesor_id=data.asesor_id.strip(), asesor_nombre=data.asesor_nombre.strip(),
        period_start=data.period_start, period_end=data.period_end,
        session_date=data.session_date, supervisor=" ".join(data.supervisor.split()),
        attendees=" ".join(data.attendees.split()), discussion=data.discussion.strip(),
        plan=data.plan.strip(),
        commitments=tuple(Commitment(c.text.strip(), c.due_date) for c in data.commitments
                          if c.text.strip() or c.due_date),
        follow_up=data.follow_up, state=data.state,
        causal_ids=tuple(dict.fromkeys(data.causal_ids)),
    )


def save_session(db: Store, actor: UserProfile, data: FeedbackInput,
                 session_id: int | None = None, version: int | None = None) -> FeedbackSummary:
    """Create a session, or update one (``session_id`` with the ``version`` that was read)."""
    require(actor, Action.WRITE_FEEDBACK)
    data = _clean(data)
    errors = validate_feedback(data)
    if errors:
        raise ValidationError(errors)
    now = db.clock.now()
    with session_scope(db, write=True) as session:
        known = set(session.scalars(select(Causal.id).where(Causal.id.in_(data.causal_ids))))
        if known != set(data.causal_ids):
            raise ValidationError({"causales": "Una de las causales ya no existe."})
        before: dict[str, object] | None = None
        if session_id is None:
            item = FeedbackSession(uuid=str(uuid.uuid4()), created_by=actor.id,
                                   created_at=now)
            session.add(item)
        else:
            item = get_or_refuse(session, FeedbackSession, session_id, "sesion", GONE)
            before = _snapshot(session, as_input(_summary(session, item)))
            if version is None or not versioning.bump(session, FeedbackSession, item.id,
                                                      version):
                raise StaleSessionError("Otra persona guardó esta retroalimentación; "
                                        "vuelva a abrirla.")
        for field in ("asesor_id", "asesor_nombre", "period_start", "period_end",
                      "session_date", "supervisor", "attendees", "discussion", "plan",
                      "follow_up"):
            setattr(item, field, getattr(data, field))
        item.state = data.state.value
        session.flush()
        session.execute(delete(FeedbackCommitment)
                        .where(FeedbackCommitment.session_id == item.id))
        session.execute(delete(FeedbackCausal).where(FeedbackCausal.session_id == item.id))
        session.add_all(FeedbackCommitment(session_id=item.id, position=i, text=c.text,
                                           due_date=c.due_date)
                        for i, c in enumerate(data.commitments))
        session.add_all(FeedbackCausal(session_id=item.id, causal_id=c) for c in data.causal_ids)
        session.flush()
        after = _snapshot(session, data)
        if before != after:
            audit.record(session, actor, "retroalimentacion", item.uuid,
                         "crear" if before is None else "modificar", before, after, at=now)
        return _summary(session, item)


def as_input(summary: FeedbackSummary) -> FeedbackInput:
    return summary.as_input()


def sessions(db: Store, asesor_id: str | None = None) -> list[FeedbackSummary]:
    """Newest session first."""
    query = select(FeedbackSession).order_by(FeedbackSession.session_date.desc(),
                                             FeedbackSession.id.desc())
    if asesor_id:
        query = query.where(FeedbackSession.asesor_id == asesor_id)
    with session_scope(db) as session:
        return [_summary(session, s) for s in session.scalars(query)]


def get_session(db: Store, session_id: int) -> FeedbackSummary:
    with session_scope(db) as session:
        return _get_session(session, session_id)


def _get_session(session: Session, session_id: int) -> FeedbackSummary:
    return _summary(session, get_or_refuse(session, FeedbackSession, session_id, "sesion", GONE))


def compromiso(db: Store, actor: UserProfile, session_id: int) -> CompromisoDocument:
    """The session, its table of errors and their total from one read of the store."""
    with session_scope(db, snapshot=True) as session:
        summary = _get_session(session, session_id)
        period = Period(summary.period_start, summary.period_end)
        errors = _causal_counts(session, summary.asesor_id, period)
        total = len(_advisor_errors(session, summary.asesor_id, period))
    return CompromisoDocument(session=summary, errors=tuple(errors), total_errors=total,
                              backoffice=actor.full_name, generated_at=db.clock.now())


def export_compromiso(db: Store, actor: UserProfile, session_id: int, path: Path) -> Path:
    return write_compromiso(path, compromiso(db, actor, session_id))
