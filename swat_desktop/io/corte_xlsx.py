"""A daily, weekly or monthly cut (step 8 of the procedure) as xlsx with native Excel charts.

The cut goes to Formación, Calidad and the operation's administration, who open it in Excel and
keep working on it: so the charts are Excel's own, drawn from the data sheets, and stay live
if someone sorts or extends them. "Resumen" holds the title, the key figures with their
denominator, how they are counted, and the charts to the right of all that: the advisors with
the highest percentage, the causales, and records against counted accounts per day. The data
sheets (Asesores, Causales, Días, Recurrencias, Reclamaciones) are tables with a frozen header
and a filter. A period without records says so and draws no chart: a chart over an empty range
opens as a broken drawing.
"""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path

from xlsxwriter import Workbook
from xlsxwriter.chart import Chart
from xlsxwriter.worksheet import Worksheet

from swat_desktop.domain.claims import ClaimSummary
from swat_desktop.domain.indicators import DayFigure, Indicators, Recurrence
from swat_desktop.domain.reports import AUDIENCE, CorteReport
from swat_desktop.io.xlsx_layout import (
    ADVISOR_FIELDS,
    ADVISOR_NAME_COL,
    ADVISOR_PERCENT_COL,
    CAUSAL_FIELDS,
    CAUSAL_NAME_COL,
    CAUSAL_PERCENT_COL,
    DATE_FORMAT,
    DATETIME_FORMAT,
    GENERATED_LABEL,
    HEADER_LINE_HEIGHT,
    NO_RECORDS,
    NOTES,
    PERCENT_FORMAT,
    Field,
    Styles,
    advisor_cells,
    causal_cells,
    key_figures,
    local_datetime,
    new_workbook,
    period_span,
    print_setup,
    write_label_rows,
    write_table,
)

SUMMARY_SHEET = "Resumen"
ADVISORS_SHEET = "Asesores"
CAUSALES_SHEET = "Causales"
DAYS_SHEET = "Días"
RECURRENCES_SHEET = "Recurrencias"
CLAIMS_SHEET = "Reclamaciones"
RANKING_SIZE = 15

DAY_FIELDS = (
    Field("Fecha", 11, DATE_FORMAT),
    Field("Registros enviados", 10),
    Field("Registros válidos", 10),
    Field("Revisadas", 10),
    Field("Mal escaladas (contadas)", 12),
    Field("% sobre la base", 10, PERCENT_FORMAT),
)
DAY_RECORDS_COL, DAY_COUNTED_COL = 1, 4
RECURRENCE_FIELDS = (
    Field("Asesor", 30),
    Field("Id asesor", 12),
    Field("Cuenta", 14),
    Field("Fecha base", 11, DATE_FORMAT),
    Field("Causal", 38),
    Field("Fecha del compromiso", 12, DATE_FORMAT),
)
CLAIM_FIELDS = (
    Field("Número", 14),
    Field("Estado", 10),
    Field("Plazo", 11),
    Field("Creada", 16, DATETIME_FORMAT),
    Field("Creada por", 24),
    Field("Enviada", 16, DATETIME_FORMAT),
    Field("Vence", 16, DATETIME_FORMAT),
    Field("Cuentas", 9),
    Field("Pendientes", 10),
    Field("Aceptadas", 10),
    Field("Rechazadas", 10),
    Field("Nota", 40),
)

# Resumen: labels in A, values in B, C empty, the charts from D on.
LABEL_WIDTH, VALUE_WIDTH, GAP_WIDTH = 42, 16, 2
CHART_COL = 3
TITLE_HEIGHT = 21  # points, for the 14-point title
DEFAULT_ROW_PX = 20
CHART_GAP_PX = 16
CHART_WIDTH = 760
CHART_COLOR = "#2F5597"
COUNTED_COLOR = "#C00000"


