"""Reviewing the accounts of the bases: filter, sort, read, and record each verdict.

Filtering and sorting happen in SQL and return only ids (tens of milliseconds at 100,000
rows); the table fetches the visible rows by id, a page at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, case, delete, func, select
from sqlalchemy.orm import Session, aliased

from swat_desktop.domain.base_format import SOURCE_SEPARATOR, fold_text
from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import Role, UserProfile
from swat_desktop.domain.mal_escalados import (
    CaseDetail,
    CaseRow,
    CaseStatus,
    ProcedeMotivo,
    Procedencia,
    ReviewCounts,
    ReviewFilters,
    ReviewSort,
    SortKey,
    VerdictInput,
    validate_verdict,
)
from swat_desktop.services import audit, versioning
from swat_desktop.storage.database import Database
from swat_desktop.storage.models import (
    Causal,
    MalEscaladoBase,
    MalEscaladoCase,
    MalEscaladoCaseCausal,
    ReclamacionItem,
    User,
)

Case = MalEscaladoCase
Assignee = aliased(User)


@dataclass(frozen=True)
class ReviewResult:
    ids: list[int]
    reviewed: int

    @property
    def counts(self) -> ReviewCounts:
        return ReviewCounts(total=len(self.ids), reviewed=self.reviewed)


class ConcurrencyError(Exception):
    """Somebody else saved this account first; the message says what to do."""


def _filtered(query: Select[Any], filters: ReviewFilters,
              base_index: bool = True) -> Select[Any]:
    """``base_index=False`` hides the base-date index (through coalesce) from the planner: when
    the status is also asked for, its index is far more selective, but SQLite, knowing no
    value counts, would otherwise prefer the base date and read every row of the day."""
    if len(filters.base_dates) == 1:  # "=" lets SQLite read (base_date, fecha) in order
        day = Case.base_date if base_index else func.coalesce(Case.base_date, Case.base_date)
        query = query.where(day == filters.base_dates[0])
    elif filters.base_dates:
        query = query.where(Case.base_date.in_(filters.base_dates))
    if filters.asesor:
        query = query.where(Case.asesor_id == filters.asesor)
    if filters.supervisor:
        query = query.where(Case.supervisor == filters.supervisor)
    if filters.status is not None:
        query = query.where(Case.status == filters.status.value)
    if filters.procedencia is not None:
        query = query.where(Case.procedencia == filters.procedencia.value)
    if filters.causal_id is not None:
        query = query.where(Case.id.in_(
            select(MalEscaladoCaseCausal.case_id)
            .where(MalEscaladoCaseCausal.causal_id == filters.causal_id)
        ))
    if filters.assigned_to == 0:
        query = query.where(Case.assigned_to.is_(None))
    elif filters.assigned_to is not None:
        query = query.where(Case.assigned_to == filters.assigned_to)
    if text := fold_text(filters.text):
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(Case.search_text.like(f"%{escaped}%", escape="\\"))
    return query


_SORT_COLUMNS = {
    SortKey.BASE_DATE: Case.base_date,
    SortKey.CUENTA: Case.cuenta,
    SortKey.FECHA: Case.fecha_escalamiento,
    SortKey.ASESOR_ID: Case.asesor_id,
    SortKey.ASESOR: Case.asesor_nombre,
    SortKey.SUPERVISOR: Case.supervisor,
    SortKey.STATUS: Case.status,
    SortKey.PROCEDENCIA: Case.procedencia,
    # Causal ids follow the catalogue order (seeded in order, new ones appended), so the
    # primary causal sorts without a join.
    SortKey.CAUSAL: Case.primary_causal_id,
}


def query_ids(db: Database, filters: ReviewFilters, sort: ReviewSort) -> list[int]:
    return query(db, filters, sort).ids


def query(db: Database, filters: ReviewFilters, sort: ReviewSort) -> ReviewResult:
    """The ordered ids of the accounts shown, and how many of them are reviewed.

    Only ids are selected, so an index on the sort column answers without touching the table;
    the reviewed count is a second, index-only query.
    """
    statement = _filtered(select(Case.id), filters)
    if sort.key is SortKey.ASSIGNED:
        statement = statement.outerjoin(Assignee, Assignee.id == Case.assigned_to)
        column = Assignee.full_name
    else:
        column = _SORT_COLUMNS[sort.key]
    if fold_text(filters.text):
        # A text search reads every row anyway: reading the table straight through and sorting
        # the few matches beats walking the sort index and jumping to each row.
        column = func.coalesce(column, column)
    order = column.desc() if sort.descending else column.asc()
    tie = Case.id.desc() if sort.descending else Case.id.asc()
    with db.engine.connect() as connection:  # Core, not the ORM: 100,000 ids a time
        ids = list(connection.execute(statement.order_by(order, tie)).scalars())
        if filters.status is not None:
            reviewed = len(ids) if filters.status is CaseStatus.REVISADA else 0
        else:
            reviewed = connection.execute(_filtered(
                select(func.count(Case.id)).where(Case.status == CaseStatus.REVISADA.value),
                filters, base_index=False)).scalar_one()
    return ReviewResult(ids=ids, reviewed=reviewed)


def counts(db: Database, filters: ReviewFilters) -> ReviewCounts:
    reviewed = func.sum(case((Case.status == CaseStatus.REVISADA.value, 1), else_=0))
    with db.session_scope() as session:
        total, done = session.execute(
            _filtered(select(func.count(Case.id), reviewed), filters)
        ).one()
        return ReviewCounts(total=total or 0, reviewed=done or 0)


def _row_query() -> Select[Any]:
    return (
        select(Case.id, Case.base_date, Case.cuenta, Case.fecha_escalamiento, Case.asesor_id,
               Case.asesor_nombre, Case.supervisor, Case.status, Causal.name,
               Case.procedencia, Assignee.full_name)
        .outerjoin(Causal, Causal.id == Case.primary_causal_id)
        .outerjoin(Assignee, Assignee.id == Case.assigned_to)
    )


def _case_row(values: Sequence[Any]) -> CaseRow:
    (id_, base_date, cuenta, fecha, asesor_id, asesor, supervisor, status, causal, procedencia,
     assignee) = values
    return CaseRow(
        id=id_, base_date=base_date, cuenta=cuenta, fecha_escalamiento=fecha,
        asesor_id=asesor_id, asesor_nombre=asesor, supervisor=supervisor,
        status=CaseStatus(status), primary_causal=causal or "",
        procedencia=Procedencia(procedencia) if procedencia else None,
        assigned_to=assignee or "",
    )


def fetch_rows(db: Database, ids: Sequence[int]) -> list[CaseRow]:
    """The rows for these ids, in the order given."""
    with db.session_scope() as session:
        found = {r[0]: _case_row(r) for r in session.execute(
            _row_query().where(Case.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def detail(db: Database, case_id: int) -> CaseDetail:
    with db.session_scope() as session:
        return _detail(session, case_id)


def _detail(session: Session, case_id: int) -> CaseDetail:
    row = session.execute(_row_query().where(Case.id == case_id)).one_or_none()
    if row is None:
        raise ValidationError({"case": "La cuenta ya no existe."})
    item = session.get(Case, case_id)
    assert item is not None
    base = session.get(MalEscaladoBase, item.base_id)
    assert base is not None
    reviewer = session.get(User, item.reviewed_by) if item.reviewed_by else None
    causal_ids = tuple(session.scalars(
        select(MalEscaladoCaseCausal.causal_id).where(MalEscaladoCaseCausal.case_id == case_id)
        .order_by(MalEscaladoCaseCausal.position)
    ))
    source = dict(zip(base.headers, item.source.split(SOURCE_SEPARATOR), strict=False))
    return CaseDetail(
        row=_case_row(row), source=source, sheet=base.sheet, source_row=item.source_row,
        file_name=base.file_name, causal_ids=causal_ids,
        motivo=ProcedeMotivo(item.motivo) if item.motivo else None,
        observaciones=item.observaciones,
        reviewed_by=reviewer.full_name if reviewer else "", reviewed_at=item.reviewed_at,
        version=item.version,
    )


def _snapshot(cuenta: str, codes: list[str], procedencia: str | None, motivo: str | None,
              observaciones: str) -> dict[str, object]:
    """A verdict as the audit stores it; also what decides whether a save changes anything."""
    return {"cuenta": cuenta, "causales": codes, "procedencia": procedencia, "motivo": motivo,
            "observaciones": observaciones}


def _verdict_snapshot(session: Session, item: Case) -> dict[str, object] | None:
    if item.status != CaseStatus.REVISADA.value:
        return None
    codes = list(session.scalars(
        select(Causal.code).join(MalEscaladoCaseCausal,
                                 MalEscaladoCaseCausal.causal_id == Causal.id)
        .where(MalEscaladoCaseCausal.case_id == item.id)
        .order_by(MalEscaladoCaseCausal.position)
    ))
    return _snapshot(item.cuenta, codes, item.procedencia, item.motivo, item.observaciones)


def _saved_meanwhile(cuenta: str) -> str:
    return (f"Otra persona guardó la cuenta {cuenta} mientras usted la revisaba; vuelva a "
            "abrirla para ver lo que se guardó.")


def save_verdict(db: Database, actor: UserProfile, case_id: int, verdict: VerdictInput,
                 expected_version: int) -> CaseDetail:
    """Record or change the verdict of one account, audited, in one transaction."""
    verdict = VerdictInput(verdict.causal_ids, verdict.procedencia,
                           verdict.motivo if verdict.procedencia is Procedencia.PROCEDE else None,
                           verdict.observaciones.strip())
    errors = validate_verdict(verdict)
    if errors:
        raise ValidationError(errors)
    with db.session_scope(write=True) as session:
        item = session.get(Case, case_id)
        if item is None:
            raise ValidationError({"case": "La cuenta ya no existe."})
        if item.version != expected_version:
            raise ConcurrencyError(_saved_meanwhile(item.cuenta))
        causales = {c.id: c for c in session.scalars(
            select(Causal).where(Causal.id.in_(verdict.causal_ids)))}
        current = set(session.scalars(select(MalEscaladoCaseCausal.causal_id)
                                      .where(MalEscaladoCaseCausal.case_id == case_id)))
        for causal_id in verdict.causal_ids:
            causal = causales.get(causal_id)
            if causal is None or (not causal.active and causal_id not in current):
                name = causal.name if causal else str(causal_id)
                raise ValidationError({"causales": f"La causal «{name}» no está activa."})
        if verdict.procedencia is not Procedencia.NO_PROCEDE and session.scalar(
                select(ReclamacionItem.id).where(ReclamacionItem.case_id == case_id)):
            raise ValidationError({"procedencia": (
                f"La cuenta {item.cuenta} está en una reclamación a Gestión Soporte: sáquela de "
                "la reclamación antes de cambiarla a «procede».")})
        before = _verdict_snapshot(session, item)
        wanted = _snapshot(item.cuenta, [causales[c].code for c in verdict.causal_ids],
                           verdict.procedencia.value if verdict.procedencia else None,
                           verdict.motivo.value if verdict.motivo else None,
                           verdict.observaciones)
        if before == wanted:
            return _detail(session, case_id)  # the same verdict again: reviewer and time stay
        if not versioning.bump(session, Case, case_id, expected_version):
            raise ConcurrencyError(_saved_meanwhile(item.cuenta))
        session.execute(delete(MalEscaladoCaseCausal)
                        .where(MalEscaladoCaseCausal.case_id == case_id))
        session.add_all(MalEscaladoCaseCausal(case_id=case_id, causal_id=c, position=i)
                        for i, c in enumerate(verdict.causal_ids))
        assert verdict.procedencia is not None
        item.primary_causal_id = verdict.causal_ids[0]
        item.procedencia = verdict.procedencia.value
        item.motivo = verdict.motivo.value if verdict.motivo else None
        item.observaciones = verdict.observaciones
        item.search_text = fold_text(" ".join((item.cuenta, item.asesor_id, item.asesor_nombre,
                                           item.supervisor, verdict.observaciones)))
        item.status = CaseStatus.REVISADA.value
        item.reviewed_by = actor.id
        item.reviewed_at = db.clock.now()
        session.flush()
        audit.record(session, actor, "mal_escalado", item.id,
                     "veredicto" if before is None else "cambiar_veredicto", before, wanted,
                     at=item.reviewed_at)
        return _detail(session, case_id)


def base_dates(db: Database) -> list[date]:
    with db.session_scope() as session:
        return list(session.scalars(
            select(MalEscaladoBase.base_date).distinct().order_by(MalEscaladoBase.base_date.desc())
        ))


def advisors(db: Database) -> list[tuple[str, str]]:
    """(id, name) of every advisor in the bases, for the filter.

    Read from the lists each base keeps (written at import), not from 100,000 rows.
    """
    found: dict[str, str] = {}
    with db.session_scope() as session:
        for people in session.scalars(select(MalEscaladoBase.advisors)):
            found.update(people)
    return sorted(found.items(), key=lambda r: r[1].casefold())


def supervisors(db: Database) -> list[str]:
    with db.session_scope() as session:
        names = {n for names in session.scalars(select(MalEscaladoBase.supervisors))
                 for n in names}
    return sorted(names, key=str.casefold)


def reviewers(db: Database) -> list[UserProfile]:
    """The people a base can be assigned to: célula agents and backoffice."""
    with db.session_scope() as session:
        users = session.scalars(
            select(User).where(User.active.is_(True),
                               User.role.in_([Role.AGENTE_CELULA.value, Role.BACKOFFICE.value]))
            .order_by(User.full_name)
        )
        return [UserProfile(u.id, u.login, u.full_name, Role(u.role), u.unit) for u in users]
