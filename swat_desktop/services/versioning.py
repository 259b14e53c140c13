"""Optimistic concurrency: a change is written only over the version the person read.

Comparing versions in Python is not enough on PostgreSQL (READ COMMITTED): two sessions read
version N, both pass the check, the last commit wins. Bumping with ``UPDATE … WHERE version =
N`` makes the database decide: the second UPDATE waits for the first transaction, then finds
no row with version N and matches nothing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session


def bump(session: Session, model: Any, row_id: int, version: int) -> bool:
    """Take the row at ``version`` and move it to ``version + 1``; False if somebody else did
    first. The ORM copy of the row is refreshed so the caller sees the new version."""
    result = session.execute(
        update(model).where(model.id == row_id, model.version == version)
        .values(version=model.version + 1).execution_options(synchronize_session=False))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    row = session.get(model, row_id)
    if row is not None:
        session.refresh(row)
    return True
