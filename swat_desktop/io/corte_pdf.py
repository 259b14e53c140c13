"""The daily, weekly or monthly cut (step 8) as a PDF for formación, calidad and management.

Its readers did not take part in the review, so page 1 must answer on its own "how many, out of
what, counted how": the key figures beside the definition of the denominator and the counting
rule. Charts come next for the shape of the period, then the full tables with the same numbers,
because a chart without its figures cannot be checked or quoted.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.colors import white
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from swat_desktop.domain.claims import ClaimSummary, DeadlineState
from swat_desktop.domain.formatting import format_count as _n  # short: tables of counts
from swat_desktop.domain.indicators import (
    ADVISOR_FORMULA,
    CAUSAL_FORMULA,
    COUNTING_RULE,
    DENOMINATOR_NOTE,
    DayFigure,
    Indicators,
    format_percent,
    percent,
)
from swat_desktop.domain.reports import AUDIENCE, CorteReport
from swat_desktop.io.corte_charts import (
    SIDE_BY_SIDE_DAYS,
    TOP_BARS,
    WEEKDAYS,
    causal_chart,
    ranking_chart,
    trend_chart,
)
from swat_desktop.io.pdf_common import (
    ACCENT,
    ACCENT_SOFT,
    FONT,
    FONT_BOLD,
    GREY,
    GREY_LIGHT,
    GREY_MID,
    LANDSCAPE,
    STYLES,
    data_table,
    date_text,
    frame_width,
    section,
    text,
    write_pdf,
)

WIDTH = frame_width(LANDSCAPE)
EMPTY_MESSAGE = "No hay registros en el periodo"


def write_corte_pdf(path: Path, report: CorteReport) -> Path:
    indicators = report.indicators
    story = _cover(report)
    if indicators.is_empty:
        story += _empty_notice(report)
    else:
        story += [_key_figures(indicators), Spacer(1, 8), _notes(indicators),
                  *_trend(indicators), PageBreak(), _charts(indicators),
                  *_advisor_table(indicators), *_causal_table(indicators)]
        if len(indicators.days) > SIDE_BY_SIDE_DAYS:
            story += [*section("Detalle por día"), _day_table(indicators.days)]
    if report.recurrences or not indicators.is_empty:
        story += _recurrence_table(report)
    if report.claims or not indicators.is_empty:
        story += _claim_table(report)
    return write_pdf(path, story, title=report.title, generated_at=report.generated_at,
                     author=report.generated_by, pagesize=LANDSCAPE)


def _cover(report: CorteReport) -> list[Flowable]:
    period = report.period
    span = (f"{period.start:%d/%m/%Y}" if period.days == 1
            else f"{period.start:%d/%m/%Y} al {period.end:%d/%m/%Y}")
    meta = (f"<b>Periodo:</b> {span} ({period.kind.label.lower()}) &nbsp;·&nbsp; "
            f"<b>Alcance:</b> {escape(report.indicators.scope)}<br/>"
            f"<b>Generado el</b> {date_text(report.generated_at)} (hora de Bogotá) "
            f"<b>por</b> {escape(report.generated_by)}<br/>"
            f"<b>Dirigido a:</b> {escape(AUDIENCE)}")
    return [text(report.title, "title"), Paragraph(meta, STYLES["meta"]), Spacer(1, 10)]


def _empty_notice(report: CorteReport) -> list[Flowable]:
    box = Table(
        [[text(EMPTY_MESSAGE, "heading")],
         [text("Las bases recibidas para este periodo no tienen registros: no hay indicadores, "
               "gráficos ni ranking que mostrar. Las cifras aparecerán cuando se importe la base "
               "del periodo.", "meta")]],
        colWidths=[WIDTH], hAlign="LEFT",
        style=TableStyle([("BACKGROUND", (0, 0), (-1, -1), GREY_LIGHT),
                          ("LINEBEFORE", (0, 0), (0, -1), 3, ACCENT),
                          ("LEFTPADDING", (0, 0), (-1, -1), 12),
                          ("TOPPADDING", (0, 0), (-1, 0), 2),
                          ("BOTTOMPADDING", (0, -1), (-1, -1), 10)]),
    )
    return [box, Spacer(1, 10), _notes(report.indicators)]


# -- page 1: figures and notes -------------------------------------------------------------

_FIGURE_VALUE = ParagraphStyle("figure_value", fontName=FONT_BOLD, fontSize=16, leading=19,
                               textColor=ACCENT, alignment=TA_CENTER)
_FIGURE_LABEL = ParagraphStyle("figure_label", fontName=FONT, fontSize=8, leading=9.5,
                               textColor=GREY, alignment=TA_CENTER)
_FIGURE_EXTRA = ParagraphStyle("figure_extra", parent=_FIGURE_LABEL, fontName=FONT_BOLD,
                               textColor=ACCENT)


def _key_figures(ind: Indicators) -> Table:
    """One row of cards; the counted one, the indicator itself, stands out."""
    def of_base(value: int) -> str:
        return f"{format_percent(percent(value, ind.records))} de lo enviado"

    figures = [
        ("Registros enviados", ind.records, "denominador"),
        ("Registros válidos", ind.valid,
         f"{_n(ind.rejected)} rechazados" if ind.rejected else "ninguno rechazado"),
        ("Revisadas", ind.reviewed, of_base(ind.reviewed)),
        ("Mal escaladas contadas", ind.counted, of_base(ind.counted)),
        ("Procede", ind.procede, ""),
        ("No procede", ind.no_procede, ""),
        ("Reclamaciones aceptadas", ind.claims_accepted, ""),
        ("Reclamaciones rechazadas", ind.claims_rejected, ""),
        ("Reclamaciones pendientes", ind.claims_pending, ""),
        ("Recurrencias", ind.recurrences, "tras compromiso"),
    ]
    cells = [[Paragraph(_n(value), _FIGURE_VALUE), Paragraph(label, _FIGURE_LABEL),
              Paragraph(extra or "&nbsp;", _FIGURE_EXTRA)] for label, value, extra in figures]
    return Table([cells], colWidths=[WIDTH / len(cells)] * len(cells), hAlign="LEFT",
                 style=TableStyle([
                     ("BACKGROUND", (0, 0), (-1, -1), GREY_LIGHT),
                     ("BACKGROUND", (3, 0), (3, 0), ACCENT_SOFT),
                     ("LINEAFTER", (0, 0), (-2, -1), 4, white),  # the gap between cards
                     ("VALIGN", (0, 0), (-1, -1), "TOP"),
                     ("LEFTPADDING", (0, 0), (-1, -1), 3),
                     ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                     ("TOPPADDING", (0, 0), (-1, -1), 7),
                     ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                 ]))


def _notes(ind: Indicators) -> Table:
    """How the numbers were counted, in the procedure's words, so nobody divides differently."""
    lines = [DENOMINATOR_NOTE, ADVISOR_FORMULA, CAUSAL_FORMULA, COUNTING_RULE]
    if ind.pending > 0:
        lines.append(f"Quedan {_n(ind.pending)} cuentas sin revisar: las cifras de este corte "
                     "pueden crecer cuando se revisen.")
    rows = [[text("Cómo se cuenta", "cell_bold")], *([text(f"• {line}", "note")] for line in lines)]
    return Table(rows, colWidths=[WIDTH], hAlign="LEFT", style=TableStyle([
        ("LINEBEFORE", (0, 0), (0, -1), 2, GREY_MID),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]))


