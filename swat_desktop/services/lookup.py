"""Reading one row a person chose, which may have gone since they saw it (deleted by somebody
else, or a stale screen): the refusal is the Spanish sentence for that field, not a crash."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy.orm import Session

from swat_desktop.domain.errors import ValidationError

T = TypeVar("T")


def get_or_refuse(session: Session, model: type[T], key: Any, field: str, message: str) -> T:
    """The row ``key`` of ``model``, or ValidationError({field: message}) when it is gone."""
    row = session.get(model, key)
    if row is None:
        raise ValidationError({field: message})
    return row
