"""The audit trail: every change that matters is written here, inside the change's transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from swat_desktop.domain.audit import AuditEntry
from swat_desktop.domain.identity import UserProfile
from swat_desktop.services.handle import Store, session_scope
from swat_desktop.storage.models import AuditLog, User


def record(
    session: Session,
    actor: UserProfile,
    entity: str,
    entity_id: object,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    *,
    at: datetime,
) -> None:
    """Add an audit row to the caller's session, so it commits or rolls back with the change.

    ``at`` is the use case's own instant (from ``db.clock``), the one it stamped on the row it
    changed: the trail and the row say the same time, and nothing here asks the system."""
    session.add(
        AuditLog(
            at=at,
            user_id=actor.id,
            user_login=actor.login,
            entity=entity,
            entity_id=str(entity_id),
            action=action,
            before=before,
            after=after,
        )
    )


def record_by_login(session: Session, login: str, entity: str, entity_id: object,
                    action: str, before: dict[str, Any] | None, after: dict[str, Any] | None,
                    *, at: datetime) -> None:
    """An audit row signed by a database login that has no profile: the owner of a shared
    server preparing it or creating its accounts (services/server.py)."""
    session.add(AuditLog(at=at, user_id=None, user_login=login[:40], entity=entity,
                         entity_id=str(entity_id), action=action, before=before, after=after))


def recent_entries(db: Store, limit: int = 1000) -> list[AuditEntry]:
    with session_scope(db) as session:
        rows = session.execute(
            select(AuditLog, User.full_name)
            .outerjoin(User, User.id == AuditLog.user_id)
            .order_by(AuditLog.id.desc())
            .limit(limit)
        ).all()
        return [
            AuditEntry(
                id=row.id,
                at=row.at,
                user_login=row.user_login,
                user_name=full_name or row.user_login,
                entity=row.entity,
                entity_id=row.entity_id,
                action=row.action,
                before=row.before,
                after=row.after,
            )
            for row, full_name in rows
        ]