def write_corte_xlsx(path: Path, report: CorteReport) -> Path:
    with new_workbook(path) as workbook:
        styles = Styles(workbook)
        summary = workbook.add_worksheet(SUMMARY_SHEET)
        indicators = report.indicators
        write_table(workbook.add_worksheet(ADVISORS_SHEET), styles, ADVISOR_FIELDS,
                    map(advisor_cells, indicators.advisors))
        write_table(workbook.add_worksheet(CAUSALES_SHEET), styles, CAUSAL_FIELDS,
                    map(causal_cells, indicators.causales))
        write_table(workbook.add_worksheet(DAYS_SHEET), styles, DAY_FIELDS,
                    map(_day_cells, indicators.days))
        write_table(workbook.add_worksheet(RECURRENCES_SHEET), styles, RECURRENCE_FIELDS,
                    map(_recurrence_cells, report.recurrences))
        write_table(workbook.add_worksheet(CLAIMS_SHEET), styles, CLAIM_FIELDS,
                    (_claim_cells(claim, report) for claim in report.claims))
        row_px = _write_summary(summary, styles, report)
        if not indicators.is_empty:
            _place_charts(summary, _charts(workbook, indicators), row_px)
    return path


def _day_cells(day: DayFigure) -> tuple[object, ...]:
    return (day.day, day.records, day.valid, day.reviewed, day.counted, day.percent / 100)


def _recurrence_cells(r: Recurrence) -> tuple[object, ...]:
    return (r.asesor_nombre, r.asesor_id, r.cuenta, r.base_date,
            f"{r.causal_code} {r.causal_name}", r.commitment_date)


def _claim_cells(claim: ClaimSummary, report: CorteReport) -> tuple[object, ...]:
    """The deadline as it stood when the cut was generated, in the célula's wall-clock time."""
    return (claim.number, claim.state.label, claim.deadline_state(report.generated_at).label,
            local_datetime(claim.created_at), claim.created_by, _local(claim.sent_at),
            _local(claim.deadline), claim.items, claim.pending, claim.accepted, claim.rejected,
            claim.note)


def _local(value: datetime | None) -> datetime | None:
    return None if value is None else local_datetime(value)


def _write_summary(sheet: Worksheet, styles: Styles, report: CorteReport) -> dict[int, float]:
    """The Resumen's text; returns the rows taller than the default, in pixels, so the charts
    can be stacked without overlapping."""
    indicators = report.indicators
    sheet.set_column(0, 0, LABEL_WIDTH)
    sheet.set_column(1, 1, VALUE_WIDTH)
    sheet.set_column(2, 2, GAP_WIDTH)
    sheet.set_row(0, TITLE_HEIGHT)
    print_setup(sheet, title_rows=1)
    row_px = {0: _px(TITLE_HEIGHT)}
    sheet.write_string(0, 0, report.title, styles.title)
    row = write_label_rows(sheet, styles, 2, [
        ("Periodo", period_span(report.period), None),
        ("Alcance", indicators.scope, None),
        ("Dirigido a", AUDIENCE, None),
        (GENERATED_LABEL, local_datetime(report.generated_at), DATETIME_FORMAT),
        ("Generado por", report.generated_by, None),
    ])
    if indicators.is_empty:
        sheet.write_string(row + 1, 0, NO_RECORDS, styles.section)
        row += 2
    else:
        sheet.write_string(row + 1, 0, "Cifras clave", styles.section)
        row = write_label_rows(sheet, styles, row + 2, key_figures(indicators))
    sheet.write_string(row + 1, 0, "Cómo se calcula", styles.section)
    for note_row, note in enumerate(NOTES, start=row + 2):
        _write_note(sheet, styles, note_row, note, row_px)
    return row_px


def _write_note(sheet: Worksheet, styles: Styles, row: int, note: str,
                row_px: dict[int, float]) -> None:
    """A note wrapped across A:B, on a row tall enough for its lines: left to overflow, it would
    run behind the charts."""
    lines = math.ceil(len(note) / (LABEL_WIDTH + VALUE_WIDTH - 4))
    sheet.set_row(row, lines * HEADER_LINE_HEIGHT)
    row_px[row] = _px(lines * HEADER_LINE_HEIGHT)
    sheet.merge_range(row, 0, row, 1, "", styles.note)
    sheet.write_string(row, 0, note, styles.note)


def _px(points: float) -> float:
    return points * 4 / 3


