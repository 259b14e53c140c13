"""Reclamaciones to Gestión Soporte: gather *no procede* accounts, send, record each outcome.

Only the backoffice prepares, sends and records outcomes: it is the one talking to Gestión
Soporte. Every step is one transaction with its audit row.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Select, case, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from swat_desktop.domain.claims import (
    MAX_EVIDENCE,
    ClaimDocument,
    ClaimItem,
    ClaimSummary,
    DeadlineState,
    Outcome,
    validate_outcome,
    validate_sent_at,
)
from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.formatting import BOGOTA
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.mal_escalados import CaseStatus, Procedencia
from swat_desktop.domain.permissions import Action, require
from swat_desktop.services import audit, versioning
from swat_desktop.services.handle import Store, session_scope
from swat_desktop.storage.models import (
    Causal,
    MalEscaladoCase,
    MalEscaladoCaseCausal,
    Reclamacion,
    ReclamacionItem,
    User,
)

Case = MalEscaladoCase
Item = ReclamacionItem
Decider = aliased(User)


class StaleClaimError(Exception):
    """Somebody else changed the reclamación first; the message says what to do."""


@dataclass(frozen=True)
class CandidateFilter:
    """Which *no procede* accounts to offer for a new reclamación."""

    start: date | None = None
    end: date | None = None
    base_id: int | None = None
    case_ids: tuple[int, ...] = ()  # a selection made in the review table


def claim_number(year: int, sequence: int) -> str:
    return f"REC-{year}-{sequence:04d}"


def _causales_text(session: Session, case_ids: Sequence[int]) -> dict[int, str]:
    found: dict[int, list[str]] = defaultdict(list)
    for start in range(0, len(case_ids), 500):
        rows = session.execute(
            select(MalEscaladoCaseCausal.case_id, Causal.code, Causal.name)
            .join(Causal, Causal.id == MalEscaladoCaseCausal.causal_id)
            .where(MalEscaladoCaseCausal.case_id.in_(case_ids[start:start + 500]))
            .order_by(MalEscaladoCaseCausal.case_id, MalEscaladoCaseCausal.position)
        )
        for case_id, code, name in rows:
            found[case_id].append(f"{code} {name}")
    return {case_id: "; ".join(names) for case_id, names in found.items()}


def _item(case: Case, causales: Mapping[int, str], claimed: Item | None = None,
          decider: str = "") -> ClaimItem:
    return ClaimItem(
        case_id=case.id, base_date=case.base_date, cuenta=case.cuenta,
        fecha_escalamiento=case.fecha_escalamiento, asesor_id=case.asesor_id,
        asesor_nombre=case.asesor_nombre, causales=causales.get(case.id, ""),
        observaciones=case.observaciones,
        evidence=claimed.evidence if claimed else "",
        outcome=Outcome(claimed.outcome) if claimed else Outcome.PENDIENTE,
        reason=claimed.reason if claimed else "", decided_by=decider,
        decided_at=claimed.decided_at if claimed else None,
    )


def candidates(db: Store, where: CandidateFilter) -> list[ClaimItem]:
    """Reviewed *no procede* accounts not yet in any reclamación, oldest base first."""
    query = (
        select(Case)
        .outerjoin(Item, Item.case_id == Case.id)
        .where(Item.id.is_(None), Case.status == CaseStatus.REVISADA.value,
               Case.procedencia == Procedencia.NO_PROCEDE.value)
        .order_by(Case.base_date, Case.cuenta)
    )
    if where.start is not None:
        query = query.where(Case.base_date >= where.start)
    if where.end is not None:
        query = query.where(Case.base_date <= where.end)
    if where.base_id is not None:
        query = query.where(Case.base_id == where.base_id)
    if where.case_ids:
        query = query.where(Case.id.in_(where.case_ids))
    with session_scope(db) as session:
        cases = list(session.scalars(query))
        causales = _causales_text(session, [c.id for c in cases])
        return [_item(c, causales) for c in cases]


def _summary_query() -> Select[tuple[Reclamacion, str, int, int, int, int]]:
    pending, accepted, rejected = (func.sum(case((Item.outcome == o.value, 1), else_=0))
                                   for o in (Outcome.PENDIENTE, Outcome.ACEPTADA,
                                             Outcome.RECHAZADA))
    return (
        select(Reclamacion, User.full_name, func.count(Item.id), func.coalesce(pending, 0),
               func.coalesce(accepted, 0), func.coalesce(rejected, 0))
        .join(User, User.id == Reclamacion.created_by)
        .outerjoin(Item, Item.reclamacion_id == Reclamacion.id)
        .where(Reclamacion.discarded_at.is_(None))
        .group_by(Reclamacion.id, User.full_name)
    )


def _summary(row: Sequence[object]) -> ClaimSummary:
    claim, author, items, pending, accepted, rejected = row
    assert isinstance(claim, Reclamacion)
    return ClaimSummary(
        id=claim.id, uuid=claim.uuid, number=claim_number(claim.year, claim.sequence),
        created_at=claim.created_at, created_by=str(author), sent_at=claim.sent_at,
        note=claim.note, items=int(items), pending=int(pending),  # type: ignore[call-overload]
        accepted=int(accepted), rejected=int(rejected),  # type: ignore[call-overload]
        version=claim.version,
    )


def list_claims(db: Store) -> list[ClaimSummary]:
    """Every reclamación not discarded, newest first."""
    with session_scope(db) as session:
        rows = session.execute(_summary_query().order_by(Reclamacion.id.desc())).all()
    return [_summary(r) for r in rows]


def claims_of_bases(db: Store, start: date, end: date, asesor_id: str = "",
                    supervisor: str = "") -> list[ClaimSummary]:
    """The reclamaciones holding accounts of the bases dated ``start``..``end`` (of one advisor
    or supervisor when given), newest first.

    The cut's summary counts a claim's outcome in the period of its accounts' bases, so its
    claims sheet lists by the same rule: a claim prepared on 2 December about November's
    accounts belongs to November's cut, not to December's."""
    with session_scope(db) as session:
        return claims_of_bases_in(session, start, end, asesor_id, supervisor)


def claims_of_bases_in(session: Session, start: date, end: date, asesor_id: str = "",
                       supervisor: str = "") -> list[ClaimSummary]:
    """``claims_of_bases`` inside the caller's transaction (the cut reads one state)."""
    holding = (select(Item.reclamacion_id).join(Case, Case.id == Item.case_id)
               .where(Case.base_date.between(start, end)))
    if asesor_id:
        holding = holding.where(Case.asesor_id == asesor_id)
    if supervisor:
        holding = holding.where(Case.supervisor == supervisor)
    rows = session.execute(_summary_query().where(Reclamacion.id.in_(holding))
                           .order_by(Reclamacion.id.desc())).all()
    return [_summary(r) for r in rows]


