"""Free text longer than its column is refused with a Spanish message, on every engine.

SQLite keeps a 300-character name in a VARCHAR(120) without a word; PostgreSQL refuses the
whole transaction with an English driver error. So each length is checked before anything
is written, and the store is left as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import ProfileInput, Role
from swat_desktop.domain.inoperatividad_flow import ClosureInput, ProcesosAnswer
from swat_desktop.services import catalogue, identity
from swat_desktop.services import inoperatividad_flow as flow
from swat_desktop.services.store import Database
from tests.backends import snapshot
from tests.fixtures.inoperatividad import NOW, control_informacion, save_sample_record

LONG = "Nombre " + "muy " * 80  # 327 characters
Write = Callable[[], object]


def _profile_name(db: Database) -> Write:
    return lambda: identity.save_profile(
        db, ProfileInput("mrojas", LONG, Role.AGENTE_CELULA, "C1"))


def _profile_unit(db: Database) -> Write:
    return lambda: identity.save_profile(
        db, ProfileInput("jquispe", "Jorge Quispe", Role.SUPERVISOR_CAC, LONG))


def _causal_name(db: Database) -> Write:
    boss = identity.save_profile(db, ProfileInput("bo1", "Back Office", Role.BACKOFFICE, "C1"))
    return lambda: catalogue.add_causal(db, boss, "C99", LONG, "")


def _window_reference(db: Database) -> Write:
    control = control_informacion(db)
    return lambda: flow.add_window(db, control, "SGA", NOW - timedelta(hours=2), NOW, LONG)


def _approver(db: Database) -> Write:
    record = save_sample_record(db)
    control = control_informacion(db)
    assert record.data.started_at is not None
    flow.close(db, control, record.id, record.version, ClosureInput(
        record.data.started_at + timedelta(minutes=30), "CONECTIVIDAD", "Enlace restablecido"))
    step = flow.answer_procesos(db, control, record.id, record.version + 1,
                                ProcesosAnswer.PROCEDE, "")
    return lambda: flow.approve(db, control, record.id, step.flow.version, "gerente", LONG)


@pytest.mark.parametrize(("prepare", "field", "limit"), [
    (_profile_name, "full_name", 120),
    (_profile_unit, "unit", 120),
    (_causal_name, "name", 120),
    (_window_reference, "reference", 200),
    (_approver, "approver", 200),
])
def test_a_text_longer_than_its_column_is_refused_in_spanish(
        db: Database, prepare: Callable[[Database], Write], field: str, limit: int) -> None:
    write = prepare(db)
    before = snapshot(db)
    with pytest.raises(ValidationError) as refused:
        write()
    assert f"admite hasta {limit} caracteres" in refused.value.errors[field]
    assert snapshot(db) == before
