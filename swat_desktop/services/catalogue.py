"""The catalogue of causales: seeded from resources/, then owned by the backoffice.

Seeding only adds codes the database lacks, so a name the backoffice edited or a causal it
deactivated is never put back by the next start.
"""

from __future__ import annotations

import re

from sqlalchemy import func, select

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import MAX_NAME, UserProfile
from swat_desktop.domain.mal_escalados import Causal as CausalView
from swat_desktop.domain.permissions import Action, require
from swat_desktop.io.catalogue_files import read_causales
from swat_desktop.paths import resource
from swat_desktop.services import audit
from swat_desktop.services.handle import Store, session_scope
from swat_desktop.services.lookup import get_or_refuse
from swat_desktop.storage.models import Causal


def _view(causal: Causal) -> CausalView:
    return CausalView(causal.id, causal.code, causal.name, causal.description, causal.active,
                      causal.sort_order, causal.procedure)


def ensure_seeded(db: Store) -> int:
    """Insert the shipped causales whose code is missing; returns how many were added.

    A procedure left empty (a store from before procedures were shipped) is filled in too;
    one the backoffice wrote is kept.
    """
    records = read_causales(resource("catalogues", "causales.csv"))
    now = db.clock.now()
    with session_scope(db, write=True) as session:  # every desktop of a célula seeds at start-up
        present = {c.code: c for c in session.scalars(select(Causal))}
        missing = [r for r in records if r.code not in present]
        session.add_all(
            Causal(code=r.code, name=r.name, description=r.description, active=r.active,
                   sort_order=r.order, procedure=r.procedure, created_at=now)
            for r in missing
        )
        for record in records:
            stored = present.get(record.code)
            if stored is not None and not stored.procedure and record.procedure:
                stored.procedure = record.procedure
        return len(missing)


def list_causales(db: Store, include_inactive: bool = False) -> list[CausalView]:
    with session_scope(db) as session:
        query = select(Causal).order_by(Causal.sort_order, Causal.code)
        if not include_inactive:
            query = query.where(Causal.active.is_(True))
        return [_view(c) for c in session.scalars(query)]


def _snapshot(causal: Causal) -> dict[str, object]:
    return {"code": causal.code, "name": causal.name, "description": causal.description,
            "active": causal.active}


def add_causal(db: Store, actor: UserProfile, code: str, name: str,
               description: str) -> CausalView:
    require(actor, Action.MANAGE_CAUSALES)
    code, name = code.strip().upper(), " ".join(name.split())
    errors: dict[str, str] = {}
    if not re.fullmatch(r"[A-Z0-9-]{1,20}", code):
        errors["code"] = "El código admite hasta 20 letras, números o guiones."
    if len(name) < 3:
        errors["name"] = "Escriba el nombre de la causal."
    elif len(name) > MAX_NAME:
        errors["name"] = f"El nombre admite hasta {MAX_NAME} caracteres."
    with session_scope(db, write=True) as session:
        if not errors and session.scalar(select(Causal).where(Causal.code == code)):
            errors["code"] = f"Ya existe una causal con el código {code}."
        if errors:
            raise ValidationError(errors)
        last = session.scalar(select(func.max(Causal.sort_order))) or 0
        causal = Causal(code=code, name=name, description=description.strip(), active=True,
                        sort_order=last + 1, created_at=db.clock.now())
        session.add(causal)
        session.flush()
        audit.record(session, actor, "causal", causal.code, "crear", None, _snapshot(causal),
                     at=causal.created_at)
        return _view(causal)


def set_active(db: Store, actor: UserProfile, causal_id: int, active: bool) -> CausalView:
    """Deactivating hides a causal from new verdicts; verdicts that used it keep it."""
    require(actor, Action.MANAGE_CAUSALES)
    with session_scope(db, write=True) as session:
        causal = get_or_refuse(session, Causal, causal_id, "causal", "La causal ya no existe.")
        if causal.active != active:
            before = _snapshot(causal)
            causal.active = active
            audit.record(session, actor, "causal", causal.code,
                         "activar" if active else "desactivar", before, _snapshot(causal),
                         at=db.clock.now())
        return _view(causal)
