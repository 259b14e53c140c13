"""The cut as xlsx: data sheets read back with openpyxl, the charts from the file's own XML
(openpyxl drops charts when it reads a workbook)."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from datetime import datetime
from itertools import pairwise
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from swat_desktop.domain.indicators import CAUSAL_FORMULA, COUNTING_RULE, DENOMINATOR_NOTE
from swat_desktop.domain.periods import PeriodKind
from swat_desktop.domain.reports import AUDIENCE, CorteReport
from swat_desktop.io.corte_xlsx import write_corte_xlsx
from tests.io.report_samples import (
    FIRST_ADVISOR,
    GENERATED_BY,
    LONG_ADVISOR,
    sample_corte,
    sample_crowded_corte,
)

SHEETS = ["Resumen", "Asesores", "Causales", "Días", "Recurrencias", "Reclamaciones"]


@pytest.fixture(scope="module")
def path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("corte") / "corte.xlsx"
    assert write_corte_xlsx(target, sample_corte()) == target
    return target


@pytest.fixture(scope="module")
def book(path: Path) -> Workbook:
    return load_workbook(path)


def _values(sheet: Worksheet) -> list[list[object]]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _labels(sheet: Worksheet) -> dict[object, object]:
    return {row[0]: row[1] for row in _values(sheet) if row[0] is not None}


def _charts(path: Path) -> list[str]:
    """The XML of every chart in the file, chart1 first."""
    with zipfile.ZipFile(path) as package:
        names = sorted(n for n in package.namelist() if n.startswith("xl/charts/chart"))
        return [package.read(n).decode() for n in names]


def _anchors(path: Path) -> list[tuple[int, int, int, int]]:
    """(from column, from row, to column, to row) of each drawing on Resumen, zero-based."""
    with zipfile.ZipFile(path) as package:
        drawing = package.read("xl/drawings/drawing1.xml").decode()
    cells = re.findall(r"<xdr:col>(\d+)</xdr:col><xdr:colOff>\d+</xdr:colOff>"
                       r"<xdr:row>(\d+)</xdr:row>", drawing)
    points = [(int(col), int(row)) for col, row in cells]
    return [(*points[i], *points[i + 1]) for i in range(0, len(points), 2)]


def test_a_cut_has_its_summary_and_data_sheets(book: Workbook) -> None:
    assert book.sheetnames == SHEETS
    assert book.active is not None
    assert book.active.title == "Resumen"


def test_the_summary_gives_title_period_figures_and_how_they_are_counted(book: Workbook) -> None:
    sheet = book["Resumen"]
    labels = _labels(sheet)
    assert sheet["A1"].value == ("Corte semanal mal escalados — semana 47 de 2026 "
                                 "(16/11 al 22/11/2026)")
    assert labels["Periodo"] == "16/11/2026 al 22/11/2026"
    assert labels["Alcance"] == "Todos los asesores"
    assert labels["Dirigido a"] == AUDIENCE
    assert labels["Generado (hora de Bogotá)"] == datetime(2026, 11, 23, 8, 0)
    assert labels["Generado por"] == GENERATED_BY
    assert labels["Registros enviados (denominador)"] == 400
    assert labels["Registros válidos (importados)"] == 400
    assert labels["Cuentas revisadas"] == 381
    assert labels["Cuentas mal escaladas (contadas)"] == 363
    assert labels["% mal escaladas sobre lo enviado"] == pytest.approx(0.9075)
    assert labels["Procede (error del asesor)"] == 381 - 40
    assert labels["No procede (error de Gestión Soporte)"] == 40
    assert labels["Reclamaciones aceptadas"] == 18
    assert labels["Reclamaciones rechazadas"] == 14
    assert labels["Reclamaciones pendientes"] == 40 - 18 - 14
    assert labels["Recurrencias tras compromiso"] == 4
    cells = {row[0].value: row for row in sheet.iter_rows()}
    assert cells["% mal escaladas sobre lo enviado"][1].number_format == "0.00%"
    merged = {str(r) for r in sheet.merged_cells.ranges}
    for note in (DENOMINATOR_NOTE, CAUSAL_FORMULA, COUNTING_RULE):
        row = cells[note][0].row
        assert f"A{row}:B{row}" in merged  # wrapped within the text columns, not under a chart
        assert cells[note][0].alignment.wrap_text


def test_the_advisors_sheet_is_a_filterable_table(book: Workbook) -> None:
    sheet = book["Asesores"]
    rows = _values(sheet)
    assert rows[0][0] == "Asesor"
    assert rows[0][-1] == "% sobre la base"
    assert rows[1] == [FIRST_ADVISOR, "1032456789", "Carolina Beltrán", 60, 56, 48, 8, 6, 1, 50,
                       2, 0.125]
    assert sheet.cell(row=2, column=12).number_format == "0.00%"
    assert len(rows) == 1 + 18
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:L19"
    assert sheet.column_dimensions["A"].width == pytest.approx(30, abs=1)


def test_causales_days_recurrences_and_claims_hold_real_values(book: Workbook) -> None:
    assert _values(book["Causales"])[:3] == [
        ["Causal", "Cuentas", "% sobre la base"],
        ["C04 Opción errada", 96, 0.24],
        ["C13 Notas incompletas o erradas", 71, 0.1775],
    ]
    days = _values(book["Días"])
    assert days[0] == ["Fecha", "Registros enviados", "Registros válidos", "Revisadas",
                       "Mal escaladas (contadas)", "% sobre la base"]
    assert [row[0] for row in days[1:]] == [datetime(2026, 11, d) for d in range(16, 23)]
    assert sum(row[1] for row in days[1:]) == 400
    assert sum(row[2] for row in days[1:]) == 400
    assert sum(row[4] for row in days[1:]) == 363
    assert book["Días"]["A2"].number_format == "dd/mm/yyyy"
    assert _values(book["Recurrencias"])[1] == [
        FIRST_ADVISOR, "1032456789", "00123456", datetime(2026, 11, 17), "C04 Opción errada",
        datetime(2026, 11, 10)]
    claims = _values(book["Reclamaciones"])
    assert [row[:3] for row in claims[1:]] == [
        ["REC-2026-0007", "Resuelta", "Resuelta"],
        ["REC-2026-0008", "Enviada", "Vencida"],  # sent 19/11 15:00, still open on 23/11
        ["REC-2026-0009", "Enviada", "En plazo"],  # due 23/11 18:00, the cut is of 08:00
        ["REC-2026-0010", "Preparada", "Sin enviar"],
    ]
    assert claims[2][3:11] == [datetime(2026, 11, 19, 11), GENERATED_BY,
                               datetime(2026, 11, 19, 15), datetime(2026, 11, 20, 15), 9, 2, 4, 3]
    assert claims[4][5:7] == [None, None]
    for name in SHEETS[1:]:
        assert book[name].freeze_panes == "A2", name
        assert book[name].auto_filter.ref, name


def test_three_native_charts_draw_from_the_data_sheets(path: Path) -> None:
    ranking, causales, trend = _charts(path)
    assert "<c:barDir val=\"bar\"/>" in ranking
    assert "<c:f>Asesores!$A$2:$A$16</c:f>" in ranking
    assert "<c:f>Asesores!$L$2:$L$16</c:f>" in ranking
    assert LONG_ADVISOR in ranking
    assert '<c:orientation val="maxMin"/>' in ranking  # the highest percentage on top
    assert "<c:f>Causales!$A$2:$A$9</c:f>" in causales
    assert "<c:f>Causales!$C$2:$C$9</c:f>" in causales
    assert "<c:barChart>" in trend
    assert "<c:lineChart>" in trend
    assert "<c:f>Días!$B$2:$B$8</c:f>" in trend
    assert "<c:f>Días!$E$2:$E$8</c:f>" in trend


def test_the_charts_sit_right_of_the_tables_without_overlapping(path: Path) -> None:
    anchors = _anchors(path)
    assert len(anchors) == 3
    assert all(from_col >= 3 for from_col, _, _, _ in anchors)  # columns A:B hold the text
    for (_, _, _, bottom), (_, top, _, _) in pairwise(anchors):
        assert top > bottom


def test_a_crowded_period_charts_every_causal_and_day(tmp_path: Path) -> None:
    path = write_corte_xlsx(tmp_path / "c.xlsx", sample_crowded_corte())
    _, causales, trend = _charts(path)
    assert "<c:f>Causales!$A$2:$A$31</c:f>" in causales
    assert "<c:f>Días!$A$2:$A$123</c:f>" in trend


def test_nothing_counted_yet_leaves_only_the_trend(tmp_path: Path) -> None:
    report = sample_corte()
    indicators = replace(
        report.indicators, counted=0,
        advisors=tuple(replace(a, counted=0, percent=0.0) for a in report.indicators.advisors),
        causales=tuple(replace(c, accounts=0, percent=0.0) for c in report.indicators.causales))
    path = write_corte_xlsx(tmp_path / "c.xlsx", replace(report, indicators=indicators))
    (trend,) = _charts(path)
    assert "<c:lineChart>" in trend


def test_an_empty_period_says_so_and_draws_no_chart(tmp_path: Path) -> None:
    report: CorteReport = sample_corte(empty=True, kind=PeriodKind.DIARIO)
    path = write_corte_xlsx(tmp_path / "c.xlsx", report)
    assert _charts(path) == []
    with zipfile.ZipFile(path) as package:
        assert not [n for n in package.namelist() if "drawing" in n]
    book = load_workbook(path)
    assert book.sheetnames == SHEETS
    column_a = [row[0] for row in _values(book["Resumen"])]
    assert "No hay registros en el periodo" in column_a
    assert "Cifras clave" not in column_a
    assert _labels(book["Resumen"])["Periodo"] == "18/11/2026"
    assert _values(book["Asesores"])[1:] == []
    assert book["Asesores"].auto_filter.ref == "A1:L1"
