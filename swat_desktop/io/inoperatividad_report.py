"""The *Reporte de Eventos de Inoperatividad de los Sistemas de Atención* (seed 004: "Consolidar
y elaborar el Reporte oficial de inoperatividad … que se envía a regulatorio") as xlsx and as
an A4 landscape PDF.

One row per reportable event, with the columns of resources/reports/inoperatividad_report.json
in their order. Both files say what period they cover, how many events they hold and what they
leave out on purpose, so a reader at Regulatorio does not mistake a short report for a lost
event. The values come ready to show (durations and yes/no as text, times as naive Lima
wall-clock datetimes), so the workbook and the PDF cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from swat_desktop.domain.formatting import LIMA, format_datetime
from swat_desktop.domain.inoperatividad_pads import PAPER_ORIGIN
from swat_desktop.io.pdf_common import (
    FONT,
    FONT_BOLD,
    GREY_MID,
    INOPERATIVIDAD,
    LANDSCAPE,
    STYLES,
    TABLE_FONT_SIZE,
    data_table,
    frame_width,
    text,
    write_pdf,
)
from swat_desktop.io.report_columns import ReportColumn
from swat_desktop.io.xlsx_layout import (
    KIND_FORMATS,
    Field,
    Styles,
    new_workbook,
    write_block,
)

TITLE = "Reporte de Eventos de Inoperatividad de los Sistemas de Atención"
SHEET = "Reporte"
INCLUDED = ("Incluye, una fila por evento, los eventos cerrados cuyo inicio (hora de Lima) cae en "
            "el periodo, con la respuesta «procede reportar» de Procesos y la aprobación del "
            "Gerente y del Director.")
EXCLUDED = ("No incluye los eventos por error o pruebas ni los cerrados como error de usuario "
            "(se conservan, pero nunca se reportan), ni los que aún no están aprobados o que "
            "Procesos indicó no reportar.")
NO_EVENTS = "No hay eventos reportables en el periodo."
TIMES = "Fechas y horas de Lima"

ReportRow = Mapping[str, object]

# The workbook: title and notes above the table, whose header row stays frozen.
HEADER_ROW = 5
A4_PAPER = 9  # xlsxwriter's paper code

# The PDF: every column at least as wide as the longest word of its header and of its values
# (typed text aside), so no code or label is cut in two, but no column wider than this share
# of the page because of one long word.
WIDTH = frame_width(LANDSCAPE)
CELL_PADDING = 3  # each side: a point less than the other tables, a word more per column
MAX_WORD_SHARE = 0.2


def papers_text(rows: Sequence[ReportRow], columns: Sequence[ReportColumn]) -> str | None:
    """The records typed in from a pad's paper form, said beside the table when no «Origen»
    column says it: the regulator's register must show which entries were written by hand
    during an outage, and one more column does not fit the page with the shipped ones."""
    if any(c.key == "origen" for c in columns):
        return None
    typed = [str(r.get("correlativo")) for r in rows if r.get("origen") == PAPER_ORIGIN]
    if not typed:
        return None
    return ("Transcritos de un formato en papel (talonario numerado), con las horas escritas "
            f"en el papel: {', '.join(typed)}.")


def count_text(events: int) -> str:
    return "1 evento reportable" if events == 1 else f"{events} eventos reportables"


def _generated(generated_at: datetime, generated_by: str) -> str:
    return f"Generado el {format_datetime(generated_at, LIMA)} (hora de Lima) por {generated_by}"


def write_report_xlsx(path: Path, rows: Sequence[ReportRow], columns: Sequence[ReportColumn],
                      period_label: str, generated_at: datetime, generated_by: str) -> Path:
    """One sheet: title, period, count and notes, then the table, filtered, with its header
    frozen and repeated on every printed page."""
    with new_workbook(path) as workbook:
        styles = Styles(workbook)
        sheet = workbook.add_worksheet(SHEET)
        fields = [Field(c.title, c.width, KIND_FORMATS[c.kind]) for c in columns]
        for col, field in enumerate(fields):
            sheet.set_column(col, col, field.shown_width)
        sheet.write_string(0, 0, TITLE, styles.title)
        lines = (f"Periodo: {period_label} · {count_text(len(rows))} · {TIMES}",
                 _generated(generated_at, generated_by), INCLUDED, EXCLUDED)
        for row, line in enumerate(lines, start=1):  # left to overflow across the empty cells
            sheet.write_string(row, 0, line)
        end = write_block(sheet, styles, HEADER_ROW, fields,
                          ([row.get(c.key) for c in columns] for row in rows))
        if not rows:
            sheet.write_string(HEADER_ROW + 1, 0, NO_EVENTS)
        papers = papers_text(rows, columns)
        if papers:
            sheet.write_string(end + 1, 0, papers)
        sheet.freeze_panes(HEADER_ROW + 1, 0)
        sheet.autofilter(HEADER_ROW, 0, max(end - 1, HEADER_ROW), len(fields) - 1)
        sheet.set_landscape()
        sheet.set_paper(A4_PAPER)
        sheet.fit_to_pages(1, 0)  # every column on the page, as many pages down as needed
        sheet.repeat_rows(HEADER_ROW)
    return path


def write_report_pdf(path: Path, rows: Sequence[ReportRow], columns: Sequence[ReportColumn],
                     period_label: str, generated_at: datetime, generated_by: str) -> Path:
    """Title, period, count and notes, then the table, its header repeated on every page and
    its rows free to break across pages, so a long observation never overflows the frame."""
    meta = (f"<b>Periodo:</b> {escape(period_label)} &nbsp;·&nbsp; "
            f"<b>{count_text(len(rows))}</b> &nbsp;·&nbsp; {TIMES}<br/>"
            f"{escape(_generated(generated_at, generated_by))}")
    story: list[Flowable] = [text(TITLE, "title"), Paragraph(meta, STYLES["meta"]),
                             Spacer(1, 6), _notes(), Spacer(1, 10)]
    if rows:
        headers = [c.title for c in columns]
        cells = [[_shown(row.get(c.key)) for c in columns] for row in rows]
        table = data_table(headers, cells, _widths(columns, headers, cells))
        table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING)]))
        papers = papers_text(rows, columns)
        if papers:  # before the table: on the first page, whatever the table's length
            story += [text(papers, "cell"), Spacer(1, 6)]
        story += [table, Spacer(1, 6),
                  text(f"Total: {count_text(len(rows))} en el periodo.", "cell_bold")]
    else:
        story.append(text(NO_EVENTS, "empty"))
    return write_pdf(path, story, title=TITLE, generated_at=generated_at, author=generated_by,
                     pagesize=LANDSCAPE, letterhead=INOPERATIVIDAD)


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    return str(value)


def _notes() -> Table:
    """What the report holds and leaves out, beside a rule, like the cuts' counting notes."""
    rows = [[text(INCLUDED, "note")], [text(EXCLUDED, "note")]]
    return Table(rows, colWidths=[WIDTH], hAlign="LEFT", style=TableStyle([
        ("LINEBEFORE", (0, 0), (0, -1), 2, GREY_MID),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]))


