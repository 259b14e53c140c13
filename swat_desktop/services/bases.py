"""The imported bases as a list, and annulling one that was filed by mistake.

An import under the wrong day cannot simply be imported again (its rows would be duplicates),
so the backoffice can annul it while none of its accounts has a verdict yet; the audit keeps
what was removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.permissions import Action, require
from swat_desktop.services import audit
from swat_desktop.services.handle import Store, session_scope
from swat_desktop.services.lookup import get_or_refuse
from swat_desktop.storage.models import MalEscaladoBase, MalEscaladoCase, User


@dataclass(frozen=True)
class BaseSummary:
    id: int
    base_date: date
    file_name: str
    imported_at: datetime
    imported_by: str
    imported: int
    reviewed: int


def list_bases(db: Store) -> list[BaseSummary]:
    """Newest first, with the reviewed count each base keeps (not a count of a year's rows)."""
    with session_scope(db) as session:
        rows = session.execute(
            select(MalEscaladoBase, User.full_name)
            .join(User, User.id == MalEscaladoBase.imported_by)
            .order_by(MalEscaladoBase.base_date.desc(), MalEscaladoBase.id.desc())
        ).all()
        return [BaseSummary(b.id, b.base_date, b.file_name, b.imported_at, name,
                            b.imported_count, b.reviewed_count) for b, name in rows]


def annul(db: Store, actor: UserProfile, base_id: int, reason: str) -> int:
    """Remove an import and its accounts; returns how many accounts were removed."""
    reason = " ".join(reason.split())
    require(actor, Action.ANNUL_BASE)
    if len(reason) < 5:
        raise ValidationError({"motivo": "Escriba por qué se anula la importación."})
    # write=True: a verdict saved between the count and the delete would be deleted with it.
    with session_scope(db, write=True) as session:
        base = get_or_refuse(session, MalEscaladoBase, base_id, "base",
                             "La importación ya no existe.")
        reviewed = base.reviewed_count
        if reviewed:
            raise ValidationError({"base": (
                f"No se puede anular: esta importación ya tiene veredictos ({reviewed}).")})
        doomed = delete(MalEscaladoCase).where(MalEscaladoCase.base_id == base_id)
        if base.first_case_id is not None and base.last_case_id is not None:
            # base_id has no index: the id range reads only this base's rows of a year
            doomed = doomed.where(MalEscaladoCase.id.between(base.first_case_id,
                                                             base.last_case_id))
        removed = session.execute(doomed).rowcount
        audit.record(session, actor, "mal_escalado_base", base.uuid, "anular", {
            "archivo": base.file_name, "fecha_base": base.base_date.isoformat(),
            "importadas": base.imported_count,
        }, {"motivo": reason, "cuentas_eliminadas": removed}, at=db.clock.now())
        session.delete(base)
        return removed