def get_claim(db: Store, claim_id: int) -> ClaimSummary:
    with session_scope(db) as session:
        return _get(session, claim_id)


def _get(session: Session, claim_id: int) -> ClaimSummary:
    row = session.execute(_summary_query().where(Reclamacion.id == claim_id)).first()
    if row is None:
        raise ValidationError({"reclamacion": "La reclamación ya no existe."})
    return _summary(row)


def attention_needed(db: Store) -> dict[DeadlineState, int]:
    """How many sent reclamaciones are overdue or due soon (by the store's clock): what the
    start page shows."""
    moment = db.clock.now()
    counts = {DeadlineState.VENCIDA: 0, DeadlineState.POR_VENCER: 0}
    for claim in list_claims(db):
        state = claim.deadline_state(moment)
        if state in counts:
            counts[state] += 1
    return counts


def create_claim(db: Store, actor: UserProfile, case_ids: Iterable[int], note: str = "",
                 evidence: Mapping[int, str] | None = None) -> ClaimSummary:
    """A new reclamación in state *preparada*, numbered REC-<year>-<n> without gaps."""
    require(actor, Action.MANAGE_CLAIMS)
    ids = list(dict.fromkeys(case_ids))
    evidence = evidence or {}
    if not ids:
        raise ValidationError({"cuentas": "Elija al menos una cuenta «no procede»."})
    too_long = [i for i, text in evidence.items() if len(text) > MAX_EVIDENCE]
    if too_long:
        raise ValidationError({"evidencia": f"La evidencia admite hasta {MAX_EVIDENCE} "
                                            "caracteres por cuenta."})
    with session_scope(db, write=True) as session:
        cases = {c.id: c for c in session.scalars(select(Case).where(Case.id.in_(ids)))}
        taken = set(session.scalars(select(Item.case_id).where(Item.case_id.in_(ids))))
        problems = []
        for case_id in ids:
            case = cases.get(case_id)
            if case is None:
                problems.append(f"la cuenta #{case_id} ya no existe")
            elif case_id in taken:
                problems.append(f"la cuenta {case.cuenta} ya está en otra reclamación")
            elif case.procedencia != Procedencia.NO_PROCEDE.value:
                problems.append(f"la cuenta {case.cuenta} no está revisada como «no procede»")
        if problems:
            raise ValidationError({"cuentas": "No se puede crear la reclamación: "
                                              + "; ".join(problems[:5]) + "."})
        now = db.clock.now()
        year = now.astimezone(BOGOTA).year  # the year the célula reads on its calendar
        last = session.scalar(select(func.max(Reclamacion.sequence))
                              .where(Reclamacion.year == year)) or 0
        claim = Reclamacion(uuid=str(uuid.uuid4()), year=year, sequence=last + 1,
                            note=note.strip(), created_at=now, created_by=actor.id)
        session.add(claim)
        try:
            session.flush()
        except IntegrityError:  # another person numbered a claim at the same moment
            raise ValidationError({"cuentas": "Otra persona creó una reclamación en este "
                                              "momento; vuelva a intentarlo."}) from None
        session.add_all(Item(reclamacion_id=claim.id, case_id=i,
                             evidence=evidence.get(i, "").strip()) for i in ids)
        session.flush()
        number = claim_number(year, claim.sequence)
        audit.record(session, actor, "reclamacion", claim.uuid, "crear", None,
                     {"numero": number, "cuentas": [cases[i].cuenta for i in ids],
                      "evidencia": {cases[i].cuenta: evidence[i].strip() for i in ids
                                    if evidence.get(i, "").strip()},
                      "nota": claim.note}, at=now)
        return _get(session, claim.id)


