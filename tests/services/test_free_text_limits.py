"""Every free text of an inoperatividad record has the form's limit on every path: the form
(save_record), a package from another point (package_check, which every import goes through)
and the dialogs after saving (annul, undo a regularization, close).

A megabyte is the size that used to get through: the form allowed 2,000 characters of detail
but a package took a 1 MB one, and «Cómo se atendió» had no limit anywhere.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.inoperatividad import RequestType
from swat_desktop.domain.inoperatividad_flow import ClosureInput
from swat_desktop.services import exchange, inoperatividad
from swat_desktop.services import inoperatividad_flow as flow
from swat_desktop.services.exchange import POINT_FIELDS, PackageError
from swat_desktop.services.package_check import check_records
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


def _exported(db: Database, tmp_path: Path) -> list[dict[str, Any]]:
    """The records of a real package of the store, as its import reads them."""
    package = exchange.export_events(db, tmp_path / "p.swatpkg")
    with zipfile.ZipFile(package) as archive:
        records: list[dict[str, Any]] = json.loads(archive.read("records.json"))
    return records


@pytest.mark.parametrize("field", ["critical_attention", "detail", "responsible_name",
                                   "alert_reference", "annul_reason", "closure_sustento"])
def test_a_package_with_a_megabyte_of_free_text_is_refused_naming_the_field(
        db: Database, tmp_path: Path, field: str) -> None:
    save_sample_record(db)
    records = _exported(db, tmp_path)
    check_records("p.swatpkg", records, POINT_FIELDS)  # as exported, it passes
    records[0]["fields"][field] = MEGABYTE
    with pytest.raises(PackageError) as refused:
        check_records("p.swatpkg", records, POINT_FIELDS)
    message = str(refused.value)
    assert f"«{field}»" in message
    assert "admite hasta" in message
    assert "no se importó nada" in message
    assert MEGABYTE[:100] not in message  # the message is one line, not the megabyte


def test_a_package_customer_with_a_megabyte_document_is_refused(
        db: Database, tmp_path: Path) -> None:
    save_sample_record(db)
    records = _exported(db, tmp_path)
    records[0]["fields"]["customers"][0]["document"] = MEGABYTE
    with pytest.raises(PackageError, match="Cliente 1: el documento admite hasta 200"):
        check_records("p.swatpkg", records, POINT_FIELDS)


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
