"""Splitting a base between célula agents: evenly, or a given number of accounts each."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.mal_escalados import CaseStatus
from swat_desktop.domain.permissions import Action, require
from swat_desktop.services import audit
from swat_desktop.services.handle import Store, session_scope
from swat_desktop.storage.models import MalEscaladoCase, User

Case = MalEscaladoCase
UPDATE_CHUNK = 900


def split_evenly(total: int, people: int) -> list[int]:
    """7 accounts for 3 people -> [3, 2, 2]: nobody gets more than one extra."""
    share, extra = divmod(total, people)
    return [share + (1 if i < extra else 0) for i in range(people)]


def _holders(session: Session, ids: Sequence[int]) -> dict[str, int]:
    """Who had these accounts before ("" for nobody), so a reassignment is audited whole."""
    holders: dict[str, int] = {}
    for offset in range(0, len(ids), UPDATE_CHUNK):
        for login, count in session.execute(
            select(User.login, func.count(Case.id))
            .select_from(Case).outerjoin(User, User.id == Case.assigned_to)
            .where(Case.id.in_(ids[offset:offset + UPDATE_CHUNK]))
            .group_by(User.login)
        ).all():
            key = login or ""
            holders[key] = holders.get(key, 0) + count
    return holders


def assign(
    db: Store,
    actor: UserProfile,
    base_date: date,
    agents: Sequence[int],
    counts: Mapping[int, int] | None = None,
    only_unassigned: bool = True,
) -> dict[int, int]:
    """Assign the pending accounts of one base day; returns how many each agent received.

    Without ``counts`` the accounts are split evenly; with it, each agent gets at most the
    number given, in the order listed, until the accounts run out.
    """
    require(actor, Action.ASSIGN_BASES)
    if not agents:
        raise ValidationError({"agentes": "Elija al menos un agente."})
    if counts is not None and any(counts.get(a, 0) < 0 for a in agents):
        raise ValidationError({"cantidades": "Las cantidades no pueden ser negativas."})
    with session_scope(db, write=True) as session:
        known = dict(session.execute(
            select(User.id, User.login).where(User.id.in_(agents), User.active.is_(True))
        ).all())
        if len(known) != len(set(agents)):
            raise ValidationError({"agentes": "Uno de los agentes ya no existe."})
        query = select(Case.id).where(Case.base_date == base_date,
                                      Case.status == CaseStatus.PENDIENTE.value)
        if only_unassigned:
            query = query.where(Case.assigned_to.is_(None))
        ids = list(session.scalars(query.order_by(Case.fecha_escalamiento, Case.id)))
        if not ids:
            raise ValidationError({"base": (
                f"La base del {base_date:%d/%m/%Y} no tiene cuentas pendientes sin asignar.")})
        shares = (split_evenly(len(ids), len(agents)) if counts is None
                  else [counts.get(a, 0) for a in agents])
        taken = ids[:sum(shares)]
        before = _holders(session, taken)
        given: dict[int, int] = {}
        start = 0
        for agent, share in zip(agents, shares, strict=True):
            chunk = ids[start:start + share]
            start += len(chunk)
            for offset in range(0, len(chunk), UPDATE_CHUNK):
                session.execute(update(Case).where(
                    Case.id.in_(chunk[offset:offset + UPDATE_CHUNK])).values(assigned_to=agent))
            given[agent] = len(chunk)
        audit.record(session, actor, "mal_escalado_base", base_date.isoformat(), "asignar",
                     {"asignadas": before},
                     {"asignadas": {known[a]: n for a, n in given.items()},
                      "sin_asignar": len(ids) - start}, at=db.clock.now())
        return given
