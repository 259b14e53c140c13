"""Indicators of a period: computed by grouping in SQL, so a month of 100,000 accounts costs a
few queries, not a Python loop over every row. The rules (what counts, the denominator) are
in domain/indicators.py.

The denominator is read from the bases, not from their accounts: each base keeps how many
rows it imported and how many it rejected for bad data (rows repeating an earlier import are
neither), and the rejected rows, which have no account row, are records the client sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.orm import Session

from swat_desktop.domain.claims import Outcome
from swat_desktop.domain.clock import local_today
from swat_desktop.domain.feedback import FeedbackState
from swat_desktop.domain.formatting import BOGOTA
from swat_desktop.domain.indicators import (
    AdvisorFigure,
    CausalFigure,
    DayFigure,
    Indicators,
    Recurrence,
    percent,
)
from swat_desktop.domain.mal_escalados import CaseStatus, Procedencia
from swat_desktop.domain.periods import Period, PeriodKind, period_for
from swat_desktop.services.handle import Store, session_scope
from swat_desktop.storage.models import (
    Causal,
    FeedbackCausal,
    FeedbackSession,
    MalEscaladoBase,
    MalEscaladoCase,
    MalEscaladoCaseCausal,
    ReclamacionItem,
)

Case = MalEscaladoCase
Item = ReclamacionItem


@dataclass(frozen=True)
class Scope:
    """Narrows the numerators; the denominator is always the whole base (see the domain)."""

    asesor_id: str = ""
    supervisor: str = ""

    def describe(self, asesor_nombre: str = "") -> str:
        if self.asesor_id:
            return f"Asesor: {asesor_nombre or self.asesor_id} ({self.asesor_id})"
        if self.supervisor:
            return f"Supervisor: {self.supervisor}"
        return "Todos los asesores"


EVERYONE = Scope()


COUNTED: ColumnElement[bool] = and_(
    Case.status == CaseStatus.REVISADA.value,
    or_(Item.outcome.is_(None), Item.outcome != Outcome.ACEPTADA.value),
)


def _flag(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _in_period(query: Select[Any], period: Period, scope: Scope | None) -> Select[Any]:
    query = query.where(Case.base_date.between(period.start, period.end))
    if scope is not None and scope.asesor_id:
        query = query.where(Case.asesor_id == scope.asesor_id)
    if scope is not None and scope.supervisor:
        query = query.where(Case.supervisor == scope.supervisor)
    return query


def _with_claims(query: Select[Any]) -> Select[Any]:
    return query.outerjoin(Item, Item.case_id == Case.id)


def default_period(db: Store) -> Period:
    """The period Indicadores and Retroalimentación both open on: the month of the latest
    base (the cut the backoffice brings to a feedback session), or the current month in
    Bogotá before any base was imported. One answer, so the two pages never disagree."""
    with session_scope(db) as session:
        latest = session.scalar(select(func.max(MalEscaladoBase.base_date)))
    return period_for(PeriodKind.MENSUAL, latest or local_today(db.clock, BOGOTA))


def recurrences(db: Store, period: Period, scope: Scope = EVERYONE) -> list[Recurrence]:
    """Counted accounts of a base after a held feedback session, repeating one of the causales
    discussed in it; when several sessions match, the latest one is named."""
    with session_scope(db) as session:
        return recurrences_in(session, period, scope)


def recurrences_in(session: Session, period: Period, scope: Scope = EVERYONE
                   ) -> list[Recurrence]:
    """``recurrences`` inside the caller's transaction (a report reads one state)."""
    query = (
        select(Case.asesor_id, Case.asesor_nombre, Case.cuenta, Case.base_date, Causal.code,
               Causal.name, func.max(FeedbackSession.session_date))
        .join(MalEscaladoCaseCausal, MalEscaladoCaseCausal.case_id == Case.id)
        .join(Causal, Causal.id == MalEscaladoCaseCausal.causal_id)
        .join(FeedbackCausal, FeedbackCausal.causal_id == MalEscaladoCaseCausal.causal_id)
        .join(FeedbackSession, and_(FeedbackSession.id == FeedbackCausal.session_id,
                                    FeedbackSession.asesor_id == Case.asesor_id))
        .where(FeedbackSession.state == FeedbackState.REALIZADA.value,
               Case.base_date > FeedbackSession.session_date, COUNTED)
        .group_by(Case.id, Case.asesor_id, Case.asesor_nombre, Case.cuenta, Case.base_date,
                  Causal.id, Causal.code, Causal.name)
        .order_by(Case.asesor_nombre, Case.base_date, Case.cuenta, Causal.code)
    )
    query = _with_claims(_in_period(query, period, scope))
    return [Recurrence(*row) for row in session.execute(query)]


