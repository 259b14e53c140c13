"""The charts of the cut: the advisors' ranking, the causales' distribution and the daily
trend, as reportlab drawings sized to the room the page gives them. Each keeps its labels
readable (one bar a row, at most TOP_BARS bars, day labels thinned to fit)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import white
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
)

from swat_desktop.domain.formatting import format_count as _n  # short: tables of counts
from swat_desktop.domain.indicators import (
    DayFigure,
    Indicators,
    format_percent,
)
from swat_desktop.domain.periods import MONTHS
from swat_desktop.io.pdf_common import (
    ACCENT,
    FONT,
    GREY,
    GREY_MID,
    INK,
    RULE,
    fit,
    text,
)

TOP_BARS = 15  # bars per ranking chart: the top of the list, and one page at most
SIDE_BY_SIDE_DAYS = 7  # up to a week, the days' table fits beside its chart; a month goes under
WEEKDAYS = ("lun", "mar", "mié", "jue", "vie", "sáb", "dom")
CHART_FONT_SIZE = 8
BAR_ROW = 17  # points per bar in the horizontal charts: room for a readable label beside each
MAX_DAY_LABELS = 31  # what fits under the trend chart without labels touching


def _style_labels(labels: Any) -> None:
    """The same small dark labels everywhere in the charts (reportlab's label sets are untyped)."""
    labels.fontName = FONT
    labels.fontSize = CHART_FONT_SIZE
    labels.fillColor = INK


def _chart_text_width(value: str) -> float:
    return stringWidth(value, FONT, CHART_FONT_SIZE)


def _horizontal_bars(labels: Sequence[str], values: Sequence[float], captions: Sequence[str],
                    width: float, label_width: float) -> Drawing:
    """Ranked bars, first on top, each with its label on the left and its caption at the end.

    Labels are cut to ``label_width`` with an ellipsis because a chart label cannot wrap.
    ``values`` must hold at least one positive number.
    """
    caption_width = max(_chart_text_width(c) for c in captions) + 10
    drawing = Drawing(width, BAR_ROW * len(values) + 4)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width, 2
    chart.width = width - label_width - caption_width
    chart.height = BAR_ROW * len(values)
    chart.data = [list(values)]
    chart.groupSpacing = 4
    chart.bars[0].fillColor = ACCENT
    chart.bars[0].strokeColor = None
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(values)
    chart.valueAxis.visible = False
    axis = chart.categoryAxis
    axis.categoryNames = [fit(label, label_width - 8, CHART_FONT_SIZE) for label in labels]
    axis.reverseDirection = 1
    axis.strokeColor = GREY_MID
    axis.tickLeft = 0
    axis.labels.boxAnchor = "e"
    axis.labels.dx = -5
    _style_labels(axis.labels)
    chart.barLabelFormat = "values"
    chart.barLabelArray = [list(captions)]
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 4
    _style_labels(chart.barLabels)
    drawing.add(chart)
    return drawing


def ranking_chart(ind: Indicators, width: float) -> Flowable:
    top = [a for a in ind.advisors if a.counted > 0][:TOP_BARS]  # advisors come ranked
    if not top:
        return text("Ningún asesor tiene cuentas mal escaladas contadas en el periodo.", "empty")
    return _horizontal_bars([a.asesor_nombre for a in top], [a.percent for a in top],
                           [format_percent(a.percent) for a in top], width, label_width=150)


def causal_chart(ind: Indicators, width: float) -> Flowable:
    causales = [c for c in ind.causales if c.accounts > 0][:TOP_BARS]
    if not causales:
        return text("No hay causales registradas en el periodo.", "empty")
    return _horizontal_bars([f"{c.code} {c.name}" for c in causales],
                           [c.accounts for c in causales],
                           [f"{_n(c.accounts)} ({format_percent(c.percent)})" for c in causales],
                           width, label_width=175)


def _integer_step(maximum: int) -> int:
    """A round axis step (1, 2, 5, 10, 20, 50…) giving at most five gridlines."""
    magnitude = 1
    while True:
        for step in (magnitude, 2 * magnitude, 5 * magnitude):
            if maximum <= 5 * step:
                return step
        magnitude *= 10


def _day_labels(days: Sequence[DayFigure]) -> list[str]:
    """Weekday and date for up to a week. Longer periods get day numbers, with the month under
    the first one of each month, and only every n-th day past a month, so labels never collide.
    """
    if len(days) <= SIDE_BY_SIDE_DAYS:
        return [f"{WEEKDAYS[d.day.weekday()]} {d.day:%d/%m}" for d in days]
    stride = -(-len(days) // MAX_DAY_LABELS)
    labels, month = [], 0
    for index, d in enumerate(days):
        if index % stride:
            labels.append("")
            continue
        new_month = d.day.month != month
        month = d.day.month
        labels.append(f"{d.day.day}\n{MONTHS[month - 1][:3]}" if new_month else str(d.day.day))
    return labels


def trend_chart(days: Sequence[DayFigure], width: float) -> Drawing:
    """Records and counted per day as paired columns; one day is a single pair, not a line."""
    height = 190
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 34, 32
    chart.width = width - chart.x - 8
    chart.height = height - chart.y - 30
    chart.data = [[d.records for d in days], [d.counted for d in days]]
    chart.bars[0].fillColor = GREY_MID
    chart.bars[1].fillColor = ACCENT
    chart.bars.strokeColor = None
    # Spacings are relative to the bar width (10): a lone day gets a slimmer pair of columns.
    chart.groupSpacing = 30 if len(days) == 1 else 8
    chart.barSpacing = 1
    # Headroom above the tallest column keeps its value label clear of the legend.
    maximum = max(max(d.records for d in days) * 108 // 100, 1)
    step = _integer_step(maximum)
    value_axis = chart.valueAxis
    value_axis.valueMin = 0
    value_axis.valueMax = step * -(-maximum // step)
    value_axis.valueStep = step
    value_axis.strokeColor = white
    value_axis.visibleGrid = 1
    value_axis.gridStrokeColor = RULE
    value_axis.gridStrokeWidth = 0.4
    value_axis.labelTextFormat = _n
    _style_labels(value_axis.labels)
    value_axis.labels.fillColor = GREY
    axis = chart.categoryAxis
    axis.categoryNames = _day_labels(days)
    axis.strokeColor = GREY_MID
    axis.tickDown = 0
    axis.labels.textAnchor = "middle"
    _style_labels(axis.labels)
    if len(days) <= SIDE_BY_SIDE_DAYS:
        chart.barLabelFormat = _n
        chart.barLabels.nudge = 6
        _style_labels(chart.barLabels)
    drawing.add(chart)
    drawing.add(_legend(height))
    return drawing


def _legend(height: float) -> Legend:
    legend = Legend()
    legend.colorNamePairs = [(GREY_MID, "Registros enviados"), (ACCENT, "Mal escaladas contadas")]
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 120
    legend.x, legend.y = 40, height - 2
    legend.fontName = FONT
    legend.fontSize = CHART_FONT_SIZE
    legend.strokeColor = None
    legend.dxTextSpace = 4
    legend.boxAnchor = "nw"
    return legend