def _locked(session: Session, claim_id: int, version: int) -> Reclamacion:
    """The claim as read at ``version``, now at the next one; the database refuses a second
    writer that read the same version (see versioning.bump)."""
    claim = session.get(Reclamacion, claim_id)
    if claim is None or claim.discarded_at is not None:
        raise ValidationError({"reclamacion": "La reclamación ya no existe."})
    if not versioning.bump(session, Reclamacion, claim_id, version):
        raise StaleClaimError(f"Otra persona cambió la reclamación "
                              f"{claim_number(claim.year, claim.sequence)}; vuelva a abrirla.")
    return claim


def mark_sent(db: Store, actor: UserProfile, claim_id: int, version: int,
              sent_at: datetime | None = None) -> ClaimSummary:
    """Record when the claim left for Gestión Soporte; its 24 hours start then."""
    require(actor, Action.MANAGE_CLAIMS)
    now = db.clock.now()
    moment = sent_at or now
    with session_scope(db, write=True) as session:
        claim = _locked(session, claim_id, version)
        if claim.sent_at is not None:
            raise ValidationError({"sent_at": "La reclamación ya figura como enviada."})
        if not session.scalar(select(func.count(Item.id)).where(Item.reclamacion_id == claim_id)):
            raise ValidationError({"sent_at": "La reclamación no tiene cuentas."})
        errors = validate_sent_at(moment, claim.created_at, now)
        if errors:
            raise ValidationError(errors)
        claim.sent_at = moment
        claim.sent_by = actor.id
        session.flush()
        audit.record(session, actor, "reclamacion", claim.uuid, "enviar", None,
                     {"numero": claim_number(claim.year, claim.sequence),
                      "enviada": moment.isoformat(timespec="minutes")}, at=now)
        return _get(session, claim_id)


