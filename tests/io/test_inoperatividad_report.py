"""The regulator's report as xlsx (read back cell by cell) and PDF (by its extracted text), and
the column file that decides its columns."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from pypdf import PdfReader

from swat_desktop.io.inoperatividad_report import (
    EXCLUDED,
    HEADER_ROW,
    NO_EVENTS,
    TITLE,
    write_report_pdf,
    write_report_xlsx,
)
from swat_desktop.io.report_columns import (
    KEYS,
    ColumnFileError,
    ReportColumn,
    read_columns,
)
from swat_desktop.paths import resource
from tests.io.inoperatividad_samples import FORMULA_LIKE, sample_report_rows

SHIPPED = resource("reports", "inoperatividad_report.json")
PERIOD = "01/12/2026 al 31/12/2026"
GENERATED_AT = datetime(2026, 12, 2, 14, 5, tzinfo=UTC)  # 09:05 in Lima
GENERATED_BY = "Carla Info"
FIRST_DATA_ROW = HEADER_ROW + 2  # openpyxl counts from 1


def _xlsx(path: Path, rows: Sequence[dict[str, object]],
          columns: Sequence[ReportColumn]) -> Worksheet:
    write_report_xlsx(path, rows, columns, PERIOD, GENERATED_AT, GENERATED_BY)
    sheet = load_workbook(path).active
    assert sheet is not None
    return sheet


def _pdf_text(path: Path, rows: Sequence[dict[str, object]],
              columns: Sequence[ReportColumn]) -> list[str]:
    """Each page's text with every run of spaces and line breaks as one space: a cell's
    value reads the same whether or not it wrapped."""
    write_report_pdf(path, rows, columns, PERIOD, GENERATED_AT, GENERATED_BY)
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def _column_file(tmp_path: Path, items: object) -> Path:
    path = tmp_path / "columnas.json"
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_shipped_column_file_reads_in_its_order() -> None:
    raw = json.loads(SHIPPED.read_text(encoding="utf-8"))
    columns = read_columns(SHIPPED)
    assert [(c.key, c.title, c.width) for c in columns] == [
        (i["key"], i["title"], i["width"]) for i in raw]
    assert columns[0].key == "correlativo"
    assert {c.key for c in columns} <= set(KEYS)


def test_the_workbook_read_back_cell_by_cell(tmp_path: Path) -> None:
    columns = read_columns(SHIPPED)
    rows = sample_report_rows()
    sheet = _xlsx(tmp_path / "reporte.xlsx", rows, columns)
    assert sheet["A1"].value == TITLE
    assert sheet["A2"].value == (f"Periodo: {PERIOD} · 3 eventos reportables · "
                                 "Fechas y horas de Lima")
    assert sheet["A3"].value == "Generado el 02/12/2026 09:05 (hora de Lima) por Carla Info"
    assert sheet["A5"].value == EXCLUDED
    header = [cell.value for cell in sheet[HEADER_ROW + 1]]
    assert header == [i["title"] for i in json.loads(SHIPPED.read_text(encoding="utf-8"))]
    for offset, row in enumerate(rows):
        cells = sheet[FIRST_DATA_ROW + offset]
        for cell, column in zip(cells, columns, strict=True):
            assert cell.value == (row[column.key] or None), (column.key, offset)
    # the table, a blank row and the line naming the one record typed from paper
    assert sheet.max_row == HEADER_ROW + 1 + len(rows) + 2
    assert str(sheet.cell(sheet.max_row, 1).value).startswith("Transcritos de un formato")
    assert sheet.freeze_panes == f"A{HEADER_ROW + 2}"
    last = get_column_letter(len(columns))
    assert sheet.auto_filter.ref == f"A{HEADER_ROW + 1}:{last}{HEADER_ROW + 1 + len(rows)}"


def test_times_are_dates_and_formula_like_text_stays_text(tmp_path: Path) -> None:
    columns = read_columns(SHIPPED)
    sheet = _xlsx(tmp_path / "reporte.xlsx", sample_report_rows(), columns)
    keys = [c.key for c in columns]
    start = sheet.cell(FIRST_DATA_ROW, keys.index("inicio") + 1)
    assert start.value == datetime(2026, 12, 1, 9, 40)
    assert start.is_date
    assert start.number_format == "dd/mm/yyyy hh:mm"
    typed = sheet.cell(FIRST_DATA_ROW + 1, keys.index("observaciones_evaluacion") + 1)
    assert typed.value == FORMULA_LIKE
    assert typed.data_type == "s"  # a string, not a formula
    assert typed.quotePrefix  # and Excel keeps it text when someone edits the cell


def test_the_pdf_says_what_when_and_how_many(tmp_path: Path) -> None:
    rows = sample_report_rows()
    pages = _pdf_text(tmp_path / "reporte.pdf", rows, read_columns(SHIPPED))
    text = " ".join(pages)
    assert TITLE in text
    assert PERIOD in text
    assert "3 eventos reportables" in text
    assert "Generado el 02/12/2026 09:05 (hora de Lima)" in text
    assert "error o pruebas" in text
    assert "error de usuario" in text
    for row in rows:
        assert str(row["correlativo"]) in text
    assert "01/12/2026 09:40" in text  # start, Lima wall-clock time
    page = PdfReader(tmp_path / "reporte.pdf").pages[0]
    assert page.mediabox.width > page.mediabox.height  # A4 landscape


def test_a_long_report_repeats_its_header_on_every_page(tmp_path: Path) -> None:
    rows = sample_report_rows(40, long=True)
    pages = _pdf_text(tmp_path / "largo.pdf", rows, read_columns(SHIPPED))
    assert len(pages) > 2
    for page in pages:
        assert "Correlativo" in page
        assert "Duración" in page
    assert "40 eventos reportables" in pages[-1]
    assert str(rows[-1]["correlativo"]) in pages[-1]


def test_a_changed_column_file_changes_both_files(tmp_path: Path) -> None:
    path = _column_file(tmp_path, [
        {"key": "inicio", "title": "Fecha del evento", "width": 16},
        {"key": "correlativo", "title": "N.º de registro", "width": 20},
        {"key": "aprobado_por", "title": "Aprobación", "width": 30},
    ])
    columns = read_columns(path)
    sheet = _xlsx(tmp_path / "reporte.xlsx", sample_report_rows(), columns)
    assert [c.value for c in sheet[HEADER_ROW + 1]] == ["Fecha del evento", "N.º de registro",
                                                        "Aprobación"]
    assert sheet.cell(FIRST_DATA_ROW, 1).value == datetime(2026, 12, 1, 9, 40)
    assert sheet.cell(FIRST_DATA_ROW, 2).value == "CAC-SAN-ISIDRO-000001"
    text = " ".join(_pdf_text(tmp_path / "reporte.pdf", sample_report_rows(), columns))
    assert "N.º de registro" in text
    assert "Gerente: Gabriela Ruiz" in text
    assert "Punto de atención" not in text
    assert "Motivo de cierre" not in text


def test_every_key_at_once_still_lays_out_on_the_page(tmp_path: Path) -> None:
    """More columns than A4 landscape holds: the widest share what is left, nothing spills."""
    columns = [ReportColumn(key, key.replace("_", " ").capitalize(), 12, kind)
               for key, kind in KEYS.items()]
    pages = _pdf_text(tmp_path / "todas.pdf", sample_report_rows(), columns)
    # Rows grow taller with every key added (criterios_3_4 made it two pages): what matters
    # is that every row and the total are there, not on how many pages.
    assert len(pages) <= 2
    assert "Total: 3 eventos reportables en el periodo." in pages[-1]
    assert "Gabriela Ruiz" in " ".join(pages)  # a cell this narrow may cut «Gerente:»


def test_records_typed_from_paper_are_named_beside_the_shipped_table(tmp_path: Path) -> None:
    """The shipped columns leave no room for «Origen»: the transcribed records are said beside
    the table instead (over it in the PDF, under it in the workbook); with an «Origen»
    column, the column says it."""
    rows = sample_report_rows()
    paper = [r["correlativo"] for r in rows if r["origen"] == "Papel transcrito"]
    assert len(paper) == 1
    said = ("Transcritos de un formato en papel (talonario numerado), con las horas escritas "
            f"en el papel: {paper[0]}.")
    pages = _pdf_text(tmp_path / "reporte.pdf", rows, read_columns(SHIPPED))
    assert said in " ".join(" ".join(pages).split())
    sheet = _xlsx(tmp_path / "reporte.xlsx", rows, read_columns(SHIPPED))
    assert said in [c.value for r in sheet.iter_rows() for c in r]
    with_origin = read_columns(_column_file(tmp_path, [
        {"key": "correlativo", "title": "Correlativo", "width": 28},
        {"key": "origen", "title": "Origen", "width": 16}]))
    pages = _pdf_text(tmp_path / "con_origen.pdf", rows, with_origin)
    assert "Transcritos de un formato" not in " ".join(pages)
    assert "Papel transcrito" in " ".join(pages)


@pytest.mark.parametrize(("items", "message"), [
    ([{"key": "clave_rara", "title": "X", "width": 10}], "clave desconocida «clave_rara»"),
    ([{"key": "punto", "title": "Punto", "width": 10},
      {"key": "punto", "title": "Otra vez", "width": 10}], "«punto» figura dos veces"),
    ([{"key": "punto", "title": " ", "width": 10}], "no tiene título"),
    ([{"key": "punto", "title": "Punto", "width": 0}], "ancho entero entre 4 y 80"),
    ([{"key": "punto", "title": "Punto", "width": "ancho"}], "ancho entero"),
    ([["punto"]], "debe tener «key», «title» y «width»"),
    ({"columns": []}, "debe ser una lista de columnas"),
    ([], "debe ser una lista de columnas"),
])
def test_a_bad_column_file_is_refused_in_spanish(tmp_path: Path, items: object,
                                                 message: str) -> None:
    with pytest.raises(ColumnFileError, match=message):
        read_columns(_column_file(tmp_path, items))


def test_an_unreadable_column_file_is_refused_in_spanish(tmp_path: Path) -> None:
    broken = tmp_path / "roto.json"
    broken.write_text('[{"key": "punto",', encoding="utf-8")
    with pytest.raises(ColumnFileError, match="no es un JSON válido"):
        read_columns(broken)
    with pytest.raises(ColumnFileError, match="No existe el archivo"):
        read_columns(tmp_path / "falta.json")


def test_an_empty_period_says_so_in_both_files(tmp_path: Path) -> None:
    columns = read_columns(SHIPPED)
    sheet = _xlsx(tmp_path / "vacio.xlsx", [], columns)
    assert sheet["A2"].value.startswith(f"Periodo: {PERIOD} · 0 eventos reportables")
    assert sheet.cell(FIRST_DATA_ROW, 1).value == NO_EVENTS
    text = " ".join(_pdf_text(tmp_path / "vacio.pdf", [], columns))
    assert NO_EVENTS in text
    assert "0 eventos reportables" in text