def compute(db: Store, period: Period, scope: Scope = EVERYONE) -> Indicators:
    """Both indicators of section 5 for ``period``, with the figures behind them."""
    with session_scope(db) as session:
        return compute_in(session, period, scope)


def compute_in(session: Session, period: Period, scope: Scope = EVERYONE) -> Indicators:
    """``compute`` inside the caller's transaction: the figures and the recurrences they
    count are read from one state of the store."""
    reviewed = Case.status == CaseStatus.REVISADA.value
    advisor_query = _with_claims(_in_period(
        select(Case.asesor_id, func.max(Case.asesor_nombre), func.max(Case.supervisor),
               func.count(Case.id), _flag(reviewed),
               _flag(Case.procedencia == Procedencia.PROCEDE.value),
               _flag(Case.procedencia == Procedencia.NO_PROCEDE.value),
               _flag(Item.outcome == Outcome.ACEPTADA.value),
               _flag(Item.outcome == Outcome.RECHAZADA.value),
               _flag(Item.outcome == Outcome.PENDIENTE.value), _flag(COUNTED))
        .group_by(Case.asesor_id), period, scope))
    causal_query = _with_claims(_in_period(
        select(Causal.code, Causal.name, func.count(Case.id))
        .join(MalEscaladoCaseCausal, MalEscaladoCaseCausal.case_id == Case.id)
        .join(Causal, Causal.id == MalEscaladoCaseCausal.causal_id)
        .where(COUNTED)
        .group_by(Causal.id, Causal.code, Causal.name), period, scope))
    records_by_day = (
        select(MalEscaladoBase.base_date,
               func.sum(MalEscaladoBase.imported_count + MalEscaladoBase.rejected_count),
               func.sum(MalEscaladoBase.imported_count))
        .where(MalEscaladoBase.base_date.between(period.start, period.end))
        .group_by(MalEscaladoBase.base_date))
    scoped_by_day = _with_claims(_in_period(
        select(Case.base_date, _flag(reviewed), _flag(COUNTED)).group_by(Case.base_date),
        period, scope))
    found = recurrences_in(session, period, scope)
    advisor_rows = session.execute(advisor_query).all()
    causal_rows = session.execute(causal_query).all()
    day_records = {day: (int(sent), int(valid))
                   for day, sent, valid in session.execute(records_by_day)}
    day_scoped = {day: (r, c) for day, r, c in session.execute(scoped_by_day)}
    records = sum(sent for sent, _valid in day_records.values())
    # Counted in accounts, like the advisor's page: an account repeating two discussed
    # causales is one recurrence.
    repeated = {(r.asesor_id, r.cuenta, r.base_date) for r in found}
    repeats: dict[str, int] = {}
    for asesor_id, _cuenta, _day in repeated:
        repeats[asesor_id] = repeats.get(asesor_id, 0) + 1
    advisors = sorted(
        (AdvisorFigure(
            asesor_id=a_id, asesor_nombre=name, supervisor=supervisor, accounts=accounts,
            reviewed=done, procede=procede, no_procede=no_procede, claims_accepted=accepted,
            claims_rejected=rejected, counted=counted, recurrences=repeats.get(a_id, 0),
            percent=percent(counted, records))
         for (a_id, name, supervisor, accounts, done, procede, no_procede, accepted, rejected,
              _pending, counted) in advisor_rows),
        key=lambda a: (-a.counted, a.asesor_nombre.casefold(), a.asesor_id),
    )
    causales = sorted(
        (CausalFigure(code, name, count, percent(count, records))
         for code, name, count in causal_rows),
        key=lambda c: (-c.accounts, c.code),
    )
    none = (0, 0)
    days = tuple(DayFigure(day, day_records.get(day, none)[0], *day_scoped.get(day, none),
                           valid=day_records.get(day, none)[1])
                 for day in period.dates())
    names = {a.asesor_id: a.asesor_nombre for a in advisors}
    return Indicators(
        period=period, scope=scope.describe(names.get(scope.asesor_id, "")), records=records,
        reviewed=sum(a.reviewed for a in advisors), counted=sum(a.counted for a in advisors),
        procede=sum(a.procede for a in advisors), no_procede=sum(a.no_procede for a in advisors),
        claims_pending=sum(row[9] for row in advisor_rows),
        claims_accepted=sum(a.claims_accepted for a in advisors),
        claims_rejected=sum(a.claims_rejected for a in advisors),
        recurrences=len(repeated), advisors=tuple(advisors), causales=tuple(causales), days=days,
        valid=sum(valid for _sent, valid in day_records.values()),
    )
