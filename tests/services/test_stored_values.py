"""Listings never die on a value already in the store.

An import of an earlier version let a customer's time «99:99» in; every listing of records then
raised ValueError and the Inoperatividad tab stayed broken until someone edited the database.
Imports refuse such values now (tests/services/test_package_attacks.py); what is already
stored is shown as bad — «hora inválida» — and everything else about the record still works.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from swat_desktop.domain.inoperatividad import INVALID_TIME
from swat_desktop.services import inoperatividad, inoperatividad_documents
from swat_desktop.services import inoperatividad_flow as flow
from swat_desktop.services.store import Database
from swat_desktop.storage.models import InoperatividadRecordRow
from tests.fixtures.inoperatividad import save_sample_record


@pytest.mark.parametrize("stored", ["99:99", "25:00", 1230, "10h12", ""])
def test_a_stored_time_that_is_not_one_is_listed_as_such(
        db: Database, tmp_path: Path, stored: object) -> None:
    record = save_sample_record(db)
    with db.session_scope(write=True) as session:
        row = session.get(InoperatividadRecordRow, record.id)
        assert row is not None
        row.customers = [{**row.customers[0], "at": stored}]
    [listed] = inoperatividad.list_records(db)
    [customer] = listed.data.customers
    expected = "" if stored == "" else INVALID_TIME
    assert (customer.at, customer.at_text) == (None, expected)
    assert customer.document == "45871236"  # the rest of the customer as stored
    assert [f.record.id for f in flow.flow_records(db)] == [record.id]
    assert [f.record.id for f in flow.queue(db)] == [record.id]
    assert inoperatividad.find_by_number(db, record.number).data == listed.data
    pdf = inoperatividad_documents.write_filled_forms(db, [record.id], tmp_path / "f.pdf")
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages)
    assert (INVALID_TIME in text) == bool(expected)
