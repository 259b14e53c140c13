"""The printed Formato Manual of a saved record carries what happened to it afterwards: its
closure (motive, sustento, who closed and when) and, if it was annulled, who and when — read
from the store in the same transaction as the record, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from pypdf import PdfReader

from swat_desktop.domain.formatting import LIMA, format_datetime
from swat_desktop.domain.inoperatividad_flow import ClosureInput
from swat_desktop.io.formato_manual_pdf import CLOSURE_SECTION
from swat_desktop.services import inoperatividad, inoperatividad_documents
from swat_desktop.services import inoperatividad_flow as flow
from swat_desktop.services.store import Database
from tests.fixtures.inoperatividad import (
    cac_supervisor,
    control_informacion,
    good_input,
    save_sample_record,
)

SUSTENTO = "Enlace restablecido por el proveedor, ticket INC-88"


def _text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)


def test_a_closed_record_prints_its_closure(db: Database, tmp_path: Path) -> None:
    record = save_sample_record(db)
    control = control_informacion(db)
    assert record.data.started_at is not None
    closed = flow.close(db, control, record.id, record.version, ClosureInput(
        record.data.started_at + timedelta(minutes=45), "CONECTIVIDAD", SUSTENTO))
    assert closed.flow.closed_at is not None

    text = _text(inoperatividad_documents.write_filled_forms(db, [record.id],
                                                            tmp_path / "cerrado.pdf"))
    closure = text[text.index(CLOSURE_SECTION):]
    assert "X Inconveniente de conectividad" in closure
    assert SUSTENTO in closure
    assert control.full_name in closure
    assert format_datetime(closed.flow.closed_at, LIMA) in closure
    assert "Motivo de anulación" not in text  # nothing to say of an annulment


def test_an_annulled_record_prints_who_annulled_it_and_when(db: Database,
                                                            tmp_path: Path) -> None:
    supervisor = cac_supervisor(db)
    record = inoperatividad.save_record(db, supervisor, good_input(db, supervisor))
    annulled = inoperatividad.annul(db, supervisor, record.id, record.version,
                                    "Registrado dos veces")
    assert annulled.annulled_at is not None
    assert annulled.annulled_by == supervisor.full_name

    text = _text(inoperatividad_documents.write_filled_forms(db, [record.id],
                                                            tmp_path / "anulado.pdf"))
    registro = text[text.index("1. Registro"):text.index("2. Punto de atención")]
    assert "Motivo de anulación Registrado dos veces" in registro
    assert supervisor.full_name in registro
    assert format_datetime(annulled.annulled_at, LIMA) in registro


def test_forms_print_in_the_order_asked(db: Database, tmp_path: Path) -> None:
    supervisor = cac_supervisor(db)
    first = inoperatividad.save_record(db, supervisor, good_input(db, supervisor))
    inoperatividad.annul(db, supervisor, first.id, first.version, "Duplicado")
    second = inoperatividad.save_record(db, supervisor, good_input(db, supervisor))
    text = _text(inoperatividad_documents.write_filled_forms(db, [second.id, first.id],
                                                            tmp_path / "dos.pdf"))
    assert text.index(second.number) < text.index(first.number)