def _charts(workbook: Workbook, indicators: Indicators) -> list[tuple[Chart, int]]:
    """The charts that have something to draw, each with its height in pixels. The figures
    come highest first, so the rows with something to show are the first rows of each table."""
    charts = []
    ranked = [a for a in indicators.advisors[:RANKING_SIZE] if a.counted]
    if ranked:
        charts.append(_bar_chart(
            workbook, ADVISORS_SHEET, ADVISOR_NAME_COL, ADVISOR_PERCENT_COL, len(ranked),
            f"Asesores con más cuentas mal escaladas (top {len(ranked)}, % sobre la base)"))
    frequent = [c for c in indicators.causales if c.accounts]
    if frequent:
        charts.append(_bar_chart(
            workbook, CAUSALES_SHEET, CAUSAL_NAME_COL, CAUSAL_PERCENT_COL, len(frequent),
            "Recurrencia por tipo de error (% sobre la base)"))
    if indicators.days:
        charts.append(_trend_chart(workbook, len(indicators.days)))
    return charts


def _new_chart(workbook: Workbook, kind: str) -> Chart:
    chart = workbook.add_chart({"type": kind})
    assert chart is not None  # None only for a type xlsxwriter does not know
    return chart


def _bar_chart(workbook: Workbook, sheet: str, name_col: int, value_col: int, rows: int,
               title: str) -> tuple[Chart, int]:
    """Horizontal bars of the first ``rows`` rows of a table, the first row on top."""
    chart = _new_chart(workbook, "bar")
    chart.add_series({
        "name": "% sobre la base",
        "categories": [sheet, 1, name_col, rows, name_col],
        "values": [sheet, 1, value_col, rows, value_col],
        "fill": {"color": CHART_COLOR},
        "data_labels": {"value": True, "num_format": PERCENT_FORMAT},
        "gap": 60,
    })
    chart.set_title({"name": title, "name_font": {"size": 12}})
    chart.set_legend({"none": True})
    chart.set_x_axis({"num_format": "0%", "major_gridlines": {"visible": True}})
    # A bar chart's categories run upwards: reversed, the first row is on top, and the values
    # axis crossing at the last category stays at the bottom.
    chart.set_y_axis({"reverse": True, "crossing": "max"})
    height = 120 + 24 * rows
    chart.set_size({"width": CHART_WIDTH, "height": height})
    return chart, height


def _trend_chart(workbook: Workbook, days: int) -> tuple[Chart, int]:
    """Records sent per day as columns, counted accounts as a line on its own axis:
    the counted accounts are a small share of the records and would lie flat on theirs."""
    categories = [DAYS_SHEET, 1, 0, days, 0]
    chart = _new_chart(workbook, "column")
    line = _new_chart(workbook, "line")
    chart.add_series({
        "name": [DAYS_SHEET, 0, DAY_RECORDS_COL],
        "categories": categories,
        "values": [DAYS_SHEET, 1, DAY_RECORDS_COL, days, DAY_RECORDS_COL],
        "fill": {"color": CHART_COLOR},
    })
    line.add_series({
        "name": [DAYS_SHEET, 0, DAY_COUNTED_COL],
        "categories": categories,
        "values": [DAYS_SHEET, 1, DAY_COUNTED_COL, days, DAY_COUNTED_COL],
        "line": {"color": COUNTED_COLOR, "width": 2.25},
        "marker": {"type": "circle", "size": 5, "fill": {"color": COUNTED_COLOR},
                   "border": {"color": COUNTED_COLOR}},
        "y2_axis": True,
    })
    chart.combine(line)
    chart.set_title({"name": "Registros enviados y cuentas mal escaladas por día",
                     "name_font": {"size": 12}})
    chart.set_x_axis({"num_format": "dd/mm", "num_font": {"rotation": -45}})
    chart.set_y_axis({"name": "Registros enviados", "major_gridlines": {"visible": True}})
    line.set_y2_axis({"name": "Mal escaladas"})
    chart.set_legend({"position": "bottom"})
    height = 360
    chart.set_size({"width": CHART_WIDTH, "height": height})
    return chart, height


def _place_charts(sheet: Worksheet, charts: list[tuple[Chart, int]],
                  row_px: dict[int, float]) -> None:
    """One below the other from D2, each anchored on the first row below the one before."""
    row = 1
    for chart, height in charts:
        sheet.insert_chart(row, CHART_COL, chart)
        covered = 0.0
        while covered < height + CHART_GAP_PX:
            covered += row_px.get(row, DEFAULT_ROW_PX)
            row += 1