def _longest_word(values: Sequence[str], font: str) -> float:
    return max((stringWidth(word, font, TABLE_FONT_SIZE)
                for value in values for word in value.split()), default=0)


def _widths(columns: Sequence[ReportColumn], headers: Sequence[str],
            cells: Sequence[Sequence[str]]) -> list[float]:
    """The configured widths as shares of the page, but never so narrow that a word of the
    header or of a value must be cut in two: columns that need more get their minimum and
    the others share what is left in their configured proportions."""
    needed = [min(max(_longest_word([header], FONT_BOLD),
                      0 if column.typed else _longest_word([row[i] for row in cells], FONT))
                  + 2 * CELL_PADDING + 1, WIDTH * MAX_WORD_SHARE)
              for i, (header, column) in enumerate(zip(headers, columns, strict=True))]
    if sum(needed) >= WIDTH:
        return _capped(needed)
    wanted = [float(c.width) for c in columns]
    fixed: dict[int, float] = {}
    while True:
        free = WIDTH - sum(fixed.values())
        share = sum(w for i, w in enumerate(wanted) if i not in fixed)
        short = {i: needed[i] for i, w in enumerate(wanted)
                 if i not in fixed and w * free / share < needed[i]}
        if not short:
            return [fixed.get(i, w * free / share) for i, w in enumerate(wanted)]
        fixed.update(short)


def _capped(needed: Sequence[float]) -> list[float]:
    """More columns than the page holds: the narrow ones keep what they need and the widest
    share the rest equally, so only their longest words break."""
    ordered = sorted(needed)
    spent = 0.0
    for index, value in enumerate(ordered):
        cap = (WIDTH - spent) / (len(ordered) - index)
        if value > cap:
            return [min(n, cap) for n in needed]
        spent += value
    return list(needed)
