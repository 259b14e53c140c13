"""The Formato Manual de Registro de Inoperatividad, blank and filled, read back with pypdf.

A ticked box is drawn with an "X" written as text, so the extracted text says which options
were marked: on its own line right before the option's label.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from swat_desktop.domain.inoperatividad import (
    Catalogue,
    InoperatividadRecord,
    RecordInput,
    RecordStatus,
)
from swat_desktop.io.formato_manual_pdf import (
    CLOSURE_SECTION,
    CONTINUATION_SECTION,
    SECTIONS,
    SUBTITLE,
    TITLE,
    write_blank_form,
    write_filled_forms,
)
from swat_desktop.io.formato_manual_sections import (
    BLANK_CUSTOMER_ROWS,
    NOT_INTERMITTENT,
    WHOLE_POINT_DOWN,
)
from tests.io.inoperatividad_samples import (
    ALERT_REFERENCE,
    CRITICAL_REQUEST,
    LONG_CUSTOMERS,
    POINT_NAME,
    RESPONSIBLE,
    sample_catalogue,
    sample_record,
)

GENERATED_AT = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)  # 09:00 in Lima: the caller's clock
SIGNATURES = ("Responsable del punto de atención", "Regularizó en Sistema Administrativo ATC")


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return sample_catalogue()


def _pages(path: Path) -> list[str]:
    """Each page's text with runs of whitespace as one space: wrapped lines read as one."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def _marks(path: Path) -> int:
    """How many boxes are ticked: each X is a line of its own in the extracted text."""
    return sum(line.strip() == "X" for page in PdfReader(path).pages
               for line in page.extract_text().splitlines())


def _all_labels(catalogue: Catalogue) -> list[str]:
    options = (*catalogue.applications, *catalogue.request_types, *catalogue.consultas,
               *catalogue.scenarios, *(m for ms in catalogue.motivos.values() for m in ms),
               *catalogue.critical_requests, *catalogue.responsible_roles)
    return [o.label for o in options]


def test_sections_are_numbered_one_after_another() -> None:
    assert [title.split(".")[0] for title in SECTIONS] == [
        str(n) for n in range(1, len(SECTIONS) + 1)]


def test_the_blank_form_has_every_option_to_tick_on_three_sheets_and_a_continuation(
        tmp_path: Path, catalogue: Catalogue) -> None:
    path = write_blank_form(tmp_path / "blank.pdf", catalogue, GENERATED_AT)

    pages = _pages(path)
    assert len(pages) == 4
    text = " ".join(pages[:3])
    for expected in (TITLE, SUBTITLE, "Correlativo", "Formato en blanco · hoja 1 de 4",
                     "Formato en blanco · hoja 3 de 4", "Página 3 de 4", "(hora de Lima)",
                     "Marque con X", "regularice este registro en Sistema Administrativo ATC",
                     "Sistemas de venta", "Sistemas de postventa", "Si es Consultas, marque cuál:",
                     "Solo cuando la transacción registrada en SISACT / SISACT Prepago requiere "
                     "un pago para finalizar.", NOT_INTERMITTENT, WHOLE_POINT_DOWN,
                     "N.º Hora Documento Línea / servicio Solicitud Crítico", *SIGNATURES,
                     *_all_labels(catalogue)):
        assert expected in text, expected
    for title in (*SECTIONS, CLOSURE_SECTION):  # each once: no section is cut by a break
        assert text.count(title) == 1, title
    assert "(continuación)" not in text  # the form's own sheets; the fourth is the continuation
    assert CONTINUATION_SECTION in pages[3]
    assert f"{BLANK_CUSTOMER_ROWS - 1} {BLANK_CUSTOMER_ROWS} 12." in text  # the numbered rows
    assert _marks(path) == 0


def test_the_form_is_dated_by_its_caller_footer_and_file_properties_alike(
        tmp_path: Path, catalogue: Catalogue) -> None:
    """The writers never read a clock: "Generado el" and the PDF's creation date are the
    instant the caller (the store's clock) handed in, in Lima."""
    path = write_blank_form(tmp_path / "blank.pdf", catalogue, GENERATED_AT)
    assert "generado el 23/11/2026 09:00 (hora de Lima)" in " ".join(_pages(path))
    info = PdfReader(path).metadata
    assert info is not None
    assert info["/CreationDate"] == info["/ModDate"] == "D:20261123090000-05'00'"


def test_the_filled_form_ticks_what_the_record_says(tmp_path: Path,
                                                    catalogue: Catalogue) -> None:
    record = sample_record(critical=True)
    path = write_filled_forms(tmp_path / "filled.pdf", catalogue, [record], GENERATED_AT)

    pages = _pages(path)
    assert len(pages) == 2
    text = " ".join(pages)
    ticked = ("Abierto", "CAC", "Presencial", "Supervisor", "SIAC ÚNICO", "SGA", "Consultas",
              "Migración de plan, a prepago o a postpago", "Por falla masiva",
              "Falla masiva de aplicativo", "Sí", NOT_INTERMITTENT, WHOLE_POINT_DOWN,
              f"{CRITICAL_REQUEST} Presentación")  # section 12's box, beside the second request
    for label in ticked:
        assert f"X {label}" in text, label
    # one more X: the critical customer's row in the table
    assert _marks(path) == len(ticked) + 1
    for expected in (
        "Correlativo CAC-SAN-ISIDRO-000001", "Registro CAC-SAN-ISIDRO-000001 · hoja 1 de 2",
        "Registro CAC-SAN-ISIDRO-000001 · hoja 2 de 2",
        "Fecha y hora de registro 21/11/2026 10:35", "Registrado por Rosa Quispe Huamán",
        f"Nombre del punto de atención {POINT_NAME} Código CAC-SAN-ISIDRO",
        f"Nombres y apellidos {RESPONSIBLE}",
        "Inicio del evento (fecha y hora) 21/11/2026 09:40",
        "Fin del evento (fecha y hora; si ya terminó) 21/11/2026 12:55",
        "Fecha y hora de la alerta 21/11/2026 10:20", ALERT_REFERENCE,
        "SGA devuelve «Error 503 – servicio no disponible»",
        "Se bloquearon la línea y el equipo (IMEI)", "Cargo Supervisor", *SIGNATURES,
    ):
        assert expected in text, expected
    for number, customer in enumerate(record.data.customers, start=1):
        assert (f"{number} {customer.at:%H:%M} {customer.document} {customer.line} "
                f"{customer.request}") in text
    assert "ANULADO" not in text
    assert "Marque con X" not in text  # instructions for the pen only on the blank form