# -- charts --------------------------------------------------------------------------------











def _charts(ind: Indicators) -> Table:
    """Who and what, side by side: the advisors' ranking and the causales' distribution.

    Each chart stops at TOP_BARS bars, so both always fit on one page; the note under the
    title says so when the table that follows holds more.
    """
    gap = 24
    half = (WIDTH - gap) / 2
    advisors = sum(1 for a in ind.advisors if a.counted > 0)
    causales = sum(1 for c in ind.causales if c.accounts > 0)
    advisor_note = (f"% de cuentas mal escaladas sobre los {_n(ind.records)} registros enviados "
                    "por el cliente.")
    causal_note = "Cuentas con cada causal y % sobre los registros enviados."
    if advisors > TOP_BARS:
        advisor_note += f" Los {TOP_BARS} con mayor %; la tabla trae el ranking completo."
    if causales > TOP_BARS:
        causal_note += f" Las {TOP_BARS} más frecuentes; la tabla las trae todas."
    titles = [[text("Ranking de asesores", "heading"), text(advisor_note, "note")],
              [text("Causales de mal escalado", "heading"), text(causal_note, "note")]]
    return Table([titles, [ranking_chart(ind, half), causal_chart(ind, half)]],
                 colWidths=[half + gap, half], hAlign="LEFT", style=TableStyle([
                     ("VALIGN", (0, 0), (-1, -1), "TOP"),
                     ("LEFTPADDING", (0, 0), (-1, -1), 0),
                     ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                     ("BOTTOMPADDING", (0, 0), (-1, 0), 8),
                 ]))










def _trend(ind: Indicators) -> list[Flowable]:
    heading = text("Tendencia diaria", "heading")
    days = ind.days
    if len(days) > SIDE_BY_SIDE_DAYS:
        return [KeepTogether([heading, trend_chart(days, WIDTH)])]
    chart_width = min(WIDTH - 400, 260 + 60 * len(days))
    return [heading, Table([[trend_chart(days, chart_width), _day_table(days)]],
                           colWidths=[chart_width + 24, None], hAlign="LEFT",
                           style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                             ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                             ("TOPPADDING", (0, 0), (-1, -1), 0)]))]


# -- tables --------------------------------------------------------------------------------

def _stretch(widths: Sequence[float]) -> list[float]:
    """Column widths scaled to fill the frame exactly, so full-width tables line up."""
    return [w * WIDTH / sum(widths) for w in widths]


