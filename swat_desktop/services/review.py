"""Reviewing the accounts of the bases: read one, record its verdict, and the lists the
filters offer. The table itself reads pages and counts through review_pages.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from swat_desktop.domain.base_format import case_search_text
from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import Role, UserProfile
from swat_desktop.domain.mal_escalados import (
    CaseDetail,
    CaseStatus,
    ProcedeMotivo,
    Procedencia,
    VerdictInput,
    validate_verdict,
)
from swat_desktop.domain.permissions import Action, roles_for
from swat_desktop.services import audit, review_pages, versioning
from swat_desktop.services.handle import Store, session_scope
from swat_desktop.services.lookup import get_or_refuse
from swat_desktop.storage import source_blocks
from swat_desktop.storage.models import (
    Causal,
    MalEscaladoBase,
    MalEscaladoCase,
    MalEscaladoCaseCausal,
    MalEscaladoCausalCount,
    MalEscaladoSource,
    ReclamacionItem,
    User,
)

Case = MalEscaladoCase


class ConcurrencyError(Exception):
    """Somebody else saved this account first; the message says what to do."""


def detail(db: Store, case_id: int) -> CaseDetail:
    with session_scope(db) as session:
        return _detail(session, case_id)


def _detail(session: Session, case_id: int) -> CaseDetail:
    row = session.execute(review_pages.rows_query().where(Case.id == case_id)).one_or_none()
    if row is None:
        raise ValidationError({"case": "La cuenta ya no existe."})
    item = session.get(Case, case_id)
    assert item is not None
    base = session.get(MalEscaladoBase, item.base_id)
    assert base is not None
    block = session.get(MalEscaladoSource, (base.id, source_blocks.chunk_of(item.source_row)))
    cells = source_blocks.decode(block.data, item.source_row) if block is not None else None
    reviewer = session.get(User, item.reviewed_by) if item.reviewed_by else None
    causal_ids = tuple(session.scalars(
        select(MalEscaladoCaseCausal.causal_id).where(MalEscaladoCaseCausal.case_id == case_id)
        .order_by(MalEscaladoCaseCausal.position)
    ))
    source = dict(zip(base.headers, cells or [], strict=False))
    return CaseDetail(
        row=review_pages.case_row(row), source=source, sheet=base.sheet, source_row=item.source_row,
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


def save_verdict(db: Store, actor: UserProfile, case_id: int, verdict: VerdictInput,
                 expected_version: int) -> CaseDetail:
    """Record or change the verdict of one account, audited, in one transaction."""
    verdict = VerdictInput(verdict.causal_ids, verdict.procedencia,
                           verdict.motivo if verdict.procedencia is Procedencia.PROCEDE else None,
                           verdict.observaciones.strip())
    errors = validate_verdict(verdict)
    if errors:
        raise ValidationError(errors)
    with session_scope(db, write=True) as session:
        item = get_or_refuse(session, Case, case_id, "case", "La cuenta ya no existe.")
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
        item.search_text = case_search_text(item.cuenta, item.asesor_id, item.asesor_nombre,
                                            item.supervisor, verdict.observaciones)
        _count_verdict(session, item.base_id, before, wanted)
        _count_causales(session, item.base_id, current, set(verdict.causal_ids))
        item.status = CaseStatus.REVISADA.value
        item.reviewed_by = actor.id
        item.reviewed_at = db.clock.now()
        session.flush()
        audit.record(session, actor, "mal_escalado", item.id,
                     "veredicto" if before is None else "cambiar_veredicto", before, wanted,
                     at=item.reviewed_at)
        return _detail(session, case_id)


def _count_verdict(session: Session, base_id: int, before: dict[str, object] | None,
                   after: dict[str, object]) -> None:
    """Keep the base's reviewed and *procede* counts (review_pages counts whole bases from
    them) in the verdict's own transaction; an update in SQL, so two savers never lose one."""
    was = before is not None and before["procedencia"] == Procedencia.PROCEDE.value
    now = after["procedencia"] == Procedencia.PROCEDE.value
    reviewed, procede = (1 if before is None else 0), int(now) - int(was)
    if reviewed or procede:
        session.execute(update(MalEscaladoBase).where(MalEscaladoBase.id == base_id).values(
            reviewed_count=MalEscaladoBase.reviewed_count + reviewed,
            procede_count=MalEscaladoBase.procede_count + procede))


def _count_causales(session: Session, base_id: int, before: set[int], after: set[int]) -> None:
    """Keep the base's count of accounts per causal (the review's causal filter counts from
    it) in the verdict's transaction: each causal added or taken away moves its count."""
    counts = MalEscaladoCausalCount
    for causal_id in after ^ before:
        step = 1 if causal_id in after else -1
        moved = session.execute(update(counts).where(
            counts.base_id == base_id, counts.causal_id == causal_id).values(
            accounts=counts.accounts + step)).rowcount  # type: ignore[attr-defined]
        if not moved:  # the base's first account with this causal (writers take turns)
            session.add(counts(base_id=base_id, causal_id=causal_id, accounts=step))


def base_dates(db: Store) -> list[date]:
    with session_scope(db) as session:
        return list(session.scalars(
            select(MalEscaladoBase.base_date).distinct().order_by(MalEscaladoBase.base_date.desc())
        ))


def advisors(db: Store) -> list[tuple[str, str]]:
    """(id, name) of every advisor in the bases, for the filter.

    Read from the lists each base keeps (written at import), not from 100,000 rows.
    """
    found: dict[str, str] = {}
    with session_scope(db) as session:
        for people in session.scalars(select(MalEscaladoBase.advisors)):
            found.update(people)
    return sorted(found.items(), key=lambda r: r[1].casefold())


def supervisors(db: Store) -> list[str]:
    with session_scope(db) as session:
        names = {n for names in session.scalars(select(MalEscaladoBase.supervisors))
                 for n in names}
    return sorted(names, key=str.casefold)


def reviewers(db: Store) -> list[UserProfile]:
    """The people a base can be assigned to: those who review accounts (célula agents and
    backoffice)."""
    reviewing = [role.value for role in roles_for(Action.REVIEW_CASES)]
    with session_scope(db) as session:
        users = session.scalars(
            select(User).where(User.active.is_(True), User.role.in_(reviewing))
            .order_by(User.full_name)
        )
        return [UserProfile(u.id, u.login, u.full_name, Role(u.role), u.unit) for u in users]