def test_dates_are_printed_in_lima_time_whatever_zone_they_carry(
        tmp_path: Path, catalogue: Catalogue) -> None:
    record = sample_record()
    assert record.data.started_at is not None
    utc = replace(record.data, started_at=record.data.started_at.astimezone(UTC))
    path = write_filled_forms(tmp_path / "utc.pdf", catalogue, [replace(record, data=utc)],
                              GENERATED_AT)

    assert "Inicio del evento (fecha y hora) 21/11/2026 09:40" in " ".join(_pages(path))


def test_an_annulled_record_says_so_on_every_sheet_with_its_reason(
        tmp_path: Path, catalogue: Catalogue) -> None:
    reason = "Registrado por error: SIAC ÚNICO sí funcionaba en la PC 3 & la 4 <revisado>."
    record = replace(sample_record(), status=RecordStatus.ANULADO, annul_reason=reason)
    path = write_filled_forms(tmp_path / "anulado.pdf", catalogue, [record], GENERATED_AT)

    pages = _pages(path)
    assert len(pages) == 2
    for number, page in enumerate(pages, start=1):
        assert f"Registro CAC-SAN-ISIDRO-000001 (ANULADO) · hoja {number} de 2" in page
        assert page.count("ANULADO") == 2  # the header and the stamp across the page
    registro = pages[0][pages[0].index("1. Registro"):pages[0].index("2. Punto de atención")]
    assert "X Anulado" in registro
    assert f"Motivo de anulación {reason}" in registro


def test_long_texts_and_many_customers_run_on_with_the_header_repeated(
        tmp_path: Path, catalogue: Catalogue) -> None:
    record = sample_record(long=True, critical=True)
    path = write_filled_forms(tmp_path / "largo.pdf", catalogue, [record], GENERATED_AT)

    pages = _pages(path)
    text = " ".join(pages)
    continued = [p for p in pages if "11. Clientes que solicitaron el trámite (continuación)" in p]
    assert continued
    for page in continued:
        assert "N.º Hora Documento Línea / servicio Solicitud Crítico" in page
    assert len(record.data.customers) == LONG_CUSTOMERS
    for customer in record.data.customers:
        assert customer.document in text
    # typed markup stays literal, and the detail reaches its last line
    assert "SIAC ÚNICO & SGA: la pantalla queda en blanco tras <Buscar cliente>" in text
    assert "Fin del detalle." in text
    assert record.point.name in text
    for number, page in enumerate(pages, start=1):
        assert f"hoja {number} de {len(pages)}" in page


def test_a_record_without_customers_says_so(tmp_path: Path, catalogue: Catalogue) -> None:
    record = sample_record()
    data = replace(record.data, customers=())
    path = write_filled_forms(tmp_path / "sin_clientes.pdf", catalogue,
                              [replace(record, data=data)], GENERATED_AT)

    assert "No se registraron clientes durante el evento." in " ".join(_pages(path))


def test_an_incomplete_record_prints_blanks_where_values_are_missing(
        tmp_path: Path, catalogue: Catalogue) -> None:
    record = replace(sample_record(), data=RecordInput(attention_point_id=1))
    path = write_filled_forms(tmp_path / "incompleto.pdf", catalogue, [record], GENERATED_AT)

    text = " ".join(_pages(path))
    assert "Correlativo CAC-SAN-ISIDRO-000001" in text
    assert "Inicio del evento (fecha y hora) / / :" in text  # the digit boxes to write in
    assert "X No" in text  # no alert sent
    assert _marks(path) == 4  # Abierto, CAC, Presencial, No


def test_nothing_to_print_is_refused(tmp_path: Path, catalogue: Catalogue) -> None:
    with pytest.raises(ValueError, match="No hay registros"):
        write_filled_forms(tmp_path / "vacio.pdf", catalogue, [], GENERATED_AT)
    assert not (tmp_path / "vacio.pdf").exists()


def test_a_thousand_forms_each_start_on_their_own_page(tmp_path: Path,
                                                       catalogue: Catalogue) -> None:
    records: list[InoperatividadRecord] = [sample_record(n, critical=n % 3 == 0)
                                           for n in range(1, 1001)]
    path = write_filled_forms(tmp_path / "mil.pdf", catalogue, records, GENERATED_AT)

    reader = PdfReader(path)
    assert len(reader.pages) == 2000
    for index in (0, 1, 998, 1998, 1999):
        number = index // 2 + 1
        page = " ".join(reader.pages[index].extract_text().split())
        assert f"Registro CAC-SAN-ISIDRO-{number:06d} · hoja {index % 2 + 1} de 2" in page
        assert f"Página {index + 1} de 2000" in page
        if index % 2 == 0:
            assert f"Correlativo CAC-SAN-ISIDRO-{number:06d}" in page
