"""The CONSOLIDADO workbook read back cell by cell with openpyxl."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from swat_desktop.domain.indicators import ADVISOR_FORMULA, COUNTING_RULE, DENOMINATOR_NOTE
from swat_desktop.domain.reports import (
    COL_ASESOR_ID,
    COL_CAUSAL,
    CONSOLIDADO_COLUMNS,
    ConsolidadoRow,
)
from swat_desktop.io.consolidado_xlsx import SheetNames, write_consolidado
from tests.io.report_samples import FIRST_ADVISOR, GENERATED_BY
from tests.io.xlsx_samples import (
    C04,
    C06,
    C13,
    HOSTILE,
    LONG_ID_A,
    LONG_ID_B,
    consolidado_rows,
    sample_consolidado,
)

HEADERS = [c.title for c in CONSOLIDADO_COLUMNS]
OBSERVACIONES = 10
FECHA_REVISION = 13
# The advisors' sheets, alphabetical by name whatever the accents, then by id.
ADVISOR_SHEETS = {
    "52345678": "52345678 Álvaro Zúñiga",
    "ECM77": "ECM77 Ana temporal Ruiz Gómez",
    "ecm77": "ecm77 ana temporal ruiz góm (2)",
    "1032456789": "1032456789 José Ñúñez Pérez",
    LONG_ID_A: "maria.fernanda.rojas.gomez@clar",
    LONG_ID_B: "maria.fernanda.rojas.gomez@ (2)",
}
CAUSAL_SHEETS = {C04: C04, C06: "C06 Aviso informativo o PMA pro", C13: C13}


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Workbook:
    path = tmp_path_factory.mktemp("consolidado") / "CONSOLIDADO.xlsx"
    assert write_consolidado(path, sample_consolidado()) == path
    return load_workbook(path)


def _values(sheet: Worksheet) -> list[list[object]]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _as_read(row: ConsolidadoRow) -> list[object]:
    """A row as openpyxl gives it back: dates as midnight datetimes, empty text as no value."""
    return [datetime(v.year, v.month, v.day) if type(v) is date else (v if v != "" else None)
            for v in row]


def test_the_detail_comes_first_then_the_indicators_causales_and_advisors(book: Workbook) -> None:
    assert book.sheetnames == ["Detalle", "Indicadores", *CAUSAL_SHEETS.values(),
                               *ADVISOR_SHEETS.values()]
    assert book.active is not None
    assert book.active.title == "Detalle"


def test_the_detail_holds_every_row_with_real_types(book: Workbook) -> None:
    sheet = book["Detalle"]
    rows = consolidado_rows()
    assert _values(sheet) == [HEADERS, *map(_as_read, rows)]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:N{len(rows) + 1}"
    first = sheet[2]
    assert first[0].value == datetime(2026, 11, 3)
    assert first[0].number_format == "dd/mm/yyyy"
    assert first[1].value == "00012345678"  # leading zeros survive: text stays text
    assert first[2].value == datetime(2026, 11, 2, 17, 42, 13)
    assert first[2].number_format == "dd/mm/yyyy hh:mm"
    assert first[FECHA_REVISION].value == datetime(2026, 11, 3, 9, 5)
    assert first[FECHA_REVISION].number_format == "dd/mm/yyyy hh:mm"
    assert all(cell.font.bold for cell in sheet[1])


def test_text_that_looks_like_a_formula_stays_text(book: Workbook) -> None:
    cells = [row[OBSERVACIONES] for row in book["Detalle"].iter_rows(min_row=2)]
    hostile = [cell for cell in cells if cell.value in HOSTILE]
    assert [cell.value for cell in hostile] == list(HOSTILE)
    assert all(cell.data_type == "s" for cell in hostile)
    assert all(cell.hyperlink is None for cell in hostile)  # the URL is text, not a link
    # Excel's quote prefix: the cell stays text even after someone edits it in Excel.
    assert [cell.quotePrefix for cell in hostile] == [not v.startswith("http") for v in HOSTILE]
    assert not any(cell.quotePrefix for cell in cells if cell.value not in HOSTILE)


def test_columns_are_as_wide_as_their_content_needs(book: Workbook) -> None:
    widths = book["Detalle"].column_dimensions
    assert widths["A"].width == pytest.approx(11, abs=1)  # Fecha base
    assert widths["E"].width == pytest.approx(30, abs=1)  # Asesor
    assert widths["K"].width == pytest.approx(50, abs=1)  # Observaciones
    header = book["Detalle"].row_dimensions[1]
    assert header.height == 30  # "Fecha escalamiento" wraps instead of widening its column


def test_each_advisor_sheet_holds_that_advisors_rows(book: Workbook) -> None:
    rows = consolidado_rows()
    for advisor_id, name in ADVISOR_SHEETS.items():
        sheet = book[name]
        mine = [_as_read(r) for r in rows if r[COL_ASESOR_ID] == advisor_id]
        assert mine, advisor_id
        assert _values(sheet) == [HEADERS, *mine], advisor_id
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:N{len(mine) + 1}"


def test_each_causal_sheet_holds_the_rows_of_that_primary_causal(book: Workbook) -> None:
    rows = consolidado_rows()
    for causal, name in CAUSAL_SHEETS.items():
        mine = [_as_read(r) for r in rows if r[COL_CAUSAL] == causal]
        assert _values(book[name]) == [HEADERS, *mine], causal
    assert sum(book[name].max_row - 1 for name in CAUSAL_SHEETS.values()) == len(rows)


def test_the_indicadores_sheet_explains_and_gives_the_figures(book: Workbook) -> None:
    sheet = book["Indicadores"]
    values = _values(sheet)
    labels = {row[0]: row[1] for row in values if row and row[0] is not None}
    assert sheet["A1"].value == "CONSOLIDADO MAL ESCALADO SOPORTE NOVIEMBRE DE 2026"
    assert sheet["A1"].font.bold
    assert labels["Periodo"] == "01/11/2026 al 30/11/2026"
    assert labels["Generado (hora de Bogotá)"] == datetime(2026, 11, 23, 8, 0)  # 13:00 UTC
    assert labels["Generado por"] == GENERATED_BY
    for note in (DENOMINATOR_NOTE, ADVISOR_FORMULA, COUNTING_RULE):
        assert note in labels
    assert labels["Registros enviados (denominador)"] == 400
    assert labels["Registros válidos (importados)"] == 400
    assert labels["% mal escaladas sobre lo enviado"] == pytest.approx(363 / 400)


def test_the_advisor_and_causal_tables_carry_percentages_as_numbers(book: Workbook) -> None:
    sheet = book["Indicadores"]
    first = next(row for row in sheet.iter_rows() if row[0].value == FIRST_ADVISOR)
    assert [c.value for c in first] == [
        FIRST_ADVISOR, "1032456789", "Carolina Beltrán", 60, 56, 48, 8, 6, 1, 50, 2, 0.125]
    assert first[-1].number_format == "0.00%"
    header = sheet.cell(row=first[0].row - 1, column=12)
    assert header.value == "% sobre la base"
    causal = next(row for row in sheet.iter_rows() if row[0].value == "C04 Opción errada")
    assert [c.value for c in causal[:3]] == ["C04 Opción errada", 96, 0.24]
    assert causal[2].number_format == "0.00%"


def test_an_empty_period_gives_a_workbook_that_says_so(tmp_path: Path) -> None:
    path = write_consolidado(tmp_path / "c.xlsx", sample_consolidado(empty=True))
    book = load_workbook(path)
    assert book.sheetnames == ["Detalle", "Indicadores"]
    assert _values(book["Detalle"]) == [HEADERS]
    assert book["Detalle"].auto_filter.ref == "A1:N1"
    column_a = [row[0] for row in _values(book["Indicadores"])]
    assert "No hay registros en el periodo" in column_a
    assert "Cifras clave" not in column_a


@pytest.mark.parametrize(("wanted", "expected"), [
    ("Hoja/con:raros*?[x]\\y", "Hoja con raros x y"),
    ("'entre comillas'", "entre comillas"),
    ("x" * 40, "x" * 31),
    ("History", "History (2)"),
    ("", "Hoja"),
])
def test_sheet_names_follow_excels_rules(wanted: str, expected: str) -> None:
    assert SheetNames().claim(wanted) == expected


def test_sheet_names_stay_unique_whatever_the_case_or_length() -> None:
    names = SheetNames("Detalle")
    claimed = [names.claim(n) for n in ("detalle", "a" * 40, "A" * 35, "a" * 31)]
    assert claimed == ["detalle (2)", "a" * 31, "A" * 27 + " (2)", "a" * 27 + " (3)"]
    assert all(len(n) <= 31 for n in claimed)