def _advisor_table(ind: Indicators) -> list[Flowable]:
    heading = section("Ranking completo de asesores")
    advisors = ind.advisors
    if not advisors:
        return [*heading, text("Sin asesores en el alcance del corte.", "empty")]
    headers = ("N.º", "Asesor", "Id asesor", "Supervisor", "Cuentas", "Revisadas", "Procede",
               "No procede", "Recl. aceptadas", "Contadas", "%", "Recurrencias")
    rows = [(str(rank), a.asesor_nombre, a.asesor_id, a.supervisor, _n(a.accounts),
             _n(a.reviewed), _n(a.procede), _n(a.no_procede), _n(a.claims_accepted),
             _n(a.counted), format_percent(a.percent), _n(a.recurrences))
            for rank, a in enumerate(advisors, start=1)]
    counted = sum(a.counted for a in advisors)
    total = ("", "Total", "", "", _n(sum(a.accounts for a in advisors)),
             _n(sum(a.reviewed for a in advisors)), _n(sum(a.procede for a in advisors)),
             _n(sum(a.no_procede for a in advisors)),
             _n(sum(a.claims_accepted for a in advisors)), _n(counted),
             format_percent(percent(counted, ind.records)),
             _n(sum(a.recurrences for a in advisors)))
    widths = (26, 140, 68, 112, 46, 56, 50, 48, 54, 52, 50, 66)
    return [*heading, data_table(headers, rows, _stretch(widths), numeric=range(4, 12),
                                 total=total)]


def _causal_table(ind: Indicators) -> list[Flowable]:
    heading = section("Causales")
    if not ind.causales:
        return [*heading, text("No hay causales registradas en el periodo.", "empty")]
    rows = [(c.code, c.name, _n(c.accounts), format_percent(c.percent)) for c in ind.causales]
    return [*heading, data_table(("Código", "Causal", "Cuentas", "% sobre la base"), rows,
                                 (50, 280, 70, 90), numeric=(2, 3))]


def _day_table(days: Sequence[DayFigure]) -> Table:
    rows = [(f"{WEEKDAYS[d.day.weekday()]} {d.day:%d/%m/%Y}", _n(d.records), _n(d.valid),
             _n(d.reviewed), _n(d.counted), format_percent(d.percent)) for d in days]
    records, counted = sum(d.records for d in days), sum(d.counted for d in days)
    total = ("Total", _n(records), _n(sum(d.valid for d in days)),
             _n(sum(d.reviewed for d in days)), _n(counted),
             format_percent(percent(counted, records)))
    return data_table(("Fecha", "Enviados", "Válidos", "Revisadas", "Contadas", "% contadas"),
                      rows, (84, 56, 52, 58, 56, 62), numeric=(1, 2, 3, 4, 5), total=total)


def _recurrence_table(report: CorteReport) -> list[Flowable]:
    heading = section("Recurrencias tras un compromiso de mejoramiento")
    if not report.recurrences:
        return [*heading, text("Sin recurrencias en el periodo.", "empty")]
    rows = [(r.asesor_nombre, r.asesor_id, r.cuenta, f"{r.base_date:%d/%m/%Y}",
             f"{r.causal_code} {r.causal_name}", f"{r.commitment_date:%d/%m/%Y}")
            for r in report.recurrences]
    headers = ("Asesor", "Id asesor", "Cuenta", "Fecha base", "Causal", "Compromiso del")
    return [*heading, data_table(headers, rows, _stretch((220, 80, 80, 70, 190, 80)))]


def _claim_row(claim: ClaimSummary, report: CorteReport) -> tuple[str | Flowable, ...]:
    deadline = claim.deadline
    state = claim.deadline_state(report.generated_at)
    return (claim.number, date_text(claim.created_at),
            "Sin enviar" if claim.sent_at is None else date_text(claim.sent_at),
            "—" if deadline is None else date_text(deadline),
            # An overdue claim is what management must act on: it is the one in bold.
            text(state.label, "cell_bold" if state is DeadlineState.VENCIDA else "cell"),
            _n(claim.items), _n(claim.accepted), _n(claim.rejected), _n(claim.pending))


def _claim_table(report: CorteReport) -> list[Flowable]:
    heading = section("Reclamaciones a Gestión Soporte del periodo")
    if not report.claims:
        return [*heading, text("Sin reclamaciones en el periodo.", "empty")]
    headers = ("Número", "Preparada", "Enviada", "Vence", "Estado del plazo", "Cuentas",
               "Aceptadas", "Rechazadas", "Pendientes")
    rows = [_claim_row(claim, report) for claim in report.claims]
    note = text("Estado del plazo de reevaluación (24 horas desde el envío) al "
                f"{date_text(report.generated_at)}.", "note")
    return [*heading, data_table(headers, rows, _stretch((90, 95, 95, 95, 85, 55, 60, 62, 62)),
                                 numeric=range(5, 9)), Spacer(1, 3), note]
