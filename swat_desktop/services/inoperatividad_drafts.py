"""The Formato Manual drafts the form autosaves, one person's at a time: what start-up offers
back after a crash or a power cut. A saved record removes its draft in its own transaction
(services.inoperatividad.save_record)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.inoperatividad import (
    Catalogue,
    RecordInput,
    draft_title,
    record_from_dict,
    record_to_dict,
)
from swat_desktop.services.handle import Store, session_scope
from swat_desktop.storage.models import AttentionPoint, InoperatividadDraft


@dataclass(frozen=True)
class Draft:
    id: int
    data: RecordInput
    title: str  # "CAC San Isidro · Consultas"
    created_at: datetime
    updated_at: datetime


def save_draft(db: Store, actor: UserProfile, data: RecordInput,
               draft_id: int | None = None) -> int:
    """Store what is on screen; returns the draft's id to pass on the next call."""
    now = db.clock.now()
    with session_scope(db, write=True) as session:
        draft = session.get(InoperatividadDraft, draft_id) if draft_id is not None else None
        if draft is None or draft.user_id != actor.id:
            draft = InoperatividadDraft(user_id=actor.id, created_at=now)
            session.add(draft)
        draft.data = record_to_dict(data)
        draft.updated_at = now
        session.flush()
        return draft.id


def has_drafts(db: Store, actor: UserProfile) -> bool:
    """Whether start-up must offer a form back, without reading the catalogues."""
    with session_scope(db) as session:
        return session.scalar(select(InoperatividadDraft.id)
                              .where(InoperatividadDraft.user_id == actor.id).limit(1)) is not None


def pending_drafts(db: Store, actor: UserProfile, known: Catalogue) -> list[Draft]:
    """The person's unsaved forms, the newest first: what start-up offers back."""
    with session_scope(db) as session:
        drafts = list(session.scalars(
            select(InoperatividadDraft).where(InoperatividadDraft.user_id == actor.id)
            .order_by(InoperatividadDraft.updated_at.desc())))
        names = {i: n for i, n in session.execute(select(AttentionPoint.id,
                                                          AttentionPoint.name))}
        found = []
        for d in drafts:
            data = record_from_dict(d.data)
            name = names.get(data.attention_point_id or 0, "")
            found.append(Draft(d.id, data, draft_title(data, known, name), d.created_at,
                               d.updated_at))
        return found


def discard_draft(db: Store, actor: UserProfile, draft_id: int) -> None:
    with session_scope(db, write=True) as session:
        draft = session.get(InoperatividadDraft, draft_id)
        if draft is not None and draft.user_id == actor.id:
            session.delete(draft)
