"""Exports read back with openpyxl: header, frozen pane, filters, widths, no formulas."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook

from swat_desktop.domain.mal_escalados import ImportSummary, RowProblem
from swat_desktop.io.xlsx_export import write_table
from swat_desktop.services import problems_export


def test_a_table_is_written_ready_to_filter(tmp_path: Path) -> None:
    path = write_table(tmp_path / "t.xlsx", "Detalle", ["Cuenta", "Fecha", "Nota larga"], [
        ["00123", date(2026, 11, 21), "x" * 200],
        ["00124", datetime(2026, 11, 21, 9, 30), None],
    ])
    sheet = load_workbook(path).active
    assert sheet is not None
    assert sheet.title == "Detalle"
    assert [c.value for c in sheet[1]] == ["Cuenta", "Fecha", "Nota larga"]
    assert sheet[1][0].font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:C3"
    assert sheet["A2"].value == "00123"  # text stays text: leading zeros survive
    assert sheet["B2"].value == datetime(2026, 11, 21)
    assert sheet["B2"].number_format == "dd/mm/yyyy"
    assert sheet["B3"].number_format == "dd/mm/yyyy hh:mm"
    assert sheet.column_dimensions["C"].width == 60  # capped, not 200 characters wide


def test_formula_like_text_is_written_as_text(tmp_path: Path) -> None:
    hostile = ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1"]
    path = write_table(tmp_path / "t.xlsx", "S", ["v"], [[v] for v in hostile])
    sheet = load_workbook(path).active
    assert sheet is not None
    cells = [sheet.cell(row=i, column=1) for i in range(2, 2 + len(hostile))]
    assert [c.value for c in cells] == hostile
    assert all(c.data_type == "s" for c in cells)
    assert all(c.quotePrefix for c in cells)  # stays text even after an edit in Excel


def test_the_rows_an_import_left_out_are_exported_sorted(tmp_path: Path) -> None:
    summary = ImportSummary(
        base_id=1, base_date=date(2026, 11, 21), file_name="b.xlsx", imported=5, duplicates=1,
        rejected=(RowProblem("Base", 9, "B (Fecha)", "La fecha «x» no tiene el formato."),),
        duplicate_rows=(RowProblem("Base", 4, "A (Cuenta)", "Repite la fila 2 de este archivo."),),
        rejected_rows=1,
    )
    path = problems_export.export(tmp_path / "rechazos", summary)
    assert path.suffix == ".xlsx"
    sheet = load_workbook(path).active
    assert sheet is not None
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["Hoja", "Fila", "Columna", "Motivo", "Tipo"],
        ["Base", 4, "A (Cuenta)", "Repite la fila 2 de este archivo.", "Duplicada"],
        ["Base", 9, "B (Fecha)", "La fecha «x» no tiene el formato.", "Rechazada"],
    ]