def record_outcome(db: Store, actor: UserProfile, claim_id: int, version: int,
                   case_ids: Sequence[int], outcome: Outcome, reason: str = "") -> ClaimSummary:
    """Gestión Soporte's answer for one or more accounts, all or none. It can be corrected;
    each change is audited."""
    require(actor, Action.MANAGE_CLAIMS)
    errors = validate_outcome(outcome, reason)
    if errors:
        raise ValidationError(errors)
    reason = reason.strip()
    with session_scope(db, write=True) as session:
        claim = _locked(session, claim_id, version)
        if claim.sent_at is None:
            raise ValidationError({"outcome": "Marque la reclamación como enviada antes de "
                                              "registrar la respuesta de Gestión Soporte."})
        now = db.clock.now()
        for item, cuenta in _items(session, claim_id, case_ids):
            before = {"cuenta": cuenta, "resultado": item.outcome, "motivo_rechazo": item.reason}
            after = {"cuenta": cuenta, "resultado": outcome.value, "motivo_rechazo": reason}
            if before != after:
                item.outcome, item.reason = outcome.value, reason
                item.decided_at, item.decided_by = now, actor.id
                audit.record(session, actor, "reclamacion", claim.uuid, "resultado", before,
                             after, at=now)
        session.flush()
        return _get(session, claim_id)


def _items(session: Session, claim_id: int, case_ids: Sequence[int]
           ) -> list[tuple[Item, str]]:
    if not case_ids:
        raise ValidationError({"cuenta": "Elija al menos una cuenta de la reclamación."})
    found = [(item, cuenta) for item, cuenta in session.execute(
        select(Item, Case.cuenta).join(Case, Case.id == Item.case_id)
        .where(Item.reclamacion_id == claim_id, Item.case_id.in_(case_ids))
        .order_by(Case.cuenta))]
    if len(found) != len(set(case_ids)):
        raise ValidationError({"cuenta": "Una de las cuentas no pertenece a esta reclamación."})
    return found


def remove_cases(db: Store, actor: UserProfile, claim_id: int, version: int,
                 case_ids: Sequence[int]) -> ClaimSummary:
    """Take accounts out of a claim that has not been sent yet."""
    require(actor, Action.MANAGE_CLAIMS)
    with session_scope(db, write=True) as session:
        claim = _locked(session, claim_id, version)
        if claim.sent_at is not None:
            raise ValidationError({"cuenta": "La reclamación ya se envió: registre el resultado "
                                             "de la cuenta en lugar de retirarla."})
        now = db.clock.now()
        for item, cuenta in _items(session, claim_id, case_ids):
            session.delete(item)
            audit.record(session, actor, "reclamacion", claim.uuid, "quitar_cuenta",
                         {"cuenta": cuenta}, None, at=now)
        session.flush()
        return _get(session, claim_id)


def discard(db: Store, actor: UserProfile, claim_id: int, version: int) -> None:
    """Drop a claim that was never sent; its accounts become available again. The row stays,
    marked discarded, so its number is never given to another claim."""
    require(actor, Action.MANAGE_CLAIMS)
    with session_scope(db, write=True) as session:
        claim = _locked(session, claim_id, version)
        if claim.sent_at is not None:
            raise ValidationError({"reclamacion": "Una reclamación enviada no se descarta."})
        number = claim_number(claim.year, claim.sequence)
        cuentas = list(session.scalars(
            select(Case.cuenta).join(Item, Item.case_id == Case.id)
            .where(Item.reclamacion_id == claim_id)))
        session.execute(delete(Item).where(Item.reclamacion_id == claim_id))
        claim.discarded_at = db.clock.now()
        audit.record(session, actor, "reclamacion", claim.uuid, "descartar",
                     {"numero": number, "cuentas": cuentas}, None, at=claim.discarded_at)


def document(db: Store, claim_id: int) -> ClaimDocument:
    with session_scope(db) as session:
        summary = _get(session, claim_id)
        rows = session.execute(
            select(Case, Item, Decider.full_name)
            .join(Item, Item.case_id == Case.id)
            .outerjoin(Decider, Decider.id == Item.decided_by)
            .where(Item.reclamacion_id == claim_id)
            .order_by(Case.base_date, Case.cuenta)
        ).all()
        causales = _causales_text(session, [case.id for case, _, _ in rows])
        items = tuple(_item(case, causales, item, decider or "") for case, item, decider in rows)
        author = session.scalar(select(User.full_name).join(
            Reclamacion, Reclamacion.created_by == User.id).where(Reclamacion.id == claim_id))
    return ClaimDocument(claim=summary, items=items, prepared_by=author or "")


def export_claim(db: Store, claim_id: int, path: Path) -> Path:
    """The claim workbook sent to Gestión Soporte with the form."""
    # openpyxl costs a quarter of a second to import; the window imports this module at start.
    from swat_desktop.io.claim_xlsx import write_claim_workbook

    return write_claim_workbook(path, document(db, claim_id))

