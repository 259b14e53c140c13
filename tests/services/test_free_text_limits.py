"""Every free text of an inoperatividad record has the form's limit on every path: the form
(save_record), a package from another point (package_check, which every import goes through)
and the dialogs after saving (annul, undo a regularization, close).

A megabyte is the size that used to get through: the form allowed 2,000 characters of detail
but a package took a 1 MB one, and «Cómo se atendió» had no limit anywhere.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.inoperatividad import RequestType
from swat_desktop.domain.inoperatividad_flow import ClosureInput
from swat_desktop.services import inoperatividad
from swat_desktop.services import inoperatividad_flow as flow
from swat_desktop.services.store import Database
from tests.backends import snapshot
from tests.fixtures.inoperatividad import (
    cac_supervisor,
    control_informacion,
    for_request,
    good_input,
    save_sample_record,
)

MEGABYTE = "x" * 1_000_000


def test_the_form_refuses_a_megabyte_of_critical_attention_and_writes_nothing(
        db: Database) -> None:
    supervisor = cac_supervisor(db)
    data = replace(for_request(good_input(db, supervisor), RequestType.RECLAMOS),
                   critical_attention=MEGABYTE)
    before = snapshot(db)
    with pytest.raises(ValidationError) as refused:
        inoperatividad.save_record(db, supervisor, data)
    assert refused.value.errors == {
        "critical_attention": "«Cómo se atendió» admite hasta 2000 caracteres."}
    assert snapshot(db) == before


def test_annulment_regularization_and_closure_texts_keep_their_limits(db: Database) -> None:
    record = save_sample_record(db)
    control = control_informacion(db)
    assert record.data.started_at is not None
    before = snapshot(db)
    with pytest.raises(ValidationError, match="El motivo admite hasta 500 caracteres"):
        inoperatividad.annul(db, control, record.id, record.version, MEGABYTE)
    with pytest.raises(ValidationError, match="El motivo admite hasta 500 caracteres"):
        flow.undo_regularization(db, control, record.id, record.version, MEGABYTE)
    with pytest.raises(ValidationError, match="El sustento admite hasta 1000 caracteres"):
        flow.close(db, control, record.id, record.version, ClosureInput(
            record.data.started_at + timedelta(minutes=30), "CONECTIVIDAD", MEGABYTE))
    assert snapshot(db) == before
